//! `negsim calibrate`: what a fit found and how it held on a fresh seed.

use crate::seeds::OUTCOMES;
use serde::Serialize;

/// A table of seven outcome probabilities to fit to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetTable {
    /// Where it comes from.
    pub name: String,
    /// Shares of one, in scenario order.
    pub shares: [f64; OUTCOMES],
}

/// What a calibration found.
#[derive(Clone, Debug, Serialize)]
pub struct Calibration {
    /// What was fitted.
    pub fit: &'static str,
    /// The target.
    pub target: TargetTable,
    /// Seed of every fitting run.
    pub seed: u64,
    /// Trials per fitting run.
    pub trials: u64,
    /// Runs the fit made.
    pub evaluations: u64,
    /// Outcome shares before fitting.
    pub before: [f64; OUTCOMES],
    /// Outcome shares the fit predicts.
    pub after: [f64; OUTCOMES],
    /// Fitted coefficients (params and both fits), as key and value.
    pub coefficients: Vec<(String, f64)>,
}

impl Calibration {
    /// Per outcome, predicted minus target.
    pub fn residuals(&self) -> [f64; OUTCOMES] {
        let mut r = [0.0; OUTCOMES];
        for (i, x) in r.iter_mut().enumerate() {
            *x = self.after[i] - self.target.shares[i];
        }
        r
    }
}

/// One outcome of the check on a fresh seed.
#[derive(Clone, Debug, Serialize)]
pub struct CheckRow {
    /// Outcome id.
    pub id: String,
    /// Target share.
    pub target: f64,
    /// Simulated share with the calibrated scenario, on the fresh seed.
    pub simulated: f64,
    /// Standard error of the simulated share.
    pub se: f64,
    /// |simulated - target| in standard errors.
    pub z: f64,
    /// Within 4 standard errors.
    pub within: bool,
}

/// The check of a calibrated scenario on a fresh seed.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    /// The seed used (not the fitting seed).
    pub seed: u64,
    /// Trials.
    pub trials: u64,
    /// Per outcome.
    pub rows: Vec<CheckRow>,
    /// Every outcome within 4 standard errors.
    pub passed: bool,
}

/// What `negsim calibrate` prints: the fit, its check, the file written.
#[derive(Clone, Debug, Serialize)]
pub struct CalibrationReport {
    /// The scenario written.
    pub output: String,
    /// The fit.
    pub calibration: Calibration,
    /// The check on a fresh seed.
    pub check: Check,
}
