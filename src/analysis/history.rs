//! `negsim check-history`: hold the model against what happened.
//!
//! Each figure of the dated record (`seeds/events.toml`) and the published
//! forecasts (`seeds/forecasts.toml`) is placed in the model's distribution
//! of the same quantity, over the same dates:
//!
//! * a meeting's length, against the lengths of the model's meetings of
//!   the same format (a histogram at one-minute resolution);
//! * counts of meetings in the record's window (in all, by format, by
//!   period) and of truces declared in it, and the longest gap between
//!   meetings, against the same counts in each trial;
//! * how long a truce held, against the model's truces of the same kind;
//! * how long older ceasefires held, against the model's ceasefires
//!   (Kaplan-Meier over collapsed and still-standing ones);
//! * that no comprehensive ceasefire was signed by the record's end,
//!   against the model's share of trials without one;
//! * the forecasters' share of ceasefires lasting under 30 days, against
//!   the model's share.
//!
//! A figure is "inside" when its observed range meets the model's central
//! 90 % (its 5th to 95th percentile).

use super::Runner;
use crate::engine::{MeetingRecord, Observer, TruceKind, TruceRecord};
use crate::model::record::{ForecastKind, Record, embedded_forecasts};
use crate::model::{Date, Format, InputError, Model};
use crate::results::{FigureKind, HistoryCheck, HistoryRow};
use crate::stats::Histogram;

/// Resolution and range of the meeting-length histograms.
const MINUTES: usize = 24 * 60;
/// Most meetings or truces a count histogram separates.
const COUNT_CAP: u32 = 200;
/// Longest truce recorded, hours.
const TRUCE_HOURS: u32 = 720;

/// The periods the record's window is counted in.
const PERIODS: [(&str, &str, &str); 3] = [
    ("meetings-summer-2025", "2025-06-13", "2025-09-30"),
    ("meetings-autumn-2025", "2025-10-01", "2025-12-31"),
    ("meetings-winter-2026", "2026-01-01", "2026-02-28"),
];

/// What the check gathers from every trial.
#[derive(Clone)]
pub struct Chronicle {
    /// Last day of the record's window, from the model's start.
    end: f64,
    /// Period bounds, days from the start.
    periods: [(f64, f64); 3],
    /// Per format, meeting lengths in minutes.
    minutes: [Vec<u64>; 4],
    /// Per trial: meetings in the window, by format, by period.
    total: Histogram,
    by_format: [Histogram; 4],
    by_period: [Histogram; 3],
    /// Per trial: the longest gap between meetings in the window, days.
    gap: Histogram,
    /// Per trial: truces declared in the window.
    truces: Histogram,
    /// Held hours of every truce, by kind.
    truce_hours: [Histogram; 2],
    /// Trials with a ceasefire signed on or before the window's end.
    signed_in_window: u64,
    trials: u64,
    // This trial so far.
    counts: [u32; 4],
    period_counts: [u32; 3],
    last_meeting: f64,
    longest_gap: f64,
    window_truces: u32,
}

impl Chronicle {
    fn new(model: &Model, record: &Record) -> Chronicle {
        let day = |d: Date| f64::from(d.days_after(model.settings.start));
        let periods = PERIODS.map(|(_, a, b)| {
            let (a, b) = (Date::parse(a), Date::parse(b));
            (a.map_or(f64::INFINITY, day), b.map_or(f64::NEG_INFINITY, day) + 1.0)
        });
        Chronicle {
            end: day(record.end) + 1.0,
            periods,
            minutes: std::array::from_fn(|_| vec![0; MINUTES + 1]),
            total: Histogram::new(COUNT_CAP),
            by_format: std::array::from_fn(|_| Histogram::new(COUNT_CAP)),
            by_period: std::array::from_fn(|_| Histogram::new(COUNT_CAP)),
            gap: Histogram::new(model.settings.days),
            truces: Histogram::new(COUNT_CAP),
            truce_hours: std::array::from_fn(|_| Histogram::new(TRUCE_HOURS)),
            signed_in_window: 0,
            trials: 0,
            counts: [0; 4],
            period_counts: [0; 3],
            last_meeting: 0.0,
            longest_gap: 0.0,
            window_truces: 0,
        }
    }

