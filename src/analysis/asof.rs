//! `--as-of DATE`: the forecast from a date, given what had happened by
//! then.
//!
//! A trial starts on the scenario's start date (the record's first day,
//! 13 June 2025) and plays to the horizon as always. Trials whose path up to
//! DATE contradicts the dated record (`seeds/events.toml`) get no weight;
//! the others are the forecast from DATE. This is likelihood-free rejection
//! (approximate Bayesian computation) with stated tolerances: every kept
//! trial has the same weight, so the effective sample size is the number
//! kept, and a run refuses to answer when it keeps too few.
//!
//! The conditions are a `--given` expression written from the record, so
//! that what is conditioned on is visible, can be copied, and is checked by
//! the same code as any other expression:
//!
//! * **No comprehensive ceasefire** was signed by DATE (the record's fact
//!   `no-comprehensive-ceasefire`): exact.
//! * **Meetings by format**, counted from the start to DATE: each of US-
//!   Ukraine, US-Russia, Russia-Ukraine and trilateral within a tolerance of
//!   `1 + round(n / 3)` of the record's count `n` (about a third of the
//!   count, and at least one: a meeting more or less is within what the
//!   reports disagree on, and the model's meeting process is not meant to
//!   reproduce a count exactly). Meetings of formats the model does not
//!   have (Normandy) are not counted.
//! * **The US still mediating**: the US did not walk away before the last
//!   US meeting of the record up to DATE (it met one side or both then).
//! * **Truces by kind** (holiday truces Russia declared, energy pauses),
//!   counted from the start to DATE, within one of the record's count.
//!   Other kinds of the record (a maritime truce that never took effect) are
//!   not in the model and not conditioned on.
//!
//! Not conditioned on: meeting lengths, the drafts and proposals of the
//! record, and anything the model has no variable for.

use super::evidence::Given;
use crate::model::date::Date;
use crate::model::record::Record;
use crate::model::{Format, InputError, Model};
use crate::results::{AsOfCondition, AsOfReport};

/// The fewest trials a forecast may rest on unless `--min-ess` says
/// otherwise.
pub const MIN_ESS: u64 = 1000;

/// Trials kept by default: the forecast's intervals are then within about
/// one percentage point.
pub const DEFAULT_ACCEPTED: u64 = 10_000;

/// Default cap on trials drawn for `--as-of`.
pub const DEFAULT_CAP: u64 = 5_000_000;

/// One condition the record puts on a trial.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// What it says, in words.
    pub what: String,
    /// The same as a `--given` expression.
    pub expression: String,
    /// Where it comes from in the record (ids of items, or a fact).
    pub source: String,
}

/// The conditions of `--as-of DATE` for a model, ready to run.
#[derive(Clone, Debug)]
pub struct AsOf {
    /// The date.
    pub date: Date,
    /// The record's last day.
    pub record_end: Date,
    /// The conditions, in order.
    pub conditions: Vec<Condition>,
    /// All of them as one expression, parsed.
    pub given: Given,
}

/// The tolerance on a count of `n` meetings.
pub fn meeting_tolerance(n: u32) -> u32 {
    1 + (f64::from(n) / 3.0).round() as u32
}

/// The conditions the record puts on trials of `model` as of `date`;
/// refused when the date or the scenario does not fit the record.
pub fn plan(model: &Model, record: &Record, date: Date) -> Result<AsOf, InputError> {
    let s = &model.settings;
    if s.start != record.start {
        return Err(InputError::plain(
            format!(
                "--as-of conditions on the record, which starts on {}, but this scenario starts on {}",
                record.start, s.start
            ),
            format!("use a scenario that starts on {} (the baseline does)", record.start),
        ));
    }
    if date < record.start || date > record.end {
        return Err(InputError::plain(
            format!("--as-of {date} is outside the record, which runs from {} to {}", record.start, record.end),
            format!(
                "give a date from {} to {}; later events are held out on purpose, to test forecasts",
                record.start, record.end
            ),
        ));
    }
    if date >= s.horizon {
        return Err(InputError::plain(
            format!("--as-of {date} is not before the scenario's horizon, {}", s.horizon),
            "give an earlier date, or a later simulation.horizon",
        ));
    }
    let mut conditions = Vec::new();
    let fact = record.facts.iter().find(|f| f.id == "no-comprehensive-ceasefire" && f.as_of >= date);
    if let Some(f) = fact {
        conditions.push(Condition {
            what: format!("no comprehensive ceasefire signed by {date}"),
            expression: format!("not signed_before({date})"),
            source: format!("fact {}", f.id),
        });
    }
    let held: Vec<_> = record.meetings.iter().filter(|m| m.in_window && m.start <= date).collect();
    for f in Format::ALL {
        let ids: Vec<&str> = held.iter().filter(|m| m.format == Some(f)).map(|m| m.id.as_str()).collect();
        let n = ids.len() as u32;
        let tol = meeting_tolerance(n);
        let (lo, hi) = (n.saturating_sub(tol), n + tol);
        let count = format!("meetings({}, start, {date})", f.key());
        let expression =
            if lo == 0 { format!("{count} <= {hi}") } else { format!("{count} >= {lo} and {count} <= {hi}") };
        conditions.push(Condition {
            what: format!("{n} {} meeting{} by {date}, give or take {tol}", f.label(), if n == 1 { "" } else { "s" }),
            expression,
            source: if ids.is_empty() { "no meeting of the record".to_string() } else { ids.join(", ") },
        });
    }
    let us_formats = [Format::UsUa, Format::UsRu, Format::Trilateral];
    if let Some(last) =
        held.iter().filter(|m| m.format.is_some_and(|f| us_formats.contains(&f))).max_by_key(|m| m.start)
    {
        conditions.push(Condition {
            what: format!("the US still mediating on {} (its last meeting of the record by {date})", last.start),
            expression: format!("not (us_left_date < {})", last.start),
            source: last.id.clone(),
        });
    }
    for (kind, label) in [("holiday", "holiday truce"), ("energy", "energy pause")] {
        let ids: Vec<&str> = record
            .truces
            .iter()
            .filter(|t| t.in_window && t.kind == kind && t.start <= date)
            .map(|t| t.id.as_str())
            .collect();
        let n = ids.len() as u32;
        let count = format!("truces({kind}, start, {date})");
        let expression = if n <= 1 {
            format!("{count} <= {}", n + 1)
        } else {
            format!("{count} >= {} and {count} <= {}", n - 1, n + 1)
        };
        conditions.push(Condition {
            what: format!("{n} {label}{} declared by {date}, give or take 1", if n == 1 { "" } else { "s" }),
            expression,
            source: if ids.is_empty() { format!("no {label} of the record") } else { ids.join(", ") },
        });
    }
    let text = conditions.iter().map(|c| format!("({})", c.expression)).collect::<Vec<_>>().join(" and ");
    let given = Given::parse(&text, model)?;
    Ok(AsOf { date, record_end: record.end, conditions, given })
}

