//! Conditioning on evidence: the expression language of `--given`.
//!
//! A run's outcome distribution answers "how likely is each future?". Once
//! something has been observed (talks are still going after the third
//! meeting, a tactic has already been used, meetings have been short), the
//! better question is "how likely is each future, *given* what we have
//! seen?". `negsim run --given 'EXPR'` answers it: every trial is played as
//! usual, and only those for which EXPR holds are counted. The result is the
//! conditional distribution, estimated by rejection; its intervals widen as
//! the evidence gets rarer.
//!
//! This module parses an expression, resolves its names against the model
//! (tactic ids, outcome ids, round numbers), records during each trial the
//! per-round figures it needs ([`Watch`], an engine [`Observer`]), and
//! evaluates it on the finished trial ([`Given::matches`]). Parsing
//! allocates; recording and evaluating never do.
//!
//! # The `--given` language
//!
//! An expression is a condition on one trial. Names are case-sensitive
//! (all lowercase). Whitespace is free around operators and parentheses
//! (`rounds>3&&!signed` is fine); names, numbers and the word operators
//! are separated by it.
//!
//! ```text
//! rounds > 3 and not signed
//! uses(time_exhaustion, 3) >= 1 && hours(3) < 2
//! world == mutual-exhaustion or (signed and terms <= 0.5)
//! outcome != world
//! ```
//!
//! **Operators**, from the tightest to the loosest binding:
//!
//! | operator | meaning |
//! |---|---|
//! | `not`, `!` | negation of the condition right after it |
//! | `==`, `!=`, `<`, `<=`, `>`, `>=` | comparison (they do not chain: write `1 < rounds and rounds < 5`) |
//! | `and`, `&&` | both |
//! | `or`, `\|\|` | either |
//!
//! Parentheses group. Because `not` binds tightest, `not rounds > 3` is
//! refused: write `not (rounds > 3)`. Numbers are written as digits with an
//! optional decimal point (`3`, `1.5`); `true` and `false` are conditions
//! (`true` holds for every trial). A condition can be compared with another
//! (`signed == held`), a number with a number; a condition is never
//! compared with a number (write `signed`, not `signed == 1`).
//!
//! **Conditions** (true or false):
//!
//! | name | holds when |
//! |---|---|
//! | `signed` | a ceasefire was signed |
//! | `held` | the ceasefire held through the horizon |
//! | `broke_down` | talks broke down on escalation |
//! | `mediator_left` | the mediator walked away |
//! | `reversed` | a draft agreement was reversed at least once |
//! | `above_red_line` | the signed terms exceed Ukraine's red line |
//!
//! **Numbers**:
//!
//! | name | value |
//! |---|---|
//! | `world` | the starting world, 1 to 7 |
//! | `outcome` | the outcome, 1 to 7 |
//! | `rounds` | rounds of talks played |
//! | `signed_round` | the round in which the ceasefire was signed (*) |
//! | `reversals` | how many times a draft was reversed |
//! | `months_held` | whole months the ceasefire held (0 if none was signed) |
//! | `hours` | hours of talks, all rounds together |
//! | `terms` | the signed terms, 0 to 1 (*) |
//! | `hours(N)`, `hours_in_round(N)` | hours of talks in round N (*) |
//! | `uses(TACTIC)` | times the tactic fired, talks and ceasefire months together |
//! | `uses(TACTIC, N)` | times the tactic fired in talk rounds 1 to N (ceasefire months not counted) |
//!
//! `world` and `outcome` also compare with a scenario id, on the right of
//! `==` or `!=`: `outcome == durable-peace`, `world != hybrid-world-war`.
//! TACTIC is a tactic id of the scenario, as in its file (`time_exhaustion`);
//! N is a whole round number from 1 to the scenario's
//! `simulation.max_rounds`.
//!
//! (*) Some figures do not exist in every trial: `signed_round` and
//! `terms` when no ceasefire was signed, `hours(N)` when round N was not
//! played (talks ended before it). **Every comparison with a missing figure
//! is false**, `!=` included: in a trial with no signature both
//! `signed_round <= 10` and `signed_round != 10` are false, while
//! `not (signed_round == 10)` is true.
//!
//! An expression has at most 1000 characters and nests parentheses and
//! `not` at most 64 deep. A refused expression is reported with the column
//! of the problem (in characters, from the start of the value) and the
//! expression with the offending token underlined.
//!
//! Grammar (EBNF; a `name` is a letter or `_`, then letters, digits, `_`
//! and `-`, so ids such as `mutual-exhaustion` are single names: there is
//! no arithmetic):
//!
//! ```text
//! expr       = and { ("or" | "||") and } ;
//! and        = comparison { ("and" | "&&") comparison } ;
//! comparison = unary [ ("==" | "!=" | "<" | "<=" | ">" | ">=") unary ] ;
//! unary      = ("not" | "!") unary | primary ;
//! primary    = number | "true" | "false" | name | call | "(" expr ")" ;
//! call       = ("hours" | "hours_in_round") "(" integer ")"
//!            | "uses" "(" name [ "," integer ] ")" ;
//! number     = digit { digit } [ "." digit { digit } ] ;
//! integer    = digit { digit } ;
//! ```

use crate::engine::{Observer, RoundRecord, Trial};
use crate::model::error::nearest;
use crate::model::{InputError, Model, State};
use crate::seeds;

/// Longest expression accepted, in characters.
pub const MAX_LEN: usize = 1000;

/// Deepest nesting of parentheses and `not` accepted.
pub const MAX_DEPTH: usize = 64;

/// A parsed, checked `--given` expression.
///
/// ```
/// use negsim::analysis::evidence::Given;
/// use negsim::engine::{keyed_rng, play_indexed};
/// use negsim::model::Model;
///
/// let model = Model::baseline().unwrap();
/// let given = Given::parse("rounds > 3 and uses(time_exhaustion, 3) >= 1", &model).unwrap();
/// let keyed = keyed_rng(7);
/// let mut watch = given.watch();
/// let kept = (0..1000).filter(|&i| {
///     let trial = play_indexed(&model, &keyed, i, &mut watch);
///     given.matches(&trial, &watch)
/// });
/// assert!(kept.count() > 0);
/// ```
#[derive(Clone, Debug)]
pub struct Given {
    text: String,
    cond: Cond,
    /// Rounds whose hours the expression reads, one slot each.
    hour_rounds: Vec<u32>,
    /// (tactic index, last round) pairs the expression counts, one slot each.
    use_probes: Vec<(usize, u32)>,
}

