//! Uncertainty over assumptions: `run --uncertain R` (the spread of each
//! share across replicates) and `sobol` (which assumption the spread comes
//! from).

use super::ScenarioLabel;
use crate::model::Model;
use crate::seeds::{self, OUTCOMES};
use crate::stats::sobol::quantile;
use crate::stats::{Tally, Z95, wilson};
use serde::Serialize;

/// An uncertain coefficient, as the reports show it.
#[derive(Clone, Debug, Serialize)]
pub struct UncertainCoefficient {
    /// Its dotted key.
    pub key: String,
    /// Its value in the file (what a plain run uses).
    pub value: f64,
    /// Its distribution, as written: `uniform [0.02, 0.06]`.
    pub distribution: String,
    /// The lowest value a draw can take.
    pub low: f64,
    /// The highest value a draw can take.
    pub high: f64,
}

impl UncertainCoefficient {
    /// Every uncertain coefficient of a model, in file order.
    pub fn all(model: &Model) -> Vec<UncertainCoefficient> {
        model
            .uncertain
            .iter()
            .map(|u| {
                let (low, high) = u.support();
                UncertainCoefficient {
                    key: u.key().to_string(),
                    value: u.value_in(model),
                    distribution: u.describe(),
                    low,
                    high,
                }
            })
            .collect()
    }
}

/// One share's spread across replicates, beside the plain run's figure
/// and Monte Carlo interval.
#[derive(Clone, Debug, Serialize)]
pub struct SpreadRow {
    /// `outcome`, `family` or `ceasefire`.
    pub kind: &'static str,
    /// The outcome's id, the family (`military`, `negotiated`), or
    /// `signed` / `in_force`.
    pub id: String,
    /// `1` to `7`, `1-4`, `5-7`, or empty.
    pub number: String,
    /// The share in the plain run (the file's values).
    pub probability: f64,
    /// Its 95 % Wilson interval: the Monte Carlo error alone.
    pub ci95: [f64; 2],
    /// Mean over the replicates.
    pub mean: f64,
    /// 5th percentile over the replicates.
    pub p05: f64,
    /// Median over the replicates.
    pub p50: f64,
    /// 95th percentile over the replicates.
    pub p95: f64,
}

/// One replicate: the values drawn and the shares they gave.
#[derive(Clone, Debug, Serialize)]
pub struct Replicate {
    /// The drawn values, in the order of `coefficients`.
    pub values: Vec<f64>,
    /// The shares, in the order of `rows`.
    pub shares: Vec<f64>,
}

/// `run --uncertain R`.
#[derive(Clone, Debug, Serialize)]
pub struct UncertaintyReport {
    /// Replicates played.
    pub replicates: usize,
    /// Trials per replicate (the run's trial count).
    pub trials: u64,
    /// How the replicates were drawn and played.
    pub method: &'static str,
    /// The uncertain coefficients.
    pub coefficients: Vec<UncertainCoefficient>,
    /// Each share's spread.
    pub rows: Vec<SpreadRow>,
    /// Every replicate, for scripts.
    pub runs: Vec<Replicate>,
}

/// The shares a spread row reads from a tally, with their counts, in the
/// order of the rows: the outcomes, the families, signed and in force.
fn counts(t: &Tally) -> Vec<u64> {
    let mut out: Vec<u64> = t.outcomes.to_vec();
    out.push(t.outcomes[..4].iter().sum());
    out.push(t.outcomes[4..].iter().sum());
    out.push(t.signed);
    out.push(t.in_force);
    out
}

