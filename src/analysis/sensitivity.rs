//! `negsim sensitivity`: each parameter moved down and up, one at a time,
//! on common random numbers: the tornado.

use super::{Loader, Measure, Runner};
use crate::model::error::nearest;
use crate::model::{InputError, Model, Parameter};
use crate::results::{RunInfo, ScenarioLabel, Sensitivity, SensitivityRow};

/// Most runs a sensitivity analysis may make (two per parameter).
pub const MAX_SENSITIVITY_RUNS: usize = 10_000;

/// A planned sensitivity analysis: the parameters to move and every
/// variant model, checked before any runs.
pub struct SensitivityPlan {
    /// The scenario as is.
    pub base: Model,
    /// Each parameter with its low and high models.
    pub moves: Vec<(Parameter, f64, f64, Model, Model)>,
    /// Parameters left out for being 0.
    pub skipped_zero: Vec<String>,
    /// Parameters left out because a driver draws them per trial (their
    /// drivers' parameters are moved instead).
    pub skipped_drawn: Vec<String>,
    /// The relative move, down and up.
    pub delta: f64,
}

impl SensitivityPlan {
    /// Runs the plan needs (for progress): the base and two per parameter.
    pub fn runs(&self) -> usize {
        1 + 2 * self.moves.len()
    }
}

/// Plans a one-at-a-time sensitivity analysis: each numeric parameter (or
/// those named) moved down and up by `delta`, relative, kept inside its
/// documented range; world probabilities are moved with the other worlds
/// renormalised.
pub fn plan_sensitivity(load: &Loader<'_>, delta: f64, only: &[String]) -> Result<SensitivityPlan, InputError> {
    let base = load(&[])?;
    let mut chosen: Vec<Parameter> = Vec::new();
    if only.is_empty() {
        chosen = base.parameters.clone();
    } else {
        for key in only {
            match base.parameters.iter().find(|p| &p.key == key) {
                Some(p) => chosen.push(p.clone()),
                None => {
                    let keys = base.parameters.iter().map(|p| p.key.as_str());
                    let near = nearest(key, keys);
                    return Err(InputError::plain(
                        format!("--param {key}: the scenario has no numeric parameter by that path"),
                        if near.is_empty() {
                            "name parameters by their dotted path, as --set takes them".to_string()
                        } else {
                            format!(
                                "did you mean {}?",
                                near.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                            )
                        },
                    ));
                }
            }
        }
    }
    if 1 + 2 * chosen.len() > MAX_SENSITIVITY_RUNS {
        return Err(InputError::plain(
            format!(
                "{} parameters would take {} runs; the cap is {MAX_SENSITIVITY_RUNS}",
                chosen.len(),
                1 + 2 * chosen.len()
            ),
            "name the parameters to move with --param",
        ));
    }
    let mut moves = Vec::new();
    let mut skipped_zero = Vec::new();
    let mut skipped_drawn = Vec::new();
    let drawn: Vec<&str> = base.drivers.iter().map(|d| d.key.as_str()).collect();
    for p in chosen {
        if drawn.contains(&p.key.as_str()) {
            skipped_drawn.push(p.key.clone());
            continue;
        }
        if p.value == 0.0 {
            skipped_zero.push(p.key.clone());
            continue;
        }
        // A weaker and a stronger version of the parameter: its value times
        // (1 - delta) and (1 + delta), kept in its documented range (so a
        // probability stays a probability).
        let low = (p.value * (1.0 - delta)).clamp(p.lo, p.hi);
        let high = (p.value * (1.0 + delta)).clamp(p.lo, p.hi);
        let set = |x: f64| vec![format!("{}={x:?}", p.key)];
        let lo_model = load(&set(low))?;
        let hi_model = load(&set(high))?;
        moves.push((p, low, high, lo_model, hi_model));
    }
    Ok(SensitivityPlan { base, moves, skipped_zero, skipped_drawn, delta })
}

/// Runs a planned sensitivity analysis; `None` if cancelled.
pub fn sensitivity(
    plan: &SensitivityPlan,
    measure: Measure,
    top: Option<usize>,
    runner: &Runner<'_>,
) -> Option<Sensitivity> {
    let base = measure.of(&runner.tally(&plan.base)?);
    let mut rows = Vec::with_capacity(plan.moves.len());
    for (p, low, high, lo_model, hi_model) in &plan.moves {
        let at_low = measure.of(&runner.tally(lo_model)?);
        let at_high = measure.of(&runner.tally(hi_model)?);
        rows.push(SensitivityRow {
            key: p.key.clone(),
            value: p.value,
            low: *low,
            high: *high,
            clamped_low: (*low - p.value * (1.0 - plan.delta)).abs() > 1e-12,
            clamped_high: (*high - p.value * (1.0 + plan.delta)).abs() > 1e-12,
            at_low,
            at_high,
            swing: at_high - at_low,
        });
    }
    rows.sort_by(|a, b| b.swing.abs().total_cmp(&a.swing.abs()).then_with(|| a.key.cmp(&b.key)));
    if let Some(n) = top {
        rows.truncate(n);
    }
    Some(Sensitivity {
        negsim: env!("CARGO_PKG_VERSION"),
        scenario: ScenarioLabel::from(&RunInfo::of(&plan.base)),
        target_id: measure.id(),
        target: measure.name(),
        delta: plan.delta,
        seed: runner.seed,
        trials: runner.trials,
        base,
        rows,
        skipped_zero: plan.skipped_zero.clone(),
        skipped_drawn: plan.skipped_drawn.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Origin, Overrides};

    #[test]
    fn sensitivity_moves_stay_in_range() {
        let load = |more: &[String]| Model::load_with(&Origin::baseline(), &Overrides { sets: more.to_vec() });
        let plan = plan_sensitivity(&load, 0.5, &[]).unwrap();
        assert!(plan.moves.len() > 50);
        for (p, low, high, _, _) in &plan.moves {
            assert!((p.lo..=p.hi).contains(low) && (p.lo..=p.hi).contains(high), "{} {low} {high}", p.key);
            assert!(low.abs() <= p.value.abs() && p.value.abs() <= high.abs(), "{} {low} {} {high}", p.key, p.value);
        }
        let probability = plan.moves.iter().find(|m| m.0.key == "tactics.last_minute_reversal.probability").unwrap();
        assert!((probability.2 - 0.525).abs() < 1e-12);
        // A share near its top is clamped at 1: the row says so.
        assert!(plan.skipped_drawn.iter().any(|k| k == "us.follow_through"), "drawn coefficients are left out");
        assert!(plan.moves.iter().all(|m| m.0.key != "us.follow_through"));
        assert!(plan.moves.iter().any(|m| m.0.key == "drivers.us_resolve.max"), "their drivers are moved instead");
    }
}
