//! `negsim sweep`: one run per value of a parameter, on common random
//! numbers, so the steps between rows are the model's, not noise.

use super::{Loader, Runner};
use crate::engine::SCHEME;
use crate::model::{InputError, Model};
use crate::results::{RunInfo, ScenarioLabel, Sweep, SweepRow};

/// Most values a sweep may have.
pub const MAX_SWEEP_POINTS: usize = 1000;

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

/// The models of a sweep, one per value, checked before any runs.
pub fn sweep_models(load: &Loader<'_>, key: &str, values: &[String]) -> Result<Vec<Model>, InputError> {
    values.iter().map(|v| load(&[format!("{key}={v}")])).collect()
}

/// Runs a sweep; `None` if cancelled.
pub fn sweep(models: &[Model], key: &str, values: &[String], runner: &Runner<'_>) -> Option<Sweep> {
    let mut rows = Vec::with_capacity(models.len());
    for (model, value) in models.iter().zip(values) {
        rows.push(SweepRow::new(value.clone(), &runner.tally(model)?));
    }
    // The scenario as the user gave it: its overrides without the swept one.
    let mut scenario = ScenarioLabel::from(&RunInfo::of(models.first()?));
    let prefix = format!("{key}=");
    scenario.overrides.retain(|o| !o.starts_with(&prefix));
    Some(Sweep {
        negsim: env!("CARGO_PKG_VERSION"),
        scenario,
        key: key.to_string(),
        seed: runner.seed,
        trials: runner.trials,
        scheme: SCHEME,
        rows,
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
}