/// What [`counts`] counts, as `(kind, id, number)`.
fn labels() -> Vec<(&'static str, String, String)> {
    let mut out: Vec<(&'static str, String, String)> =
        seeds::scenarios().iter().map(|s| ("outcome", s.id.clone(), s.number.to_string())).collect();
    out.truncate(OUTCOMES);
    out.push(("family", "military".into(), "1-4".into()));
    out.push(("family", "negotiated".into(), "5-7".into()));
    out.push(("ceasefire", "signed".into(), String::new()));
    out.push(("ceasefire", "in_force".into(), String::new()));
    out
}

impl Replicate {
    /// A replicate's values and the shares its tally gives.
    pub fn new(values: Vec<f64>, t: &Tally) -> Replicate {
        let n = t.trials.max(1) as f64;
        Replicate { values, shares: counts(t).into_iter().map(|k| k as f64 / n).collect() }
    }
}

impl UncertaintyReport {
    /// The report from the plain run's tally and the replicates.
    pub fn new(model: &Model, plain: &Tally, runs: Vec<Replicate>) -> UncertaintyReport {
        let n = plain.trials;
        let rows = labels()
            .into_iter()
            .zip(counts(plain))
            .enumerate()
            .map(|(i, ((kind, id, number), k))| {
                let mut spread: Vec<f64> = runs.iter().filter_map(|r| r.shares.get(i).copied()).collect();
                spread.sort_by(f64::total_cmp);
                let (lo, hi) = wilson(k, n, Z95);
                SpreadRow {
                    kind,
                    id,
                    number,
                    probability: super::share(k, n),
                    ci95: [lo, hi],
                    mean: spread.iter().sum::<f64>() / spread.len().max(1) as f64,
                    p05: quantile(&spread, 0.05),
                    p50: quantile(&spread, 0.5),
                    p95: quantile(&spread, 0.95),
                }
            })
            .collect();
        UncertaintyReport {
            replicates: runs.len(),
            trials: n,
            method: "each replicate draws every [uncertain] coefficient once (its own stream of the seed) and plays \
                     the run's trials on the run's seed: common random numbers, so replicates differ by their \
                     coefficients alone",
            coefficients: UncertainCoefficient::all(model),
            rows,
            runs,
        }
    }
}

/// One uncertain coefficient's Sobol indices.
#[derive(Clone, Debug, Serialize)]
pub struct SobolRow {
    /// Its dotted key.
    pub key: String,
    /// Its distribution, as written.
    pub distribution: String,
    /// First-order index: the share of the measure's variance it explains
    /// alone.
    pub first: f64,
    /// 95 % bootstrap interval of `first`.
    pub first_ci95: [f64; 2],
    /// Total index: the share it has a hand in, interactions included.
    pub total: f64,
    /// 95 % bootstrap interval of `total`.
    pub total_ci95: [f64; 2],
}

/// `negsim sobol`.
#[derive(Clone, Debug, Serialize)]
pub struct Sobol {
    /// negsim version.
    pub negsim: &'static str,
    /// The scenario.
    pub scenario: ScenarioLabel,
    /// What is measured: its id.
    pub target_id: String,
    /// What is measured, in words.
    pub target: String,
    /// Base samples (rows of A and of B).
    pub samples: usize,
    /// Model runs: samples times (coefficients + 2).
    pub runs: usize,
    /// Trials per run.
    pub trials: u64,
    /// Seed of every run (common random numbers) and of the design.
    pub seed: u64,
    /// Bootstrap resamples behind the intervals.
    pub resamples: usize,
    /// The estimators.
    pub method: &'static str,
    /// The measure with the file's values.
    pub base: f64,
    /// Mean of the measure over the sample points.
    pub mean: f64,
    /// Variance of the measure over the sample points: what the indices
    /// are shares of.
    pub variance: f64,
    /// Binomial variance of one run's share at the mean, over `variance`:
    /// roughly how much of the variance could be Monte Carlo noise (which
    /// inflates total indices); above 0.1, raise --trials.
    pub noise_share: f64,
    /// Sum of the first-order indices (1 minus it: interactions).
    pub sum_first: f64,
    /// Per coefficient, by total index, largest first.
    pub rows: Vec<SobolRow>,
}
