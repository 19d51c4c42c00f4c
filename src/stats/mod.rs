//! Streaming statistics: what a run keeps of its trials.
//!
//! A [`Tally`] holds only integer counts and histograms bounded by the
//! model's caps (days, months, tactics, drivers), so its size does not grow
//! with the number of trials, and merging two tallies (`+=`) is exact in
//! any order: threads and shards combine to the same bytes. Floating-point
//! figures (shares, means, intervals, dates) are derived at the end.
//!
//! Every addition is checked: a merge of tallies whose counts would wrap
//! saturates at `u64::MAX`, and [`Tally::check`] (which `merge` runs on
//! every part) refuses such a tally, so a sum never wraps silently.

pub mod sobol;

use crate::engine::{DRIVER_BINS, Trial};
use crate::model::{MAX_MONTHS, Model};
use crate::seeds::OUTCOMES;
use serde::{Deserialize, Serialize};
use std::ops::AddAssign;

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Longest truce recorded, in hours (a month).
pub const MAX_TRUCE_HOURS: u32 = 720;
/// Most meetings a trial's histogram separates (more count at the cap).
pub const MEETINGS_CAP: u32 = 400;
/// Signed terms are counted in whole percentage points, 0 to this.
pub const TERMS_CAP: u32 = 100;

/// Counts of a whole-number quantity bounded by a cap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Histogram {
    counts: Vec<u64>,
}

/// Summary of a histogram: mean and quantiles.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantiles {
    /// Mean.
    pub mean: f64,
    /// 10th percentile (smallest value with at least a tenth of the mass at
    /// or below it).
    pub p10: u32,
    /// Median, same convention.
    pub p50: u32,
    /// 90th percentile, same convention.
    pub p90: u32,
    /// Largest value seen.
    pub max: u32,
}

impl Histogram {
    /// A histogram of values `0..=cap`.
    pub fn new(cap: u32) -> Histogram {
        Histogram { counts: vec![0; cap as usize + 1] }
    }

    /// Counts one value (values above the cap count at the cap).
    #[inline]
    pub fn record(&mut self, value: u32) {
        let i = (value as usize).min(self.counts.len() - 1);
        self.counts[i] += 1;
    }

    /// The counts, from value 0 up.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Number of values counted (saturating).
    pub fn total(&self) -> u64 {
        self.counts.iter().fold(0_u64, |a, &b| a.saturating_add(b))
    }

    /// Smallest value `v` with at least `q` of the mass at or below it.
    pub fn quantile(&self, q: f64) -> Option<u32> {
        let n = self.total();
        if n == 0 {
            return None;
        }
        let target = (q * n as f64).ceil().max(1.0) as u64;
        let mut acc = 0_u64;
        for (v, &c) in self.counts.iter().enumerate() {
            acc = acc.saturating_add(c);
            if acc >= target {
                return Some(v as u32);
            }
        }
        Some((self.counts.len() - 1) as u32)
    }

    /// Mean and quantiles; `None` when empty.
    pub fn quantiles(&self) -> Option<Quantiles> {
        let n = self.total();
        if n == 0 {
            return None;
        }
        let sum: u128 = self.counts.iter().enumerate().map(|(v, &c)| v as u128 * u128::from(c)).sum();
        let max = self.counts.iter().rposition(|&c| c > 0).unwrap_or(0) as u32;
        Some(Quantiles {
            mean: sum as f64 / n as f64,
            p10: self.quantile(0.1)?,
            p50: self.quantile(0.5)?,
            p90: self.quantile(0.9)?,
            max,
        })
    }
}

impl AddAssign<&Histogram> for Histogram {
    fn add_assign(&mut self, other: &Histogram) {
        if other.counts.len() > self.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a = a.saturating_add(*b);
        }
    }
}

fn add_all(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x = x.saturating_add(*y);
    }
}