impl Given {
    /// Parses `text` and resolves names (tactic ids, outcome ids, round
    /// numbers) against `model`.
    pub fn parse(text: &str, model: &Model) -> Result<Given, InputError> {
        let chars = text.chars().count();
        if chars > MAX_LEN {
            return Err(InputError::plain(
                format!(
                    "in --given, column {}: the expression is {chars} characters long, more than the {MAX_LEN} allowed",
                    MAX_LEN + 1
                ),
                "condition on fewer things at once; `--given` is meant for a few observed facts",
            ));
        }
        if text.trim().is_empty() {
            return Err(InputError::plain(
                "in --given, column 1: the expression is empty",
                "write a condition, such as `signed and rounds <= 12`, or leave out --given to count every trial",
            ));
        }
        let mut parser =
            Parser { src: text, toks: lex(text), pos: 0, model, hour_rounds: Vec::new(), use_probes: Vec::new() };
        let cond = parser.parse_or(0).and_then(|cond| parser.finish().map(|()| cond));
        match cond {
            Ok(cond) => Ok(Given {
                text: text.trim().to_string(),
                cond,
                hour_rounds: parser.hour_rounds,
                use_probes: parser.use_probes,
            }),
            Err(fault) => Err(fault.into_error(text)),
        }
    }

    /// The expression as the user wrote it (trimmed).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the expression reads per-round figures (`hours(N)`,
    /// `uses(TACTIC, N)`). When it does not, [`Given::matches`] reads the
    /// trial alone, and the engine need not be given the [`Watch`].
    pub fn needs_watch(&self) -> bool {
        !self.hour_rounds.is_empty() || !self.use_probes.is_empty()
    }

    /// A fresh recorder for one block of trials. It allocates here, once;
    /// recording a trial never does.
    pub fn watch(&self) -> Watch {
        let top = self.hour_rounds.iter().max().map_or(0, |&r| r as usize + 1);
        let mut round_slot = vec![0_u32; top];
        for (slot, &round) in (1_u32..).zip(&self.hour_rounds) {
            if let Some(s) = round_slot.get_mut(round as usize) {
                *s = slot;
            }
        }
        let tactics = self.use_probes.iter().fold(0_u64, |mask, &(t, _)| mask | bit(t));
        Watch {
            round_slot,
            hours: vec![f64::NAN; self.hour_rounds.len()],
            probes: self.use_probes.clone(),
            uses: vec![0; self.use_probes.len()],
            tactics,
        }
    }

    /// Whether a finished trial matches, given what its [`Watch`] recorded
    /// (the watch must come from this expression's [`Given::watch`] and
    /// have observed the trial). No allocation.
    pub fn matches(&self, trial: &Trial, watch: &Watch) -> bool {
        self.cond.holds(trial, watch)
    }
}

/// Records, during one trial, the per-round figures an expression refers
/// to: the hours of the rounds it names and the talk-round uses of the
/// tactics it counts. Reset when a new trial starts ([`Observer::world`] is
/// called first in every trial); recording overwrites fixed-size storage.
#[derive(Clone, Debug)]
pub struct Watch {
    /// Round number to slot in `hours`, plus one (0: not recorded).
    round_slot: Vec<u32>,
    /// Hours of each recorded round; NaN when it was not played.
    hours: Vec<f64>,
    /// (tactic index, last round) of each counter.
    probes: Vec<(usize, u32)>,
    /// Talk-round uses counted for each probe.
    uses: Vec<u32>,
    /// Bit set of the tactics any probe counts.
    tactics: u64,
}

impl Observer for Watch {
    fn world(&mut self, _world: usize, _start: &State) {
        self.hours.fill(f64::NAN);
        self.uses.fill(0);
    }

    fn tactic(&mut self, when: u32, ceasefire: bool, tactic: usize, _state: &State) {
        if ceasefire || self.tactics & bit(tactic) == 0 {
            return;
        }
        for (count, &(t, last)) in self.uses.iter_mut().zip(&self.probes) {
            if t == tactic && when <= last {
                *count += 1;
            }
        }
    }

    fn round(&mut self, record: &RoundRecord) {
        let slot = self.round_slot.get(record.round as usize).copied().unwrap_or(0) as usize;
        if let Some(h) = slot.checked_sub(1).and_then(|i| self.hours.get_mut(i)) {
            *h = record.hours;
        }
    }
}

/// The bit of a tactic in a 64-bit set (none for indices past 63).
fn bit(tactic: usize) -> u64 {
    u32::try_from(tactic).ok().and_then(|s| 1_u64.checked_shl(s)).unwrap_or(0)
}

// ---------------------------------------------------------------------------
// The checked expression.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    #[inline]
    fn apply(self, a: f64, b: f64) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }

    fn is_equality(self) -> bool {
        matches!(self, CmpOp::Eq | CmpOp::Ne)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flag {
    Signed,
    Held,
    BrokeDown,
    MediatorLeft,
    Reversed,
    AboveRedLine,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Var {
    World,
    Outcome,
    Rounds,
    SignedRound,
    Reversals,
    MonthsHeld,
    Hours,
    Terms,
}

const FLAGS: [(&str, Flag); 6] = [
    ("signed", Flag::Signed),
    ("held", Flag::Held),
    ("broke_down", Flag::BrokeDown),
    ("mediator_left", Flag::MediatorLeft),
    ("reversed", Flag::Reversed),
    ("above_red_line", Flag::AboveRedLine),
];

const VARS: [(&str, Var); 8] = [
    ("world", Var::World),
    ("outcome", Var::Outcome),
    ("rounds", Var::Rounds),
    ("signed_round", Var::SignedRound),
    ("reversals", Var::Reversals),
    ("months_held", Var::MonthsHeld),
    ("hours", Var::Hours),
    ("terms", Var::Terms),
];

const FUNCTIONS: &str = "`hours(N)`, `hours_in_round(N)`, `uses(TACTIC)`, `uses(TACTIC, N)`";

const KEYWORDS: [&str; 5] = ["and", "or", "not", "true", "false"];

/// Every name a user can write where a variable goes, for did-you-mean.
fn all_names() -> impl Iterator<Item = &'static str> + Clone {
    FLAGS.iter().map(|f| f.0).chain(VARS.iter().map(|v| v.0)).chain(["hours_in_round", "uses"]).chain(KEYWORDS)
}

#[derive(Clone, Debug)]
enum Num {
    Const(f64),
    Var(Var),
    /// Hours of a recorded round (slot in [`Watch::hours`]).
    RoundHours(usize),
    /// All uses of a tactic (index), from the trial.
    Uses(usize),
    /// Talk-round uses up to a round (slot in [`Watch::uses`]).
    UsesUpTo(usize),
}

impl Num {
    #[inline]
    fn value(&self, t: &Trial, w: &Watch) -> Option<f64> {
        match *self {
            Num::Const(x) => Some(x),
            Num::Var(v) => match v {
                Var::World => Some((t.world + 1) as f64),
                Var::Outcome => Some((t.outcome + 1) as f64),
                Var::Rounds => Some(f64::from(t.rounds)),
                Var::SignedRound => t.signed_round.map(f64::from),
                Var::Reversals => Some(f64::from(t.reversals)),
                Var::MonthsHeld => Some(f64::from(t.months_held)),
                Var::Hours => Some(t.hours),
                Var::Terms => t.terms,
            },
            Num::RoundHours(slot) => w.hours.get(slot).copied().filter(|h| !h.is_nan()),
            Num::Uses(tactic) => t.tactic_uses.get(tactic).map(|&u| f64::from(u)),
            Num::UsesUpTo(slot) => w.uses.get(slot).map(|&u| f64::from(u)),
        }
    }
}

#[derive(Clone, Debug)]
enum Cond {
    Const(bool),
    Flag(Flag),
    Not(Box<Cond>),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Cmp(Num, CmpOp, Num),
    /// Two conditions compared: equal (`==`) or not (`!=`).
    Same(Box<Cond>, bool, Box<Cond>),
}

impl Cond {
    fn holds(&self, t: &Trial, w: &Watch) -> bool {
        match self {
            Cond::Const(b) => *b,
            Cond::Flag(f) => match f {
                Flag::Signed => t.signed_round.is_some(),
                Flag::Held => t.held,
                Flag::BrokeDown => t.broke_down,
                Flag::MediatorLeft => t.mediator_left,
                Flag::Reversed => t.reversals > 0,
                Flag::AboveRedLine => t.above_red_line,
            },
            Cond::Not(c) => !c.holds(t, w),
            Cond::All(cs) => cs.iter().all(|c| c.holds(t, w)),
            Cond::Any(cs) => cs.iter().any(|c| c.holds(t, w)),
            Cond::Cmp(a, op, b) => match (a.value(t, w), b.value(t, w)) {
                (Some(x), Some(y)) => op.apply(x, y),
                _ => false,
            },
            Cond::Same(a, equal, b) => (a.holds(t, w) == b.holds(t, w)) == *equal,
        }
    }
}

// ---------------------------------------------------------------------------
// Tokens.

/// Tokens that are never valid, kept so the parser reports them in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bad {
    Char,
    Assign,
    ArrowLe,
    ArrowGe,
    Diamond,
    Amp,
    Pipe,
    Quote,
    /// A word starting with `-` or `.`.
    Signed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    True,
    False,
    LParen,
    RParen,
    Comma,
    Not,
    And,
    Or,
    Cmp(CmpOp),
    Bad(Bad),
    End,
}