    /// Closes the trial just played.
    fn close(&mut self, signed_day: Option<u32>) {
        let gap = self.longest_gap.max(self.end.min(f64::INFINITY) - self.last_meeting);
        self.gap.record(gap.max(0.0) as u32);
        self.total.record(self.counts.iter().sum());
        for (h, &n) in self.by_format.iter_mut().zip(&self.counts) {
            h.record(n);
        }
        for (h, &n) in self.by_period.iter_mut().zip(&self.period_counts) {
            h.record(n);
        }
        self.truces.record(self.window_truces);
        self.signed_in_window += u64::from(signed_day.is_some_and(|d| f64::from(d) < self.end));
        self.trials += 1;
    }
}

impl Observer for Chronicle {
    fn start(&mut self, _: &[f64], _: &crate::model::State) {
        self.counts = [0; 4];
        self.period_counts = [0; 3];
        self.last_meeting = 0.0;
        self.longest_gap = 0.0;
        self.window_truces = 0;
    }

    fn meeting(&mut self, r: &MeetingRecord) {
        let m = ((r.hours * 60.0).floor() as usize).min(MINUTES);
        self.minutes[r.format as usize][m] += 1;
        if r.day < self.end {
            self.counts[r.format as usize] += 1;
            for (k, &(a, b)) in self.periods.iter().enumerate() {
                if r.day >= a && r.day < b {
                    self.period_counts[k] += 1;
                }
            }
            self.longest_gap = self.longest_gap.max(r.day - self.last_meeting);
            self.last_meeting = r.day;
        }
    }

    fn truce(&mut self, r: &TruceRecord) {
        self.truce_hours[r.kind as usize].record(r.held_hours.round() as u32);
        if r.day < self.end {
            self.window_truces += 1;
        }
    }

    fn finish(&mut self, t: &crate::engine::Trial) {
        self.close(t.signed_day);
    }
}

impl std::ops::AddAssign<&Chronicle> for Chronicle {
    fn add_assign(&mut self, o: &Chronicle) {
        for (a, b) in self.minutes.iter_mut().zip(&o.minutes) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.total += &o.total;
        for (a, b) in self.by_format.iter_mut().zip(&o.by_format) {
            *a += b;
        }
        for (a, b) in self.by_period.iter_mut().zip(&o.by_period) {
            *a += b;
        }
        self.gap += &o.gap;
        self.truces += &o.truces;
        for (a, b) in self.truce_hours.iter_mut().zip(&o.truce_hours) {
            *a += b;
        }
        self.signed_in_window += o.signed_in_window;
        self.trials += o.trials;
    }
}

/// Share of the mass of `counts` (values 0, 1, ... in units of `unit`)
/// below `x`, with linear interpolation within a unit.
fn cdf(counts: &[u64], x: f64, unit: f64) -> f64 {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return 0.0;
    }
    let v = (x / unit).max(0.0);
    let whole = (v.floor() as usize).min(counts.len());
    let below: u64 = counts[..whole].iter().sum();
    let frac = counts.get(whole).map_or(0.0, |&c| (v - whole as f64) * c as f64);
    (below as f64 + frac) / n as f64
}

/// The value below which a share `q` of `counts` falls, in units of `unit`
/// (interpolated within a unit).
fn quantile(counts: &[u64], q: f64, unit: f64) -> f64 {
    let n: u64 = counts.iter().sum();
    let target = q * n as f64;
    let mut acc = 0.0;
    for (v, &c) in counts.iter().enumerate() {
        if c > 0 && acc + c as f64 >= target {
            return (v as f64 + (target - acc) / c as f64) * unit;
        }
        acc += c as f64;
    }
    counts.len() as f64 * unit
}

