//! `negsim calibrate`: make a scenario agree with a target table.
//!
//! Two kinds of fit, which can be combined:
//!
//! * **prior**: keep the dynamics and choose the starting-world
//!   probabilities. The world-to-outcome matrix `M` (row `k`: the outcome
//!   shares of trials that start in world `k`) is estimated by one run in
//!   which every world starts a seventh of the trials; the prior `w` then
//!   minimises `|Mᵀw - t|²` over the simplex (non-negative, summing to one),
//!   by projected gradient descent, which for seven unknowns converges to
//!   the exact optimum in well under a millisecond.
//! * **params**: move the coefficients the file marks as free
//!   (`key = { value = v, fit = [lo, hi] }`) with the Nelder-Mead simplex
//!   method (argmin), each within its bounds (through a logistic map), to
//!   minimise the same squared distance. Every evaluation runs on the same
//!   seed (common random numbers), so the objective is a deterministic,
//!   smooth-looking function of the coefficients.
//! * **both**: params, where each evaluation first fits the prior exactly.
//!
//! The result is written as a scenario that extends the fitted one and
//! overrides only the fitted values, and is checked on a fresh seed.

mod scenario;
mod target;

pub use scenario::scenario_text;
pub use target::{published, read_target};

use super::Runner;
use crate::model::{InputError, Model, Origin, Overrides};
use crate::results::{Calibration, Check, CheckRow, TargetTable};
use crate::seeds::{self, OUTCOMES};
use crate::stats::Tally;
use argmin::core::{CostFunction, Error as ArgminError, Executor, State};
use argmin::solver::neldermead::NelderMead;
use std::cell::Cell;

/// What `calibrate` fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FitKind {
    /// The starting-world probabilities, keeping the dynamics.
    Prior,
    /// The coefficients the file marks as free.
    Params,
    /// The free coefficients, with the prior refitted at each step.
    Both,
}

impl FitKind {
    /// The name reports and file headers use.
    pub fn name(self) -> &'static str {
        match self {
            FitKind::Prior => "prior",
            FitKind::Params => "params",
            FitKind::Both => "both",
        }
    }
}

/// A model at some coefficients, what it predicts, and the prior fitted
/// with it (when the prior is fitted too).
type Evaluation = (Model, [f64; OUTCOMES], Option<[f64; OUTCOMES]>);

/// Projects `v` onto the probability simplex (Duchi et al., 2008).
fn project_simplex(v: [f64; OUTCOMES]) -> [f64; OUTCOMES] {
    let mut u = v;
    u.sort_by(|a, b| b.total_cmp(a));
    let mut cumulative = 0.0;
    let mut theta = 0.0;
    for (j, &uj) in u.iter().enumerate() {
        cumulative += uj;
        let t = (cumulative - 1.0) / (j as f64 + 1.0);
        if uj - t > 0.0 {
            theta = t;
        }
    }
    let mut w = [0.0; OUTCOMES];
    for (wi, vi) in w.iter_mut().zip(v) {
        *wi = (vi - theta).max(0.0);
    }
    w
}

/// Outcome shares a prior gives: `Mᵀw`.
fn predict(m: &[[f64; OUTCOMES]; OUTCOMES], w: &[f64; OUTCOMES]) -> [f64; OUTCOMES] {
    let mut p = [0.0; OUTCOMES];
    for (k, wk) in w.iter().enumerate() {
        for (j, pj) in p.iter_mut().enumerate() {
            *pj += wk * m[k][j];
        }
    }
    p
}

fn distance(p: &[f64; OUTCOMES], t: &[f64; OUTCOMES]) -> f64 {
    p.iter().zip(t).map(|(a, b)| (a - b) * (a - b)).sum()
}

