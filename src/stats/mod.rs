//! Streaming statistics: what a run keeps of its trials.
//!
//! A [`Tally`] holds only integer counts and histograms bounded by the
//! model's caps (rounds, months), so its size does not grow with the number
//! of trials, and merging two tallies (`+=`) is exact in any order: threads
//! and shards combine to the same bytes. Floating-point figures (shares,
//! means, intervals) are derived at the end.

use crate::engine::Trial;
use crate::model::Model;
use crate::seeds::OUTCOMES;
use serde::{Deserialize, Serialize};
use std::ops::AddAssign;

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

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
    /// Median (smallest value with at least half the mass at or below it).
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

    /// Number of values counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Smallest value `v` with at least `q` of the mass at or below it.
    pub fn quantile(&self, q: f64) -> Option<u32> {
        let n = self.total();
        if n == 0 {
            return None;
        }
        let target = (q * n as f64).ceil().max(1.0) as u64;
        let mut acc = 0;
        for (v, &c) in self.counts.iter().enumerate() {
            acc += c;
            if acc >= target {
                return Some(v as u32);
            }
        }
        Some((self.counts.len() - 1) as u32)
    }

    /// Mean, median, 90th percentile and maximum; `None` when empty.
    pub fn quantiles(&self) -> Option<Quantiles> {
        let n = self.total();
        if n == 0 {
            return None;
        }
        let sum: u128 = self.counts.iter().enumerate().map(|(v, &c)| v as u128 * u128::from(c)).sum();
        let max = self.counts.iter().rposition(|&c| c > 0).unwrap_or(0) as u32;
        Some(Quantiles { mean: sum as f64 / n as f64, p50: self.quantile(0.5)?, p90: self.quantile(0.9)?, max })
    }
}

impl AddAssign<&Histogram> for Histogram {
    fn add_assign(&mut self, other: &Histogram) {
        if other.counts.len() > self.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
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
    /// Trials per starting world (row) and outcome (column).
    pub world_outcome: [[u64; OUTCOMES]; OUTCOMES],
    /// Rounds of talks played per trial.
    pub rounds: Histogram,
    /// Round of signature, over signed trials.
    pub rounds_to_signature: Histogram,
    /// Whole months a signed ceasefire held (the horizon if it held).
    pub months_held: Histogram,
    /// Trials with a signed ceasefire.
    pub signed: u64,
    /// Trials whose ceasefire held through the horizon.
    pub held: u64,
    /// Trials signed on terms past Ukraine's red line.
    pub above_red_line: u64,
    /// Trials whose talks broke down on escalation.
    pub broke_down: u64,
    /// Trials in which the mediator walked away.
    pub mediator_left: u64,
    /// Trials with at least one reversed draft.
    pub reversed: u64,
    /// Rounds of talks summed over trials.
    pub round_total: u64,
    /// Hours of talks summed over trials, in whole minutes (integer, so
    /// that merges are exact).
    pub minutes_of_talks: u64,
    /// Times each tactic fired.
    pub tactic_uses: Vec<u64>,
    /// Trials in which each tactic fired at least once.
    pub tactic_trials: Vec<u64>,
}

impl Tally {
    /// An empty tally sized for a model's caps and tactics.
    pub fn new(model: &Model) -> Tally {
        Tally {
            trials: 0,
            outcomes: [0; OUTCOMES],
            world_outcome: [[0; OUTCOMES]; OUTCOMES],
            rounds: Histogram::new(model.settings.max_rounds),
            rounds_to_signature: Histogram::new(model.settings.max_rounds),
            months_held: Histogram::new(model.settings.horizon_months),
            signed: 0,
            held: 0,
            above_red_line: 0,
            broke_down: 0,
            mediator_left: 0,
            reversed: 0,
            round_total: 0,
            minutes_of_talks: 0,
            tactic_uses: vec![0; model.tactics.len()],
            tactic_trials: vec![0; model.tactics.len()],
        }
    }

    /// Adds one trial.
    #[inline]
    pub fn record(&mut self, t: &Trial) {
        self.trials += 1;
        self.outcomes[t.outcome] += 1;
        self.world_outcome[t.world][t.outcome] += 1;
        self.rounds.record(t.rounds);
        self.round_total += u64::from(t.rounds);
        self.minutes_of_talks += (t.hours * 60.0).round() as u64;
        if let Some(r) = t.signed_round {
            self.signed += 1;
            self.rounds_to_signature.record(r);
            self.months_held.record(t.months_held);
        }
        self.held += u64::from(t.held);
        self.above_red_line += u64::from(t.above_red_line);
        self.broke_down += u64::from(t.broke_down);
        self.mediator_left += u64::from(t.mediator_left);
        self.reversed += u64::from(t.reversals > 0);
        for ((uses, trials), &n) in self.tactic_uses.iter_mut().zip(self.tactic_trials.iter_mut()).zip(&t.tactic_uses) {
            *uses += u64::from(n);
            *trials += u64::from(n > 0);
        }
    }
}

impl Tally {
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

