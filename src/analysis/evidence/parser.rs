//! The parser: tokens to a checked expression, by recursive descent.
//!
//! One function per level of the grammar (see the module documentation);
//! names are resolved against the model as they are read (moves, drivers,
//! outcome ids, formats, dates within the scenario's span), and each
//! comparison is type-checked when both its sides are known. The first
//! problem met, reading left to right, is the one reported, as a [`Fault`]:
//! a byte span of the expression, a message and advice.

use super::MAX_DEPTH;
use super::eval::{CmpOp, Cond, Flag, Num, Probes, Var, slot};
use super::lexer::{Bad, Kind, Token, lex};
use crate::engine::TruceKind;
use crate::model::error::nearest;
use crate::model::{Date, Format, MAX_MEETINGS, Model};
use crate::seeds;
use std::ops::Range;

/// A problem at a place in the expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Fault {
    /// Byte span in the expression.
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
}

impl Fault {
    fn new(span: Range<usize>, message: impl Into<String>, help: impl Into<String>) -> Fault {
        Fault { span, message: message.into(), help: help.into() }
    }

    fn at(tok: &Token<'_>, message: impl Into<String>, help: impl Into<String>) -> Fault {
        Fault::new(tok.span(), message, help)
    }
}

/// What the parser makes of an expression.
pub(super) struct Parsed {
    pub cond: Cond,
    pub probes: Probes,
}

/// Parses and checks `src` against `model`.
pub(super) fn parse(src: &str, model: &Model) -> Result<Parsed, Fault> {
    let toks = lex(src);
    if toks.len() == 1 {
        return Err(Fault::new(
            0..src.len(),
            "the expression is empty",
            "write a condition, such as `signed and meetings <= 12`, or leave out --given to count every trial",
        ));
    }
    let mut parser = Parser { src, toks, pos: 0, model, probes: Probes::default() };
    let cond = parser.parse_or(0)?;
    parser.finish()?;
    Ok(Parsed { cond, probes: parser.probes })
}

// ---------------------------------------------------------------------------
// Names.

/// The conditions.
pub(super) const FLAGS: [(&str, Flag); 8] = [
    ("signed", Flag::Signed),
    ("in_force", Flag::InForce),
    ("collapsed", Flag::Collapsed),
    ("above_red_line", Flag::AboveRedLine),
    ("reversed", Flag::Reversed),
    ("us_left", Flag::UsLeft),
    ("mobilised", Flag::Mobilised),
    ("hybrid", Flag::Hybrid),
];

/// What a number stands for, when that matters to a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Plain,
    /// `outcome`: 1 to 7, also compared with an outcome id.
    Outcome,
    /// `rule`: 1 to the number of rules.
    Rule,
    /// A count of days from the start; its date twin.
    Days(&'static str),
}

/// The numbers.
pub(super) const NUMBERS: [(&str, Var); 17] = [
    ("outcome", Var::Outcome),
    ("rule", Var::Rule),
    ("meetings", Var::Meetings),
    ("ceasefires", Var::Ceasefires),
    ("reversals", Var::Reversals),
    ("truces", Var::Truces),
    ("shocks", Var::Shocks),
    ("deadlines", Var::Deadlines),
    ("hours", Var::Hours),
    ("terms", Var::Terms),
    ("days_in_force", Var::DaysInForce),
    ("escalation_peak", Var::EscalationPeak),
    ("longest_truce", Var::LongestTruce),
    ("signed_day", Var::SignedDay),
    ("collapsed_day", Var::CollapsedDay),
    ("us_left_day", Var::UsLeftDay),
    ("mobilised_day", Var::MobilisedDay),
];

/// The date figures, with their day-count twins.
pub(super) const DATES: [(&str, Var, &str); 4] = [
    ("signed_date", Var::SignedDay, "signed_day"),
    ("collapsed_date", Var::CollapsedDay, "collapsed_day"),
    ("us_left_date", Var::UsLeftDay, "us_left_day"),
    ("mobilised_date", Var::MobilisedDay, "mobilised_day"),
];

/// The scenario's first and last days, as dates.
const BOUNDS: [&str; 2] = ["start", "horizon"];

const KEYWORDS: [&str; 5] = ["and", "or", "not", "true", "false"];

const TRUCE_KINDS: [(&str, TruceKind); 2] = [("holiday", TruceKind::Holiday), ("energy", TruceKind::Energy)];

fn role(var: Var) -> Role {
    match var {
        Var::Outcome => Role::Outcome,
        Var::Rule => Role::Rule,
        _ => DATES.iter().find(|d| d.1 == var).map_or(Role::Plain, |d| Role::Days(d.0)),
    }
}

/// What an argument of a function is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ArgKind {
    Format,
    Date,
    Meeting,
    Move,
    Driver,
    Truce,
}

impl ArgKind {
    fn what(self) -> &'static str {
        match self {
            ArgKind::Format => "a meeting format",
            ArgKind::Date => "a date",
            ArgKind::Meeting => "a meeting number",
            ArgKind::Move => "a move id",
            ArgKind::Driver => "a driver id",
            ArgKind::Truce => "a kind of truce",
        }
    }
}

/// A function: its name, the argument lists it takes, and how to write it.
struct Function {
    name: &'static str,
    forms: &'static [&'static [ArgKind]],
    usage: &'static str,
}

use ArgKind as A;

const FUNCTIONS: [Function; 8] = [
    Function {
        name: "meetings",
        forms: &[&[A::Format], &[A::Format, A::Date, A::Date], &[A::Date, A::Date]],
        usage: "`meetings(FORMAT)`, `meetings(FORMAT, FROM, TO)` or `meetings(FROM, TO)`, as in \
                `meetings(us_ru, 2025-06-13, 2025-12-31)` (both dates included)",
    },
    Function {
        name: "hours",
        forms: &[&[A::Meeting], &[A::Format]],
        usage: "`hours(N)` (meeting N) or `hours(FORMAT)`, as in `hours(1) > 4` or `hours(us_ru) > 20`",
    },
    Function { name: "format", forms: &[&[A::Meeting]], usage: "`format(N)`, as in `format(1) == us_ru`" },
    Function {
        name: "uses",
        forms: &[&[A::Move], &[A::Move, A::Date]],
        usage: "`uses(MOVE)` or `uses(MOVE, DATE)`, as in `uses(time_exhaustion, 2025-12-31) >= 1`",
    },
    Function { name: "driver", forms: &[&[A::Driver]], usage: "`driver(ID)`, as in `driver(us_resolve) > 0.5`" },
    Function {
        name: "truces",
        forms: &[&[A::Truce], &[A::Truce, A::Date, A::Date]],
        usage: "`truces(KIND)` or `truces(KIND, FROM, TO)`, as in `truces(energy, start, 2026-02-28) >= 1`",
    },
    Function {
        name: "signed_before",
        forms: &[&[A::Date]],
        usage: "`signed_before(DATE)`, as in `signed_before(2026-06-30)`",
    },
    Function {
        name: "in_force_on",
        forms: &[&[A::Date]],
        usage: "`in_force_on(DATE)`, as in `in_force_on(2026-06-30)`",
    },
];