#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    /// Byte offset in the source.
    byte: usize,
    /// Character offset (0-based column).
    col: usize,
    /// Width in characters.
    width: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '.'
}

fn is_number(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

/// Splits the source into tokens, ending with [`Kind::End`]. Never fails:
/// what is not valid becomes a [`Kind::Bad`] token, reported when the
/// parser reaches it (so the leftmost problem is the one reported).
fn lex(src: &str) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&(byte, c)) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let kind = if is_word_char(c) {
            while chars.get(i).is_some_and(|&(_, c)| is_word_char(c)) {
                i += 1;
            }
            let end = chars.get(i).map_or(src.len(), |p| p.0);
            let word = &src[byte..end];
            match word {
                "and" => Kind::And,
                "or" => Kind::Or,
                "not" => Kind::Not,
                "true" => Kind::True,
                "false" => Kind::False,
                _ if is_number(word) => Kind::Number,
                _ if word.starts_with(['-', '.']) => Kind::Bad(Bad::Signed),
                _ => Kind::Word,
            }
        } else {
            let next = chars.get(i + 1).map(|p| p.1);
            let (kind, n) = match (c, next) {
                ('(', _) => (Kind::LParen, 1),
                (')', _) => (Kind::RParen, 1),
                (',', _) => (Kind::Comma, 1),
                ('=', Some('=')) => (Kind::Cmp(CmpOp::Eq), 2),
                ('!', Some('=')) => (Kind::Cmp(CmpOp::Ne), 2),
                ('<', Some('=')) => (Kind::Cmp(CmpOp::Le), 2),
                ('>', Some('=')) => (Kind::Cmp(CmpOp::Ge), 2),
                ('<', Some('>')) => (Kind::Bad(Bad::Diamond), 2),
                ('=', Some('<')) => (Kind::Bad(Bad::ArrowLe), 2),
                ('=', Some('>')) => (Kind::Bad(Bad::ArrowGe), 2),
                ('=', _) => (Kind::Bad(Bad::Assign), 1),
                ('<', _) => (Kind::Cmp(CmpOp::Lt), 1),
                ('>', _) => (Kind::Cmp(CmpOp::Gt), 1),
                ('!', _) => (Kind::Not, 1),
                ('&', Some('&')) => (Kind::And, 2),
                ('|', Some('|')) => (Kind::Or, 2),
                ('&', _) => (Kind::Bad(Bad::Amp), 1),
                ('|', _) => (Kind::Bad(Bad::Pipe), 1),
                ('"' | '\'' | '`', _) => (Kind::Bad(Bad::Quote), 1),
                _ => (Kind::Bad(Bad::Char), 1),
            };
            i += n;
            kind
        };
        let end = chars.get(i).map_or(src.len(), |p| p.0);
        out.push(Token { kind, text: &src[byte..end], byte, col: start, width: i - start });
    }
    // The end is just past the last token, not past trailing whitespace.
    let (byte, col) = out.last().map_or((0, 0), |t| (t.byte + t.text.len(), t.col + t.width));
    out.push(Token { kind: Kind::End, text: "", byte, col, width: 1 });
    out
}

// ---------------------------------------------------------------------------
// Errors.

/// A problem at a place in the expression.
struct Fault {
    /// 0-based character column.
    col: usize,
    /// Characters underlined.
    width: usize,
    message: String,
    help: String,
}

impl Fault {
    fn at(tok: &Token<'_>, message: impl Into<String>, help: impl Into<String>) -> Fault {
        Fault { col: tok.col, width: tok.width.max(1), message: message.into(), help: help.into() }
    }

    fn under(op: &Span<'_>, message: impl Into<String>, help: impl Into<String>) -> Fault {
        Fault { col: op.col, width: op.width.max(1), message: message.into(), help: help.into() }
    }

