//! `negsim check-history`: hold the model against what happened.
//!
//! Each figure of `seeds/history.toml` is placed in the model's
//! distribution of the same quantity:
//!
//! * a meeting's length, against the hours of every round of talks the
//!   model plays (a histogram at one-minute resolution);
//! * how long a truce held, against how long the model's signed ceasefires
//!   hold. The model follows a ceasefire month by month; a violation in
//!   month `m` is taken to fall evenly within that month, which makes the
//!   survival curve continuous and lets a truce of hours be placed too;
//! * a forecast share of ceasefires lasting under a given number of days,
//!   against the model's share.
//!
//! A figure is "inside" when it lies within the model's central 90 % (its
//! 5th to 95th percentile); a forecast when the model's share lies within
//! the range the forecasters gave.

use super::Runner;
use crate::engine::{Observer, RoundRecord};
use crate::model::Model;
use crate::results::{FigureKind, HistoryCheck, HistoryRow};
use crate::seeds;
use crate::stats::Tally;

/// Average days in a month, for the model's monthly ceasefire clock.
pub const DAYS_PER_MONTH: f64 = 30.44;

/// Resolution and range of the meeting-length histogram.
const MINUTES: usize = 24 * 60;

/// Counts the minutes of every round of talks (meetings over a day count
/// in the last bin).
#[derive(Clone)]
pub struct MeetingLengths {
    minutes: Vec<u64>,
}

impl Default for MeetingLengths {
    fn default() -> Self {
        MeetingLengths { minutes: vec![0; MINUTES + 1] }
    }
}

impl Observer for MeetingLengths {
    fn round(&mut self, r: &RoundRecord) {
        let m = ((r.hours * 60.0).floor() as usize).min(MINUTES);
        self.minutes[m] += 1;
    }
}

impl std::ops::AddAssign<&MeetingLengths> for MeetingLengths {
    fn add_assign(&mut self, o: &MeetingLengths) {
        for (a, b) in self.minutes.iter_mut().zip(&o.minutes) {
            *a += b;
        }
    }
}

impl MeetingLengths {
    fn total(&self) -> u64 {
        self.minutes.iter().sum()
    }

    /// Share of meetings shorter than `hours` (linear within a minute).
    pub fn cdf(&self, hours: f64) -> f64 {
        let n = self.total();
        if n == 0 {
            return 0.0;
        }
        let x = (hours * 60.0).max(0.0);
        let whole = (x.floor() as usize).min(MINUTES);
        let below: u64 = self.minutes[..whole].iter().sum();
        let frac = if whole < MINUTES { (x - whole as f64) * self.minutes[whole] as f64 } else { 0.0 };
        (below as f64 + frac) / n as f64
    }

    /// The length (hours) below which a share `q` of meetings fall.
    pub fn quantile(&self, q: f64) -> f64 {
        let n = self.total() as f64;
        let mut acc = 0.0;
        for (m, &c) in self.minutes.iter().enumerate() {
            if c > 0 && acc + c as f64 >= q * n {
                return (m as f64 + (q * n - acc) / c as f64) / 60.0;
            }
            acc += c as f64;
        }
        MINUTES as f64 / 60.0
    }
}

/// The model's ceasefire survival, in days, from a run's tally.
pub struct Survival<'t> {
    tally: &'t Tally,
    horizon: u32,
}

impl<'t> Survival<'t> {
    /// From a run.
    pub fn new(tally: &'t Tally, horizon: u32) -> Survival<'t> {
        Survival { tally, horizon }
    }

    /// Signed ceasefires.
    pub fn signed(&self) -> u64 {
        self.tally.signed
    }

    /// Share of signed ceasefires violated within `days`.
    pub fn cdf(&self, days: f64) -> f64 {
        let n = self.tally.signed;
        if n == 0 {
            return 0.0;
        }
        let months = (days / DAYS_PER_MONTH).max(0.0);
        let counts = self.tally.months_held.counts();
        let whole = (months.floor() as usize).min(self.horizon as usize);
        // months_held = k < horizon: violated in month k + 1, so lasting
        // between k and k + 1 months; = horizon: held throughout.
        let below: u64 = counts[..whole].iter().sum();
        let frac = if whole < self.horizon as usize { (months - whole as f64) * counts[whole] as f64 } else { 0.0 };
        (below as f64 + frac) / n as f64
    }

    /// Days within which a share `q` of signed ceasefires are violated, or
    /// `None` beyond the horizon (the rest held throughout).
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let n = self.tally.signed as f64;
        let counts = self.tally.months_held.counts();
        let mut acc = 0.0;
        for (m, &c) in counts.iter().enumerate().take(self.horizon as usize) {
            if c > 0 && acc + c as f64 >= q * n {
                return Some((m as f64 + (q * n - acc) / c as f64) * DAYS_PER_MONTH);
            }
            acc += c as f64;
        }
        None
    }
}

