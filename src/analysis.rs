//! Analyses built on many runs of one scenario: sweeps and sensitivity.
//!
//! Every run of an analysis uses the same seed, so trial `i` sees the same
//! random numbers in every variant (common random numbers): the curve of a
//! sweep is smooth and the swings of a sensitivity analysis are differences
//! of the model, not of luck. All variants are loaded, and so checked,
//! before the first trial runs.

use crate::cli::Target;
use crate::engine::{self, Control, Plan, Stop};
use crate::model::error::nearest;
use crate::model::{InputError, Model, Origin, Overrides, Parameter};
use crate::report::results::Side;
use crate::report::{RunInfo, Sensitivity, SensitivityRow, Sweep, SweepRow};
use crate::seeds;
use crate::stats::Tally;

/// Most values a sweep may have.
pub const MAX_SWEEP_POINTS: usize = 1000;

/// Most runs a sensitivity analysis may make (two per parameter).
pub const MAX_SENSITIVITY_RUNS: usize = 10_000;

/// A sweep's parameter and its values, from `KEY=FROM:TO:STEPS` or
/// `KEY=V1,V2,...`.
pub fn sweep_values(spec: &str) -> Result<(String, Vec<String>), InputError> {
    let bad = |why: String| {
        InputError::plain(
            format!("--set-range {spec}: {why}"),
            "write KEY=FROM:TO:STEPS (e.g. tactics.time_exhaustion.probability=0:0.6:7) or KEY=V1,V2,V3",
        )
    };
    let (key, values) = spec.split_once('=').ok_or_else(|| bad("no `=`".into()))?;
    let key = key.trim();
    if key.is_empty() {
        return Err(bad("no key before `=`".into()));
    }
    let values = values.trim();
    let parts: Vec<&str> = values.split(':').collect();
    let list: Vec<String> = if parts.len() == 3 {
        let number = |s: &str, what: &str| -> Result<f64, InputError> {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| bad(format!("{what} `{s}` is not a number")))
        };
        let (from, to) = (number(parts[0], "FROM")?, number(parts[1], "TO")?);
        let steps: usize =
            parts[2].trim().parse().map_err(|_| bad(format!("STEPS `{}` is not a whole number", parts[2])))?;
        if !(2..=MAX_SWEEP_POINTS).contains(&steps) {
            return Err(bad(format!("STEPS must be between 2 and {MAX_SWEEP_POINTS} (the cap on sweep points)")));
        }
        (0..steps).map(|i| short(from + (to - from) * i as f64 / (steps - 1) as f64)).collect()
    } else if parts.len() == 1 {
        values.split(',').map(|v| v.trim().to_string()).collect()
    } else {
        return Err(bad("a range is FROM:TO:STEPS, three parts".into()));
    };
    if list.iter().any(String::is_empty) {
        return Err(bad("an empty value".into()));
    }
    if list.len() > MAX_SWEEP_POINTS {
        return Err(bad(format!("{} values; the cap on sweep points is {MAX_SWEEP_POINTS}", list.len())));
    }
    Ok((key.to_string(), list))
}