/// Everything a run keeps of its trials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tally {
    /// Trials recorded.
    pub trials: u64,
    /// Trials per outcome.
    pub outcomes: [u64; OUTCOMES],
    /// Trials per classifying rule.
    pub rules: Vec<u64>,
    /// Trials with at least one signed ceasefire.
    pub signed: u64,
    /// Trials with a ceasefire in force on the horizon date.
    pub in_force: u64,
    /// Trials in which a ceasefire collapsed.
    pub collapsed: u64,
    /// Trials whose last ceasefire's terms exceed Ukraine's red line.
    pub above_red_line: u64,
    /// Trials with at least one reversed draft.
    pub reversed: u64,
    /// Trials in which the US walked away.
    pub us_left: u64,
    /// Trials in which Russia mobilised fully.
    pub mobilised: u64,
    /// Trials in which escalation reached the hybrid-war level.
    pub hybrid: u64,
    /// Day of the first signature (from the start), over signed trials.
    pub signed_day: Histogram,
    /// Days the first ceasefire held before it collapsed (collapsed ones).
    pub held_days: Histogram,
    /// Days the first ceasefire had held on the horizon (still in force).
    pub held_days_censored: Histogram,
    /// Per calendar point (the start, then each month start), trials with
    /// a ceasefire in force on it.
    pub in_force_on: Vec<u64>,
    /// Per calendar month and format (flattened, 4 per month), meetings.
    pub calendar: Vec<u64>,
    /// Meetings per trial.
    pub meetings: Histogram,
    /// Meetings by format.
    pub by_format: [u64; 4],
    /// Minutes of talks by format (whole minutes, so merges are exact).
    pub minutes_by_format: [u64; 4],
    /// Truces declared, by kind (holiday, energy).
    pub truces_by_kind: [u64; 2],
    /// Trials with at least one truce.
    pub truce_trials: u64,
    /// Hours the longest truce of a trial held, over trials with a truce.
    pub longest_truce: Histogram,
    /// Times each tactic fired.
    pub tactic_uses: Vec<u64>,
    /// Trials in which each tactic fired at least once.
    pub tactic_trials: Vec<u64>,
    /// Trials by driver, quintile of its draw, and outcome (flattened:
    /// `(driver * 5 + bin) * 7 + outcome`).
    pub driver_outcomes: Vec<u64>,
    /// Trials by move, whether it happened at least once (0 no, 1 yes), and
    /// outcome (flattened: `(move * 2 + happened) * 7 + outcome`): which
    /// moves go with which outcomes.
    pub tactic_outcomes: Vec<u64>,
    /// The last signed ceasefire's terms, in whole percentage points of
    /// Russia's maximal demands (0 to 100), over signed trials.
    pub terms: Histogram,
}

impl Tally {
    /// An empty tally sized for a model's calendar, rules, tactics and
    /// drivers.
    pub fn new(model: &Model) -> Tally {
        let points = model.settings.month_starts.len() + 1;
        Tally {
            trials: 0,
            outcomes: [0; OUTCOMES],
            rules: vec![0; model.rules.len()],
            signed: 0,
            in_force: 0,
            collapsed: 0,
            above_red_line: 0,
            reversed: 0,
            us_left: 0,
            mobilised: 0,
            hybrid: 0,
            signed_day: Histogram::new(model.settings.days),
            held_days: Histogram::new(model.settings.days),
            held_days_censored: Histogram::new(model.settings.days),
            in_force_on: vec![0; points],
            calendar: vec![0; 4 * points],
            meetings: Histogram::new(MEETINGS_CAP),
            by_format: [0; 4],
            minutes_by_format: [0; 4],
            truces_by_kind: [0; 2],
            truce_trials: 0,
            longest_truce: Histogram::new(MAX_TRUCE_HOURS),
            tactic_uses: vec![0; model.tactics.len()],
            tactic_trials: vec![0; model.tactics.len()],
            driver_outcomes: vec![0; model.drivers.len() * DRIVER_BINS * OUTCOMES],
            tactic_outcomes: vec![0; model.tactics.len() * 2 * OUTCOMES],
            terms: Histogram::new(TERMS_CAP),
        }
    }