impl AsOf {
    /// The `as_of` section of a report: the date, the conditions with their
    /// sources, and how many trials agreed with the record. One function,
    /// so `negsim run --as-of` and `negsim serve` report it alike.
    pub fn report(&self, kept: u64, min_ess: u64) -> AsOfReport {
        AsOfReport {
            date: self.date.to_string(),
            record_end: self.record_end.to_string(),
            method: "rejection: trials that contradict the record up to the date are dropped (stated tolerances)",
            conditions: self
                .conditions
                .iter()
                .map(|k| AsOfCondition {
                    what: k.what.clone(),
                    expression: k.expression.clone(),
                    source: k.source.clone(),
                })
                .collect(),
            effective_sample_size: kept,
            min_effective_sample_size: min_ess,
        }
    }

    /// Refuses a forecast on fewer than `min_ess` trials that agree with the
    /// record: its intervals would be too wide to mean anything.
    pub fn check_kept(&self, model: &Model, kept: u64, drawn: u64, min_ess: u64) -> Result<(), InputError> {
        if kept >= min_ess {
            return Ok(());
        }
        Err(InputError::plain(
            format!(
                "--as-of {}: only {kept} of {drawn} trials of `{}` agree with the record (effective sample \
                 size {kept}, fewer than {min_ess}): a forecast on so few trials is not to be trusted",
                self.date, model.name
            ),
            "raise the cap with --trials N (more trials drawn), or lower --min-ess if you accept wide intervals",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baseline() -> Model {
        Model::baseline().unwrap()
    }

    #[test]
    fn the_conditions_follow_the_record_up_to_the_date() {
        let record = Record::embedded().unwrap();
        let model = baseline();
        let end = plan(&model, &record, record.end).unwrap();
        // The record's counts in the window (seeds/events.toml): 13 US-
        // Ukraine, 9 US-Russia, 1 Russia-Ukraine and 3 trilateral meetings.
        let exprs: Vec<&str> = end.conditions.iter().map(|c| c.expression.as_str()).collect();
        assert!(
            exprs.contains(&"meetings(us_ua, start, 2026-02-28) >= 8 and meetings(us_ua, start, 2026-02-28) <= 18")
        );
        assert!(
            exprs.contains(&"meetings(us_ru, start, 2026-02-28) >= 5 and meetings(us_ru, start, 2026-02-28) <= 13")
        );
        assert!(exprs.contains(&"meetings(ru_ua, start, 2026-02-28) <= 2"));
        assert!(exprs.contains(&"not signed_before(2026-02-28)"));
        // Earlier, fewer meetings: none of the trilateral rounds (2026) yet.
        let autumn = plan(&model, &record, Date::parse("2025-10-01").unwrap()).unwrap();
        let tri = autumn.conditions.iter().find(|c| c.expression.contains("trilateral")).unwrap();
        assert_eq!(tri.expression, "meetings(trilateral, start, 2025-10-01) <= 1");
        assert!(autumn.given.text().len() < end.given.text().len() + 40);
    }

    #[test]
    fn dates_outside_the_record_and_other_starts_are_refused() {
        let record = Record::embedded().unwrap();
        let model = baseline();
        for bad in ["2025-06-12", "2026-03-01", "2027-01-01"] {
            let err = plan(&model, &record, Date::parse(bad).unwrap()).unwrap_err();
            assert!(err.to_string().contains("outside the record"), "{err}");
        }
        let mut moved = model.clone();
        moved.settings.start = Date::parse("2025-07-01").unwrap();
        assert!(plan(&moved, &record, record.end).unwrap_err().to_string().contains("starts on"));
    }

    #[test]
    fn tolerances_grow_with_the_count() {
        assert_eq!([0, 1, 3, 9, 13, 30].map(meeting_tolerance), [1, 1, 2, 4, 5, 11]);
    }
}