    /// The expression on its own line, the fault underlined below it.
    fn into_error(self, src: &str) -> InputError {
        let echo: String = src.chars().map(|c| if c.is_whitespace() || c.is_control() { ' ' } else { c }).collect();
        let message = format!(
            "in --given, column {}: {}\n  {}\n  {}{}",
            self.col + 1,
            self.message,
            echo.trim_end(),
            " ".repeat(self.col),
            "^".repeat(self.width)
        );
        InputError::plain(message, self.help)
    }
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
    let (message, help) = match bad {
        Bad::Assign => {
            ("`=` is not an operator".to_string(), "write `==` to test equality, as in `rounds == 3`".to_string())
        }
        Bad::ArrowLe => (format!("`{t}` is not an operator"), "write `<=`".into()),
        Bad::ArrowGe => (format!("`{t}` is not an operator"), "write `>=`".into()),
        Bad::Diamond => (format!("`{t}` is not an operator"), "write `!=` for \"not equal\"".into()),
        Bad::Amp => ("`&` is not an operator".into(), "write `and` (or `&&`)".into()),
        Bad::Pipe => ("`|` is not an operator".into(), "write `or` (or `||`)".into()),
        Bad::Quote => (
            format!("unexpected quote `{t}`"),
            "ids and names are written without quotes, as in `outcome == durable-peace`".into(),
        ),
        Bad::Signed if t.starts_with('-') => (
            format!("`{t}` is not a number or a name"),
            "numbers have no sign and there is no arithmetic: every figure is zero or more, so compare it with a \
             number such as `0` or `3`"
                .into(),
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
            "an expression is made of names, numbers, `(`, `)`, `,` and the operators `and`, `or`, `not`, `==`, \
             `!=`, `<`, `<=`, `>`, `>=`"
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

/// "did you mean `x`? " when something is close, else nothing.
fn suggest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    nearest(word, known).first().map(|best| format!("did you mean `{best}`? ")).unwrap_or_default()
}

fn listed<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names.into_iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn scenario_ids() -> impl Iterator<Item = &'static str> + Clone {
    seeds::scenarios().iter().map(|s| s.id.as_str())
}

// ---------------------------------------------------------------------------
// The parser.

/// What a position in the expression calls for (for messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Condition,
    Number,
    /// A number or an id, after `world ==` or `outcome !=` (which one).
    Id(&'static str),
}

/// An operand of a comparison, as parsed.
enum Item {
    Cond(Cond),
    /// A number; names `world` or `outcome` when it is that variable.
    Num(Num, Option<&'static str>),
    /// A scenario id (0-based index).
    Id(usize),
}

struct Operand<'a> {
    item: Item,
    span: Span<'a>,
}

/// Where an operand is, and its text.
#[derive(Clone, Copy)]
struct Span<'a> {
    col: usize,
    width: usize,
    text: &'a str,
}