    /// Adds one trial.
    #[inline]
    pub fn record(&mut self, t: &Trial, horizon_days: u32) {
        self.trials += 1;
        self.outcomes[t.outcome] += 1;
        if let Some(r) = self.rules.get_mut(t.rule) {
            *r += 1;
        }
        let signed = t.ceasefires > 0;
        self.signed += u64::from(signed);
        self.in_force += u64::from(t.in_force);
        self.collapsed += u64::from(t.collapsed_day.is_some());
        self.above_red_line += u64::from(signed && t.above_red_line);
        self.reversed += u64::from(t.reversals > 0);
        self.us_left += u64::from(t.us_left_day.is_some());
        self.mobilised += u64::from(t.mobilised_day.is_some());
        self.hybrid += u64::from(t.hybrid);
        if let Some(day) = t.signed_day {
            self.signed_day.record(day);
            match t.collapsed_day {
                Some(end) => self.held_days.record(end.saturating_sub(day)),
                None => self.held_days_censored.record(horizon_days.saturating_sub(day)),
            }
        }
        let points = self.in_force_on.len().min(MAX_MONTHS).min(128);
        for (p, slot) in self.in_force_on.iter_mut().enumerate().take(points) {
            *slot += u64::from((t.in_force_months >> p) & 1 == 1);
        }
        for (m, months) in t.calendar.iter().enumerate().take(points) {
            for (f, &n) in months.iter().enumerate() {
                self.calendar[4 * m + f] += u64::from(n);
            }
        }
        self.meetings.record(t.meetings);
        for f in 0..4 {
            self.by_format[f] += u64::from(t.by_format[f]);
            self.minutes_by_format[f] += (t.hours_by_format[f] * 60.0).round() as u64;
        }
        self.truces_by_kind[0] += u64::from(t.truces_by_kind[0]);
        self.truces_by_kind[1] += u64::from(t.truces_by_kind[1]);
        if t.truces > 0 {
            self.truce_trials += 1;
            self.longest_truce.record(t.longest_truce_hours.round() as u32);
        }
        for ((uses, trials), &n) in self.tactic_uses.iter_mut().zip(self.tactic_trials.iter_mut()).zip(&t.tactic_uses) {
            *uses += u64::from(n);
            *trials += u64::from(n > 0);
        }
        for (j, cells) in self.tactic_outcomes.chunks_exact_mut(2 * OUTCOMES).enumerate() {
            let happened = t.tactic_uses.get(j).is_some_and(|&n| n > 0);
            cells[usize::from(happened) * OUTCOMES + t.outcome] += 1;
        }
        if let (true, Some(terms)) = (signed, t.terms) {
            self.terms.record((terms * 100.0).round() as u32);
        }
        let drivers = self.driver_outcomes.len() / (DRIVER_BINS * OUTCOMES);
        for (j, &bin) in t.driver_bins.iter().enumerate().take(drivers) {
            self.driver_outcomes[(j * DRIVER_BINS + usize::from(bin)) * OUTCOMES + t.outcome] += 1;
        }
    }

    /// The widest half-width of any outcome's 95 % Wilson interval (1 when
    /// nothing has been recorded).
    pub fn widest_half_width(&self) -> f64 {
        self.outcomes
            .iter()
            .map(|&k| {
                let (lo, hi) = wilson(k, self.trials, Z95);
                (hi - lo) / 2.0
            })
            .fold(0.0, f64::max)
            .max(if self.trials == 0 { 1.0 } else { 0.0 })
    }

    /// The same shape with every count at zero.
    pub fn cleared(&self) -> Tally {
        let mut t = self.clone();
        let zero = |v: &mut [u64]| v.iter_mut().for_each(|x| *x = 0);
        t.trials = 0;
        t.outcomes = [0; OUTCOMES];
        zero(&mut t.rules);
        for x in [
            &mut t.signed,
            &mut t.in_force,
            &mut t.collapsed,
            &mut t.above_red_line,
            &mut t.reversed,
            &mut t.us_left,
            &mut t.mobilised,
            &mut t.hybrid,
            &mut t.truce_trials,
        ] {
            *x = 0;
        }
        for h in [&mut t.signed_day, &mut t.held_days, &mut t.held_days_censored, &mut t.meetings, &mut t.longest_truce]
        {
            zero(&mut h.counts);
        }
        zero(&mut t.in_force_on);
        zero(&mut t.calendar);
        t.by_format = [0; 4];
        t.minutes_by_format = [0; 4];
        t.truces_by_kind = [0; 2];
        zero(&mut t.tactic_uses);
        zero(&mut t.tactic_trials);
        zero(&mut t.driver_outcomes);
        zero(&mut t.tactic_outcomes);
        zero(&mut t.terms.counts);
        t
    }