/// A number as short as it can be written without visible float noise
/// (0.30000000000000004 becomes 0.3).
fn short(x: f64) -> String {
    let s = format!("{x:.12}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// Runs one model with the analysis' seed; `None` if cancelled.
fn run_one(model: &Model, trials: u64, seed: u64, threads: usize, control: &Control<'_>) -> Option<Tally> {
    let done = engine::execute(model, &Plan::all(trials, seed), threads, control);
    (done.stop != Stop::Cancelled).then_some(done.tally)
}

/// Loads a variant: the base overrides plus more.
fn variant(origin: &Origin, base: &Overrides, more: &[String], renormalize: bool) -> Result<Model, InputError> {
    let mut o = base.clone();
    o.sets.extend_from_slice(more);
    o.renormalize |= renormalize;
    Model::load_with(origin, &o)
}

/// The models of a sweep, one per value, checked before any runs.
pub fn sweep_models(origin: &Origin, base: &Overrides, key: &str, values: &[String]) -> Result<Vec<Model>, InputError> {
    values.iter().map(|v| variant(origin, base, &[format!("{key}={v}")], false)).collect()
}

/// Runs a sweep; `None` if cancelled.
pub fn sweep(
    models: &[Model],
    key: &str,
    values: &[String],
    trials: u64,
    seed: u64,
    threads: usize,
    control: &Control<'_>,
) -> Option<Sweep> {
    let mut rows = Vec::with_capacity(models.len());
    for (model, value) in models.iter().zip(values) {
        rows.push(SweepRow::new(value.clone(), &run_one(model, trials, seed, threads, control)?));
    }
    // The scenario as the user gave it: its overrides without the swept one.
    let mut scenario = Side::from(&RunInfo::of(models.first()?));
    let prefix = format!("{key}=");
    scenario.overrides.retain(|o| !o.starts_with(&prefix));
    Some(Sweep {
        negsim: env!("CARGO_PKG_VERSION"),
        scenario,
        key: key.to_string(),
        seed,
        trials,
        scheme: engine::SCHEME,
        rows,
    })
}

/// The value of a sensitivity target in a run.
pub fn target_value(target: &Target, t: &Tally) -> f64 {
    let n = t.trials.max(1) as f64;
    let k = match target {
        Target::Negotiated => t.outcomes[4..].iter().sum(),
        Target::Signed => t.signed,
        Target::Held => t.held,
        Target::Outcome(o) => {
            let i = seeds::scenarios().iter().position(|s| &s.id == o || &s.number.to_string() == o).unwrap_or(0);
            t.outcomes[i]
        }
    };
    k as f64 / n
}

/// The name a target goes by in reports.
pub fn target_name(target: &Target) -> String {
    match target {
        Target::Negotiated => "negotiated share (outcomes 5-7)".into(),
        Target::Signed => "signed ceasefires".into(),
        Target::Held => "ceasefires that held".into(),
        Target::Outcome(o) => {
            let s = seeds::scenarios().iter().find(|s| &s.id == o || &s.number.to_string() == o);
            s.map_or(o.clone(), |s| format!("outcome {} {}", s.number, s.id))
        }
    }
}

/// A planned sensitivity analysis: the parameters to move and every
/// variant model, checked before any runs.
pub struct SensitivityPlan {
    /// The scenario as is.
    pub base: Model,
    /// Each parameter with its low and high models.
    pub moves: Vec<(Parameter, f64, f64, Model, Model)>,
    /// Parameters left out for being 0.
    pub skipped_zero: Vec<String>,
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
pub fn plan_sensitivity(
    origin: &Origin,
    base_overrides: &Overrides,
    delta: f64,
    only: &[String],
) -> Result<SensitivityPlan, InputError> {
    let base = Model::load_with(origin, base_overrides)?;
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
    for p in chosen {
        if p.value == 0.0 {
            skipped_zero.push(p.key.clone());
            continue;
        }
        // A weaker and a stronger version of the parameter: its value times
        // (1 - delta) and (1 + delta), kept in its documented range (so a
        // probability stays a probability).
        let low = (p.value * (1.0 - delta)).clamp(p.lo, p.hi);
        let high = (p.value * (1.0 + delta)).clamp(p.lo, p.hi);
        let world_probability = p.key.starts_with("worlds.") && p.key.ends_with(".probability");
        let set = |x: f64| vec![format!("{}={x:?}", p.key)];
        let lo_model = variant(origin, base_overrides, &set(low), world_probability)?;
        let hi_model = variant(origin, base_overrides, &set(high), world_probability)?;
        moves.push((p, low, high, lo_model, hi_model));
    }
    Ok(SensitivityPlan { base, moves, skipped_zero })
}

/// Runs a planned sensitivity analysis; `None` if cancelled.
#[allow(clippy::too_many_arguments)]
pub fn sensitivity(
    plan: &SensitivityPlan,
    target: &Target,
    delta: f64,
    top: Option<usize>,
    trials: u64,
    seed: u64,
    threads: usize,
    control: &Control<'_>,
) -> Option<Sensitivity> {
    let base = target_value(target, &run_one(&plan.base, trials, seed, threads, control)?);
    let mut rows = Vec::with_capacity(plan.moves.len());
    for (p, low, high, lo_model, hi_model) in &plan.moves {
        let at_low = target_value(target, &run_one(lo_model, trials, seed, threads, control)?);
        let at_high = target_value(target, &run_one(hi_model, trials, seed, threads, control)?);
        rows.push(SensitivityRow {
            key: p.key.clone(),
            value: p.value,
            low: *low,
            high: *high,
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
        scenario: Side::from(&RunInfo::of(&plan.base)),
        target: target_name(target),
        delta,
        seed,
        trials,
        base,
        rows,
        skipped_zero: plan.skipped_zero.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_specs_give_their_values() {
        let (key, values) = sweep_values("russia.burn=0:0.1:3").unwrap();
        assert_eq!(key, "russia.burn");
        assert_eq!(values, ["0", "0.05", "0.1"]);
        let (_, values) = sweep_values("x=0.1:0.3:3").unwrap();
        assert_eq!(values, ["0.1", "0.2", "0.3"]);
        let (_, values) = sweep_values("tactics.bluffing.phase=talks, ceasefire").unwrap();
        assert_eq!(values, ["talks", "ceasefire"]);
        for bad in ["x", "=1,2", "x=0:1", "x=0:1:1", "x=0:1:5000", "x=a:1:3", "x=1,,2", "x=nan:1:3"] {
            assert!(sweep_values(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sensitivity_moves_stay_in_range() {
        let plan = plan_sensitivity(&Origin::baseline(), &Overrides::none(), 0.5, &[]).unwrap();
        assert!(plan.moves.len() > 50);
        for (p, low, high, _, _) in &plan.moves {
            assert!((p.lo..=p.hi).contains(low) && (p.lo..=p.hi).contains(high), "{} {low} {high}", p.key);
            assert!(low.abs() <= p.value.abs() && p.value.abs() <= high.abs(), "{} {low} {} {high}", p.key, p.value);
        }
        let probability = plan.moves.iter().find(|m| m.0.key == "tactics.last_minute_reversal.probability").unwrap();
        assert!((probability.2 - 0.525).abs() < 1e-12);
        let world = plan.moves.iter().find(|m| m.0.key == "worlds.durable-peace.probability").unwrap();
        let sum: f64 = world.4.worlds.iter().map(|w| w.probability).sum();
        assert!((sum - 1.0).abs() < 1e-12, "world probabilities renormalised");
        assert_eq!(world.4.worlds[6].probability, 0.03);
    }
}
