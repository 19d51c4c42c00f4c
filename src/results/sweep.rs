//! `negsim sweep`: one run per value of a parameter, or per point of a
//! grid of several.

use super::ScenarioLabel;
use crate::seeds;
use crate::stats::{Tally, Z95, wilson};
use serde::Serialize;

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

/// One value of a sweep (one point of a grid).
#[derive(Clone, Debug, Serialize)]
pub struct SweepRow {
    /// The value, as it was set (a grid's values joined with " x ").
    pub value: String,
    /// A grid's values, one per parameter in `keys` order (absent for one
    /// parameter).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Every outcome's share, then `negotiated`, `signed` and `in_force`.
    pub estimates: Vec<Estimate>,
    /// Mean meetings per trial.
    pub meetings_mean: f64,
}

impl SweepRow {
    /// A row from the tally of one value's run.
    pub fn new(value: String, values: Vec<String>, t: &Tally) -> SweepRow {
        let n = t.trials;
        let est = |measure: String, k: u64| {
            let (lo, hi) = wilson(k, n, Z95);
            Estimate { measure, probability: if n == 0 { 0.0 } else { k as f64 / n as f64 }, ci95: [lo, hi] }
        };
        let mut estimates: Vec<Estimate> =
            seeds::scenarios().iter().zip(t.outcomes).map(|(s, k)| est(s.id.clone(), k)).collect();
        estimates.push(est("negotiated".into(), t.outcomes[4..].iter().sum()));
        estimates.push(est("signed".into(), t.signed));
        estimates.push(est("in_force".into(), t.in_force));
        SweepRow { value, values, estimates, meetings_mean: t.meetings.quantiles().map_or(0.0, |s| s.mean) }
    }
}

/// `negsim sweep`.
#[derive(Clone, Debug, Serialize)]
pub struct Sweep {
    /// negsim version.
    pub negsim: &'static str,
    /// The scenario swept.
    pub scenario: ScenarioLabel,
    /// The parameter swept (a `--set` path; a grid's joined with " x ").
    pub key: String,
    /// A grid's parameters, one by one (absent for one parameter).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    /// Seed of every run (common random numbers across rows).
    pub seed: u64,
    /// Trials per value.
    pub trials: u64,
    /// Seeding scheme.
    pub scheme: &'static str,
    /// One row per value.
    pub rows: Vec<SweepRow>,
}

impl Sweep {
    /// The parameters, one by one (one for a plain sweep).
    pub fn parameters(&self) -> Vec<&str> {
        if self.keys.is_empty() { vec![self.key.as_str()] } else { self.keys.iter().map(String::as_str).collect() }
    }
}

impl SweepRow {
    /// The values, one per parameter (one for a plain sweep).
    pub fn point(&self) -> Vec<&str> {
        if self.values.is_empty() {
            vec![self.value.as_str()]
        } else {
            self.values.iter().map(String::as_str).collect()
        }
    }
}