    /// True when `other` has the same shape (calendar, rules, tactics,
    /// drivers), so the two can be merged.
    pub fn same_shape(&self, other: &Tally) -> bool {
        self.rules.len() == other.rules.len()
            && self.signed_day.counts.len() == other.signed_day.counts.len()
            && self.held_days.counts.len() == other.held_days.counts.len()
            && self.held_days_censored.counts.len() == other.held_days_censored.counts.len()
            && self.in_force_on.len() == other.in_force_on.len()
            && self.calendar.len() == other.calendar.len()
            && self.meetings.counts.len() == other.meetings.counts.len()
            && self.longest_truce.counts.len() == other.longest_truce.counts.len()
            && self.tactic_uses.len() == other.tactic_uses.len()
            && self.tactic_trials.len() == other.tactic_trials.len()
            && self.driver_outcomes.len() == other.driver_outcomes.len()
            && self.tactic_outcomes.len() == other.tactic_outcomes.len()
            && self.terms.counts.len() == other.terms.counts.len()
    }

    /// Checks what every tally of real trials satisfies: counts that sum to
    /// the trials they describe, subsets no larger than their sets, and no
    /// count at the saturation point. A tally read from a file that fails
    /// this was edited or corrupted.
    pub fn check(&self) -> Result<(), String> {
        let n = self.trials;
        let sum = |xs: &[u64]| xs.iter().try_fold(0_u64, |a, &b| a.checked_add(b));
        let fail = |what: String| Err(what);
        if sum(&self.outcomes) != Some(n) {
            return fail(format!("its outcome counts do not sum to its {n} trials"));
        }
        if sum(&self.rules) != Some(n) {
            return fail(format!("its rule counts do not sum to its {n} trials"));
        }
        for (name, k) in [
            ("signed", self.signed),
            ("in force", self.in_force),
            ("collapsed", self.collapsed),
            ("reversed", self.reversed),
            ("US left", self.us_left),
            ("mobilised", self.mobilised),
            ("hybrid", self.hybrid),
            ("with a truce", self.truce_trials),
        ] {
            if k > n {
                return fail(format!("it counts {k} trials {name}, more than its {n} trials"));
            }
        }
        for (name, k) in [
            ("in force on the horizon", self.in_force),
            ("collapsed", self.collapsed),
            ("above the red line", self.above_red_line),
        ] {
            if k > self.signed {
                return fail(format!("it counts {k} trials {name}, more than the {} signed", self.signed));
            }
        }
        if sum(self.signed_day.counts()) != Some(self.signed) {
            return fail("its signing days do not sum to its signed trials".into());
        }
        let held =
            sum(self.held_days.counts()).zip(sum(self.held_days_censored.counts())).and_then(|(a, b)| a.checked_add(b));
        if held != Some(self.signed) {
            return fail("its ceasefire durations do not sum to its signed trials".into());
        }
        if sum(self.held_days.counts()) != Some(self.collapsed) {
            return fail("its collapsed ceasefires' durations do not sum to its collapsed trials".into());
        }
        if self.in_force_on.iter().any(|&k| k > self.signed) {
            return fail("it counts more ceasefires in force on a date than it signed".into());
        }
        if sum(self.meetings.counts()) != Some(n) {
            return fail(format!("its meetings histogram does not sum to its {n} trials"));
        }
        let meetings = sum(&self.by_format);
        if meetings.is_none() || sum(&self.calendar) != meetings {
            return fail("its meetings by month do not sum to its meetings by format".into());
        }
        if sum(self.longest_truce.counts()) != Some(self.truce_trials) {
            return fail("its truce lengths do not sum to its trials with a truce".into());
        }
        if self.tactic_uses.len() != self.tactic_trials.len() {
            return fail("its tactic lists differ in length".into());
        }
        if self.tactic_trials.iter().any(|&k| k > n)
            || self.tactic_uses.iter().zip(&self.tactic_trials).any(|(u, t)| u < t)
        {
            return fail(
                "its tactic counts are inconsistent (a tactic used in more trials than it fired, or than there are)"
                    .into(),
            );
        }
        if !self.driver_outcomes.len().is_multiple_of(DRIVER_BINS * OUTCOMES) {
            return fail("its driver table has the wrong size".into());
        }
        for driver in self.driver_outcomes.chunks(DRIVER_BINS * OUTCOMES) {
            if sum(driver) != Some(n) {
                return fail(format!("its driver table does not sum to its {n} trials"));
            }
        }
        if self.tactic_outcomes.len() != 2 * OUTCOMES * self.tactic_trials.len() {
            return fail("its table of moves by outcome has the wrong size".into());
        }
        for (chunk, &used) in self.tactic_outcomes.chunks(2 * OUTCOMES).zip(&self.tactic_trials) {
            let by_outcome = (0..OUTCOMES).all(|o| chunk[o].checked_add(chunk[OUTCOMES + o]) == Some(self.outcomes[o]));
            if sum(chunk) != Some(n) || sum(&chunk[OUTCOMES..]) != Some(used) || !by_outcome {
                return fail(format!(
                    "its table of moves by outcome does not sum to its {n} trials, each move's trials and each outcome's"
                ));
            }
        }
        if sum(self.terms.counts()) != Some(self.signed) {
            return fail("its signed terms do not sum to its signed trials".into());
        }
        let saturated = |xs: &[u64]| xs.contains(&u64::MAX);
        if saturated(&self.outcomes) || saturated(&self.calendar) || saturated(&self.minutes_by_format) || n == u64::MAX
        {
            return fail("a count reached the largest number a tally holds: the sum overflowed".into());
        }
        Ok(())
    }
}