/// The functions, as listed in advice.
const SIGNATURES: &str = "`meetings(FORMAT)`, `meetings(FORMAT, FROM, TO)`, `meetings(FROM, TO)`, `hours(N)`, \
                          `hours(FORMAT)`, `format(N)`, `uses(MOVE)`, `uses(MOVE, DATE)`, `driver(ID)`, \
                          `truces(KIND)`, `truces(KIND, FROM, TO)`, `signed_before(DATE)`, `in_force_on(DATE)`";

/// Every name a user can write where a condition or a number goes.
fn all_names() -> impl Iterator<Item = &'static str> + Clone {
    FLAGS
        .iter()
        .map(|f| f.0)
        .chain(NUMBERS.iter().map(|v| v.0))
        .chain(DATES.iter().map(|d| d.0))
        .chain(FUNCTIONS.iter().map(|f| f.name))
        .chain(BOUNDS)
        .chain(KEYWORDS)
}

fn scenario_ids() -> impl Iterator<Item = &'static str> + Clone {
    seeds::scenarios().iter().map(|s| s.id.as_str())
}

fn format_keys() -> impl Iterator<Item = &'static str> + Clone {
    Format::ALL.iter().map(|f| f.key())
}

fn listed<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names.into_iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// "did you mean `x`? " when something is close, else nothing.
fn suggest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    nearest(word, known).first().map(|best| format!("did you mean `{best}`? ")).unwrap_or_default()
}

/// How a token is named in a message.
fn found(tok: &Token<'_>) -> String {
    match tok.kind {
        Kind::End => "the end of the expression".into(),
        _ => format!("`{}`", tok.text),
    }
}

fn bad_token(tok: &Token<'_>, bad: Bad) -> Fault {
    let t = tok.text;
    let (message, help): (String, String) = match bad {
        Bad::Assign => {
            ("`=` is not an operator".to_string(), "write `==` to test equality, as in `meetings == 3`".into())
        }
        Bad::ArrowLe => (format!("`{t}` is not an operator"), "write `<=`".into()),
        Bad::ArrowGe => (format!("`{t}` is not an operator"), "write `>=`".into()),
        Bad::Diamond => (format!("`{t}` is not an operator"), "write `!=` for \"not equal\"".into()),
        Bad::Amp => ("`&` is not an operator".into(), "write `and` (or `&&`)".into()),
        Bad::Pipe => ("`|` is not an operator".into(), "write `or` (or `||`)".into()),
        Bad::Quote => (
            format!("unexpected quote `{t}`"),
            "ids, names and dates are written without quotes, as in `outcome == durable-peace`".into(),
        ),
        Bad::Signed if t.starts_with('-') => (
            format!("`{t}` is not a number or a name"),
            "numbers have no sign and there is no arithmetic: compare a figure with a number such as `0` or `3`".into(),
        ),
        Bad::Signed => (
            format!("`{t}` is not a number or a name"),
            "write a number with a digit before its point, such as `0.5`".into(),
        ),
        Bad::Char if matches!(t, "+" | "*" | "/" | "%") => (
            format!("unexpected character `{t}`"),
            "there is no arithmetic in --given: compare a figure with a number, as in `hours > 20`".into(),
        ),
        Bad::Char => (
            format!("unexpected character `{t}`"),
            "an expression is made of names, numbers, dates, `(`, `)`, `,` and the operators `and`, `or`, `not`, \
             `==`, `!=`, `<`, `<=`, `>`, `>=`"
                .into(),
        ),
    };
    Fault::at(tok, message, help)
}

fn too_deep(tok: &Token<'_>) -> Fault {
    Fault::at(
        tok,
        format!("the expression nests more than {MAX_DEPTH} levels of parentheses and `not`"),
        "remove redundant parentheses; `not not x` is `x`",
    )
}

// ---------------------------------------------------------------------------
// Operands.

/// What a position in the expression calls for (for messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Condition,
    Number,
    /// After `outcome ==` or `outcome !=`.
    OutcomeId,
    /// After `format(N) ==` or `!=`.
    Format,
    /// After a date and a comparison.
    Date,
}

/// An operand of a comparison, as parsed.
enum Item {
    Cond(Cond),
    Num(Num, Role),
    /// A date, as its day number; the day-count twin of a date figure.
    Date(Num, Option<&'static str>),
    /// The format of a meeting.
    MeetingFormat(Num),
    /// An outcome id (0-based index).
    OutcomeId(usize),
    /// A format key.
    FormatKey(Format),
}

impl Item {
    fn what(&self) -> &'static str {
        match self {
            Item::Cond(_) => "a condition (true or false)",
            Item::Num(..) => "a number",
            Item::Date(..) => "a date",
            Item::MeetingFormat(_) | Item::FormatKey(_) => "a meeting format",
            Item::OutcomeId(_) => "an outcome id",
        }
    }
}

struct Operand {
    item: Item,
    span: Range<usize>,
}

/// A function's argument, resolved.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Arg {
    Format(Format),
    /// Days from the start.
    Day(u32),
    Meeting(u32),
    Move(usize),
    Driver(usize),
    Truce(TruceKind),
}

impl Arg {
    fn kind(self) -> ArgKind {
        match self {
            Arg::Format(_) => ArgKind::Format,
            Arg::Day(_) => ArgKind::Date,
            Arg::Meeting(_) => ArgKind::Meeting,
            Arg::Move(_) => ArgKind::Move,
            Arg::Driver(_) => ArgKind::Driver,
            Arg::Truce(_) => ArgKind::Truce,
        }
    }
}

