//! `negsim calibrate`: make a scenario agree with a target table.
//!
//! The coefficients a scenario marks as free (`key = { value = v, fit =
//! [lo, hi] }`: any coefficient, any driver's parameter) are moved with the
//! Nelder-Mead simplex method (argmin), each within its bounds through a
//! logistic map, to minimise the chi-square distance between the simulated
//! outcome shares and the target. Every evaluation runs on the same seed
//! (common random numbers), so the objective is a deterministic function of
//! the coefficients. The result is written as a scenario that extends the
//! fitted one and overrides only the fitted values, and is checked on a
//! fresh seed.
//!
//! (Model v1 could also fit the starting-world probabilities, `--fit
//! prior`; model v2 has no starting worlds: the table is a target only.)

mod scenario;
mod target;

pub use scenario::scenario_text;
pub use target::{published, read_target};

use super::{Loader, Runner};
use crate::model::{InputError, Model};
use crate::results::{Calibration, Check, CheckRow, TargetTable};
use crate::seeds::{self, OUTCOMES};
use crate::stats::Tally;
use argmin::core::{CostFunction, Error as ArgminError, Executor, State};
use argmin::solver::neldermead::NelderMead;
use std::cell::Cell;

/// Pearson's chi-square distance of the simulated shares from the target:
/// `sum (p - t)^2 / t`. Each outcome's miss is weighed against the size of
/// its target share, so a 2 % outcome missed by 1.5 points counts as much
/// as a 38 % one missed by 6.5 (plain least squares would let the fit give
/// up the small outcomes to gain a little on the large). Targets of zero
/// are weighed as if they were 0.5 %.
fn distance(p: &[f64; OUTCOMES], t: &[f64; OUTCOMES]) -> f64 {
    p.iter().zip(t).map(|(a, b)| (a - b) * (a - b) / b.max(0.005)).sum()
}

fn shares(t: &Tally) -> [f64; OUTCOMES] {
    let mut p = [0.0; OUTCOMES];
    for (x, &c) in p.iter_mut().zip(&t.outcomes) {
        *x = c as f64 / t.trials.max(1) as f64;
    }
    p
}

/// Why a calibration cannot run, or that it was cancelled.
pub enum Failure {
    /// Bad input.
    Input(InputError),
    /// Ctrl-C.
    Cancelled,
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::Input(e)
    }
}

/// The logistic map from the optimiser's free line onto `[lo, hi]`.
fn to_bounds(x: f64, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) / (1.0 + (-x).exp())
}

fn from_bounds(v: f64, lo: f64, hi: f64) -> f64 {
    let s = ((v - lo) / (hi - lo)).clamp(1e-6, 1.0 - 1e-6);
    (s / (1.0 - s)).ln()
}

/// The objective of a fit: one run per evaluation.
struct Objective<'a> {
    load: &'a Loader<'a>,
    keys: Vec<(String, f64, f64)>,
    target: [f64; OUTCOMES],
    runner: &'a Runner<'a>,
    evaluations: &'a Cell<u64>,
}

impl Objective<'_> {
    fn coefficients(&self, x: &[f64]) -> Vec<(String, f64)> {
        self.keys.iter().zip(x).map(|((k, lo, hi), &xi)| (k.clone(), to_bounds(xi, *lo, *hi))).collect()
    }

    /// What the model at these coefficients predicts.
    fn evaluate(&self, x: &[f64]) -> Result<[f64; OUTCOMES], Failure> {
        let sets: Vec<String> = self.coefficients(x).into_iter().map(|(k, v)| format!("{k}={v:?}")).collect();
        let model = (self.load)(&sets)?;
        self.evaluations.set(self.evaluations.get() + 1);
        Ok(shares(&self.runner.tally(&model).ok_or(Failure::Cancelled)?))
    }
}