/// The prior on the simplex that brings `Mᵀw` closest to `t`: projected
/// gradient descent with step `1 / L` (`L = 2 |M|²`, an upper bound of the
/// gradient's Lipschitz constant), which converges to the optimum of this
/// convex problem.
pub fn fit_prior(m: &[[f64; OUTCOMES]; OUTCOMES], t: &[f64; OUTCOMES]) -> [f64; OUTCOMES] {
    let lipschitz = 2.0 * m.iter().flatten().map(|x| x * x).sum::<f64>().max(1e-12);
    let mut w = [1.0 / OUTCOMES as f64; OUTCOMES];
    for _ in 0..200_000 {
        let r: Vec<f64> = predict(m, &w).iter().zip(t).map(|(p, t)| p - t).collect();
        let mut next = w;
        for (k, wk) in next.iter_mut().enumerate() {
            let gradient: f64 = 2.0 * (0..OUTCOMES).map(|j| m[k][j] * r[j]).sum::<f64>();
            *wk -= gradient / lipschitz;
        }
        let next = project_simplex(next);
        let moved: f64 = next.iter().zip(&w).map(|(a, b)| (a - b).abs()).sum();
        w = next;
        if moved < 1e-15 {
            break;
        }
    }
    w
}

/// Rows of the world-to-outcome matrix from a run's tally.
fn matrix(t: &Tally) -> [[f64; OUTCOMES]; OUTCOMES] {
    let mut m = [[0.0; OUTCOMES]; OUTCOMES];
    for (row, counts) in m.iter_mut().zip(&t.world_outcome) {
        let n: u64 = counts.iter().sum();
        for (x, &c) in row.iter_mut().zip(counts) {
            *x = if n == 0 { 0.0 } else { c as f64 / n as f64 };
        }
    }
    m
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

/// The objective of a params fit: one run per evaluation.
struct Objective<'a> {
    origin: &'a Origin,
    base: &'a Overrides,
    keys: Vec<(String, f64, f64)>,
    with_prior: bool,
    target: [f64; OUTCOMES],
    runner: &'a Runner<'a>,
    evaluations: &'a Cell<u64>,
}

impl Objective<'_> {
    fn coefficients(&self, x: &[f64]) -> Vec<(String, f64)> {
        self.keys.iter().zip(x).map(|((k, lo, hi), &xi)| (k.clone(), to_bounds(xi, *lo, *hi))).collect()
    }

    /// The model at these coefficients, and what it predicts: with the
    /// prior fitted to the target when `with_prior`.
    fn evaluate(&self, x: &[f64]) -> Result<Evaluation, Failure> {
        let mut o = self.base.clone();
        o.sets.extend(self.coefficients(x).into_iter().map(|(k, v)| format!("{k}={v:?}")));
        let model = Model::load_with(self.origin, &o)?;
        self.evaluations.set(self.evaluations.get() + 1);
        if self.with_prior {
            let uniform = model.with_world_probabilities([1.0 / OUTCOMES as f64; OUTCOMES]);
            let t = run(self.runner, &uniform)?;
            let m = matrix(&t);
            let w = fit_prior(&m, &self.target);
            Ok((model, predict(&m, &w), Some(w)))
        } else {
            let t = run(self.runner, &model)?;
            Ok((model, shares(&t), None))
        }
    }
}

impl CostFunction for &Objective<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, x: &Vec<f64>) -> Result<f64, ArgminError> {
        match self.evaluate(x) {
            Ok((_, p, _)) => Ok(distance(&p, &self.target)),
            Err(Failure::Cancelled) => Err(ArgminError::msg("cancelled")),
            // A coefficient inside its fit bounds is always valid (the bounds
            // were checked against its range); treat anything else as far.
            Err(Failure::Input(_)) => Ok(f64::MAX),
        }
    }
}

fn run(runner: &Runner<'_>, model: &Model) -> Result<Tally, Failure> {
    runner.tally(model).ok_or(Failure::Cancelled)
}

/// What to fit, to what, from where.
pub struct Fit<'a> {
    /// The scenario fitted.
    pub origin: &'a Origin,
    /// Its command-line overrides.
    pub overrides: &'a Overrides,
    /// What is fitted.
    pub kind: FitKind,
    /// The table to fit to.
    pub target: &'a TargetTable,
    /// Most Nelder-Mead iterations.
    pub iterations: u64,
}

