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

use crate::cli::FitKind;
use crate::engine::{self, Control, Plan, Stop};
use crate::model::{InputError, Model, Origin, Overrides};
use crate::seeds::{self, OUTCOMES};
use crate::stats::Tally;
use argmin::core::{CostFunction, Error as ArgminError, Executor, State};
use argmin::solver::neldermead::NelderMead;
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::path::Path;

/// A table of seven outcome probabilities to fit to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Target {
    /// Where it comes from.
    pub name: String,
    /// Shares of one, in scenario order.
    pub shares: [f64; OUTCOMES],
}

impl Target {
    /// The published GLOBSEC table (seeds/globsec-2025.toml).
    pub fn published() -> Target {
        Target { name: "published GLOBSEC table (seeds/globsec-2025.toml)".into(), shares: seeds::priors() }
    }

    /// Reads a target: a TOML file with `probabilities = [7 numbers]` (shares
    /// of one, or percent summing to 100), or a table in the format of
    /// `seeds/globsec-2025.toml`.
    pub fn read(path: &Path) -> Result<Target, InputError> {
        use crate::model::error::Report;
        use crate::model::source::SourceMap;
        use toml::Spanned;
        type Span = Option<std::ops::Range<usize>>;
        let name = path.display().to_string();
        let help =
            "give probabilities = [p1, ..., p7] (shares of one or percent), or a file like seeds/globsec-2025.toml";
        let text =
            std::fs::read_to_string(path).map_err(|e| InputError::file(&name, format!("cannot read: {e}"), help))?;
        let mut sources = SourceMap::new();
        let id = sources.add(name.clone(), text, Some(path.to_path_buf()));
        let (base, text) = (sources.offset(id), sources.text(id));
        // Every problem points at its place in the file, like a scenario's.
        let fail = |span: Option<std::ops::Range<usize>>, message: String, help: &str| {
            let mut report = Report::default();
            match span {
                Some(s) => report.at(base + s.start..base + s.end, message, help),
                None => report.plain(Some(name.clone()), message, help),
            }
            report.into_error(&sources)
        };
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Flat {
            probabilities: Spanned<Vec<Spanned<f64>>>,
        }
        let (values, whole): (Vec<(f64, Span)>, Span) = match toml::from_str::<Flat>(text) {
            Ok(flat) => {
                let whole = flat.probabilities.span();
                (
                    flat.probabilities.into_inner().into_iter().map(|v| (*v.get_ref(), Some(v.span()))).collect(),
                    Some(whole),
                )
            }
            Err(flat_err) => match toml::from_str::<seeds::ScenarioTable>(text) {
                Ok(table) => (table.scenarios.iter().map(|s| (f64::from(s.probability_percent), None)).collect(), None),
                Err(_) => {
                    return Err(fail(flat_err.span(), format!("not a target table: {}", flat_err.message()), help));
                }
            },
        };
        if values.len() != OUTCOMES {
            return Err(fail(
                whole,
                format!("a target needs {OUTCOMES} probabilities, one per scenario; found {}", values.len()),
                "list the seven scenarios' probabilities in the published order",
            ));
        }
        if let Some((v, span)) = values.iter().find(|(v, _)| !v.is_finite() || *v < 0.0) {
            return Err(fail(
                span.clone(),
                format!("`{v}` is not a probability"),
                "use a number of at least 0 (a share of one, or percent)",
            ));
        }
        let sum: f64 = values.iter().map(|(v, _)| v).sum();
        let scale = if (sum - 1.0).abs() < 1e-6 {
            1.0
        } else if (sum - 100.0).abs() < 1e-4 {
            100.0
        } else {
            return Err(fail(
                whole,
                format!("the probabilities sum to {sum}, not 1 (or 100 %)"),
                "make the seven shares sum to 1, or the percentages to 100",
            ));
        };
        let mut shares = [0.0; OUTCOMES];
        for (s, (v, _)) in shares.iter_mut().zip(values) {
            *s = v / scale;
        }
        Ok(Target { name, shares })
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

/// What a calibration found.
#[derive(Clone, Debug, Serialize)]
pub struct Calibration {
    /// What was fitted.
    pub fit: &'static str,
    /// The target.
    pub target: Target,
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
    /// Fitted starting-world probabilities (prior and both fits).
    pub prior: Option<[f64; OUTCOMES]>,
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
    trials: u64,
    seed: u64,
    threads: usize,
    control: &'a Control<'a>,
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
            let t = run(&uniform, self.trials, self.seed, self.threads, self.control)?;
            let m = matrix(&t);
            let w = fit_prior(&m, &self.target);
            Ok((model, predict(&m, &w), Some(w)))
        } else {
            let t = run(&model, self.trials, self.seed, self.threads, self.control)?;
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

fn run(model: &Model, trials: u64, seed: u64, threads: usize, control: &Control<'_>) -> Result<Tally, Failure> {
    let f = engine::execute(model, &Plan::all(trials, seed), threads, control);
    if f.stop == Stop::Cancelled { Err(Failure::Cancelled) } else { Ok(f.tally) }
}

/// Fits a scenario to a target.
#[allow(clippy::too_many_arguments)]
pub fn calibrate(
    origin: &Origin,
    overrides: &Overrides,
    fit: FitKind,
    target: &Target,
    trials: u64,
    seed: u64,
    iterations: u64,
    threads: usize,
    control: &Control<'_>,
) -> Result<Calibration, Failure> {
    let model = Model::load_with(origin, overrides)?;
    let before = shares(&run(&model, trials, seed, threads, control)?);
    let evaluations = Cell::new(1);
    let (after, prior, coefficients) = match fit {
        FitKind::Prior => {
            let uniform = model.with_world_probabilities([1.0 / OUTCOMES as f64; OUTCOMES]);
            let m = matrix(&run(&uniform, trials, seed, threads, control)?);
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
                with_prior: fit == FitKind::Both,
                target: target.shares,
                trials,
                seed,
                threads,
                control,
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
                Err(_) if control.cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed)) => {
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
        fit: match fit {
            FitKind::Prior => "prior",
            FitKind::Params => "params",
            FitKind::Both => "both",
        },
        target: target.clone(),
        seed,
        trials,
        evaluations: evaluations.get(),
        before,
        after,
        prior,
        coefficients,
    })
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

/// Runs a calibrated model on `seed` and compares it with the target.
pub fn check(
    model: &Model,
    target: &Target,
    trials: u64,
    seed: u64,
    threads: usize,
    control: &Control<'_>,
) -> Option<Check> {
    let t = run(model, trials, seed, threads, control).ok()?;
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

/// The scenario file a calibration writes: extends the fitted file and
/// overrides only the fitted values.
pub fn scenario_text(c: &Calibration, check: Option<&Check>, extends: &str, name: &str, date: &str) -> String {
    let mut out = String::new();
    out += &format!("# negsim calibrated scenario, written by `negsim calibrate --fit {}` on {date}.\n#\n", c.fit);
    out += &format!("# Target: {}.\n", c.target.name);
    out += &format!(
        "# Fitted on seed {} with {} trials a run ({} runs); checked on seed {}.\n",
        c.seed,
        c.trials,
        c.evaluations,
        check.map_or(0, |k| k.seed)
    );
    out += "# Per outcome: target, fitted prediction, residual (percentage points):\n";
    for (i, s) in seeds::scenarios().iter().enumerate() {
        out += &format!(
            "#   {} {:<24} {:>6.2} % {:>6.2} % {:>+6.2}\n",
            s.number,
            s.id,
            100.0 * c.target.shares[i],
            100.0 * c.after[i],
            100.0 * (c.after[i] - c.target.shares[i])
        );
    }
    if let Some(k) = check {
        out += &format!(
            "# Check on the fresh seed, {} trials: {}.\n",
            k.trials,
            if k.passed {
                "every outcome within 4 standard errors of the target"
            } else {
                "NOT every outcome within 4 standard errors"
            }
        );
    }
    out += "#\n# Only the fitted values are overridden; everything else comes from the file extended.\n\n";
    out += &format!("extends = {}\nname = {}\n", toml_string(extends), toml_string(name));
    out += &format!("description = {}\n", toml_string(&format!("{extends} calibrated to the target ({} fit)", c.fit)));
    // Group the fitted keys by their table.
    let mut tables: Vec<(String, Vec<(String, f64)>)> = Vec::new();
    let mut put = |key: &str, value: f64| {
        let (table, leaf) = key.rsplit_once('.').unwrap_or(("", key));
        match tables.iter_mut().find(|(t, _)| t == table) {
            Some((_, entries)) => entries.push((leaf.to_string(), value)),
            None => tables.push((table.to_string(), vec![(leaf.to_string(), value)])),
        }
    };
    if let Some(w) = c.prior {
        for (s, p) in seeds::scenarios().iter().zip(w) {
            put(&format!("worlds.{}.probability", s.id), round(p));
        }
    }
    for (k, v) in &c.coefficients {
        put(k, round(*v));
    }
    if c.prior.is_some() {
        // Rounded probabilities may miss one by a hair; scale them back.
        out += "\n[simulation]\nnormalize = true\n";
    }
    for (table, entries) in tables {
        out += &format!("\n[{table}]\n");
        for (leaf, v) in entries {
            out += &format!("{leaf} = {v:?}\n");
        }
    }
    out
}

/// Ten significant digits: shorter files, no visible change.
fn round(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let digits = 10 - x.abs().log10().ceil() as i32;
    let scale = 10f64.powi(digits);
    (x * scale).round() / scale
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
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

/// What `negsim calibrate` prints: the fit, its check, the file written.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The scenario written.
    pub output: String,
    /// The fit.
    pub calibration: Calibration,
    /// The check on a fresh seed.
    pub check: Check,
}

impl Report {
    /// The report as aligned text.
    pub fn to_table(&self) -> String {
        let c = &self.calibration;
        let mut out = format!(
            "negsim calibrate · fit {} · {} trials a run · seed {} · {} runs\ntarget: {}\nwritten: {}\n\n",
            c.fit, c.trials, c.seed, c.evaluations, c.target.name, self.output
        );
        out += &format!(
            "{:<26} {:>9} {:>9} {:>9} {:>9}   {:>9} {:>6}\n",
            "outcome", "target", "before", "fitted", "residual", "fresh", "z"
        );
        for (i, s) in seeds::scenarios().iter().enumerate() {
            let row = &self.check.rows[i];
            out += &format!(
                "{:<26} {:>8.2}% {:>8.2}% {:>8.2}% {:>+8.2}pp   {:>8.2}% {:>6.2}{}\n",
                format!("{} {}", s.number, s.id),
                100.0 * c.target.shares[i],
                100.0 * c.before[i],
                100.0 * c.after[i],
                100.0 * (c.after[i] - c.target.shares[i]),
                100.0 * row.simulated,
                row.z,
                if row.within { "" } else { "  outside 4 SE" }
            );
        }
        let rms = (c.residuals().iter().map(|r| r * r).sum::<f64>() / OUTCOMES as f64).sqrt();
        out += &format!("root-mean-square residual of the fit: {:.3} pp\n", 100.0 * rms);
        if let Some(w) = c.prior {
            out += "\nfitted starting-world probabilities:\n";
            for (s, p) in seeds::scenarios().iter().zip(w) {
                out += &format!(
                    "  {:<26} {:>7.3} %  (published {:.0} %)\n",
                    format!("{} {}", s.number, s.id),
                    100.0 * p,
                    100.0 * s.prior()
                );
            }
        }
        if !c.coefficients.is_empty() {
            out += "\nfitted coefficients:\n";
            for (k, v) in &c.coefficients {
                out += &format!("  {k} = {v:.6}\n");
            }
        }
        out += &format!(
            "\ncheck on the fresh seed {} ({} trials): {}\n",
            self.check.seed,
            self.check.trials,
            if self.check.passed {
                "every outcome within 4 standard errors of the target".to_string()
            } else {
                let n = self.check.rows.iter().filter(|r| !r.within).count();
                format!("{n} outcomes NOT within 4 standard errors: the target cannot be reached with what was fitted")
            }
        );
        out
    }
}