/// Places an observed range in a distribution given by counts: the
/// percentile of its middle, the model's 5-95 % range, and whether they
/// meet.
fn place(counts: &[u64], unit: f64, observed: [f64; 2], whole_units: bool) -> (Option<f64>, [Option<f64>; 2], bool) {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return (None, [None, None], false);
    }
    // Counts are whole numbers: "below x" means below x, and the 5-95 %
    // range is read as whole values.
    let (lo, hi) = if whole_units {
        let lo = quantile_whole(counts, 0.05);
        let hi = quantile_whole(counts, 0.95);
        (lo as f64, hi as f64)
    } else {
        (quantile(counts, 0.05, unit), quantile(counts, 0.95, unit))
    };
    let middle = (observed[0] + observed[1]) / 2.0;
    let percentile = if whole_units {
        let below: u64 = counts.iter().take(middle.floor() as usize).sum();
        let at = counts.get(middle.floor() as usize).copied().unwrap_or(0);
        100.0 * (below as f64 + 0.5 * at as f64) / n as f64
    } else {
        100.0 * cdf(counts, middle, unit)
    };
    let inside = observed[1] >= lo && observed[0] <= hi;
    (Some(percentile), [Some(lo), Some(hi)], inside)
}

/// Smallest whole value with at least `q` of the mass at or below it.
fn quantile_whole(counts: &[u64], q: f64) -> u32 {
    let n: u64 = counts.iter().sum();
    let target = (q * n as f64).ceil().max(1.0) as u64;
    let mut acc = 0;
    for (v, &c) in counts.iter().enumerate() {
        acc += c;
        if acc >= target {
            return v as u32;
        }
    }
    counts.len().saturating_sub(1) as u32
}

fn source_of(s: &[crate::model::record::Source]) -> String {
    s.first().map_or_else(String::new, |s| format!("{} [{}]", s.url, s.reliability))
}

