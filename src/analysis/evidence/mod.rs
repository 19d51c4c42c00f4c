//! Conditioning on evidence: the expression language of `--given`.
//!
//! A run's outcome distribution answers "how likely is each future?". Once
//! something has been observed (no ceasefire by June, three US-Russia
//! meetings so far, an energy truce that held), the better question is "how
//! likely is each future, *given* what we have seen?". `negsim run --given
//! 'EXPR'` answers it: every trial is played as usual, and only those for
//! which EXPR holds are counted. The result is the conditional
//! distribution, estimated by rejection; its intervals widen as the
//! evidence gets rarer.
//!
//! The module is in three parts: `lexer` cuts the text into tokens with
//! byte spans; `parser` reads them by recursive descent into a checked
//! expression, resolving names against the model (move and driver ids,
//! outcome ids, formats, dates within the scenario's span); `eval` holds
//! the [`Watch`], an engine [`Observer`](crate::engine::Observer) that records during a trial the few
//! figures the expression needs that the [`Trial`] does not hold, and the
//! test of a finished trial ([`Given::matches`]). Parsing allocates;
//! recording and evaluating never do.
//!
//! The parser is hand-written. A parser-combinator crate (winnow, chumsky)
//! would shorten the grammar, which is the small part: most of the code is
//! the advice in the errors, which depends on what came before (the
//! operand's text in a type error, `not rounds > 3` rewritten with
//! parentheses, did-you-mean over the model's ids, the forms a function
//! still accepts after its first arguments), and each such message would
//! need a custom error type and context hooks in a combinator crate just
//! the same. Hand-written, the first problem reported is always the
//! leftmost, and no dependency is added.
//!
//! Errors are [`InputError`]s rendered like every other input error: the
//! expression is a pseudo-file named `--given` in a
//! [`SourceMap`](crate::model::source::SourceMap), so an error reads
//!
//! ```text
//! error: expected a number after `>`, found `and`
//!   ┌─ --given:1:12
//!   │
//! 1 │ meetings > and signed
//!   │            ^^^
//!   │
//!   = help: write a number (`3`, `1.5`) or a figure such as `meetings`
//! ```
//!
//! # The `--given` language
//!
//! An expression is a condition on one trial. Names are case-sensitive
//! (all lowercase). Whitespace is free around operators and parentheses
//! (`meetings>3&&!signed` is fine); names, numbers and the word operators
//! are separated by it.
//!
//! ```text
//! not signed_before(2026-01-01) and meetings(us_ru, start, 2025-12-31) >= 3
//! in_force_on(2026-06-30) or (signed and terms <= 0.5)
//! uses(us_ultimatum, 2025-12-31) >= 1 && hours(1) < 4 && format(1) == us_ru
//! outcome != mutual-exhaustion and longest_truce > 72
//! ```
//!
//! **Operators**, from the tightest to the loosest binding:
//!
//! | operator | meaning |
//! |---|---|
//! | `not`, `!` | negation of the condition right after it |
//! | `==`, `!=`, `<`, `<=`, `>`, `>=` | comparison (they do not chain: write `1 < meetings and meetings < 5`) |
//! | `and`, `&&` | both |
//! | `or`, `\|\|` | either |
//!
//! Parentheses group. Because `not` binds tightest, `not meetings > 3` is
//! refused: write `not (meetings > 3)`. Numbers are written as digits with
//! an optional decimal point (`3`, `1.5`); `true` and `false` are
//! conditions (`true` holds for every trial). A condition can be compared
//! with another (`signed == in_force`), a number with a number, a date with
//! a date; nothing else compares (a condition is never compared with a
//! number: write `signed`, not `signed == 1`).
//!
//! **Dates** are written `YYYY-MM-DD` and must exist and fall within the
//! scenario's span, from `simulation.start` to `simulation.horizon`; `start`
//! and `horizon` name those two days. Every meeting and event falls on a
//! date (the engine counts days from the start; the start date is day 0).
//! Outcomes are read on the horizon date, and nothing happens on it.
//!
//! **Conditions** (true or false):
//!
//! | name | holds when |
//! |---|---|
//! | `signed` | a ceasefire was signed (by the horizon) |
//! | `in_force` | a ceasefire is in force on the horizon date |
//! | `collapsed` | a ceasefire collapsed |
//! | `above_red_line` | the last ceasefire's terms exceed Ukraine's red line |
//! | `reversed` | a draft agreement was reversed at least once |
//! | `us_left` | the US walked away |
//! | `mobilised` | Russia mobilised fully |
//! | `hybrid` | escalation reached the hybrid-war level |
//! | `signed_before(DATE)` | the first ceasefire was signed on or before DATE |
//! | `in_force_on(DATE)` | a ceasefire was in force at the end of DATE: signed on or before it and not collapsed by then (`in_force_on(horizon)` is `in_force`) |
//!
//! **Numbers**:
//!
//! | name | value |
//! |---|---|
//! | `outcome` | the outcome, 1 to 7 (table order) |
//! | `rule` | the rule that named the outcome, from 1, in the scenario's order |
//! | `meetings` | meetings held, all formats |
//! | `ceasefires` | ceasefires signed |
//! | `reversals` | drafts reversed |
//! | `truces` | truces declared |
//! | `shocks` | shocks elsewhere |
//! | `deadlines` | deadlines the US set |
//! | `hours` | hours of talks, all meetings together |
//! | `terms` | the last signed ceasefire's terms, 0 to 1 (*) |
//! | `days_in_force` | days under a signed ceasefire, in all |
//! | `escalation_peak` | the highest escalation reached |
//! | `longest_truce` | hours the longest truce held (0 if none) |
//! | `signed_day`, `collapsed_day`, `us_left_day`, `mobilised_day` | days from the start to the first signing, the first collapse, the US walking away, full mobilisation (*) |
//! | `meetings(FORMAT)` | meetings of a format |
//! | `meetings(FORMAT, FROM, TO)` | meetings of a format held from FROM to TO, both dates included |
//! | `meetings(FROM, TO)` | meetings of any format held from FROM to TO |
//! | `hours(N)` | hours of meeting N (*) |
//! | `hours(FORMAT)` | hours of talks of a format |
//! | `uses(MOVE)` | times the move happened, at meetings or monthly |
//! | `uses(MOVE, DATE)` | times it happened on or before DATE (`uses(m, horizon)` is `uses(m)`) |
//! | `truces(KIND)` | truces of a kind declared |
//! | `truces(KIND, FROM, TO)` | truces of a kind declared from FROM to TO, both dates included |
//! | `driver(ID)` | the driver's value in the trial |
//!
//! **Dates** (compare only with dates):
//!
//! | name | value |
//! |---|---|
//! | `signed_date`, `collapsed_date`, `us_left_date`, `mobilised_date` | the date of the first signing, the first collapse, the US walking away, full mobilisation (*) |
//! | `start`, `horizon` | the scenario's first and last days |
//! | `2026-06-30` | that date |
//!
//! **The format of a meeting**: `format(N)` compares, with `==` or `!=`
//! only, with a format key (`format(1) == us_ru`) (*).
//!
//! FORMAT is a meeting format: `us_ua`, `us_ru`, `ru_ua`, `trilateral`.
//! KIND is a kind of truce: `holiday`, `energy`. MOVE is a move (tactic)
//! id of the scenario (`time_exhaustion`), ID a driver id (`us_resolve`).
//! N is a meeting number, from 1 to [`MAX_MEETINGS`](crate::model::MAX_MEETINGS).
//! `outcome` also compares with an outcome id, on the right of `==` or
//! `!=`: `outcome == durable-peace`.
//!
//! (*) Some figures do not exist in every trial: `terms` when no ceasefire
//! was signed; the `_day` and `_date` figures when the thing did not
//! happen; `hours(N)` and `format(N)` when fewer than N meetings were held.
//! **Every comparison with a missing figure is false**, `!=` included: in
//! a trial with no signature both `signed_date <= 2026-06-30` and
//! `signed_day != 10` are false, while `not (signed_day == 10)` is true.
//!
//! An expression has at most 1000 characters and nests parentheses and
//! `not` at most 64 deep.
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
//! primary    = number | date | "true" | "false" | name | call | "(" expr ")" ;
//! call       = name "(" argument { "," argument } ")" ;
//! argument   = name | integer | date ;
//! number     = digit { digit } [ "." digit { digit } ] ;
//! integer    = digit { digit } ;
//! date       = digit digit digit digit "-" digit digit "-" digit digit ;
//! ```
//!
//! The calls and their arguments are those in the tables above; a `name`
//! alone is a condition, number or date of the tables, `start`,
//! `horizon`, an outcome id or a format key.