    /// Zeroes every count, keeping the shape.
    pub fn clear(&mut self) {
        let zero = |v: &mut Vec<u64>| v.iter_mut().for_each(|x| *x = 0);
        self.trials = 0;
        self.outcomes = [0; OUTCOMES];
        self.world_outcome = [[0; OUTCOMES]; OUTCOMES];
        for h in [&mut self.rounds, &mut self.rounds_to_signature, &mut self.months_held] {
            zero(&mut h.counts);
        }
        self.signed = 0;
        self.held = 0;
        self.above_red_line = 0;
        self.broke_down = 0;
        self.mediator_left = 0;
        self.reversed = 0;
        self.round_total = 0;
        self.minutes_of_talks = 0;
        zero(&mut self.tactic_uses);
        zero(&mut self.tactic_trials);
    }

    /// True when `other` has the same shape (caps and tactic count), so
    /// the two can be merged.
    pub fn same_shape(&self, other: &Tally) -> bool {
        self.rounds.counts.len() == other.rounds.counts.len()
            && self.rounds_to_signature.counts.len() == other.rounds_to_signature.counts.len()
            && self.months_held.counts.len() == other.months_held.counts.len()
            && self.tactic_uses.len() == other.tactic_uses.len()
            && self.tactic_trials.len() == other.tactic_trials.len()
    }
}

impl AddAssign<&Tally> for Tally {
    fn add_assign(&mut self, o: &Tally) {
        self.trials += o.trials;
        for (a, b) in self.outcomes.iter_mut().zip(&o.outcomes) {
            *a += b;
        }
        for (row, other) in self.world_outcome.iter_mut().zip(&o.world_outcome) {
            for (a, b) in row.iter_mut().zip(other) {
                *a += b;
            }
        }
        self.rounds += &o.rounds;
        self.rounds_to_signature += &o.rounds_to_signature;
        self.months_held += &o.months_held;
        self.signed += o.signed;
        self.held += o.held;
        self.above_red_line += o.above_red_line;
        self.broke_down += o.broke_down;
        self.mediator_left += o.mediator_left;
        self.reversed += o.reversed;
        self.round_total += o.round_total;
        self.minutes_of_talks += o.minutes_of_talks;
        for (a, b) in self.tactic_uses.iter_mut().zip(&o.tactic_uses) {
            *a += b;
        }
        for (a, b) in self.tactic_trials.iter_mut().zip(&o.tactic_trials) {
            *a += b;
        }
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
    /// Trials by (A held, B held).
    pub held: [[u64; 2]; 2],
    /// Sum over trials of B's rounds minus A's.
    pub rounds_diff: i64,
    /// Sum over trials of the squared difference of rounds.
    pub rounds_diff_sq: u64,
}

impl PairTally {
    /// An empty pair tally.
    pub fn new(a: &Model, b: &Model) -> PairTally {
        PairTally {
            a: Tally::new(a),
            b: Tally::new(b),
            joint: [[0; OUTCOMES]; OUTCOMES],
            signed: [[0; 2]; 2],
            held: [[0; 2]; 2],
            rounds_diff: 0,
            rounds_diff_sq: 0,
        }
    }

    /// Adds trial `i` of both models.
    pub fn record(&mut self, a: &Trial, b: &Trial) {
        self.a.record(a);
        self.b.record(b);
        self.joint[a.outcome][b.outcome] += 1;
        self.signed[usize::from(a.signed_round.is_some())][usize::from(b.signed_round.is_some())] += 1;
        self.held[usize::from(a.held)][usize::from(b.held)] += 1;
        let d = i64::from(b.rounds) - i64::from(a.rounds);
        self.rounds_diff += d;
        self.rounds_diff_sq += d.unsigned_abs() * d.unsigned_abs();
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

    /// Paired difference B - A of the mean rounds of talks.
    pub fn rounds_diff(&self) -> PairedDiff {
        PairedDiff::of_sums(self.rounds_diff as f64, self.rounds_diff_sq as f64, self.a.trials)
    }
}

impl AddAssign<&PairTally> for PairTally {
    fn add_assign(&mut self, o: &PairTally) {
        self.a += &o.a;
        self.b += &o.b;
        for (row, other) in self.joint.iter_mut().zip(&o.joint) {
            for (x, y) in row.iter_mut().zip(other) {
                *x += y;
            }
        }
        for (mine, theirs) in [(&mut self.signed, &o.signed), (&mut self.held, &o.held)] {
            for (row, other) in mine.iter_mut().zip(theirs) {
                for (x, y) in row.iter_mut().zip(other) {
                    *x += y;
                }
            }
        }
        self.rounds_diff += o.rounds_diff;
        self.rounds_diff_sq += o.rounds_diff_sq;
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
    ((centre - half).max(0.0), (centre + half).min(1.0))
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
        assert_eq!((s.p50, s.p90, s.max), (2, 10, 10));
        assert!((s.mean - 28.0 / 6.0).abs() < 1e-12);
        assert_eq!(Histogram::new(3).quantiles(), None);
    }

    #[test]
    fn histograms_merge_exactly() {
        let (mut a, mut b) = (Histogram::new(4), Histogram::new(4));
        a.record(1);
        b.record(1);
        b.record(4);
        a += &b;
        assert_eq!(a.counts(), &[0, 2, 0, 0, 1]);
    }
}