impl CostFunction for &Objective<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, x: &Vec<f64>) -> Result<f64, ArgminError> {
        match self.evaluate(x) {
            Ok(p) => Ok(distance(&p, &self.target)),
            Err(Failure::Cancelled) => Err(ArgminError::msg("cancelled")),
            // A coefficient inside its fit bounds is always valid (the bounds
            // were checked against its range); treat anything else as far.
            Err(Failure::Input(_)) => Ok(f64::MAX),
        }
    }
}

/// What to fit, to what.
pub struct Fit<'a> {
    /// Loads the scenario with extra `--set` assignments.
    pub load: &'a Loader<'a>,
    /// The table to fit to.
    pub target: &'a TargetTable,
    /// Most Nelder-Mead iterations.
    pub iterations: u64,
}

/// Fits a scenario to a target, every run on the runner's seed.
pub fn calibrate(fit: &Fit<'_>, runner: &Runner<'_>) -> Result<Calibration, Failure> {
    let Fit { load, target, iterations } = *fit;
    let model = load(&[])?;
    let before = shares(&runner.tally(&model).ok_or(Failure::Cancelled)?);
    let evaluations = Cell::new(1);
    if model.free.is_empty() {
        return Err(Failure::Input(InputError::plain(
            "the scenario marks no coefficient as free, so there is nothing to fit",
            "mark coefficients to fit as key = { value = 0.3, fit = [0.1, 0.6] } (see scenarios/baseline-free.toml)",
        )));
    }
    let objective = Objective {
        load,
        keys: model.free.iter().map(|f| (f.key.clone(), f.lo, f.hi)).collect(),
        target: target.shares,
        runner,
        evaluations: &evaluations,
    };
    let start: Vec<f64> = model.free.iter().map(|f| from_bounds(f.value, f.lo, f.hi)).collect();
    let mut simplex = vec![start.clone()];
    for i in 0..start.len() {
        let mut vertex = start.clone();
        vertex[i] += 0.5;
        simplex.push(vertex);
    }
    let solver = NelderMead::new(simplex)
        .with_sd_tolerance(1e-10)
        .map_err(|e| Failure::Input(InputError::plain(format!("optimiser: {e}"), "report this as a bug")))?;
    let result = Executor::new(&objective, solver).configure(|s| s.max_iters(iterations)).run();
    let best = match result {
        Ok(r) => r.state().get_best_param().cloned().unwrap_or(start),
        Err(_) if runner.control.cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed)) => {
            return Err(Failure::Cancelled);
        }
        Err(e) => {
            return Err(Failure::Input(InputError::plain(format!("the fit failed: {e}"), "try other fit ranges")));
        }
    };
    let after = objective.evaluate(&best)?;
    Ok(Calibration {
        fit: "params",
        target: target.clone(),
        seed: runner.seed,
        trials: runner.trials,
        evaluations: evaluations.get(),
        before,
        after,
        coefficients: objective.coefficients(&best),
    })
}

/// Runs a calibrated model on the runner's seed (a fresh one, not the
/// fitting seed) and compares it with the target.
pub fn check(model: &Model, target: &TargetTable, runner: &Runner<'_>) -> Option<Check> {
    let (trials, seed) = (runner.trials, runner.seed);
    let t = runner.tally(model)?;
    let rows: Vec<CheckRow> = seeds::scenarios()
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let p = t.outcomes[i] as f64 / trials as f64;
            let q = target.shares[i];
            // The standard error of the simulated share, taken at the
            // target (the hypothesis being checked); at least one trial's
            // worth, so a target of 0 is not a division by zero.
            let se = (q * (1.0 - q) / trials as f64).sqrt().max(1.0 / trials as f64);
            let z = (p - q).abs() / se;
            CheckRow { id: s.id.clone(), target: q, simulated: p, se, z, within: z <= 4.0 }
        })
        .collect();
    let passed = rows.iter().all(|r| r.within);
    Some(Check { seed, trials, rows, passed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_map_both_ways() {
        for v in [0.1, 0.35, 0.59] {
            assert!((to_bounds(from_bounds(v, 0.1, 0.6), 0.1, 0.6) - v).abs() < 1e-5);
        }
    }
}
