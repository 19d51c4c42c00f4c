//! Results of the analysis commands: `compare`, `sweep`, `sensitivity`.
//! Built from tallies here; laid out by the format files.

use super::RunInfo;
use crate::engine::SCHEME;
use crate::seeds::{self, OUTCOMES};
use crate::stats::{PairTally, PairedDiff, Tally, Z95, wilson};
use serde::Serialize;

/// Which scenario a result describes.
#[derive(Clone, Debug, Serialize)]
pub struct Side {
    /// Scenario name.
    pub scenario: String,
    /// Where it was read from.
    pub file: String,
    /// Command-line overrides applied.
    pub overrides: Vec<String>,
}

impl From<&RunInfo> for Side {
    fn from(info: &RunInfo) -> Side {
        Side { scenario: info.scenario.clone(), file: info.file.clone(), overrides: info.overrides.clone() }
    }
}

/// One measure compared between A and B.
#[derive(Clone, Debug, Serialize)]
pub struct DiffRow {
    /// What is measured: an outcome id, `military`, `negotiated`,
    /// `signed`, `held` or `rounds`.
    pub measure: String,
    /// Outcome number, for outcome rows.
    pub number: Option<u32>,
    /// `share` (of trials) or `mean` (rounds per trial).
    pub kind: &'static str,
    /// A's value.
    pub a: f64,
    /// B's value.
    pub b: f64,
    /// B - A.
    pub diff: f64,
    /// 95 % interval of the paired difference (trial i of A against trial i
    /// of B, on the same random numbers).
    pub ci95: [f64; 2],
    /// 95 % interval the same difference would have from two independent
    /// runs of the same size (for comparison: the noise pairing removes).
    pub ci95_independent: [f64; 2],
    /// The paired interval excludes zero.
    pub excludes_zero: bool,
}

/// `negsim compare`.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// negsim version.
    pub negsim: &'static str,
    /// Scenario A.
    pub a: Side,
    /// Scenario B.
    pub b: Side,
    /// Seed of both runs.
    pub seed: u64,
    /// Trials of each.
    pub trials: u64,
    /// Seeding scheme.
    pub scheme: &'static str,
    /// One row per measure.
    pub rows: Vec<DiffRow>,
    /// With `--expert-concentration`: the spread of B - A across redrawn
    /// tables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experts: Option<crate::uncertainty::ExpertSpread>,
}

fn share_se(k: u64, n: u64) -> f64 {
    crate::stats::standard_error(k, n)
}

impl Comparison {
    /// The comparison of a paired run.
    pub fn new(a: &RunInfo, b: &RunInfo, pair: &PairTally, seed: u64) -> Comparison {
        let n = pair.a.trials;
        let share = |k: u64| if n == 0 { 0.0 } else { k as f64 / n as f64 };
        let row = |measure: String, number: Option<u32>, kind, va: f64, vb: f64, paired: PairedDiff, se_ind: f64| {
            let ci95 = paired.ci95();
            DiffRow {
                measure,
                number,
                kind,
                a: va,
                b: vb,
                diff: vb - va,
                ci95,
                ci95_independent: [vb - va - Z95 * se_ind, vb - va + Z95 * se_ind],
                excludes_zero: ci95[0] > 0.0 || ci95[1] < 0.0,
            }
        };
        let mut rows = Vec::new();
        for (k, s) in seeds::scenarios().iter().enumerate() {
            let (ka, kb) = (pair.a.outcomes[k], pair.b.outcomes[k]);
            let se = (share_se(ka, n).powi(2) + share_se(kb, n).powi(2)).sqrt();
            rows.push(row(s.id.clone(), Some(s.number), "share", share(ka), share(kb), pair.outcome_diff(k), se));
        }
        for (name, range) in [("military", 0..4), ("negotiated", 4..OUTCOMES)] {
            let (ka, kb): (u64, u64) =
                (pair.a.outcomes[range.clone()].iter().sum(), pair.b.outcomes[range.clone()].iter().sum());
            let se = (share_se(ka, n).powi(2) + share_se(kb, n).powi(2)).sqrt();
            rows.push(row(name.into(), None, "share", share(ka), share(kb), pair.family_diff(range), se));
        }
        for (name, joint, ka, kb) in
            [("signed", &pair.signed, pair.a.signed, pair.b.signed), ("held", &pair.held, pair.a.held, pair.b.held)]
        {
            let se = (share_se(ka, n).powi(2) + share_se(kb, n).powi(2)).sqrt();
            rows.push(row(name.into(), None, "share", share(ka), share(kb), PairTally::binary_diff(joint, n), se));
        }
        let (ma, sa) = mean_and_se(&pair.a);
        let (mb, sb) = mean_and_se(&pair.b);
        rows.push(row("rounds".into(), None, "mean", ma, mb, pair.rounds_diff(), (sa * sa + sb * sb).sqrt()));
        Comparison {
            negsim: env!("CARGO_PKG_VERSION"),
            a: Side::from(a),
            b: Side::from(b),
            seed,
            trials: n,
            scheme: SCHEME,
            rows,
            experts: None,
        }
    }
}