impl AddAssign<&Tally> for Tally {
    fn add_assign(&mut self, o: &Tally) {
        self.trials = self.trials.saturating_add(o.trials);
        add_all(&mut self.outcomes, &o.outcomes);
        add_all(&mut self.rules, &o.rules);
        for (a, b) in [
            (&mut self.signed, o.signed),
            (&mut self.in_force, o.in_force),
            (&mut self.collapsed, o.collapsed),
            (&mut self.above_red_line, o.above_red_line),
            (&mut self.reversed, o.reversed),
            (&mut self.us_left, o.us_left),
            (&mut self.mobilised, o.mobilised),
            (&mut self.hybrid, o.hybrid),
            (&mut self.truce_trials, o.truce_trials),
        ] {
            *a = a.saturating_add(b);
        }
        self.signed_day += &o.signed_day;
        self.held_days += &o.held_days;
        self.held_days_censored += &o.held_days_censored;
        add_all(&mut self.in_force_on, &o.in_force_on);
        add_all(&mut self.calendar, &o.calendar);
        self.meetings += &o.meetings;
        add_all(&mut self.by_format, &o.by_format);
        add_all(&mut self.minutes_by_format, &o.minutes_by_format);
        add_all(&mut self.truces_by_kind, &o.truces_by_kind);
        self.longest_truce += &o.longest_truce;
        add_all(&mut self.tactic_uses, &o.tactic_uses);
        add_all(&mut self.tactic_trials, &o.tactic_trials);
        add_all(&mut self.driver_outcomes, &o.driver_outcomes);
        add_all(&mut self.tactic_outcomes, &o.tactic_outcomes);
        self.terms += &o.terms;
    }
}

/// Two models run trial by trial on the same random numbers: each one's
/// tally, and the joint counts that paired differences need. Integers
/// only, so merges are exact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairTally {
    /// Model A's tally.
    pub a: Tally,
    /// Model B's tally.
    pub b: Tally,
    /// Trials by A's outcome (row) and B's outcome (column).
    pub joint: [[u64; OUTCOMES]; OUTCOMES],
    /// Trials by (A signed, B signed): `[a][b]`, 0 = no, 1 = yes.
    pub signed: [[u64; 2]; 2],
    /// Trials by (A in force on the horizon, B in force).
    pub in_force: [[u64; 2]; 2],
    /// Sum over trials of B's meetings minus A's.
    pub meetings_diff: i64,
    /// Sum over trials of the squared difference of meetings.
    pub meetings_diff_sq: u64,
}

impl PairTally {
    /// An empty pair tally.
    pub fn new(a: &Model, b: &Model) -> PairTally {
        PairTally {
            a: Tally::new(a),
            b: Tally::new(b),
            joint: [[0; OUTCOMES]; OUTCOMES],
            signed: [[0; 2]; 2],
            in_force: [[0; 2]; 2],
            meetings_diff: 0,
            meetings_diff_sq: 0,
        }
    }