/// Runs the model and places every figure of the record in it; `None` if
/// cancelled.
pub fn check(model: &Model, runner: &Runner<'_>) -> Result<Option<HistoryCheck>, InputError> {
    let record = Record::embedded()?;
    let forecasts = embedded_forecasts(record.end)?;
    let proto = Chronicle::new(model, &record);
    let run = runner.observed(model, || proto.clone());
    let Some(run) = run else { return Ok(None) };
    let ch = &run.observer;
    let tally = &run.tally;
    let mut rows = Vec::new();

    // Meeting lengths.
    for m in record.meetings.iter().filter(|m| m.hours.is_some()) {
        let Some(h) = m.hours else { continue };
        // A format the model does not have (the Normandy summits of 2014-15,
        // where all the parties and mediators sat at one table) is held
        // against the trilateral format, the closest.
        let counts = &ch.minutes[m.format.unwrap_or(Format::Trilateral) as usize];
        let (percentile, model_range, inside) = place(counts, 1.0 / 60.0, h, false);
        rows.push(HistoryRow {
            id: m.id.clone(),
            kind: FigureKind::Talks,
            what: format!(
                "{} meeting of {}{}",
                m.format.map_or("a Normandy-format (held against trilateral)", Format::label),
                m.start,
                if m.in_window { "" } else { " (before the window)" }
            ),
            observed: h,
            percentile,
            model: model_range,
            inside,
            source: source_of(&m.sources),
        });
    }

    // Counts in the window.
    let window: Vec<_> = record.meetings.iter().filter(|m| m.in_window).collect();
    let mut count_row = |id: &str, what: String, observed: f64, hist: &Histogram| {
        let (percentile, model, inside) = place(hist.counts(), 1.0, [observed, observed], true);
        rows.push(HistoryRow {
            id: id.to_string(),
            kind: FigureKind::Count,
            what,
            observed: [observed, observed],
            percentile,
            model,
            inside,
            source: "seeds/events.toml".into(),
        });
    };
    count_row(
        "meetings-in-window",
        format!("meetings from {} to {}", record.start, record.end),
        window.len() as f64,
        &ch.total,
    );
    for f in Format::ALL {
        let n = window.iter().filter(|m| m.format == Some(f)).count();
        count_row(
            &format!("meetings-{}", f.key().replace('_', "-")),
            format!("{} meetings in the window", f.label()),
            n as f64,
            &ch.by_format[f as usize],
        );
    }
    for (k, (id, a, b)) in PERIODS.iter().enumerate() {
        let (a, b) = (Date::parse(a), Date::parse(b));
        let n = window.iter().filter(|m| Some(m.start) >= a && Some(m.start) <= b).count();
        count_row(
            id,
            format!(
                "meetings from {} to {}",
                a.map_or_else(String::new, |d| d.to_string()),
                b.map_or_else(String::new, |d| d.to_string())
            ),
            n as f64,
            &ch.by_period[k],
        );
    }
    let mut days: Vec<i32> = window.iter().map(|m| m.start.days_after(record.start)).collect();
    days.sort_unstable();
    let mut longest = days.first().copied().unwrap_or(0);
    for w in days.windows(2) {
        longest = longest.max(w[1] - w[0]);
    }
    longest = longest.max(record.end.days_after(record.start) + 1 - days.last().copied().unwrap_or(0));
    count_row("longest-gap", "longest gap between meetings in the window, days".into(), f64::from(longest), &ch.gap);
    let truces_in_window = record.truces.iter().filter(|t| t.in_window && t.took_effect).count();
    count_row("truces-in-window", "truces declared in the window".into(), truces_in_window as f64, &ch.truces);

    // Truce lengths.
    for t in &record.truces {
        let kind = match t.kind.as_str() {
            "holiday" => TruceKind::Holiday,
            "energy" => TruceKind::Energy,
            _ => continue,
        };
        let Some(held) = t.held_hours else { continue };
        let (percentile, model, inside) = place(ch.truce_hours[kind as usize].counts(), 1.0, held, false);
        rows.push(HistoryRow {
            id: t.id.clone(),
            kind: FigureKind::Truce,
            what: format!("{} truce of {}, hours it held", t.kind, t.start),
            observed: held,
            percentile,
            model,
            inside,
            source: source_of(&t.sources),
        });
    }

    // Older ceasefires' durations against the model's ceasefires
    // (Kaplan-Meier over collapsed and still-standing ones).
    let survival = km_survival(tally.held_days.counts(), tally.held_days_censored.counts());
    for h in &record.history {
        let Some(held) = h.held_days else { continue };
        let q = |p: f64| survival.iter().position(|&s| s <= 1.0 - p).map(|d| d as f64);
        let model = [q(0.05), q(0.95)];
        let middle = (held[0] + held[1]) / 2.0;
        let s_mid =
            survival.get(middle.floor() as usize).copied().unwrap_or_else(|| survival.last().copied().unwrap_or(1.0));
        let percentile = (!survival.is_empty()).then_some(100.0 * (1.0 - s_mid));
        let inside = !survival.is_empty()
            && held[1] >= model[0].unwrap_or(f64::INFINITY)
            && model[1].is_none_or(|hi| held[0] <= hi);
        rows.push(HistoryRow {
            id: h.id.clone(),
            kind: FigureKind::Ceasefire,
            what: format!("{} ({}), days it held", h.what.split(['.', ';']).next().unwrap_or(""), h.period),
            observed: held,
            percentile,
            model,
            inside,
            source: source_of(&h.sources),
        });
    }

    // No comprehensive ceasefire by the record's end.
    let p_none = 1.0 - ch.signed_in_window as f64 / ch.trials.max(1) as f64;
    if let Some(f) = record.facts.iter().find(|f| f.id == "no-comprehensive-ceasefire") {
        rows.push(HistoryRow {
            id: f.id.clone(),
            kind: FigureKind::Event,
            what: format!("no comprehensive ceasefire signed by {}", f.as_of),
            observed: [1.0, 1.0],
            percentile: None,
            model: [Some(p_none), Some(p_none)],
            inside: p_none >= 0.05,
            source: "seeds/events.toml".into(),
        });
    }

    // Forecasters: a ceasefire lasting under 30 days.
    let under: Vec<f64> = forecasts
        .iter()
        .filter(|f| matches!(f.kind, ForecastKind::LastsUnder { days } if (days - 30.0).abs() < 0.5))
        .filter(|f| f.observed.to_string() == "2025-05-08")
        .map(|f| f.probability)
        .collect();
    if !under.is_empty() {
        let lo = under.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = under.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let model_share = 1.0 - survival.get(30).copied().unwrap_or(1.0);
        rows.push(HistoryRow {
            id: "forecast-under-30-days".into(),
            kind: FigureKind::Forecast,
            what: "forecasters' share for a 2025 ceasefire lasting under 30 days (RFI, Metaculus, Glimt, 8 May 2025)"
                .into(),
            observed: [lo, hi],
            percentile: None,
            model: [Some(model_share), Some(model_share)],
            inside: (lo..=hi).contains(&model_share),
            source: "seeds/forecasts.toml".into(),
        });
    }

    Ok(Some(HistoryCheck {
        negsim: env!("CARGO_PKG_VERSION"),
        scenario: model.name.clone(),
        file: model.origin.clone(),
        seed: runner.seed,
        trials: runner.trials,
        window: [record.start.to_string(), record.end.to_string()],
        rows,
    }))
}

