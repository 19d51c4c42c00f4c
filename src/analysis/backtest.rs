//! `negsim backtest`: the model's forecasts from past dates, scored
//! against what happened, beside the forecasts people published at the time
//! and beside a naive base rate.
//!
//! For each forecast date D (default: the first of each month from July
//! 2025 to February 2026) the model is conditioned on the record up to D
//! (`--as-of D`, [`super::asof`]), and each published question that had not
//! resolved by D, and resolved by the record's end, gets the model's
//! probability: the share of the kept trials in which the first ceasefire
//! was signed in the question's window. Questions are taken from the
//! forecasts file (`seeds/forecasts.toml`): one question per kind and dates,
//! whatever the platforms that asked it.
//!
//! Beside the model:
//!
//! * **the platforms**: a platform's forecast of the same question counts
//!   for date D when it was observed in the 31 days up to D (a month: the
//!   monthly forecast dates are a month apart);
//! * **a naive base rate**: a constant hazard of a comprehensive ceasefire
//!   equal to the rate of the war so far, two (Minsk I, September 2014, and
//!   Minsk II, February 2015; `seeds/events.toml`, history) in the 11.2
//!   years from the war's start in the Donbas (7 April 2014) to the record's
//!   start (13 June 2025): 0.18 a year.
//!
//! Scores (lower is better): the Brier score `(p - o)^2` and the log loss
//! `-ln(p)` for a question that resolved yes, `-ln(1 - p)` for no, with `p`
//! kept within [0.001, 0.999] so that one confident miss does not make the
//! mean infinite. A platform is scored only on the (question, date) pairs
//! where it has a forecast, with the model and the base rate scored on the
//! same pairs beside it.

use super::Runner;
use super::asof;
use crate::model::date::Date;
use crate::model::record::{Forecast, ForecastKind, Record};
use crate::model::{InputError, Model};
use crate::results::{
    Backtest, BacktestOpen, BacktestPair, BacktestQuestion, CalibrationBin, ForecasterScore, PlatformForecast,
};

/// Comprehensive ceasefires of the war before the record (Minsk I and II;
/// `seeds/events.toml`, history `minsk-i-2014` and `minsk-ii-2015`).
pub const BASE_CEASEFIRES: f64 = 2.0;
/// The war's first day in the Donbas, from which the base rate counts.
pub const WAR_START: &str = "2014-04-07";
/// A platform's forecast counts for a date when observed this many days
/// before it, or fewer.
pub const STALE_DAYS: i32 = 31;
/// Probabilities are kept within this far from 0 and 1 in the log loss.
pub const LOG_FLOOR: f64 = 0.001;
/// Trials kept per forecast date by default.
pub const DEFAULT_ACCEPTED: u64 = 5000;

/// The default forecast dates: the first of each month, July 2025 to
/// February 2026.
pub fn default_dates() -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = Date::from_ymd(2025, 7, 1);
    while let Some(day) = d {
        if day > Date::from_ymd(2026, 2, 1).unwrap_or(day) {
            break;
        }
        out.push(day);
        d = Some(day.first_of_next_month());
    }
    out
}

/// The base rate's hazard per day.
fn base_hazard(record_start: Date) -> f64 {
    let years = Date::parse(WAR_START).map_or(11.2, |w| f64::from(record_start.days_after(w)) / 365.25);
    BASE_CEASEFIRES / years / 365.25
}

/// A question's window of signing days, `from` to `by`, both included.
fn window(kind: ForecastKind) -> Option<(Option<Date>, Date)> {
    match kind {
        ForecastKind::CeasefireBy { by } => Some((None, by)),
        ForecastKind::CeasefireInWindow { from, by } => Some((Some(from), by)),
        _ => None,
    }
}

/// The question's text, in the model's terms.
fn label(kind: ForecastKind) -> String {
    match kind {
        ForecastKind::CeasefireBy { by } => format!("ceasefire signed by {by}"),
        ForecastKind::CeasefireInWindow { from, by } => format!("first ceasefire signed from {from} to {by}"),
        ForecastKind::LastsUnder { days } => format!("a ceasefire lasts under {days} days"),
        ForecastKind::Other => "other".into(),
    }
}

/// Share of kept trials whose first signing falls in the window.
fn model_probability(t: &crate::stats::Tally, model: &Model, from: Option<Date>, by: Date) -> f64 {
    let start = model.settings.start;
    let day = |d: Date| d.days_after(start).max(0) as usize;
    let lo = from.map_or(0, day);
    let hi = day(by);
    let k: u64 = t.signed_day.counts().iter().enumerate().filter(|(d, _)| *d >= lo && *d <= hi).map(|(_, c)| c).sum();
    crate::results::share(k, t.trials)
}

