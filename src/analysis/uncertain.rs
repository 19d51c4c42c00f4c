//! Uncertainty over assumptions: `run --uncertain R` plays replicates of a
//! scenario with its `[uncertain]` coefficients drawn, and `sobol`
//! apportions a measure's variance among them (Saltelli's scheme, see
//! [`crate::stats::sobol`]).
//!
//! Both play every model on the run's seed (common random numbers): two
//! replicates or two sample points see the same random numbers trial by
//! trial, so what separates them is their coefficients, not luck, and the
//! measure is a deterministic function of the coefficients, as Sobol's
//! estimators assume.

use super::{Measure, Runner};
use crate::model::{InputError, Model};
use crate::results::{Replicate, RunInfo, ScenarioLabel, Sobol, SobolRow, UncertaintyReport};
use crate::stats::Tally;
use crate::stats::sobol::{self, Uniforms};

/// Most replicates `run --uncertain` may play.
pub const MAX_REPLICATES: usize = 1000;
/// Most base samples `sobol` may take.
pub const MAX_SAMPLES: usize = 100_000;
/// Most model runs a `sobol` analysis may make (samples x (coefficients + 2)).
pub const MAX_SOBOL_RUNS: usize = 1_000_000;
/// Salt of the replicates' draws, so they share no stream with `sobol`'s
/// design under the same seed.
const REPLICATE_SALT: u64 = 0x7265_706C_6963_6174; // "replicat"

/// Refuses a model that has nothing uncertain, or whose `--set` gives a
/// value to a coefficient that the replicates draw (the draw would silently
/// replace it).
pub fn check(model: &Model, flag: &str) -> Result<(), InputError> {
    if model.uncertain.is_empty() {
        return Err(InputError::plain(
            format!("{flag}: the scenario `{}` has no [uncertain] table, so nothing to draw", model.name),
            "add an [uncertain] table giving some coefficients a distribution, e.g. \
             \"war.front_noise\" = { uniform = [0.02, 0.06] } (README, \"Uncertainty over assumptions\")",
        ));
    }
    for set in &model.overrides {
        let key = set.split('=').next().unwrap_or("").trim();
        if model.uncertain.iter().any(|u| u.key() == key) {
            return Err(InputError::plain(
                format!("--set {set}: `{key}` is in [uncertain], so {flag} draws it and the value would never be used"),
                format!("drop the --set, or change the distribution of `{key}` in the file's [uncertain] table"),
            ));
        }
    }
    Ok(())
}

/// The values of replicate `r`: one uniform number per uncertain
/// coefficient from the replicate's own stream of the seed, through the
/// coefficient's inverse distribution function. A replicate's values
/// depend on the seed and its number alone, never on threads.
pub fn draw(model: &Model, seed: u64, r: usize) -> Vec<f64> {
    let mut u = Uniforms::new(seed ^ REPLICATE_SALT, r as u64);
    model.uncertain.iter().map(|c| c.distribution.sample(u.next())).collect()
}

/// Plays `count` replicates after the plain run `plain`; `None` if
/// cancelled.
pub fn replicates(model: &Model, plain: &Tally, count: usize, runner: &Runner<'_>) -> Option<UncertaintyReport> {
    let mut runs = Vec::with_capacity(count);
    for r in 0..count {
        let values = draw(model, runner.seed, r);
        let tally = runner.tally(&model.with_values(&values))?;
        runs.push(Replicate::new(values, &tally));
    }
    Some(UncertaintyReport::new(model, plain, runs))
}

/// Model runs a Sobol analysis of `model` with `samples` base samples
/// needs (besides one run with the file's values).
pub fn sobol_runs(model: &Model, samples: usize) -> usize {
    samples.saturating_mul(model.uncertain.len() + 2)
}

/// First-order and total Sobol indices of `measure` over the model's
/// uncertain coefficients: `samples` base samples of Saltelli's design
/// (drawn from the runner's seed), each point a run of the runner's trials
/// on the runner's seed, and `resamples` bootstrap resamples for the
/// intervals. `None` if cancelled.
pub fn sobol(model: &Model, measure: Measure, samples: usize, resamples: usize, runner: &Runner<'_>) -> Option<Sobol> {
    let d = model.uncertain.len();
    let base = measure.of(&runner.tally(model)?);
    let mut values = Vec::with_capacity(sobol_runs(model, samples));
    for u in sobol::points(d, samples, runner.seed) {
        let drawn: Vec<f64> = model.uncertain.iter().zip(&u).map(|(c, &x)| c.distribution.sample(x)).collect();
        values.push(measure.of(&runner.tally(&model.with_values(&drawn))?));
    }
    let est = sobol::estimate(&values, d, samples, resamples, runner.seed);
    let mut rows: Vec<SobolRow> = model
        .uncertain
        .iter()
        .zip(&est.inputs)
        .map(|(u, x)| SobolRow {
            key: u.key().to_string(),
            distribution: u.describe(),
            first: x.first,
            first_ci95: x.first_ci,
            total: x.total,
            total_ci95: x.total_ci,
        })
        .collect();
    rows.sort_by(|a, b| b.total.total_cmp(&a.total).then_with(|| a.key.cmp(&b.key)));
    let p = est.mean.clamp(0.0, 1.0);
    let noise = p * (1.0 - p) / runner.trials.max(1) as f64;
    Some(Sobol {
        negsim: env!("CARGO_PKG_VERSION"),
        scenario: ScenarioLabel::from(&RunInfo::of(model)),
        target_id: measure.id(),
        target: measure.name(),
        samples,
        runs: values.len(),
        trials: runner.trials,
        seed: runner.seed,
        resamples,
        method: "Saltelli's design (A, B and A_B^i from pseudo-random streams of the seed); first order by \
                 Saltelli et al. 2010, total by Jansen 1999; 95 % percentile bootstrap over the base samples; \
                 every run on the seed's trials (common random numbers)",
        base,
        mean: est.mean,
        variance: est.variance,
        noise_share: if est.variance > 0.0 { noise / est.variance } else { 0.0 },
        sum_first: est.inputs.iter().map(|x| x.first).sum(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicate_draws_are_reproducible_and_inside_their_distributions() {
        let model = Model::baseline().unwrap();
        assert_eq!(draw(&model, 1, 0), draw(&model, 1, 0));
        assert_ne!(draw(&model, 1, 0), draw(&model, 1, 1));
        assert_ne!(draw(&model, 1, 0), draw(&model, 2, 0));
        for r in 0..50 {
            for (u, v) in model.uncertain.iter().zip(draw(&model, 7, r)) {
                let (lo, hi) = u.support();
                assert!((lo..=hi).contains(&v), "{} {v}", u.key());
            }
        }
        assert!(check(&model, "--uncertain").is_ok());
        let mut set = model.clone();
        set.overrides = vec!["russia.burn=0.05".into()];
        assert!(check(&set, "--uncertain").is_err());
    }
}