    /// Adds trial `i` of both models.
    pub fn record(&mut self, a: &Trial, b: &Trial, days_a: u32, days_b: u32) {
        self.a.record(a, days_a);
        self.b.record(b, days_b);
        self.joint[a.outcome][b.outcome] += 1;
        self.signed[usize::from(a.ceasefires > 0)][usize::from(b.ceasefires > 0)] += 1;
        self.in_force[usize::from(a.in_force)][usize::from(b.in_force)] += 1;
        let d = i64::from(b.meetings) - i64::from(a.meetings);
        self.meetings_diff += d;
        self.meetings_diff_sq += d.unsigned_abs() * d.unsigned_abs();
    }

    /// Paired difference B - A of the share of outcome `k`.
    pub fn outcome_diff(&self, k: usize) -> PairedDiff {
        let gained: u64 = (0..OUTCOMES).filter(|&j| j != k).map(|j| self.joint[j][k]).sum();
        let lost: u64 = (0..OUTCOMES).filter(|&j| j != k).map(|j| self.joint[k][j]).sum();
        PairedDiff::of_binary(gained, lost, self.a.trials)
    }

    /// Paired difference B - A of the share of outcomes in `set`.
    pub fn family_diff(&self, set: std::ops::Range<usize>) -> PairedDiff {
        let (mut gained, mut lost) = (0, 0);
        for i in 0..OUTCOMES {
            for j in 0..OUTCOMES {
                match (set.contains(&i), set.contains(&j)) {
                    (false, true) => gained += self.joint[i][j],
                    (true, false) => lost += self.joint[i][j],
                    _ => {}
                }
            }
        }
        PairedDiff::of_binary(gained, lost, self.a.trials)
    }

    /// Paired difference B - A of a yes/no share from its joint counts.
    pub fn binary_diff(joint: &[[u64; 2]; 2], n: u64) -> PairedDiff {
        PairedDiff::of_binary(joint[0][1], joint[1][0], n)
    }

    /// Paired difference B - A of the mean meetings per trial.
    pub fn meetings_diff(&self) -> PairedDiff {
        PairedDiff::of_sums(self.meetings_diff as f64, self.meetings_diff_sq as f64, self.a.trials)
    }
}

impl AddAssign<&PairTally> for PairTally {
    fn add_assign(&mut self, o: &PairTally) {
        self.a += &o.a;
        self.b += &o.b;
        for (row, other) in self.joint.iter_mut().zip(&o.joint) {
            add_all(row, other);
        }
        for (mine, theirs) in [(&mut self.signed, &o.signed), (&mut self.in_force, &o.in_force)] {
            for (row, other) in mine.iter_mut().zip(theirs) {
                add_all(row, other);
            }
        }
        self.meetings_diff += o.meetings_diff;
        self.meetings_diff_sq += o.meetings_diff_sq;
    }
}

/// A mean difference over paired trials, with its standard error.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairedDiff {
    /// Mean of B - A.
    pub mean: f64,
    /// Standard error of that mean (sample standard deviation / sqrt(n)).
    pub se: f64,
}

impl PairedDiff {
    /// From per-trial differences in {-1, 0, 1}: `up` trials of +1, `down`
    /// of -1, out of `n`.
    pub fn of_binary(up: u64, down: u64, n: u64) -> PairedDiff {
        PairedDiff::of_sums(up as f64 - down as f64, (up + down) as f64, n)
    }

    /// From the sum and the sum of squares of `n` differences.
    pub fn of_sums(sum: f64, sum_sq: f64, n: u64) -> PairedDiff {
        if n == 0 {
            return PairedDiff { mean: 0.0, se: 0.0 };
        }
        let nf = n as f64;
        let mean = sum / nf;
        let var = if n > 1 { ((sum_sq - nf * mean * mean) / (nf - 1.0)).max(0.0) } else { 0.0 };
        PairedDiff { mean, se: (var / nf).sqrt() }
    }

    /// The 95 % interval, by the normal approximation.
    pub fn ci95(&self) -> [f64; 2] {
        [self.mean - Z95 * self.se, self.mean + Z95 * self.se]
    }
}