/// The base rate of a question from date `d`, no ceasefire having come
/// before `d`.
fn base_probability(hazard: f64, d: Date, from: Option<Date>, by: Date) -> f64 {
    let until = |x: Date| f64::from(x.days_after(d).max(-1) + 1);
    let start = from.map_or(0.0, |f| f64::from(f.days_after(d).max(0)));
    (-hazard * start).exp() - (-hazard * until(by)).exp()
}

fn brier(p: f64, yes: bool) -> f64 {
    (p - f64::from(u8::from(yes))).powi(2)
}

fn log_loss(p: f64, yes: bool) -> f64 {
    let p = p.clamp(LOG_FLOOR, 1.0 - LOG_FLOOR);
    -(if yes { p } else { 1.0 - p }).ln()
}

/// One question of the forecasts file, with the platforms that asked it.
struct Asked<'f> {
    kind: ForecastKind,
    from: Option<Date>,
    by: Date,
    outcome: Option<bool>,
    forecasts: Vec<&'f Forecast>,
}

/// Plays the backtest; `None` if cancelled.
pub fn backtest(
    model: &Model,
    record: &Record,
    forecasts: &[Forecast],
    dates: &[Date],
    runner: &Runner<'_>,
    accepted: u64,
    min_ess: u64,
) -> Result<Option<Backtest>, InputError> {
    if dates.is_empty() {
        return Err(InputError::plain("--dates lists no date", "give dates as YYYY-MM-DD,YYYY-MM-DD,..."));
    }
    // The questions: one per kind and window.
    let mut asked: Vec<Asked<'_>> = Vec::new();
    for f in forecasts {
        let Some((from, by)) = window(f.kind) else { continue };
        match asked.iter_mut().find(|q| q.kind == f.kind) {
            Some(q) => q.forecasts.push(f),
            None => asked.push(Asked { kind: f.kind, from, by, outcome: f.outcome, forecasts: vec![f] }),
        }
    }
    let hazard = base_hazard(record.start);
    let horizon = model.settings.horizon;
    let mut pairs = Vec::new();
    let mut per_date = Vec::new();
    // The last date is the record's end, for the open questions.
    let mut all_dates = dates.to_vec();
    all_dates.push(record.end);
    let mut open_probabilities = Vec::new();
    for (i, &d) in all_dates.iter().enumerate() {
        let plan = asof::plan(model, record, d)?;
        let Some((t, _)) = runner.given(model, &plan.given, Some(accepted)) else { return Ok(None) };
        let kept = t.accepted.trials;
        if kept < min_ess {
            return Err(InputError::plain(
                format!(
                    "backtest as of {d}: only {kept} of {} trials agree with the record (effective sample size {kept}, fewer than {min_ess})",
                    t.all.trials
                ),
                "raise the cap with --trials N, or lower --min-ess if you accept wide intervals",
            ));
        }
        let last = i == all_dates.len() - 1;
        if !last {
            per_date.push((d, kept, t.all.trials));
        }
        for (qi, q) in asked.iter().enumerate() {
            if q.by < d || q.by > horizon {
                continue;
            }
            let p = model_probability(&t.accepted, model, q.from, q.by);
            let resolved = q.outcome.is_some() && q.by <= record.end;
            if last {
                if !resolved {
                    open_probabilities.push((qi, p));
                }
                continue;
            }
            let Some(yes) = q.outcome.filter(|_| resolved) else { continue };
            let platforms: Vec<PlatformForecast> = q
                .forecasts
                .iter()
                .filter(|f| f.observed <= d && d.days_after(f.observed) <= STALE_DAYS)
                .map(|f| PlatformForecast {
                    platform: f.platform.clone(),
                    id: f.id.clone(),
                    observed: f.observed.to_string(),
                    probability: f.probability,
                })
                .collect();
            pairs.push(BacktestPair {
                question: qi,
                date: d.to_string(),
                outcome: yes,
                model: p,
                base_rate: base_probability(hazard, d, q.from, q.by),
                platforms,
            });
        }
    }
    // Scores.
    let score = |who: &str, ps: &[(f64, bool)], model_ps: &[(f64, bool)], base_ps: &[(f64, bool)]| {
        let mean = |xs: &[(f64, bool)], f: fn(f64, bool) -> f64| {
            (!xs.is_empty()).then(|| xs.iter().map(|&(p, o)| f(p, o)).sum::<f64>() / xs.len() as f64)
        };
        ForecasterScore {
            forecaster: who.to_string(),
            pairs: ps.len(),
            brier: mean(ps, brier),
            log_loss: mean(ps, log_loss),
            model_brier: mean(model_ps, brier),
            model_log_loss: mean(model_ps, log_loss),
            base_rate_brier: mean(base_ps, brier),
            base_rate_log_loss: mean(base_ps, log_loss),
        }
    };
    let model_all: Vec<(f64, bool)> = pairs.iter().map(|p| (p.model, p.outcome)).collect();
    let base_all: Vec<(f64, bool)> = pairs.iter().map(|p| (p.base_rate, p.outcome)).collect();
    let mut scores =
        vec![score("model", &model_all, &model_all, &base_all), score("base rate", &base_all, &model_all, &base_all)];
    let mut platforms: Vec<String> =
        pairs.iter().flat_map(|p| p.platforms.iter().map(|f| f.platform.clone())).collect();
    platforms.sort();
    platforms.dedup();
    for name in platforms {
        let mut own = Vec::new();
        let mut m = Vec::new();
        let mut b = Vec::new();
        for p in &pairs {
            // The most recent forecast of that platform for the pair.
            if let Some(f) =
                p.platforms.iter().filter(|f| f.platform == name).max_by(|x, y| x.observed.cmp(&y.observed))
            {
                own.push((f.probability, p.outcome));
                m.push((p.model, p.outcome));
                b.push((p.base_rate, p.outcome));
            }
        }
        scores.push(score(&name, &own, &m, &b));
    }
    // Calibration of the model.
    let edges = [0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0000001];
    let calibration = edges
        .windows(2)
        .map(|w| {
            let inside: Vec<&BacktestPair> = pairs.iter().filter(|p| p.model >= w[0] && p.model < w[1]).collect();
            let n = inside.len();
            CalibrationBin {
                low: w[0],
                high: w[1].min(1.0),
                pairs: n,
                mean_forecast: (n > 0).then(|| inside.iter().map(|p| p.model).sum::<f64>() / n as f64),
                observed: (n > 0).then(|| inside.iter().filter(|p| p.outcome).count() as f64 / n as f64),
            }
        })
        .collect();
    let questions = asked
        .iter()
        .map(|q| BacktestQuestion {
            label: label(q.kind),
            from: q.from.map(|d| d.to_string()),
            by: q.by.to_string(),
            outcome: match q.outcome {
                Some(true) => "yes",
                Some(false) => "no",
                None => "open",
            },
            asked_by: q.forecasts.iter().map(|f| f.id.clone()).collect(),
        })
        .collect();
    let open = open_probabilities
        .into_iter()
        .map(|(qi, p)| {
            let latest = asked[qi].forecasts.iter().max_by(|x, y| x.observed.cmp(&y.observed));
            BacktestOpen {
                question: qi,
                as_of: record.end.to_string(),
                model: p,
                latest: latest.map(|f| PlatformForecast {
                    platform: f.platform.clone(),
                    id: f.id.clone(),
                    observed: f.observed.to_string(),
                    probability: f.probability,
                }),
            }
        })
        .collect();
    let beyond: Vec<String> = asked.iter().filter(|q| q.by > horizon).map(|q| label(q.kind)).collect();
    Ok(Some(Backtest {
        negsim: env!("CARGO_PKG_VERSION"),
        scenario: model.name.clone(),
        seed: runner.seed,
        accepted_per_date: accepted,
        dates: per_date
            .iter()
            .map(|(d, kept, drawn)| crate::results::BacktestDate { date: d.to_string(), kept: *kept, drawn: *drawn })
            .collect(),
        base_rate_per_year: hazard * 365.25,
        questions,
        pairs,
        scores,
        calibration,
        open,
        beyond_horizon: beyond,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_dates_are_the_first_of_each_month_july_to_february() {
        let d: Vec<String> = default_dates().iter().map(Date::to_string).collect();
        assert_eq!(d.first().map(String::as_str), Some("2025-07-01"));
        assert_eq!(d.last().map(String::as_str), Some("2026-02-01"));
        assert_eq!(d.len(), 8);
    }

    #[test]
    fn the_base_rate_is_two_ceasefires_in_the_war_so_far() {
        let record = Record::embedded().unwrap();
        // Its two ceasefires are in the record's history.
        for id in ["minsk-i-2014", "minsk-ii-2015"] {
            assert!(record.history.iter().any(|h| h.id == id), "{id}");
        }
        let per_year = base_hazard(record.start) * 365.25;
        assert!((per_year - 2.0 / 11.18).abs() < 0.01, "{per_year}");
        // A year from a date: 1 - exp(-0.179) = 16.4 %.
        let d = Date::parse("2025-07-01").unwrap();
        let p = base_probability(base_hazard(record.start), d, None, Date::parse("2026-06-30").unwrap());
        assert!((p - 0.164).abs() < 0.002, "{p}");
        // A window that starts later gets less.
        let later = base_probability(
            base_hazard(record.start),
            d,
            Date::parse("2026-01-01"),
            Date::parse("2026-06-30").unwrap(),
        );
        assert!(later < p / 2.0 + 0.01 && later > 0.0, "{later}");
    }

    #[test]
    fn scores_are_the_textbook_ones() {
        assert_eq!(brier(0.2, false), 0.04000000000000001);
        assert_eq!(brier(0.2, true), 0.6400000000000001);
        assert!((log_loss(0.2, false) - 0.2231435513142097).abs() < 1e-12);
        assert!((log_loss(0.0, true) - -(LOG_FLOOR.ln())).abs() < 1e-12, "kept off zero");
    }
}