/// Kaplan-Meier survival by day from durations that ended and durations
/// still running: `s[d]` is the share still holding after `d` days.
fn km_survival(ended: &[u64], censored: &[u64]) -> Vec<f64> {
    let total: u64 = ended.iter().chain(censored).sum();
    if total == 0 {
        return Vec::new();
    }
    let mut at_risk = total;
    let mut s = 1.0;
    let mut out = Vec::with_capacity(ended.len());
    for d in 0..ended.len().max(censored.len()) {
        let e = ended.get(d).copied().unwrap_or(0);
        if at_risk > 0 {
            s *= 1.0 - e as f64 / at_risk as f64;
        }
        out.push(s);
        at_risk = at_risk.saturating_sub(e).saturating_sub(censored.get(d).copied().unwrap_or(0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placing_counts_and_lengths_follows_the_conventions() {
        // Counts 0..=9 once each: the 5-95 % range is 0 to 9; 4 sits at the
        // 45th percentile (4 below, half of one at it).
        let counts = [1_u64; 10];
        let (p, range, inside) = place(&counts, 1.0, [4.0, 4.0], true);
        assert_eq!(range, [Some(0.0), Some(9.0)]);
        assert!((p.unwrap() - 45.0).abs() < 1e-9);
        assert!(inside);
        let (_, _, inside) = place(&counts, 1.0, [12.0, 14.0], true);
        assert!(!inside);
        // A range that straddles the model's edge meets it.
        let minutes = {
            let mut m = vec![0_u64; 601];
            for x in m.iter_mut().take(301).skip(120) {
                *x = 1;
            }
            m
        };
        let (_, range, inside) = place(&minutes, 1.0 / 60.0, [4.5, 6.0], false);
        assert!(range[1].unwrap() < 5.0 && inside);
    }

    #[test]
    fn survival_counts_the_censored() {
        let s = km_survival(&[0, 1, 0, 1], &[0, 0, 2, 0]);
        assert_eq!(s.len(), 4);
        assert!((s[1] - 0.75).abs() < 1e-12);
        assert!((s[3] - 0.0).abs() < 1e-12);
    }
}