mod eval;
mod lexer;
mod parser;

#[cfg(test)]
mod tests;

pub use eval::Watch;

use crate::engine::Trial;
use crate::model::error::Diagnostics;
use crate::model::source::SourceMap;
use crate::model::{InputError, Model};
use eval::{Cond, Probes};

/// Longest expression accepted, in characters.
pub const MAX_LEN: usize = 1000;

/// Deepest nesting of parentheses and `not` accepted.
pub const MAX_DEPTH: usize = 64;

/// The name errors give the expression's pseudo-file.
pub const GIVEN_FILE: &str = "--given";

/// A parsed, checked `--given` expression.
///
/// ```
/// use negsim::analysis::evidence::Given;
/// use negsim::engine::{keyed, play_indexed};
/// use negsim::model::Model;
///
/// let model = Model::baseline().unwrap();
/// let given = Given::parse("meetings(us_ru) >= 2 and not signed_before(2026-01-01)", &model).unwrap();
/// let key = keyed(7);
/// let mut watch = given.watch();
/// let kept = (0..1000).filter(|&i| {
///     let trial = play_indexed(&model, key, i, &mut watch);
///     given.matches(&trial, &watch)
/// });
/// assert!(kept.count() > 0);
/// ```
#[derive(Clone, Debug)]
pub struct Given {
    text: String,
    cond: Cond,
    probes: Probes,
}