struct Parser<'a> {
    src: &'a str,
    /// Never empty: ends with `End`, which `bump` never passes.
    toks: Vec<Token<'a>>,
    pos: usize,
    model: &'a Model,
    hour_rounds: Vec<u32>,
    use_probes: Vec<(usize, u32)>,
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

    /// An operand spanning tokens `first` to `last`.
    fn operand(&self, item: Item, first: &Token<'a>, last: &Token<'a>) -> Operand<'a> {
        let end = last.byte + last.text.len();
        Operand {
            item,
            span: Span {
                col: first.col,
                width: last.col + last.width - first.col,
                text: self.src.get(first.byte..end).unwrap_or(""),
            },
        }
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
                    "join conditions with `and` or `or`, as in `signed and held`".into()
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
            return match left.item {
                Item::Cond(c) => Ok(c),
                Item::Num(..) => Err(Fault::at(
                    &next,
                    format!(
                        "expected a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) after `{}`, found {}",
                        left.span.text,
                        found(&next)
                    ),
                    format!("`{}` is a number: compare it, as in `{} > 3`", left.span.text, left.span.text),
                )),
                Item::Id(_) => Err(id_alone(&left.span)),
            };
        };
        let op_tok = self.bump();
        let expect = match &left.item {
            Item::Num(_, Some(which)) if op.is_equality() => Expect::Id(which),
            Item::Num(..) | Item::Id(_) => Expect::Number,
            Item::Cond(_) => Expect::Condition,
        };
        let right = self.parse_unary(depth, expect)?;
        let after = self.peek()?;
        if let Kind::Cmp(_) = after.kind {
            return Err(Fault::at(&after, "comparisons do not chain", {
                let next = self
                    .toks
                    .get(self.pos + 1)
                    .filter(|t| matches!(t.kind, Kind::Number | Kind::Word))
                    .map_or("...", |t| t.text);
                format!(
                    "join two comparisons with `and`: `{} {} {} and {} {} {next}`",
                    left.span.text, op_tok.text, right.span.text, right.span.text, after.text
                )
            }));
        }
        combine(left, op, &op_tok, right)
    }

    fn parse_unary(&mut self, depth: usize, expect: Expect) -> Result<Operand<'a>, Fault> {
        let tok = self.peek()?;
        if tok.kind != Kind::Not {
            return self.parse_primary(depth, expect);
        }
        if depth >= MAX_DEPTH {
            return Err(too_deep(&tok));
        }
        self.bump();
        let inner = self.parse_unary(depth + 1, Expect::Condition)?;
        let last = self.prev().unwrap_or(tok);
        match inner.item {
            Item::Cond(c) => Ok(self.operand(Item::Cond(Cond::Not(Box::new(c))), &tok, &last)),
            Item::Num(..) => {
                let next = self.toks[self.pos];
                let rhs = self.toks.get(self.pos + 1).filter(|t| matches!(t.kind, Kind::Number | Kind::Word));
                let example = match (next.kind, rhs) {
                    (Kind::Cmp(_), Some(rhs)) => format!("`not ({} {} {})`", inner.span.text, next.text, rhs.text),
                    _ => format!("`not ({} > 3)`", inner.span.text),
                };
                Err(Fault::at(
                    &tok,
                    format!("`{}` needs a condition, but `{}` is a number", tok.text, inner.span.text),
                    format!(
                        "`{}` applies to what directly follows it; put the comparison in parentheses: {example}",
                        tok.text
                    ),
                ))
            }
            Item::Id(_) => Err(id_alone(&inner.span)),
        }
    }

    fn parse_primary(&mut self, depth: usize, expect: Expect) -> Result<Operand<'a>, Fault> {
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
                    let help = if close.kind == Kind::End {
                        "add `)` at the end".to_string()
                    } else {
                        "close the parenthesis with `)`, or join the conditions with `and` or `or`".to_string()
                    };
                    return Err(Fault::at(
                        &close,
                        format!("expected `)` to close the `(` at column {}, found {}", tok.col + 1, found(&close)),
                        help,
                    ));
                }
                self.bump();
                Ok(self.operand(Item::Cond(inner), &tok, &close))
            }
            Kind::Number => {
                self.bump();
                let value = number(&tok)?;
                Ok(self.operand(Item::Num(Num::Const(value), None), &tok, &tok))
            }
            Kind::True | Kind::False => {
                self.bump();
                Ok(self.operand(Item::Cond(Cond::Const(tok.kind == Kind::True)), &tok, &tok))
            }
            Kind::Word => self.word(&tok, expect),
            _ => Err(self.expected_operand(&tok, expect)),
        }
    }

    fn expected_operand(&self, tok: &Token<'a>, expect: Expect) -> Fault {
        let what = match expect {
            Expect::Condition => "a condition".to_string(),
            Expect::Number => "a number".to_string(),
            Expect::Id(which) => format!("a number or a {which} id"),
        };
        let prev = self.prev();
        let after = prev.map(|p| format!(" after `{}`", p.text)).unwrap_or_default();
        let help = match (prev.map(|p| p.kind), tok.kind) {
            (Some(Kind::LParen), Kind::RParen) => "put a condition inside the parentheses, or remove them".to_string(),
            (Some(Kind::And | Kind::Or), _) => format!(
                "write a condition after `{}`, as in `signed and held`, or remove the `{}`",
                prev.map_or("", |p| p.text),
                prev.map_or("", |p| p.text)
            ),
            _ => match expect {
                Expect::Condition => "write a condition, such as `signed`, `not held` or `rounds > 3`".to_string(),
                Expect::Number => "write a number (`3`, `1.5`) or a figure such as `rounds`".to_string(),
                Expect::Id(which) => {
                    format!("write a {which} number (1 to 7) or id: {}", listed(scenario_ids()))
                }
            },
        };
        Fault::at(tok, format!("expected {what}{after}, found {}", found(tok)), help)
    }

    /// A name: a variable, a function call or a scenario id.
    fn word(&mut self, tok: &Token<'a>, expect: Expect) -> Result<Operand<'a>, Fault> {
        let name = tok.text;
        let next = self.toks.get(self.pos + 1).copied();
        if next.is_some_and(|n| n.kind == Kind::LParen) {
            return self.call(tok);
        }
        if name == "uses" || name == "hours_in_round" {
            let example = if name == "uses" { "uses(time_exhaustion) >= 2" } else { "hours_in_round(3) > 4" };
            return Err(Fault::at(
                tok,
                format!("`{name}` needs an argument in parentheses"),
                format!("write it as in `{example}`"),
            ));
        }
        let item = if let Some(&(_, flag)) = FLAGS.iter().find(|f| f.0 == name) {
            Item::Cond(Cond::Flag(flag))
        } else if let Some(&(_, var)) = VARS.iter().find(|v| v.0 == name) {
            let which = match var {
                Var::World => Some("world"),
                Var::Outcome => Some("outcome"),
                _ => None,
            };
            Item::Num(Num::Var(var), which)
        } else if let Some(index) = seeds::scenario_index(name) {
            Item::Id(index)
        } else {
            return Err(unknown(tok, expect));
        };
        self.bump();
        Ok(self.operand(item, tok, tok))
    }

    /// `hours(N)`, `hours_in_round(N)`, `uses(T)`, `uses(T, N)`.
    fn call(&mut self, name_tok: &Token<'a>) -> Result<Operand<'a>, Fault> {
        let name = name_tok.text;
        self.bump();
        let open = self.bump();
        let num = match name {
            "hours" | "hours_in_round" => {
                let round = self.round_arg(&format!("{name}(3)"))?;
                self.close(name, "one round number")?;
                Num::RoundHours(slot(&mut self.hour_rounds, round))
            }
            "uses" => {
                let t = self.peek()?;
                let tactics = self.model.tactics.iter().map(|t| t.id.as_str());
                if t.kind != Kind::Word {
                    return Err(Fault::at(
                        &t,
                        format!("expected a tactic id in `uses(...)`, found {}", found(&t)),
                        format!("write a tactic id, as in `uses(time_exhaustion)`; tactics: {}", listed(tactics)),
                    ));
                }
                let Some(index) = self.model.tactic_index(t.text) else {
                    return Err(Fault::at(
                        &t,
                        format!("unknown tactic `{}`", t.text),
                        format!("{}tactics of this scenario: {}", suggest(t.text, tactics.clone()), listed(tactics)),
                    ));
                };
                self.bump();
                if self.peek()?.kind == Kind::Comma {
                    self.bump();
                    let round = self.round_arg(&format!("uses({}, 3)", t.text))?;
                    self.close(name, "a tactic and a round number")?;
                    Num::UsesUpTo(slot(&mut self.use_probes, (index, round)))
                } else {
                    self.close(name, "a tactic and, optionally, a round number")?;
                    Num::Uses(index)
                }
            }
            _ if FLAGS.iter().any(|f| f.0 == name) || VARS.iter().any(|v| v.0 == name) => {
                return Err(Fault::at(
                    &open,
                    format!("`{name}` takes no argument"),
                    format!("write `{name}` alone; the per-round figures are {FUNCTIONS}"),
                ));
            }
            _ => {
                return Err(Fault::at(
                    name_tok,
                    format!("unknown function `{name}`"),
                    format!("{}functions are {FUNCTIONS}", suggest(name, ["hours", "hours_in_round", "uses"])),
                ));
            }
        };
        let close = self.prev().unwrap_or(open);
        Ok(self.operand(Item::Num(num, None), name_tok, &close))
    }

    /// A round number argument, 1 to the model's `max_rounds`.
    /// `example` shows the call with round 3.
    fn round_arg(&mut self, example: &str) -> Result<u32, Fault> {
        let max = self.model.settings.max_rounds;
        let tok = self.peek()?;
        let range = format!("a whole number from 1 to {max}, as in `{example}`");
        if tok.kind != Kind::Number {
            return Err(Fault::at(
                &tok,
                format!("expected a round number, found {}", found(&tok)),
                format!("write the round as {range}"),
            ));
        }
        if tok.text.contains('.') {
            return Err(Fault::at(
                &tok,
                format!("round `{}` is not a whole number", tok.text),
                format!("write {range}"),
            ));
        }
        // Digits only (checked by the lexer); too many of them is too large.
        let round = tok.text.parse::<u64>().unwrap_or(u64::MAX);
        if round == 0 {
            return Err(Fault::at(&tok, "rounds are numbered from 1", format!("write {range}")));
        }
        if round > u64::from(max) {
            return Err(Fault::at(
                &tok,
                format!("round {} is never played: this scenario plays at most {max} rounds", tok.text),
                format!("write {range} (the limit is the scenario's `simulation.max_rounds`)"),
            ));
        }
        self.bump();
        Ok(round as u32)
    }

    fn close(&mut self, function: &str, takes: &str) -> Result<(), Fault> {
        let tok = self.peek()?;
        match tok.kind {
            Kind::RParen => {
                self.bump();
                Ok(())
            }
            Kind::Comma => Err(Fault::at(
                &tok,
                format!("too many arguments: `{function}` takes {takes}"),
                format!("remove the extra argument; the functions are {FUNCTIONS}"),
            )),
            _ => Err(Fault::at(
                &tok,
                format!("expected `)` to close `{function}(`, found {}", found(&tok)),
                format!("`{function}` takes {takes}; the functions are {FUNCTIONS}"),
            )),
        }
    }
}

/// The slot of `probe` in `probes`, added if new.
fn slot<T: PartialEq>(probes: &mut Vec<T>, probe: T) -> usize {
    match probes.iter().position(|p| *p == probe) {
        Some(i) => i,
        None => {
            probes.push(probe);
            probes.len() - 1
        }
    }
}

fn number(tok: &Token<'_>) -> Result<f64, Fault> {
    match tok.text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(Fault::at(tok, format!("`{}` is too large", tok.text), "write a number of at most 300 digits")),
    }
}

