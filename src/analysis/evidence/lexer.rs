//! The lexer: the text of a `--given` expression to tokens, each with its
//! byte span in the text.
//!
//! Lexing never fails. What can never be valid (a lone `=`, `&`, a quote,
//! a character outside the language) becomes a [`Kind::Bad`] token that the
//! parser reports when it reaches it, so the problem reported is always the
//! leftmost one, whatever its kind.

use super::eval::CmpOp;
use std::ops::Range;

/// Tokens that are never valid, kept so that the parser reports them in
/// order, each with its own advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Bad {
    /// A character outside the language.
    Char,
    /// `=` alone.
    Assign,
    /// `=<`.
    ArrowLe,
    /// `=>`.
    ArrowGe,
    /// `<>`.
    Diamond,
    /// `&` alone.
    Amp,
    /// `|` alone.
    Pipe,
    /// `"`, `'` or a backtick.
    Quote,
    /// A word starting with `-` or `.` (`-1`, `.5`).
    Signed,
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A name: a letter or `_`, then letters, digits, `_`, `-` and `.`
    /// (also a word starting with a digit that is not a number or a date,
    /// which the parser refuses with advice).
    Word,
    /// Digits with an optional decimal point and digits after it.
    Number,
    /// Digits and dashes, starting with a digit (`2026-06-30`); whether it
    /// is a valid date is the parser's business.
    Date,
    True,
    False,
    LParen,
    RParen,
    Comma,
    /// `not` or `!`.
    Not,
    /// `and` or `&&`.
    And,
    /// `or` or `||`.
    Or,
    Cmp(CmpOp),
    Bad(Bad),
    /// Just past the last token (zero width); always the last token.
    End,
}

/// A token and where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Token<'a> {
    pub kind: Kind,
    /// Its text in the source (empty for [`Kind::End`]).
    pub text: &'a str,
    /// Byte offset of its first character in the source.
    pub start: usize,
}

impl Token<'_> {
    /// Byte offset just past it.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// Its byte span.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end()
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '.'
}

/// Digits, with an optional point followed by digits.
pub(super) fn is_number(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

/// Digits and dashes, starting with a digit, with at least one dash.
fn is_date_like(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit()) && s.contains('-') && s.bytes().all(|b| b.is_ascii_digit() || b == b'-')
}

/// Splits the source into tokens, ending with [`Kind::End`].
pub(super) fn lex(src: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if is_word_char(c) {
            let mut end = start + c.len_utf8();
            while let Some(&(i, c)) = chars.peek().filter(|&&(_, c)| is_word_char(c)) {
                end = i + c.len_utf8();
                chars.next();
            }
            let word = &src[start..end];
            let kind = match word {
                "and" => Kind::And,
                "or" => Kind::Or,
                "not" => Kind::Not,
                "true" => Kind::True,
                "false" => Kind::False,
                _ if is_number(word) => Kind::Number,
                _ if is_date_like(word) => Kind::Date,
                _ if word.starts_with(['-', '.']) => Kind::Bad(Bad::Signed),
                _ => Kind::Word,
            };
            out.push(Token { kind, text: word, start });
            continue;
        }
        let next = chars.peek().map(|p| p.1);
        let (kind, two) = match (c, next) {
            ('(', _) => (Kind::LParen, false),
            (')', _) => (Kind::RParen, false),
            (',', _) => (Kind::Comma, false),
            ('=', Some('=')) => (Kind::Cmp(CmpOp::Eq), true),
            ('!', Some('=')) => (Kind::Cmp(CmpOp::Ne), true),
            ('<', Some('=')) => (Kind::Cmp(CmpOp::Le), true),
            ('>', Some('=')) => (Kind::Cmp(CmpOp::Ge), true),
            ('<', Some('>')) => (Kind::Bad(Bad::Diamond), true),
            ('=', Some('<')) => (Kind::Bad(Bad::ArrowLe), true),
            ('=', Some('>')) => (Kind::Bad(Bad::ArrowGe), true),
            ('=', _) => (Kind::Bad(Bad::Assign), false),
            ('<', _) => (Kind::Cmp(CmpOp::Lt), false),
            ('>', _) => (Kind::Cmp(CmpOp::Gt), false),
            ('!', _) => (Kind::Not, false),
            ('&', Some('&')) => (Kind::And, true),
            ('|', Some('|')) => (Kind::Or, true),
            ('&', _) => (Kind::Bad(Bad::Amp), false),
            ('|', _) => (Kind::Bad(Bad::Pipe), false),
            ('"' | '\'' | '`', _) => (Kind::Bad(Bad::Quote), false),
            _ => (Kind::Bad(Bad::Char), false),
        };
        let mut end = start + c.len_utf8();
        if two {
            // The second character is ASCII (it matched above).
            chars.next();
            end += 1;
        }
        out.push(Token { kind, text: &src[start..end], start });
    }
    // The end is just past the last token, not past trailing whitespace.
    let end = out.last().map_or(0, Token::end);
    out.push(Token { kind: Kind::End, text: "", start: end });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Kind, &str, usize)> {
        lex(src).into_iter().map(|t| (t.kind, t.text, t.start)).collect()
    }

    #[test]
    fn tokens_carry_byte_spans() {
        assert_eq!(
            kinds("meetings(us_ru)>=2&&!signed"),
            vec![
                (Kind::Word, "meetings", 0),
                (Kind::LParen, "(", 8),
                (Kind::Word, "us_ru", 9),
                (Kind::RParen, ")", 14),
                (Kind::Cmp(CmpOp::Ge), ">=", 15),
                (Kind::Number, "2", 17),
                (Kind::And, "&&", 18),
                (Kind::Not, "!", 20),
                (Kind::Word, "signed", 21),
                (Kind::End, "", 27),
            ]
        );
        // Multi-byte characters: spans are in bytes.
        let toks = lex("é\u{a0}<= 2026-06-30 ");
        assert_eq!(toks[0], Token { kind: Kind::Word, text: "é", start: 0 });
        assert_eq!(toks[1], Token { kind: Kind::Cmp(CmpOp::Le), text: "<=", start: 4 });
        assert_eq!(toks[2], Token { kind: Kind::Date, text: "2026-06-30", start: 7 });
        assert_eq!(toks[3], Token { kind: Kind::End, text: "", start: 17 }, "the end is past the last token");
    }

    #[test]
    fn words_numbers_dates_and_bad_tokens_are_told_apart() {
        let one = |s: &str| lex(s)[0].kind;
        assert_eq!(one("1.5"), Kind::Number);
        assert_eq!(one("2026-6-3"), Kind::Date);
        assert_eq!(one("1e3"), Kind::Word);
        assert_eq!(one("mutual-exhaustion"), Kind::Word);
        assert_eq!(one("-1"), Kind::Bad(Bad::Signed));
        assert_eq!(one(".5"), Kind::Bad(Bad::Signed));
        assert_eq!(one("=>"), Kind::Bad(Bad::ArrowGe));
        assert_eq!(one("☃"), Kind::Bad(Bad::Char));
        assert_eq!(one("'"), Kind::Bad(Bad::Quote));
        assert_eq!(one("|"), Kind::Bad(Bad::Pipe));
        assert_eq!(one("||"), Kind::Or);
        assert_eq!(one(""), Kind::End);
        assert_eq!(lex("!=").len(), 2);
    }
}
