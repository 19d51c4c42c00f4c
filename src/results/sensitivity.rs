//! `negsim sensitivity`: the one-at-a-time tornado.

use super::ScenarioLabel;
use serde::Serialize;

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
    /// The downward move was cut short by the parameter's range (`low` is
    /// not the value times 1 - delta).
    pub clamped_low: bool,
    /// The upward move was cut short by the parameter's range.
    pub clamped_high: bool,
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
    pub scenario: ScenarioLabel,
    /// What is measured: its id (`negotiated`, `signed`, `in_force`, an
    /// outcome id).
    pub target_id: String,
    /// What is measured, in words.
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
    /// Parameters left out because a driver draws them per trial.
    pub skipped_drawn: Vec<String>,
}