fn id_alone(op: &Span<'_>) -> Fault {
    Fault::under(
        op,
        format!("`{}` is an id, not a condition", op.text),
        format!("compare `outcome` or `world` with it, as in `outcome == {}`", op.text),
    )
}

/// The fault for a name that is not a variable, function or id.
fn unknown(tok: &Token<'_>, expect: Expect) -> Fault {
    let name = tok.text;
    let lower = name.to_lowercase();
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
            format!("`{name}` is not a number"),
            "write a number as digits with an optional decimal point (`3`, `1.5`), and leave a space between a \
             number and a name",
        );
    }
    if lower != name && (all_names().any(|n| n == lower) || scenario_ids().any(|n| n == lower)) {
        return Fault::at(tok, format!("unknown name `{name}`"), format!("names are lowercase: write `{lower}`"));
    }
    if let Expect::Id(which) = expect {
        let ids = scenario_ids();
        return Fault::at(
            tok,
            format!("unknown {which} id `{name}`"),
            format!(
                "{}{which} ids are {} (or their numbers, 1 to 7)",
                suggest(name, ids.clone().chain(VARS.iter().map(|v| v.0))),
                listed(ids)
            ),
        );
    }
    if let Some((head, _)) = name.split_once('-') {
        if all_names().any(|n| n == head) {
            return Fault::at(
                tok,
                format!("unknown name `{name}`"),
                "there is no arithmetic in --given (`-` belongs to ids such as `mutual-exhaustion`); compare a \
                 figure with a number, as in `rounds > 3`",
            );
        }
    }
    let near = suggest(name, all_names().chain(scenario_ids()));
    Fault::at(
        tok,
        format!("unknown variable `{name}`"),
        format!(
            "{near}conditions are {}; numbers are {}; functions are {FUNCTIONS}",
            listed(FLAGS.iter().map(|f| f.0)),
            listed(VARS.iter().map(|v| v.0))
        ),
    )
}

