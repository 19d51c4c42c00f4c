//! `negsim compare`: paired differences of two models on common random
//! numbers.

use super::run::RunInfo;
use super::{ScenarioLabel, share};
use crate::engine::SCHEME;
use crate::seeds::{self, OUTCOMES};
use crate::stats::{PairTally, PairedDiff, Tally, Z95, standard_error};
use serde::Serialize;

/// What a compared measure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// A share of trials.
    Share,
    /// A mean per trial.
    Mean,
}

impl MeasureKind {
    /// Its name in CSV and JSON.
    pub fn name(self) -> &'static str {
        match self {
            MeasureKind::Share => "share",
            MeasureKind::Mean => "mean",
        }
    }
}

/// One measure compared between A and B.
#[derive(Clone, Debug, Serialize)]
pub struct DiffRow {
    /// What is measured: an outcome id, `military`, `negotiated`,
    /// `signed`, `in_force` or `meetings`.
    pub measure: String,
    /// Outcome number, for outcome rows.
    pub number: Option<u32>,
    /// `share` (of trials) or `mean` (meetings per trial).
    pub kind: MeasureKind,
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

impl DiffRow {
    /// A row from A's and B's values and the two intervals of B - A. The
    /// difference and whether the paired interval excludes zero are
    /// derived here, so that the paired and the conditioned comparisons
    /// cannot derive them differently.
    fn new(
        measure: String,
        number: Option<u32>,
        kind: MeasureKind,
        [a, b]: [f64; 2],
        ci95: [f64; 2],
        ci95_independent: [f64; 2],
    ) -> DiffRow {
        DiffRow {
            measure,
            number,
            kind,
            a,
            b,
            diff: b - a,
            ci95,
            ci95_independent,
            excludes_zero: ci95[0] > 0.0 || ci95[1] < 0.0,
        }
    }
}

/// The 95 % interval of B - A for two independent estimates `a` and `b`
/// whose difference has standard error `se`: what the comparison would
/// have without common random numbers, and all it has under `--as-of`.
fn independent_ci95(a: f64, b: f64, se: f64) -> [f64; 2] {
    [b - a - Z95 * se, b - a + Z95 * se]
}

/// `negsim compare`.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// negsim version.
    pub negsim: &'static str,
    /// Scenario A.
    pub a: ScenarioLabel,
    /// Scenario B.
    pub b: ScenarioLabel,
    /// Seed of both runs.
    pub seed: u64,
    /// Trials of each.
    pub trials: u64,
    /// Seeding scheme.
    pub scheme: &'static str,
    /// One row per measure.
    pub rows: Vec<DiffRow>,
    /// With `--as-of`: each scenario conditioned on the record on its own;
    /// the trials kept differ, so the intervals are those of independent
    /// samples (`ci95` is `ci95_independent`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<ComparedAsOf>,
}

/// How `compare --as-of` conditioned each side.
#[derive(Clone, Debug, Serialize)]
pub struct ComparedAsOf {
    /// The date.
    pub date: String,
    /// Trials of A kept (agreeing with the record) and drawn.
    pub a_kept: u64,
    /// Trials of A drawn.
    pub a_drawn: u64,
    /// Trials of B kept.
    pub b_kept: u64,
    /// Trials of B drawn.
    pub b_drawn: u64,
}