/// Runs the model and places every figure of the history in it; `None` if
/// cancelled.
pub fn check(model: &Model, runner: &Runner<'_>) -> Option<HistoryCheck> {
    let (trials, seed) = (runner.trials, runner.seed);
    let run = runner.observed(model, MeetingLengths::default)?;
    let meetings = &run.observer;
    let survival = Survival::new(&run.tally, model.settings.horizon_months);
    let history = seeds::history();
    let mut rows = Vec::new();
    let central = |p: f64| (5.0..=95.0).contains(&p);
    for t in &history.talks {
        let percentile = 100.0 * meetings.cdf(t.hours);
        rows.push(HistoryRow {
            id: t.id.clone(),
            kind: FigureKind::Talks,
            what: t.what.clone(),
            observed: if t.low == t.high {
                format!("{} h", t.hours)
            } else {
                format!("{} h ({}-{} h)", t.hours, t.low, t.high)
            },
            value: t.hours,
            percentile: Some(percentile),
            model_value: None,
            range: [Some(meetings.quantile(0.05)), Some(meetings.quantile(0.95))],
            inside: central(percentile),
            source: t.source.clone(),
        });
    }
    for t in &history.truces {
        let signed = survival.signed() > 0;
        let percentile = 100.0 * survival.cdf(t.held_days);
        rows.push(HistoryRow {
            id: t.id.clone(),
            kind: FigureKind::Truce,
            what: format!("{} ({})", t.what, t.kind),
            observed: format!("held {} days ({}-{})", t.held_days, t.low, t.high),
            value: t.held_days,
            percentile: signed.then_some(percentile),
            model_value: None,
            range: [survival.quantile(0.05), survival.quantile(0.95)],
            inside: signed && central(percentile),
            source: t.source.clone(),
        });
    }
    for f in &history.forecasts {
        let model_share = survival.cdf(f.days);
        let lo = f.shares.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = f.shares.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let named: Vec<String> =
            f.platforms.iter().zip(&f.shares).map(|(p, s)| format!("{p} {:.0} %", 100.0 * s)).collect();
        rows.push(HistoryRow {
            id: f.id.clone(),
            kind: FigureKind::Forecast,
            what: format!("{} ({})", f.what, named.join(", ")),
            observed: format!("{:.0}-{:.0} % expect < {} days", 100.0 * lo, 100.0 * hi, f.days),
            value: f.shares.iter().sum::<f64>() / f.shares.len().max(1) as f64,
            percentile: None,
            model_value: Some(model_share),
            range: [Some(lo), Some(hi)],
            inside: survival.signed() > 0 && (lo..=hi).contains(&model_share),
            source: f.source.clone(),
        });
    }
    let counts = run.tally.months_held.counts();
    let n = run.tally.signed.max(1) as f64;
    let mut still = run.tally.signed as f64;
    let mut curve = Vec::with_capacity(counts.len());
    for (m, &c) in counts.iter().enumerate() {
        curve.push(still / n);
        if m < model.settings.horizon_months as usize {
            still -= c as f64;
        }
    }
    Some(HistoryCheck {
        negsim: env!("CARGO_PKG_VERSION"),
        scenario: model.name.clone(),
        file: model.origin.clone(),
        seed,
        trials,
        meetings: meetings.total(),
        signed: run.tally.signed,
        survival: curve,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_percentiles_interpolate_within_a_minute() {
        let mut m = MeetingLengths::default();
        m.minutes[60] = 10; // ten meetings of 60-61 minutes
        m.minutes[120] = 10; // ten of 120-121
        assert_eq!(m.cdf(0.5), 0.0);
        assert!((m.cdf(1.0 + 0.5 / 60.0) - 0.25).abs() < 1e-12);
        assert!((m.cdf(1.5) - 0.5).abs() < 1e-12);
        assert!((m.quantile(0.5) - 61.0 / 60.0).abs() < 1e-12);
    }
}