/// Checks the types of a comparison and builds it.
fn combine(left: Operand<'_>, op: CmpOp, op_tok: &Token<'_>, right: Operand<'_>) -> Result<Cond, Fault> {
    let (l, r) = (left.span, right.span);
    match (left.item, right.item) {
        (Item::Num(a, wa), Item::Num(b, wb)) => {
            if op.is_equality() {
                for (which, other) in [(wa, &b), (wb, &a)] {
                    if let (Some(which), Num::Const(x)) = (which, other) {
                        if !(x.fract() == 0.0 && (1.0..=7.0).contains(x)) {
                            let at = if matches!(b, Num::Const(_)) { &r } else { &l };
                            return Err(Fault::under(
                                at,
                                format!("{which}s are numbered 1 to 7, so `{}` never matches", at.text),
                                format!("write a number from 1 to 7 or an id: {}", listed(scenario_ids())),
                            ));
                        }
                    }
                }
            }
            Ok(Cond::Cmp(a, op, b))
        }
        (Item::Num(a, Some(_)), Item::Id(k)) if op.is_equality() => Ok(Cond::Cmp(a, op, Num::Const((k + 1) as f64))),
        (Item::Num(_, Some(which)), Item::Id(k)) => Err(Fault::at(
            op_tok,
            format!("an id compares only with `==` and `!=`, not `{}`", op_tok.text),
            format!("to compare places in the table, use the number: `{which} {} {}`", op_tok.text, k + 1),
        )),
        (Item::Id(_), _) => Err(Fault::under(
            &l,
            format!("an id goes on the right of the comparison, after `world` or `outcome`: `{}`", l.text),
            format!("write `outcome == {}` or `world == {}`", l.text, l.text),
        )),
        (Item::Num(..), Item::Id(_)) => Err(Fault::under(
            &r,
            format!("`{}` is an id; only `world` and `outcome` compare with ids, not `{}`", r.text, l.text),
            format!("write `outcome == {}` or `world == {}`", r.text, r.text),
        )),
        (Item::Cond(a), Item::Cond(b)) => {
            if op.is_equality() {
                Ok(Cond::Same(Box::new(a), op == CmpOp::Eq, Box::new(b)))
            } else {
                Err(Fault::at(
                    op_tok,
                    format!("`{}` compares numbers, but `{}` and `{}` are conditions", op_tok.text, l.text, r.text),
                    "compare conditions with `==` or `!=`, or combine them with `and`, `or`, `not`",
                ))
            }
        }
        (Item::Cond(c), Item::Num(n, _)) => {
            let help = match (&c, &n) {
                (Cond::Flag(_), Num::Const(x)) if *x == 0.0 || *x == 1.0 => {
                    format!("a condition is true or false: write `{}` for true and `not {}` for false", l.text, l.text)
                }
                _ => "a condition is true or false: write it alone, or compare it with another condition".to_string(),
            };
            Err(Fault::under(
                &r,
                format!("`{}` is a condition (true or false), but `{}` is a number", l.text, r.text),
                help,
            ))
        }
        (Item::Num(..), Item::Cond(_)) => Err(Fault::under(
            &r,
            format!("`{}` is a number, but `{}` is a condition (true or false)", l.text, r.text),
            format!(
                "compare `{}` with a number, as in `{} > 3`; conditions combine with `and`, `or`, `not`",
                l.text, l.text
            ),
        )),
        (Item::Cond(_), Item::Id(_)) => Err(Fault::under(
            &r,
            format!("`{}` is a condition (true or false), but `{}` is an id", l.text, r.text),
            format!("compare `outcome` or `world` with an id, as in `outcome == {}`", r.text),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{keyed_rng, play_indexed};

    fn baseline() -> Model {
        Model::baseline().unwrap()
    }

    fn parse(text: &str, model: &Model) -> Given {
        Given::parse(text, model).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    /// A played trial, then set by hand: world 4, outcome 6, signed in
    /// round 9 on terms 0.4, held 24 months, mediator left, two reversals,
    /// 37.5 hours, time_exhaustion used 3 times.
    fn hand_trial(model: &Model) -> Trial {
        let mut t = play_indexed(model, &keyed_rng(1), 0, &mut ());
        t.world = 3;
        t.outcome = 5;
        t.rounds = 10;
        t.signed_round = Some(9);
        t.terms = Some(0.4);
        t.above_red_line = false;
        t.held = true;
        t.months_held = 24;
        t.broke_down = false;
        t.mediator_left = true;
        t.reversals = 2;
        t.hours = 37.5;
        t.tactic_uses = [0; crate::model::MAX_TACTICS];
        t.tactic_uses[model.tactic_index("time_exhaustion").unwrap()] = 3;
        t
    }

    fn unsigned(t: &Trial) -> Trial {
        Trial { signed_round: None, terms: None, held: false, months_held: 0, ..t.clone() }
    }

    fn record(round: u32, hours: f64, state: State) -> RoundRecord {
        RoundRecord {
            round,
            hours,
            state,
            draft_formed: None,
            draft_reversed: false,
            signed: false,
            mediator_left: false,
            broke_down: false,
            mediator_excluded: false,
        }
    }

    #[test]
    fn every_variable_reads_its_field() {
        let model = baseline();
        let t = hand_trial(&model);
        let cases: &[(&str, bool)] = &[
            ("true", true),
            ("false", false),
            ("world == 4", true),
            ("world == mutual-exhaustion", true),
            ("world != mutual-exhaustion", false),
            ("world == durable-peace", false),
            ("outcome == 6", true),
            ("outcome == fragile-ceasefire", true),
            ("outcome > world", true),
            ("outcome == world", false),
            ("rounds == 10", true),
            ("rounds >= 11", false),
            ("signed", true),
            ("signed_round == 9", true),
            ("signed_round < 9", false),
            ("terms == 0.4", true),
            ("terms > 0.5", false),
            ("above_red_line", false),
            ("held", true),
            ("months_held == 24", true),
            ("broke_down", false),
            ("mediator_left", true),
            ("reversed", true),
            ("reversals == 2", true),
            ("hours == 37.5", true),
            ("hours < 37.5", false),
            ("uses(time_exhaustion) == 3", true),
            ("uses(shortened_talks) == 0", true),
            ("signed == held", true),
            ("signed != mediator_left", false),
            ("2 < 3", true),
        ];
        for &(text, want) in cases {
            let e = parse(text, &model);
            assert_eq!(e.matches(&t, &e.watch()), want, "{text}");
        }
    }

    #[test]
    fn precedence_is_not_then_comparison_then_and_then_or() {
        let model = baseline();
        let base = hand_trial(&model);
        type Truth = fn(bool, bool, bool) -> bool;
        let cases: [(&str, Truth); 8] = [
            ("signed or held and broke_down", |s, h, b| s || (h && b)),
            ("signed and held or broke_down", |s, h, b| (s && h) || b),
            ("not signed and held", |s, h, _| !s && h),
            ("!signed || held && !broke_down", |s, h, b| !s || (h && !b)),
            ("not (signed or held) and broke_down", |s, h, b| !(s || h) && b),
            ("signed == held and broke_down", |s, h, b| (s == h) && b),
            ("not signed == held", |s, h, _| s != h), // (not signed) == held
            ("not not signed or false", |s, _, _| s),
        ];
        for (text, truth) in cases {
            let e = parse(text, &model);
            for bits in 0..8 {
                let (s, h, b) = (bits & 1 != 0, bits & 2 != 0, bits & 4 != 0);
                let t = Trial { signed_round: s.then_some(3), held: h, broke_down: b, ..base.clone() };
                assert_eq!(e.matches(&t, &e.watch()), truth(s, h, b), "{text} with signed {s} held {h} broke_down {b}");
            }
        }
    }

    #[test]
    fn comparisons_with_missing_figures_are_false() {
        let model = baseline();
        let t = unsigned(&hand_trial(&model));
        for text in ["signed_round <= 10", "signed_round != 10", "signed_round >= 0", "terms < 2", "terms != 0.4"] {
            let e = parse(text, &model);
            assert!(!e.matches(&t, &e.watch()), "{text} on an unsigned trial");
        }
        for text in ["not (signed_round == 10)", "not (terms > 0)", "not signed"] {
            let e = parse(text, &model);
            assert!(e.matches(&t, &e.watch()), "{text} on an unsigned trial");
        }
        // A round not played: hours(N) compares false, even with `!=`.
        let e = parse("hours(5) >= 0 or hours(5) != 1", &model);
        let mut w = e.watch();
        w.world(0, &t.state);
        for round in 1..=4 {
            w.round(&record(round, 3.0, t.state));
        }
        assert!(!e.matches(&t, &w));
        assert!(parse("not (hours(5) > 0)", &model).matches(&t, &w));
    }

    #[test]
    fn the_watch_records_named_rounds_and_talk_uses_and_resets_each_trial() {
        let model = baseline();
        let t = hand_trial(&model);
        let te = model.tactic_index("time_exhaustion").unwrap();
        let other = model.tactic_index("shortened_talks").unwrap();
        let e = parse("hours(3) == 1.5 and uses(time_exhaustion, 3) == 2 and uses(time_exhaustion, 24) == 3", &model);
        assert!(e.needs_watch());
        let mut w = e.watch();
        w.world(0, &t.state);
        for round in 1..=5 {
            w.round(&record(round, if round == 3 { 1.5 } else { 4.0 }, t.state));
        }
        w.tactic(1, false, te, &t.state);
        w.tactic(3, false, te, &t.state);
        w.tactic(3, false, other, &t.state);
        w.tactic(4, false, te, &t.state);
        // Ceasefire months do not count, even numbered within the rounds.
        w.tactic(2, true, te, &t.state);
        w.tactic(200, true, te, &t.state);
        assert!(e.matches(&t, &w));

        // A new trial starts: nothing of the last one is left.
        w.world(1, &t.state);
        assert!(!e.matches(&t, &w));
        assert!(parse("uses(time_exhaustion, 3) == 0", &model).matches(&t, &w), "counts reset");
        let probe = parse("hours(3) >= 0", &model);
        let mut w = probe.watch();
        w.round(&record(3, 2.0, t.state));
        assert!(probe.matches(&t, &w));
        w.world(1, &t.state);
        w.round(&record(1, 2.0, t.state));
        w.round(&record(2, 2.0, t.state));
        assert!(!probe.matches(&t, &w), "round 3 of the last trial is forgotten");
    }

    #[test]
    fn probes_are_shared_and_the_watch_is_sized_once() {
        let model = baseline();
        let e = parse(
            "hours(3) > 1 and hours_in_round(3) < 9 and hours(7) > 0 or uses(bluffing, 2) > uses(bluffing, 2)",
            &model,
        );
        assert_eq!(e.hour_rounds, [3, 7]);
        assert_eq!(e.use_probes.len(), 1);
        let w = e.watch();
        assert_eq!((w.hours.len(), w.uses.len(), w.round_slot.len()), (2, 1, 8));
        assert_eq!(w.tactics, 1 << model.tactic_index("bluffing").unwrap());
    }

    /// Everything the engine tells an observer, kept whole.
    #[derive(Default)]
    struct Recorder {
        rounds: Vec<RoundRecord>,
        /// (round, tactic) of every tactic fired in talks.
        talk_tactics: Vec<(u32, usize)>,
        /// Every tactic fired, talks and ceasefire.
        all_tactics: Vec<usize>,
    }

    impl Observer for Recorder {
        fn world(&mut self, _: usize, _: &State) {
            self.rounds.clear();
            self.talk_tactics.clear();
            self.all_tactics.clear();
        }
        fn tactic(&mut self, when: u32, ceasefire: bool, tactic: usize, _: &State) {
            self.all_tactics.push(tactic);
            if !ceasefire {
                self.talk_tactics.push((when, tactic));
            }
        }
        fn round(&mut self, record: &RoundRecord) {
            self.rounds.push(*record);
        }
    }

    struct Both<'a>(&'a mut Watch, &'a mut Recorder);

    impl Observer for Both<'_> {
        fn world(&mut self, world: usize, start: &State) {
            self.0.world(world, start);
            self.1.world(world, start);
        }
        fn tactic(&mut self, when: u32, ceasefire: bool, tactic: usize, state: &State) {
            self.0.tactic(when, ceasefire, tactic, state);
            self.1.tactic(when, ceasefire, tactic, state);
        }
        fn round(&mut self, record: &RoundRecord) {
            self.0.round(record);
            self.1.round(record);
        }
    }

    #[test]
    fn matches_agree_with_an_independent_recording_of_real_trials() {
        let model = baseline();
        let te = model.tactic_index("time_exhaustion").unwrap();
        let st = model.tactic_index("shortened_talks").unwrap();
        // Fires only in ceasefire months, which `uses(T, N)` does not count.
        let dr = model.tactic_index("delayed_revenge").unwrap();
        type Truth = Box<dyn Fn(&Trial, &Recorder) -> bool>;
        let talk_uses = move |r: &Recorder, tactic: usize, last: u32| {
            r.talk_tactics.iter().filter(|&&(when, t)| t == tactic && when <= last).count()
        };
        let hours_in = |r: &Recorder, round: u32| r.rounds.iter().find(|x| x.round == round).map(|x| x.hours);
        let cases: Vec<(&str, Truth)> = vec![
            ("rounds > 3 and not signed", Box::new(|_, r| r.rounds.len() > 3 && !r.rounds.iter().any(|x| x.signed))),
            ("uses(time_exhaustion, 3) >= 1", Box::new(move |_, r| talk_uses(r, te, 3) >= 1)),
            ("uses(shortened_talks, 10) == 2", Box::new(move |_, r| talk_uses(r, st, 10) == 2)),
            ("hours(3) < 2", Box::new(move |_, r| hours_in(r, 3).is_some_and(|h| h < 2.0))),
            ("hours_in_round(20) >= 4", Box::new(move |_, r| hours_in(r, 20).is_some_and(|h| h >= 4.0))),
            ("not (hours(20) >= 4)", Box::new(move |_, r| !hours_in(r, 20).is_some_and(|h| h >= 4.0))),
            (
                "hours(1) > hours(2) or uses(time_exhaustion, 2) > uses(time_exhaustion, 1)",
                Box::new(move |_, r| {
                    hours_in(r, 1).zip(hours_in(r, 2)).is_some_and(|(a, b)| a > b)
                        || talk_uses(r, te, 2) > talk_uses(r, te, 1)
                }),
            ),
            ("hours > 80", Box::new(|_, r| r.rounds.iter().map(|x| x.hours).sum::<f64>() > 80.0)),
            ("signed_round <= 12", Box::new(|_, r| r.rounds.iter().any(|x| x.signed && x.round <= 12))),
            ("broke_down or mediator_left", Box::new(|_, r| r.rounds.iter().any(|x| x.broke_down || x.mediator_left))),
            ("world == mutual-exhaustion and outcome != world", Box::new(|t, _| t.world == 3 && t.outcome != 3)),
            (
                "uses(time_exhaustion) >= 4",
                Box::new(move |_, r| r.all_tactics.iter().filter(|&&t| t == te).count() >= 4),
            ),
            (
                "uses(delayed_revenge) >= 1 and uses(delayed_revenge, 24) == 0",
                Box::new(move |_, r| r.all_tactics.contains(&dr) && talk_uses(r, dr, 24) == 0),
            ),
        ];
        let keyed = keyed_rng(20250613);
        for (text, truth) in cases {
            let e = parse(text, &model);
            // One watch and one recorder for all trials, as in a block.
            let mut watch = e.watch();
            let mut rec = Recorder::default();
            let mut hits = 0;
            for i in 0..2000 {
                let t = play_indexed(&model, &keyed, i, &mut Both(&mut watch, &mut rec));
                let want = truth(&t, &rec);
                assert_eq!(e.matches(&t, &watch), want, "{text}, trial {i}");
                hits += usize::from(want);
            }
            assert!(0 < hits && hits < 2000, "{text} holds in {hits} of 2000 trials: the case tests nothing");
        }
    }

    #[test]
    fn an_expression_without_round_figures_needs_no_watch() {
        let model = baseline();
        let e = parse("rounds > 3 and uses(bluffing) > 0", &model);
        assert!(!e.needs_watch());
        let keyed = keyed_rng(3);
        let unused = e.watch();
        for i in 0..200 {
            let mut watch = e.watch();
            let t = play_indexed(&model, &keyed, i, &mut watch);
            assert_eq!(e.matches(&t, &watch), e.matches(&t, &unused));
        }
    }

    #[test]
    fn text_is_trimmed_and_spacing_is_free() {
        let model = baseline();
        let e = parse("  rounds>3&&!signed\t", &model);
        assert_eq!(e.text(), "rounds>3&&!signed");
        let spaced = parse("rounds > 3 and not signed", &model);
        let keyed = keyed_rng(5);
        for i in 0..200 {
            let t = play_indexed(&model, &keyed, i, &mut ());
            assert_eq!(e.matches(&t, &e.watch()), spaced.matches(&t, &spaced.watch()));
        }
    }

    #[test]
    fn an_error_shows_the_expression_and_underlines_the_token() {
        let model = baseline();
        let err = Given::parse("rounds > and signed", &model).unwrap_err();
        assert_eq!(
            err.problems()[0].message,
            "in --given, column 10: expected a number after `>`, found `and`\n  rounds > and signed\n           ^^^"
        );
        assert!(err.problems()[0].help.as_deref().unwrap().contains("write a number"));
        // Columns count characters: `é` is two bytes.
        let err = Given::parse("signé > 1", &model).unwrap_err();
        assert!(err.problems()[0].message.ends_with("  signé > 1\n  ^^^^^"), "{err}");
        let err = Given::parse("\u{e9}\u{a0}rounds >", &model).unwrap_err();
        assert!(err.problems()[0].message.starts_with("in --given, column 1:"), "{err}");
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let model = baseline();
        let ok = format!("{}signed{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        parse(&ok, &model);
        for text in [
            format!("{}signed{}", "(".repeat(450), ")".repeat(450)),
            format!("{}signed", "not ".repeat(200)),
            format!("{}signed", "!".repeat(900)),
        ] {
            let err = Given::parse(&text, &model).unwrap_err().to_string();
            assert!(err.contains("nests more than 64"), "{err}");
            assert!(err.contains("column 65") || err.contains("column 257"), "{err}");
        }
    }
}