/// Wilson score interval for a proportion `k / n` at normal quantile `z`:
/// unlike the plain normal interval it stays inside [0, 1] and keeps its
/// coverage for shares near 0 or 1 (Wilson 1927). `(0, 1)` when `n = 0`.
pub fn wilson(k: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n_f = n as f64;
    let p = k as f64 / n_f;
    let z2 = z * z;
    let denom = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denom;
    let half = z * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt() / denom;
    // At k = 0 (or n) the bound is exactly 0 (or 1); rounding in
    // `centre - half` would leave a few 1e-19 and an interval that misses
    // its own estimate.
    let lo = if k == 0 { 0.0 } else { (centre - half).max(0.0) };
    let hi = if k >= n { 1.0 } else { (centre + half).min(1.0) };
    (lo, hi)
}

/// Standard error of a proportion `k / n` (0 when `n = 0`).
pub fn standard_error(k: u64, n: u64) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let p = k as f64 / n as f64;
    (p * (1.0 - p) / n as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_differences_match_a_direct_computation() {
        // Differences 1, 1, 0, -1, 0: mean 0.2, sample variance 0.7.
        let d = PairedDiff::of_binary(2, 1, 5);
        assert!((d.mean - 0.2).abs() < 1e-12);
        assert!((d.se - (0.7_f64 / 5.0).sqrt()).abs() < 1e-12);
        let same = PairedDiff::of_binary(0, 0, 100);
        assert_eq!((same.mean, same.se), (0.0, 0.0));
        assert_eq!(same.ci95(), [0.0, 0.0]);
    }

    #[test]
    fn wilson_matches_reference_values() {
        // Reference: Newcombe (1998), Statistics in Medicine 17, 857-872,
        // table I: 81/263 -> 0.2553 to 0.3662; 15/148 -> 0.0624 to 0.1605.
        let (lo, hi) = wilson(81, 263, Z95);
        assert!((lo - 0.2553).abs() < 5e-5 && (hi - 0.3662).abs() < 5e-5, "{lo} {hi}");
        let (lo, hi) = wilson(15, 148, Z95);
        assert!((lo - 0.0624).abs() < 5e-5 && (hi - 0.1605).abs() < 5e-5, "{lo} {hi}");
        // 0/10 -> 0 to 0.2775.
        let (lo, hi) = wilson(0, 10, Z95);
        assert!(lo == 0.0 && (hi - 0.2775).abs() < 5e-5, "{lo} {hi}");
        assert_eq!(wilson(0, 0, Z95), (0.0, 1.0));
    }

    #[test]
    fn histogram_quantiles_follow_the_convention() {
        let mut h = Histogram::new(10);
        for v in [1, 2, 2, 3, 10, 15] {
            h.record(v);
        }
        let s = h.quantiles().unwrap();
        assert_eq!((s.p10, s.p50, s.p90, s.max), (1, 2, 10, 10));
        assert!((s.mean - 28.0 / 6.0).abs() < 1e-12);
        assert_eq!(Histogram::new(3).quantiles(), None);
    }

    #[test]
    fn histograms_merge_exactly_and_never_wrap() {
        let (mut a, mut b) = (Histogram::new(4), Histogram::new(4));
        a.record(1);
        b.record(1);
        b.record(4);
        a += &b;
        assert_eq!(a.counts(), &[0, 2, 0, 0, 1]);
        let mut big = Histogram { counts: vec![u64::MAX, 0] };
        big += &a;
        assert_eq!(big.counts()[0], u64::MAX);
    }

    #[test]
    fn real_tallies_pass_their_check_and_edited_ones_fail() {
        let model = Model::baseline().unwrap();
        let key = crate::engine::keyed(3);
        let mut t = Tally::new(&model);
        for i in 0..3000 {
            t.record(&crate::engine::play_indexed(&model, key, i, &mut ()), model.settings.days);
        }
        assert_eq!(t.check(), Ok(()));
        let mut edited = t.clone();
        edited.outcomes[0] += 5;
        assert!(edited.check().is_err());
        let mut edited = t.clone();
        edited.in_force = edited.signed + 1;
        assert!(edited.check().is_err());
        let mut edited = t.clone();
        edited.tactic_trials.pop();
        assert!(edited.check().is_err());
        let mut twice = t.clone();
        twice += &t;
        assert_eq!(twice.check(), Ok(()));
        assert_eq!(t.cleared().check(), Ok(()));
    }
}