impl Comparison {
    /// The comparison of a paired run.
    pub fn new(a: &RunInfo, b: &RunInfo, pair: &PairTally, seed: u64) -> Comparison {
        let n = pair.a.trials;
        let share = |k: u64| share(k, n);
        let row = |measure: String, number: Option<u32>, kind, va: f64, vb: f64, paired: PairedDiff, se_ind: f64| {
            DiffRow::new(measure, number, kind, [va, vb], paired.ci95(), independent_ci95(va, vb, se_ind))
        };
        // A share of trials: the independent interval is that of two
        // binomial shares of A's and B's counts.
        let share_row = |measure: String, number: Option<u32>, (ka, kb): (u64, u64), paired: PairedDiff| {
            let se = (standard_error(ka, n).powi(2) + standard_error(kb, n).powi(2)).sqrt();
            row(measure, number, MeasureKind::Share, share(ka), share(kb), paired, se)
        };
        let mut rows = Vec::new();
        for (k, s) in seeds::scenarios().iter().enumerate() {
            let counts = (pair.a.outcomes[k], pair.b.outcomes[k]);
            rows.push(share_row(s.id.clone(), Some(s.number), counts, pair.outcome_diff(k)));
        }
        for (name, range) in [("military", 0..4), ("negotiated", 4..OUTCOMES)] {
            let counts: (u64, u64) =
                (pair.a.outcomes[range.clone()].iter().sum(), pair.b.outcomes[range.clone()].iter().sum());
            rows.push(share_row(name.into(), None, counts, pair.family_diff(range)));
        }
        for (name, joint, ka, kb) in [
            ("signed", &pair.signed, pair.a.signed, pair.b.signed),
            ("in_force", &pair.in_force, pair.a.in_force, pair.b.in_force),
        ] {
            rows.push(share_row(name.into(), None, (ka, kb), PairTally::binary_diff(joint, n)));
        }
        let (ma, sa) = mean_and_se(&pair.a);
        let (mb, sb) = mean_and_se(&pair.b);
        rows.push(row(
            "meetings".into(),
            None,
            MeasureKind::Mean,
            ma,
            mb,
            pair.meetings_diff(),
            (sa * sa + sb * sb).sqrt(),
        ));
        Comparison {
            negsim: env!("CARGO_PKG_VERSION"),
            a: ScenarioLabel::from(a),
            b: ScenarioLabel::from(b),
            seed,
            trials: n,
            scheme: SCHEME,
            rows,
            as_of: None,
        }
    }

    /// The comparison of two runs conditioned on the record as of a date,
    /// each on its own: `a` and `b` are the kept trials' tallies, and the
    /// intervals are those of two independent samples.
    pub fn conditioned(a: &RunInfo, b: &RunInfo, ta: &Tally, tb: &Tally, seed: u64, as_of: ComparedAsOf) -> Comparison {
        let (na, nb) = (ta.trials, tb.trials);
        let row = |measure: String, number: Option<u32>, kind, (va, sa): (f64, f64), (vb, sb): (f64, f64)| {
            let ci95 = independent_ci95(va, vb, (sa * sa + sb * sb).sqrt());
            DiffRow::new(measure, number, kind, [va, vb], ci95, ci95)
        };
        let of = |k: u64, n: u64| (share(k, n), standard_error(k, n));
        let mut rows = Vec::new();
        for (k, s) in seeds::scenarios().iter().enumerate() {
            rows.push(row(
                s.id.clone(),
                Some(s.number),
                MeasureKind::Share,
                of(ta.outcomes[k], na),
                of(tb.outcomes[k], nb),
            ));
        }
        for (name, range) in [("military", 0..4), ("negotiated", 4..OUTCOMES)] {
            let (ka, kb): (u64, u64) = (ta.outcomes[range.clone()].iter().sum(), tb.outcomes[range].iter().sum());
            rows.push(row(name.into(), None, MeasureKind::Share, of(ka, na), of(kb, nb)));
        }
        rows.push(row("signed".into(), None, MeasureKind::Share, of(ta.signed, na), of(tb.signed, nb)));
        rows.push(row("in_force".into(), None, MeasureKind::Share, of(ta.in_force, na), of(tb.in_force, nb)));
        rows.push(row("meetings".into(), None, MeasureKind::Mean, mean_and_se(ta), mean_and_se(tb)));
        Comparison {
            negsim: env!("CARGO_PKG_VERSION"),
            a: ScenarioLabel::from(a),
            b: ScenarioLabel::from(b),
            seed,
            trials: as_of.a_drawn.max(as_of.b_drawn),
            scheme: SCHEME,
            rows,
            as_of: Some(as_of),
        }
    }
}

/// Mean meetings per trial and its standard error, from the histogram.
fn mean_and_se(t: &Tally) -> (f64, f64) {
    let n = t.meetings.total();
    if n < 2 {
        return (t.meetings.quantiles().map_or(0.0, |s| s.mean), 0.0);
    }
    let counts = t.meetings.counts();
    let nf = n as f64;
    let mean = counts.iter().enumerate().map(|(v, &c)| v as f64 * c as f64).sum::<f64>() / nf;
    let var = counts.iter().enumerate().map(|(v, &c)| (v as f64 - mean).powi(2) * c as f64).sum::<f64>() / (nf - 1.0);
    (mean, (var / nf).sqrt())
}