/// Mean rounds of talks and its standard error, from the histogram.
fn mean_and_se(t: &Tally) -> (f64, f64) {
    let n = t.rounds.total();
    if n < 2 {
        return (t.rounds.spread().map_or(0.0, |s| s.mean), 0.0);
    }
    let counts = t.rounds.counts();
    let nf = n as f64;
    let mean = counts.iter().enumerate().map(|(v, &c)| v as f64 * c as f64).sum::<f64>() / nf;
    let var = counts.iter().enumerate().map(|(v, &c)| (v as f64 - mean).powi(2) * c as f64).sum::<f64>() / (nf - 1.0);
    (mean, (var / nf).sqrt())
}

/// An estimate with its 95 % interval.
#[derive(Clone, Debug, Serialize)]
pub struct Estimate {
    /// What is measured (outcome id, `negotiated`, `signed`, `held`).
    pub measure: String,
    /// The share.
    pub probability: f64,
    /// 95 % Wilson interval.
    pub ci95: [f64; 2],
}

/// One value of a sweep.
#[derive(Clone, Debug, Serialize)]
pub struct SweepRow {
    /// The value, as it was set.
    pub value: String,
    /// Every outcome's share, then `negotiated`, `signed` and `held`.
    pub estimates: Vec<Estimate>,
    /// Mean rounds of talks.
    pub rounds_mean: f64,
}

impl SweepRow {
    /// A row from the tally of one value's run.
    pub fn new(value: String, t: &Tally) -> SweepRow {
        let n = t.trials;
        let est = |measure: String, k: u64| {
            let (lo, hi) = wilson(k, n, Z95);
            Estimate { measure, probability: if n == 0 { 0.0 } else { k as f64 / n as f64 }, ci95: [lo, hi] }
        };
        let mut estimates: Vec<Estimate> =
            seeds::scenarios().iter().zip(t.outcomes).map(|(s, k)| est(s.id.clone(), k)).collect();
        estimates.push(est("negotiated".into(), t.outcomes[4..].iter().sum()));
        estimates.push(est("signed".into(), t.signed));
        estimates.push(est("held".into(), t.held));
        SweepRow { value, estimates, rounds_mean: t.rounds.spread().map_or(0.0, |s| s.mean) }
    }
}

/// `negsim sweep`.
#[derive(Clone, Debug, Serialize)]
pub struct Sweep {
    /// negsim version.
    pub negsim: &'static str,
    /// The scenario swept.
    pub scenario: Side,
    /// The parameter swept (a `--set` path).
    pub key: String,
    /// Seed of every run (common random numbers across rows).
    pub seed: u64,
    /// Trials per value.
    pub trials: u64,
    /// Seeding scheme.
    pub scheme: &'static str,
    /// One row per value.
    pub rows: Vec<SweepRow>,
}

/// One parameter of a sensitivity analysis.
#[derive(Clone, Debug, Serialize)]
pub struct SensitivityRow {
    /// The parameter (a `--set` path).
    pub key: String,
    /// Its value in the scenario.
    pub value: f64,
    /// The value times (1 - delta), kept in range: a weaker version.
    pub low: f64,
    /// The value times (1 + delta), kept in range: a stronger version.
    pub high: f64,
    /// The target with the value low.
    pub at_low: f64,
    /// The target with the value high.
    pub at_high: f64,
    /// `at_high - at_low`.
    pub swing: f64,
}

/// `negsim sensitivity`.
#[derive(Clone, Debug, Serialize)]
pub struct Sensitivity {
    /// negsim version.
    pub negsim: &'static str,
    /// The scenario.
    pub scenario: Side,
    /// What is measured.
    pub target: String,
    /// Relative move of each parameter, down and up.
    pub delta: f64,
    /// Seed of every run (common random numbers across parameters).
    pub seed: u64,
    /// Trials per run.
    pub trials: u64,
    /// The target in the scenario as it is.
    pub base: f64,
    /// Parameters by size of swing, largest first.
    pub rows: Vec<SensitivityRow>,
    /// Parameters left out because their value is 0 (a relative move
    /// leaves them at 0).
    pub skipped_zero: Vec<String>,
}