impl Given {
    /// Parses `text` and resolves its names (move, driver and outcome ids,
    /// formats, dates, meeting numbers) against `model`.
    pub fn parse(text: &str, model: &Model) -> Result<Given, InputError> {
        if let Some((at, _)) = text.char_indices().nth(MAX_LEN) {
            let chars = text.chars().count();
            let mut sources = SourceMap::new();
            let id = sources.add(GIVEN_FILE.to_string(), text.to_string(), None);
            let mut report = Diagnostics::default();
            report.plain(
                Some(sources.describe(sources.offset(id) + at)),
                format!("the expression is {chars} characters long, more than the {MAX_LEN} allowed"),
                "condition on fewer things at once; `--given` is meant for a few observed facts",
            );
            return Err(report.into_error(&sources));
        }
        match parser::parse(text, model) {
            Ok(parsed) => Ok(Given { text: text.trim().to_string(), cond: parsed.cond, probes: parsed.probes }),
            Err(fault) => {
                let mut sources = SourceMap::new();
                let id = sources.add(GIVEN_FILE.to_string(), text.to_string(), None);
                let base = sources.offset(id);
                let mut report = Diagnostics::default();
                report.at(base + fault.span.start..base + fault.span.end, fault.message, fault.help);
                Err(report.into_error(&sources))
            }
        }
    }

    /// The expression as the user wrote it (trimmed).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the expression reads figures the trial does not hold
    /// (`hours(N)`, `format(N)`, `meetings` between dates, `uses(MOVE,
    /// DATE)`, `in_force_on(DATE)`). When it does not, [`Given::matches`]
    /// reads the trial alone, and the engine need not be given the
    /// [`Watch`].
    pub fn needs_watch(&self) -> bool {
        !self.probes.is_empty()
    }

    /// A fresh recorder for one block of trials. It allocates here, once;
    /// recording a trial never does, and it resets itself when a trial
    /// starts.
    pub fn watch(&self) -> Watch {
        Watch::new(&self.probes)
    }

    /// Whether a finished trial matches, given what its [`Watch`] recorded
    /// (the watch must come from this expression's [`Given::watch`] and
    /// have observed the trial as its
    /// [`Observer`](crate::engine::Observer)). No allocation.
    pub fn matches(&self, trial: &Trial, watch: &Watch) -> bool {
        self.cond.holds(trial, watch)
    }
}