// ---------------------------------------------------------------------------
// The parser.

struct Parser<'a> {
    src: &'a str,
    /// Never empty: ends with `End`, which `bump` never passes.
    toks: Vec<Token<'a>>,
    pos: usize,
    model: &'a Model,
    probes: Probes,
}

impl<'a> Parser<'a> {
    /// The next token, or the fault of a token that is never valid.
    fn peek(&self) -> Result<Token<'a>, Fault> {
        let tok = self.toks[self.pos];
        match tok.kind {
            Kind::Bad(bad) => Err(bad_token(&tok, bad)),
            _ => Ok(tok),
        }
    }

    /// The token after the next one (never past `End`).
    fn peek2(&self) -> Token<'a> {
        self.toks[(self.pos + 1).min(self.toks.len() - 1)]
    }

    fn bump(&mut self) -> Token<'a> {
        let tok = self.toks[self.pos];
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        tok
    }

    fn prev(&self) -> Option<Token<'a>> {
        self.pos.checked_sub(1).and_then(|i| self.toks.get(i)).copied()
    }

    fn text(&self, span: &Range<usize>) -> &'a str {
        self.src.get(span.clone()).unwrap_or("")
    }

    fn start(&self) -> Date {
        self.model.settings.start
    }

    fn horizon(&self) -> Date {
        self.model.settings.horizon
    }

    fn finish(&mut self) -> Result<(), Fault> {
        let tok = self.peek()?;
        match tok.kind {
            Kind::End => Ok(()),
            Kind::RParen => Err(Fault::at(&tok, "unmatched `)`", "remove it, or add the `(` it closes")),
            _ => {
                let lower = tok.text.to_lowercase();
                let help = if tok.kind == Kind::Word && (lower == "and" || lower == "or") {
                    format!("operators are lowercase: write `{lower}`")
                } else {
                    "join conditions with `and` or `or`, as in `signed and in_force`".into()
                };
                Err(Fault::at(
                    &tok,
                    format!("expected `and`, `or` or the end of the expression, found {}", found(&tok)),
                    help,
                ))
            }
        }
    }

    fn parse_or(&mut self, depth: usize) -> Result<Cond, Fault> {
        let first = self.parse_and(depth)?;
        if self.peek()?.kind != Kind::Or {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.peek()?.kind == Kind::Or {
            self.bump();
            items.push(self.parse_and(depth)?);
        }
        Ok(Cond::Any(items))
    }

    fn parse_and(&mut self, depth: usize) -> Result<Cond, Fault> {
        let first = self.parse_cmp(depth)?;
        if self.peek()?.kind != Kind::And {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.peek()?.kind == Kind::And {
            self.bump();
            items.push(self.parse_cmp(depth)?);
        }
        Ok(Cond::All(items))
    }

    fn parse_cmp(&mut self, depth: usize) -> Result<Cond, Fault> {
        let left = self.parse_unary(depth, Expect::Condition)?;
        let next = self.peek()?;
        let Kind::Cmp(op) = next.kind else {
            return self.alone(left, &next);
        };
        let expect = match &left.item {
            Item::Num(_, Role::Outcome) if op.is_equality() => Expect::OutcomeId,
            Item::Num(..) => Expect::Number,
            Item::Date(..) => Expect::Date,
            Item::MeetingFormat(_) => Expect::Format,
            Item::Cond(_) => Expect::Condition,
            Item::OutcomeId(_) | Item::FormatKey(_) => return Err(self.id_on_the_left(&left)),
        };
        let op_tok = self.bump();
        let right = self.parse_unary(depth, expect)?;
        let after = self.peek()?;
        if let Kind::Cmp(_) = after.kind {
            let next = self.peek2();
            let next = if matches!(next.kind, Kind::Number | Kind::Word | Kind::Date) { next.text } else { "..." };
            let (l, r) = (self.text(&left.span), self.text(&right.span));
            return Err(Fault::at(
                &after,
                "comparisons do not chain",
                format!("join two comparisons with `and`: `{l} {} {r} and {r} {} {next}`", op_tok.text, after.text),
            ));
        }
        self.combine(left, op, &op_tok, right)
    }

    /// An operand with no comparison after it: a condition, or a fault.
    fn alone(&self, left: Operand, next: &Token<'a>) -> Result<Cond, Fault> {
        let l = self.text(&left.span);
        let example = match &left.item {
            Item::Cond(_) => None,
            Item::Num(..) => Some(format!("`{l}` is a number: compare it, as in `{l} > 3`")),
            Item::Date(_, Some(_)) => {
                Some(format!("`{l}` is a date: compare it with a date, as in `{l} <= 2026-06-30`"))
            }
            Item::Date(_, None) => {
                Some(format!("`{l}` is a date: compare a date figure with it, as in `signed_date <= {l}`"))
            }
            Item::MeetingFormat(_) => {
                Some(format!("`{l}` is a meeting format: compare it with one, as in `{l} == us_ru`"))
            }
            Item::OutcomeId(_) | Item::FormatKey(_) => return Err(self.id_alone(&left)),
        };
        match (left.item, example) {
            (Item::Cond(c), _) => Ok(c),
            (_, example) => Err(Fault::at(
                next,
                format!("expected a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) after `{l}`, found {}", found(next)),
                example.unwrap_or_default(),
            )),
        }
    }

    /// The fault of an id written where a condition goes.
    fn id_alone(&self, op: &Operand) -> Fault {
        let t = self.text(&op.span);
        match op.item {
            Item::FormatKey(_) => Fault::new(
                op.span.clone(),
                format!("`{t}` is a meeting format, not a condition"),
                format!(
                    "count its meetings with `meetings({t}) > 2`, or compare a meeting's format: `format(1) == {t}`"
                ),
            ),
            _ => Fault::new(
                op.span.clone(),
                format!("`{t}` is an outcome id, not a condition"),
                format!("compare `outcome` with it, as in `outcome == {t}`"),
            ),
        }
    }

    /// The fault of an id on the left of a comparison.
    fn id_on_the_left(&self, op: &Operand) -> Fault {
        let t = self.text(&op.span);
        match op.item {
            Item::FormatKey(_) => Fault::new(
                op.span.clone(),
                format!("a meeting format goes on the right of the comparison, after `format(N)`: `{t}`"),
                format!("write `format(1) == {t}`"),
            ),
            _ => Fault::new(
                op.span.clone(),
                format!("an outcome id goes on the right of the comparison, after `outcome`: `{t}`"),
                format!("write `outcome == {t}`"),
            ),
        }
    }

    fn parse_unary(&mut self, depth: usize, expect: Expect) -> Result<Operand, Fault> {
        let tok = self.peek()?;
        if tok.kind != Kind::Not {
            return self.parse_primary(depth, expect);
        }
        if depth >= MAX_DEPTH {
            return Err(too_deep(&tok));
        }
        self.bump();
        let inner = self.parse_unary(depth + 1, Expect::Condition)?;
        let span = tok.start..inner.span.end;
        match inner.item {
            Item::Cond(c) => Ok(Operand { item: Item::Cond(Cond::Not(Box::new(c))), span }),
            Item::OutcomeId(_) | Item::FormatKey(_) => Err(self.id_alone(&inner)),
            other => {
                let text = self.text(&inner.span);
                let next = self.toks[self.pos];
                let rhs = self.peek2();
                let example = match (next.kind, rhs.kind) {
                    (Kind::Cmp(_), Kind::Number | Kind::Word | Kind::Date) => {
                        format!("`not ({text} {} {})`", next.text, rhs.text)
                    }
                    _ => format!("`not ({text} > 3)`"),
                };
                Err(Fault::at(
                    &tok,
                    format!("`{}` needs a condition, but `{text}` is {}", tok.text, other.what()),
                    format!(
                        "`{}` applies to what directly follows it; put the comparison in parentheses: {example}",
                        tok.text
                    ),
                ))
            }
        }
    }

    fn parse_primary(&mut self, depth: usize, expect: Expect) -> Result<Operand, Fault> {
        let tok = self.peek()?;
        match tok.kind {
            Kind::LParen => {
                if depth >= MAX_DEPTH {
                    return Err(too_deep(&tok));
                }
                self.bump();
                let inner = self.parse_or(depth + 1)?;
                let close = self.peek()?;
                if close.kind != Kind::RParen {
                    let (l, c) = self.line_col(tok.start);
                    let place = if l == 1 { format!("column {c}") } else { format!("line {l}, column {c}") };
                    let help = if close.kind == Kind::End {
                        "add `)` at the end".to_string()
                    } else {
                        "close the parenthesis with `)`, or join the conditions with `and` or `or`".to_string()
                    };
                    return Err(Fault::at(
                        &close,
                        format!("expected `)` to close the `(` at {place}, found {}", found(&close)),
                        help,
                    ));
                }
                self.bump();
                Ok(Operand { item: Item::Cond(inner), span: tok.start..close.end() })
            }
            Kind::Number => {
                self.bump();
                let value = number(&tok)?;
                Ok(Operand { item: Item::Num(Num::Const(value), Role::Plain), span: tok.span() })
            }
            Kind::Date => {
                let day = self.date(&tok)?;
                self.bump();
                Ok(Operand { item: Item::Date(Num::Const(f64::from(day)), None), span: tok.span() })
            }
            Kind::True | Kind::False => {
                self.bump();
                Ok(Operand { item: Item::Cond(Cond::Const(tok.kind == Kind::True)), span: tok.span() })
            }
            Kind::Word => self.word(&tok, expect),
            _ => Err(self.expected_operand(&tok, expect)),
        }
    }

    /// One-based line and column (in characters) of a byte offset.
    fn line_col(&self, at: usize) -> (usize, usize) {
        let before = self.src.get(..at).unwrap_or(self.src);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    fn expected_operand(&self, tok: &Token<'a>, expect: Expect) -> Fault {
        let what = match expect {
            Expect::Condition => "a condition",
            Expect::Number => "a number",
            Expect::OutcomeId => "an outcome number or id",
            Expect::Format => "a meeting format",
            Expect::Date => "a date",
        };
        let prev = self.prev();
        let after = prev.map(|p| format!(" after `{}`", p.text)).unwrap_or_default();
        let help = match (prev.map(|p| p.kind), tok.kind) {
            (Some(Kind::LParen), Kind::RParen) => "put a condition inside the parentheses, or remove them".to_string(),
            (Some(Kind::And | Kind::Or), _) => {
                let p = prev.map_or("", |p| p.text);
                format!("write a condition after `{p}`, as in `signed and in_force`, or remove the `{p}`")
            }
            _ => self.what_goes_here(expect),
        };
        Fault::at(tok, format!("expected {what}{after}, found {}", found(tok)), help)
    }

    /// Advice on what to write where `expect` is called for.
    fn what_goes_here(&self, expect: Expect) -> String {
        match expect {
            Expect::Condition => "write a condition, such as `signed`, `not in_force` or `meetings > 3`".to_string(),
            Expect::Number => "write a number (`3`, `1.5`) or a figure such as `meetings`".to_string(),
            Expect::OutcomeId => format!("write an outcome number (1 to 7) or id: {}", listed(scenario_ids())),
            Expect::Format => format!("write a meeting format: {}", listed(format_keys())),
            Expect::Date => format!(
                "write a date as YYYY-MM-DD, from {} to {}, or `start` or `horizon`; or a date figure: {}",
                self.start(),
                self.horizon(),
                listed(DATES.iter().map(|d| d.0))
            ),
        }
    }

    /// A name: a condition, a number, a date, a call, an outcome id or a
    /// format key.
    fn word(&mut self, tok: &Token<'a>, expect: Expect) -> Result<Operand, Fault> {
        let name = tok.text;
        if self.peek2().kind == Kind::LParen {
            return self.call(tok);
        }
        if let Some(f) = FUNCTIONS.iter().find(|f| f.name == name && !NUMBERS.iter().any(|v| v.0 == name)) {
            return Err(Fault::at(
                tok,
                format!("`{name}` needs arguments in parentheses"),
                format!("write {}", f.usage),
            ));
        }
        let item = if let Some(&(_, flag)) = FLAGS.iter().find(|f| f.0 == name) {
            Item::Cond(Cond::Flag(flag))
        } else if let Some(&(_, var)) = NUMBERS.iter().find(|v| v.0 == name) {
            Item::Num(Num::Var(var), role(var))
        } else if let Some(&(_, var, twin)) = DATES.iter().find(|d| d.0 == name) {
            Item::Date(Num::Var(var), Some(twin))
        } else if name == "start" {
            Item::Date(Num::Const(0.0), None)
        } else if name == "horizon" {
            Item::Date(Num::Const(f64::from(self.model.settings.days)), None)
        } else if let Some(index) = seeds::scenario_index(name) {
            Item::OutcomeId(index)
        } else if let Some(format) = Format::from_key(name) {
            Item::FormatKey(format)
        } else {
            return Err(self.unknown(tok, expect));
        };
        self.bump();
        Ok(Operand { item, span: tok.span() })
    }

    /// The fault for a name that is nothing in the language.
    fn unknown(&self, tok: &Token<'a>, expect: Expect) -> Fault {
        let name = tok.text;
        let lower = name.to_lowercase();
        let model = self.model;
        let moves = || model.tactics.iter().map(|t| t.id.as_str());
        let drivers = || model.drivers.iter().map(|d| d.id.as_str());
        if !name.is_ascii() {
            return Fault::at(
                tok,
                format!("`{name}` is not a name: names are plain ASCII"),
                format!("{}use the letters a-z, digits, `_` and `-`", suggest(name, all_names())),
            );
        }
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            return Fault::at(
                tok,
                format!("`{name}` is not a number or a date"),
                "write a number as digits with an optional decimal point (`3`, `1.5`), a date as YYYY-MM-DD \
                 (`2026-06-30`), and leave a space between a number and a name",
            );
        }
        if lower != name
            && (all_names().any(|n| n == lower)
                || scenario_ids().any(|n| n == lower)
                || format_keys().any(|n| n == lower))
        {
            return Fault::at(tok, format!("unknown name `{name}`"), format!("names are lowercase: write `{lower}`"));
        }
        match expect {
            Expect::OutcomeId => {
                let ids = scenario_ids();
                return Fault::at(
                    tok,
                    format!("unknown outcome id `{name}`"),
                    format!("{}outcome ids are {} (or their numbers, 1 to 7)", suggest(name, ids.clone()), listed(ids)),
                );
            }
            Expect::Format => {
                return Fault::at(
                    tok,
                    format!("unknown meeting format `{name}`"),
                    format!("{}formats are {}", suggest(name, format_keys()), listed(format_keys())),
                );
            }
            Expect::Date => {
                return Fault::at(
                    tok,
                    format!("`{name}` is not a date"),
                    format!(
                        "{}{}",
                        suggest(name, DATES.iter().map(|d| d.0).chain(BOUNDS)),
                        self.what_goes_here(expect)
                    ),
                );
            }
            Expect::Condition | Expect::Number => {}
        }
        // An id of the model where a figure goes; a figure of a close name
        // may be what was meant (`mobilisation` for `mobilised`).
        let figure = || suggest(name, all_names());
        if moves().any(|m| m == name) {
            return Fault::at(
                tok,
                format!("`{name}` is a move, not a figure"),
                format!(
                    "{}count its uses with `uses({name}) >= 1`, or up to a date with `uses({name}, DATE)`",
                    figure()
                ),
            );
        }
        if drivers().any(|d| d == name) {
            return Fault::at(
                tok,
                format!("`{name}` is a driver, not a figure"),
                format!("{}read its value in the trial with `driver({name})`", figure()),
            );
        }
        if TRUCE_KINDS.iter().any(|k| k.0 == name) {
            return Fault::at(
                tok,
                format!("`{name}` is a kind of truce, not a figure"),
                format!("{}count those truces with `truces({name}) >= 1`", figure()),
            );
        }
        if let Some((head, _)) = name.split_once('-')
            && all_names().any(|n| n == head)
        {
            return Fault::at(
                tok,
                format!("unknown name `{name}`"),
                "there is no arithmetic in --given (`-` belongs to ids such as `mutual-exhaustion`); compare a \
                     figure with a number, as in `meetings > 3`",
            );
        }
        let mut near = suggest(name, all_names().chain(scenario_ids()).chain(format_keys()));
        if near.is_empty() {
            if let Some(m) = nearest(name, moves()).first() {
                near = format!("did you mean `uses({m})`? ");
            } else if let Some(d) = nearest(name, drivers()).first() {
                near = format!("did you mean `driver({d})`? ");
            }
        }
        Fault::at(
            tok,
            format!("unknown name `{name}`"),
            format!(
                "{near}conditions are {}; numbers are {}; dates are {}, `start` and `horizon`; functions are \
                 {SIGNATURES}",
                listed(FLAGS.iter().map(|f| f.0)),
                listed(NUMBERS.iter().map(|v| v.0)),
                listed(DATES.iter().map(|d| d.0)),
            ),
        )
    }

    /// A function call, from its name to its `)`.
    fn call(&mut self, name_tok: &Token<'a>) -> Result<Operand, Fault> {
        let name = name_tok.text;
        let Some(function) = FUNCTIONS.iter().find(|f| f.name == name) else {
            let open = self.peek2();
            if all_names().any(|n| n == name) || scenario_ids().any(|n| n == name) || format_keys().any(|n| n == name) {
                return Err(Fault::at(
                    &open,
                    format!("`{name}` takes no arguments"),
                    format!("write `{name}` alone; the functions are {SIGNATURES}"),
                ));
            }
            return Err(Fault::at(
                name_tok,
                format!("unknown function `{name}`"),
                format!("{}functions are {SIGNATURES}", suggest(name, FUNCTIONS.iter().map(|f| f.name))),
            ));
        };
        self.bump();
        self.bump();
        let args = self.args(function)?;
        let span = name_tok.start..self.prev().map_or(name_tok.end(), |t| t.end());
        let settings = &self.model.settings;
        let between = |p: &mut Probes, formats: u8, (a, a_span): (u32, Range<usize>), b: u32| {
            if a > b {
                return Err(Fault::new(
                    a_span,
                    format!("the first date, {}, is after the second, {}", settings.date(a), settings.date(b)),
                    "write the earlier date first: both dates are included".to_string(),
                ));
            }
            Ok(Num::Between(slot(&mut p.between, (formats, a, b))))
        };
        let all = Format::ALL.iter().fold(0, |m, f| m | f.bit());
        let kinds: Vec<Arg> = args.iter().map(|a| a.0).collect();
        let p = &mut self.probes;
        let item = match (name, kinds.as_slice()) {
            ("meetings", &[Arg::Format(f)]) => Item::Num(Num::MeetingsOf(f as usize), Role::Plain),
            ("meetings", &[Arg::Format(f), Arg::Day(a), Arg::Day(b)]) => {
                Item::Num(between(p, f.bit(), (a, args[1].1.clone()), b)?, Role::Plain)
            }
            ("meetings", &[Arg::Day(a), Arg::Day(b)]) => {
                Item::Num(between(p, all, (a, args[0].1.clone()), b)?, Role::Plain)
            }
            ("hours", &[Arg::Meeting(n)]) => Item::Num(Num::MeetingHours(slot(&mut p.meetings, n)), Role::Plain),
            ("hours", &[Arg::Format(f)]) => Item::Num(Num::HoursOf(f as usize), Role::Plain),
            ("format", &[Arg::Meeting(n)]) => Item::MeetingFormat(Num::MeetingFormat(slot(&mut p.meetings, n))),
            ("uses", &[Arg::Move(j)]) => Item::Num(Num::Uses(j), Role::Plain),
            ("uses", &[Arg::Move(j), Arg::Day(d)]) => Item::Num(Num::UsesBy(slot(&mut p.uses_by, (j, d))), Role::Plain),
            ("driver", &[Arg::Driver(j)]) => Item::Num(Num::Driver(j), Role::Plain),
            ("truces", &[Arg::Truce(k)]) => Item::Num(Num::TrucesOf(k as usize), Role::Plain),
            ("truces", &[Arg::Truce(k), Arg::Day(a), Arg::Day(b)]) => {
                if a > b {
                    return Err(Fault::new(
                        args[1].1.clone(),
                        format!("the first date, {}, is after the second, {}", settings.date(a), settings.date(b)),
                        "write the earlier date first: both dates are included".to_string(),
                    ));
                }
                Item::Num(Num::TrucesBetween(slot(&mut p.truces_between, (k as usize, a, b))), Role::Plain)
            }
            ("signed_before", &[Arg::Day(d)]) => Item::Cond(Cond::SignedBy(d)),
            ("in_force_on", &[Arg::Day(d)]) => Item::Cond(Cond::InForceOn(slot(&mut p.in_force_on, d))),
            _ => {
                // Unreachable: `args` accepts only the forms listed.
                return Err(Fault::new(span, format!("`{name}` does not take these arguments"), function.usage));
            }
        };
        Ok(Operand { item, span })
    }

    /// The arguments of `function`, after its `(` and through its `)`,
    /// checked one by one against the forms it takes.
    fn args(&mut self, function: &Function) -> Result<Vec<(Arg, Range<usize>)>, Fault> {
        let name = function.name;
        let mut args: Vec<(Arg, Range<usize>)> = Vec::new();
        // The forms that begin with the arguments read so far.
        let fits = |args: &[(Arg, Range<usize>)], form: &&[ArgKind]| {
            form.len() >= args.len() && args.iter().zip(form.iter()).all(|(a, &k)| a.0.kind() == k)
        };
        loop {
            let i = args.len();
            let mut kinds: Vec<ArgKind> = Vec::new();
            for form in function.forms.iter().filter(|f| fits(&args, f) && f.len() > i) {
                if !kinds.contains(&form[i]) {
                    kinds.push(form[i]);
                }
            }
            let tok = self.peek()?;
            let arg = self.arg(function, &kinds, &tok)?;
            self.bump();
            args.push((arg, tok.span()));
            let longer = function.forms.iter().filter(|f| fits(&args, f) && f.len() > i + 1).map(|f| f[i + 1]);
            let next: Vec<&str> = longer.map(ArgKind::what).collect();
            let exact = function.forms.iter().any(|f| fits(&args, f) && f.len() == i + 1);
            let sep = self.peek()?;
            match sep.kind {
                Kind::Comma if !next.is_empty() => {
                    self.bump();
                }
                Kind::RParen if exact => {
                    self.bump();
                    return Ok(args);
                }
                Kind::Comma => {
                    return Err(Fault::at(
                        &sep,
                        format!("too many arguments to `{name}`"),
                        format!("remove the extra argument; write {}", function.usage),
                    ));
                }
                _ if !next.is_empty() && !exact => {
                    let next = next.join(" or ");
                    return Err(Fault::at(
                        &sep,
                        format!("expected `,` and {next} in `{name}(...)`, found {}", found(&sep)),
                        format!("`{name}` is written {}", function.usage),
                    ));
                }
                _ => {
                    let (message, help) = if next.is_empty() {
                        (format!("expected `)` to close `{name}(`, found {}", found(&sep)), "add `)`".to_string())
                    } else {
                        (format!("expected `,` or `)` in `{name}(...)`, found {}", found(&sep)), "add `)`".to_string())
                    };
                    return Err(Fault::at(&sep, message, format!("{help}; `{name}` is written {}", function.usage)));
                }
            }
        }
    }

    /// One argument, which must be of one of `kinds`.
    fn arg(&self, function: &Function, kinds: &[ArgKind], tok: &Token<'a>) -> Result<Arg, Fault> {
        let model = self.model;
        let allows = |k: ArgKind| kinds.contains(&k);
        match tok.kind {
            Kind::Number if allows(ArgKind::Meeting) => return self.meeting_number(function, tok).map(Arg::Meeting),
            Kind::Date if allows(ArgKind::Date) => return self.date(tok).map(Arg::Day),
            Kind::Word => {
                for &k in kinds {
                    let hit = match k {
                        ArgKind::Format => Format::from_key(tok.text).map(Arg::Format),
                        ArgKind::Date => match tok.text {
                            "start" => Some(Arg::Day(0)),
                            "horizon" => Some(Arg::Day(model.settings.days)),
                            _ => None,
                        },
                        ArgKind::Move => model.tactic_index(tok.text).map(Arg::Move),
                        ArgKind::Driver => model.drivers.iter().position(|d| d.id == tok.text).map(Arg::Driver),
                        ArgKind::Truce => TRUCE_KINDS.iter().find(|t| t.0 == tok.text).map(|t| Arg::Truce(t.1)),
                        ArgKind::Meeting => None,
                    };
                    if let Some(arg) = hit {
                        return Ok(arg);
                    }
                }
            }
            _ => {}
        }
        Err(self.wrong_arg(function, kinds, tok))
    }

    /// The fault of an argument of none of the kinds allowed.
    fn wrong_arg(&self, function: &Function, kinds: &[ArgKind], tok: &Token<'a>) -> Fault {
        let name = function.name;
        let model = self.model;
        let what = kinds.iter().map(|k| k.what()).collect::<Vec<_>>().join(" or ");
        let usage = format!("`{name}` is written {}", function.usage);
        // The names of the kinds allowed, for did-you-mean and lists.
        let mut known: Vec<&str> = Vec::new();
        let mut lists: Vec<String> = Vec::new();
        for &k in kinds {
            let names: Vec<&str> = match k {
                ArgKind::Format => format_keys().collect(),
                ArgKind::Date => BOUNDS.to_vec(),
                ArgKind::Move => model.tactics.iter().map(|t| t.id.as_str()).collect(),
                ArgKind::Driver => model.drivers.iter().map(|d| d.id.as_str()).collect(),
                ArgKind::Truce => TRUCE_KINDS.iter().map(|t| t.0).collect(),
                ArgKind::Meeting => Vec::new(),
            };
            let list = match k {
                ArgKind::Format => format!("formats: {}", listed(names.iter().copied())),
                ArgKind::Date => format!(
                    "dates are written YYYY-MM-DD, from {} to {} (or `start`, `horizon`)",
                    self.start(),
                    self.horizon()
                ),
                ArgKind::Move => format!("moves of this scenario: {}", listed(names.iter().copied())),
                ArgKind::Driver => format!("drivers of this scenario: {}", listed(names.iter().copied())),
                ArgKind::Truce => format!("kinds of truce: {}", listed(names.iter().copied())),
                ArgKind::Meeting => format!("meetings are numbered 1 to {MAX_MEETINGS}"),
            };
            known.extend(names);
            lists.push(list);
        }
        let lists = lists.join("; ");
        match tok.kind {
            Kind::Word => {
                let unknown = match kinds {
                    [ArgKind::Format] => format!("unknown meeting format `{}`", tok.text),
                    [ArgKind::Move] => format!("unknown move `{}`", tok.text),
                    [ArgKind::Driver] => format!("unknown driver `{}`", tok.text),
                    [ArgKind::Truce] => format!("unknown kind of truce `{}`", tok.text),
                    [ArgKind::Date] => format!("`{}` is not a date", tok.text),
                    _ => format!("expected {what} in `{name}(...)`, found `{}`", tok.text),
                };
                Fault::at(tok, unknown, format!("{}{lists}", suggest(tok.text, known.iter().copied())))
            }
            Kind::Number if kinds == [ArgKind::Date] => {
                Fault::at(tok, format!("`{}` is not a date", tok.text), format!("{lists}; as in `{name}(2026-06-30)`"))
            }
            Kind::Date => Fault::at(
                tok,
                format!("expected {what} in `{name}(...)`, found the date `{}`", tok.text),
                format!("{usage}; {lists}"),
            ),
            Kind::RParen if self.prev().is_some_and(|p| p.kind == Kind::LParen) => {
                Fault::at(tok, format!("`{name}` needs {what} in its parentheses"), usage)
            }
            _ => Fault::at(
                tok,
                format!("expected {what} in `{name}(...)`, found {}", found(tok)),
                format!("{usage}; {lists}"),
            ),
        }
    }

    /// A meeting number, 1 to [`MAX_MEETINGS`].
    fn meeting_number(&self, function: &Function, tok: &Token<'a>) -> Result<u32, Fault> {
        let write = format!("write a whole number from 1 to {MAX_MEETINGS}, as in `{}(3)`", function.name);
        if tok.text.contains('.') {
            return Err(Fault::at(tok, format!("meeting `{}` is not a whole number", tok.text), write));
        }
        // Digits only (checked by the lexer); too many of them is too large.
        let n = tok.text.parse::<u64>().unwrap_or(u64::MAX);
        if n == 0 {
            return Err(Fault::at(tok, "meetings are numbered from 1", write));
        }
        if n > u64::from(MAX_MEETINGS) {
            return Err(Fault::at(
                tok,
                format!("meeting {} is never held: a trial holds at most {MAX_MEETINGS} meetings", tok.text),
                write,
            ));
        }
        Ok(n as u32)
    }

    /// A date literal, as days from the start; it must exist and fall
    /// within the scenario's span.
    fn date(&self, tok: &Token<'a>) -> Result<u32, Fault> {
        let text = tok.text;
        let (start, horizon) = (self.start(), self.horizon());
        let span = format!("dates run from the scenario's start, {start}, to its horizon, {horizon}");
        let b = text.as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
            return Err(Fault::at(
                tok,
                format!("`{text}` is not a date"),
                "write a date as YYYY-MM-DD, with a four-digit year and two-digit month and day, as in `2026-06-30` \
                 (there is no arithmetic in --given)",
            ));
        }
        let field = |r: Range<usize>| text[r].parse::<u32>().unwrap_or(0);
        let (y, m, d) = (field(0..4), field(5..7), field(8..10));
        let Some(date) = Date::from_ymd(y as i32, m, d) else {
            let (message, help) = match Date::from_ymd(y as i32, m, 1) {
                _ if !(1..=12).contains(&m) => (format!("there is no month {m}"), "months run from 01 to 12".into()),
                Some(first) => {
                    let days = first.first_of_next_month().days_after(first);
                    (
                        format!("{} {y} has {days} days", MONTHS[(m - 1) as usize]),
                        format!("write a day from 01 to {days}"),
                    )
                }
                None => (format!("there is no year {y}"), span.clone()),
            };
            return Err(Fault::at(tok, format!("`{text}` is not a date: {message}"), help));
        };
        let day = date.days_after(start);
        if day < 0 {
            return Err(Fault::at(tok, format!("`{text}` is before the scenario's start, {start}"), span));
        }
        if date > horizon {
            return Err(Fault::at(tok, format!("`{text}` is after the scenario's horizon, {horizon}"), span));
        }
        Ok(day as u32)
    }

    /// Checks the types of a comparison and builds it.
    fn combine(&self, left: Operand, op: CmpOp, op_tok: &Token<'a>, right: Operand) -> Result<Cond, Fault> {
        let (ls, rs) = (left.span.clone(), right.span.clone());
        let (l, r) = (self.text(&ls), self.text(&rs));
        let o = op_tok.text;
        let eq = op.is_equality();
        match (left.item, right.item) {
            (Item::Num(a, ra), Item::Num(b, rb)) => {
                if eq {
                    self.numbered(ra, &b, &rs)?;
                    self.numbered(rb, &a, &ls)?;
                }
                Ok(Cond::Cmp(a, op, b))
            }
            (Item::Date(a, _), Item::Date(b, _)) => Ok(Cond::Cmp(a, op, b)),
            (Item::Num(a, Role::Outcome), Item::OutcomeId(k)) if eq => Ok(Cond::Cmp(a, op, Num::Const((k + 1) as f64))),
            (Item::Num(_, Role::Outcome), Item::OutcomeId(k)) => Err(Fault::at(
                op_tok,
                format!("an outcome id compares only with `==` and `!=`, not `{o}`"),
                format!("to compare places in the table, use the number: `outcome {o} {}`", k + 1),
            )),
            (Item::MeetingFormat(a), Item::FormatKey(f)) if eq => Ok(Cond::Cmp(a, op, Num::Const(f64::from(f as u8)))),
            (Item::MeetingFormat(a), Item::MeetingFormat(b)) if eq => Ok(Cond::Cmp(a, op, b)),
            (Item::MeetingFormat(_), Item::FormatKey(_) | Item::MeetingFormat(_)) => Err(Fault::at(
                op_tok,
                format!("meeting formats compare only with `==` and `!=`, not `{o}`"),
                format!("write `{l} == {r}` or `{l} != {r}`"),
            )),
            (Item::Cond(a), Item::Cond(b)) => {
                if eq {
                    Ok(Cond::Same(Box::new(a), op == CmpOp::Eq, Box::new(b)))
                } else {
                    Err(Fault::at(
                        op_tok,
                        format!("`{o}` compares numbers or dates, but `{l}` and `{r}` are conditions"),
                        "compare conditions with `==` or `!=`, or combine them with `and`, `or`, `not`",
                    ))
                }
            }
            (Item::Cond(c), Item::Num(n, _)) => {
                let help = match (&c, &n) {
                    (Cond::Flag(_), Num::Const(x)) if *x == 0.0 || *x == 1.0 => {
                        format!("a condition is true or false: write `{l}` for true and `not {l}` for false")
                    }
                    _ => "a condition is true or false: write it alone, or compare it with another condition".into(),
                };
                Err(Fault::new(rs, format!("`{l}` is a condition (true or false), but `{r}` is a number"), help))
            }
            (Item::Num(_, role), Item::Date(..)) => {
                let help = match role {
                    Role::Days(twin) => format!(
                        "`{l}` counts days from the start: compare `{twin}` with a date, or `{l}` with a number of \
                         days"
                    ),
                    _ => format!(
                        "dates compare with dates: {}, `start`, `horizon` and dates written YYYY-MM-DD",
                        listed(DATES.iter().map(|d| d.0))
                    ),
                };
                Err(Fault::new(rs, format!("`{l}` is a number, but `{r}` is a date"), help))
            }
            (Item::Date(_, twin), Item::Num(..)) => {
                let days = twin.map(|t| format!("; to compare days from the start, use `{t}`")).unwrap_or_default();
                Err(Fault::new(
                    rs,
                    format!("`{l}` is a date, but `{r}` is a number"),
                    format!("compare a date with a date written YYYY-MM-DD, as in `{l} {o} 2026-06-30`{days}"),
                ))
            }
            (_, Item::OutcomeId(_)) => Err(Fault::new(
                rs,
                format!("`{r}` is an outcome id; only `outcome` compares with outcome ids, not `{l}`"),
                format!("write `outcome == {r}`"),
            )),
            (_, Item::FormatKey(_)) => Err(Fault::new(
                rs,
                format!("`{r}` is a meeting format; only `format(N)` compares with formats, not `{l}`"),
                format!("write `format(1) == {r}`, or count meetings with `meetings({r})`"),
            )),
            (Item::Num(..), Item::Cond(_)) => Err(Fault::new(
                rs,
                format!("`{l}` is a number, but `{r}` is a condition (true or false)"),
                format!("compare `{l}` with a number, as in `{l} > 3`; conditions combine with `and`, `or`, `not`"),
            )),
            (li, ri) => Err(Fault::new(
                rs,
                format!("`{l}` is {}, but `{r}` is {}", li.what(), ri.what()),
                "compare like with like: numbers with numbers, dates with dates, a meeting's format with a format, \
                 conditions with conditions",
            )),
        }
    }

    /// An equality of `outcome` or `rule` with a number that is not one of
    /// theirs never holds: refused.
    fn numbered(&self, role: Role, other: &Num, other_span: &Range<usize>) -> Result<(), Fault> {
        let (what, top, help) = match role {
            Role::Outcome => {
                ("outcomes", 7, format!("write a number from 1 to 7 or an id: {}", listed(scenario_ids())))
            }
            Role::Rule => {
                let n = self.model.rules.len();
                ("rules", n, format!("write a rule number from 1 to {n}: the scenario's `[[rules]]`, in order"))
            }
            Role::Plain | Role::Days(_) => return Ok(()),
        };
        match other {
            Num::Const(x) if !(x.fract() == 0.0 && *x >= 1.0 && *x <= top as f64) => Err(Fault::new(
                other_span.clone(),
                format!("{what} are numbered 1 to {top}, so `{}` never matches", self.text(other_span)),
                help,
            )),
            _ => Ok(()),
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn number(tok: &Token<'_>) -> Result<f64, Fault> {
    match tok.text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(Fault::at(tok, format!("`{}` is too large", tok.text), "write a number of at most 300 digits")),
    }
}