/// Fits a scenario to a target, every run on the runner's seed.
pub fn calibrate(fit: &Fit<'_>, runner: &Runner<'_>) -> Result<Calibration, Failure> {
    let Fit { origin, overrides, kind, target, iterations } = *fit;
    let model = Model::load_with(origin, overrides)?;
    let before = shares(&run(runner, &model)?);
    let evaluations = Cell::new(1);
    let (after, prior, coefficients) = match kind {
        FitKind::Prior => {
            let uniform = model.with_world_probabilities([1.0 / OUTCOMES as f64; OUTCOMES]);
            let m = matrix(&run(runner, &uniform)?);
            evaluations.set(2);
            let w = fit_prior(&m, &target.shares);
            (predict(&m, &w), Some(w), Vec::new())
        }
        FitKind::Params | FitKind::Both => {
            if model.free.is_empty() {
                return Err(Failure::Input(InputError::plain(
                    "the scenario marks no coefficient as free, so --fit params has nothing to fit",
                    "mark coefficients to fit as key = { value = 0.3, fit = [0.1, 0.6] }, or use --fit prior",
                )));
            }
            let objective = Objective {
                origin,
                base: overrides,
                keys: model.free.iter().map(|f| (f.key.clone(), f.lo, f.hi)).collect(),
                with_prior: kind == FitKind::Both,
                target: target.shares,
                runner,
                evaluations: &evaluations,
            };
            let start: Vec<f64> = model.free.iter().map(|f| from_bounds(f.value, f.lo, f.hi)).collect();
            let mut simplex = vec![start.clone()];
            for i in 0..start.len() {
                let mut vertex = start.clone();
                vertex[i] += 1.0;
                simplex.push(vertex);
            }
            let solver = NelderMead::new(simplex)
                .with_sd_tolerance(1e-9)
                .map_err(|e| Failure::Input(InputError::plain(format!("optimiser: {e}"), "")))?;
            let result = Executor::new(&objective, solver).configure(|s| s.max_iters(iterations)).run();
            let best = match result {
                Ok(r) => r.state().get_best_param().cloned().unwrap_or(start),
                Err(_) if runner.control.cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed)) => {
                    return Err(Failure::Cancelled);
                }
                Err(e) => {
                    return Err(Failure::Input(InputError::plain(
                        format!("the fit failed: {e}"),
                        "try other fit ranges",
                    )));
                }
            };
            let (_, p, w) = objective.evaluate(&best)?;
            (p, w, objective.coefficients(&best))
        }
    };
    Ok(Calibration {
        fit: kind.name(),
        target: target.clone(),
        seed: runner.seed,
        trials: runner.trials,
        evaluations: evaluations.get(),
        before,
        after,
        prior,
        coefficients,
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
    fn projection_lands_on_the_simplex() {
        let w = project_simplex([0.5, 0.5, 0.5, -1.0, 0.0, 0.2, 0.9]);
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(w.iter().all(|x| *x >= 0.0));
        let already = [0.2, 0.13, 0.04, 0.38, 0.11, 0.12, 0.02];
        let same = project_simplex(already);
        assert!(same.iter().zip(already).all(|(a, b)| (a - b).abs() < 1e-12));
    }

    #[test]
    fn with_an_identity_matrix_the_prior_is_the_target() {
        let mut m = [[0.0; OUTCOMES]; OUTCOMES];
        for (i, row) in m.iter_mut().enumerate() {
            row[i] = 1.0;
        }
        let t = seeds::priors();
        let w = fit_prior(&m, &t);
        assert!(w.iter().zip(t).all(|(a, b)| (a - b).abs() < 1e-9), "{w:?}");
    }

    #[test]
    fn an_unreachable_target_gets_the_closest_point() {
        // Two worlds that both give outcomes 1 and 2 half and half: no prior
        // can give 100 % of outcome 1; the best is any mix, at distance 0.5.
        let mut m = [[0.0; OUTCOMES]; OUTCOMES];
        m[0][0] = 0.5;
        m[0][1] = 0.5;
        m[1] = m[0];
        for (i, row) in m.iter_mut().enumerate().skip(2) {
            row[i] = 1.0;
        }
        let mut t = [0.0; OUTCOMES];
        t[0] = 1.0;
        let w = fit_prior(&m, &t);
        assert!((distance(&predict(&m, &w), &t) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn bounds_map_both_ways() {
        for v in [0.1, 0.35, 0.59] {
            assert!((to_bounds(from_bounds(v, 0.1, 0.6), 0.1, 0.6) - v).abs() < 1e-5);
        }
    }
}
