//! `negsim sweep`: one run per value of a parameter, or per point of a grid
//! of several, on common random numbers, so the steps between rows are the
//! model's, not noise.

use super::{Loader, Runner};
use crate::engine::SCHEME;
use crate::model::{InputError, Model};
use crate::results::{RunInfo, ScenarioLabel, Sweep, SweepRow};

/// Most values a sweep may have (points of a grid, all parameters
/// together).
pub const MAX_SWEEP_POINTS: usize = 1000;

/// Most parameters a grid may cross.
pub const MAX_GRID_KEYS: usize = 3;

/// A grid: its parameters, and every point (one value per parameter), the
/// last parameter varying fastest.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// The parameters, as given.
    pub keys: Vec<String>,
    /// The points, in order.
    pub points: Vec<Vec<String>>,
}

/// The grid of one or more `--set-range` specs: their values crossed,
/// refused past [`MAX_GRID_KEYS`] parameters, a parameter given twice, or
/// [`MAX_SWEEP_POINTS`] points.
pub fn grid(specs: &[String]) -> Result<Grid, InputError> {
    if specs.len() > MAX_GRID_KEYS {
        return Err(InputError::plain(
            format!("{} --set-range parameters; a grid crosses at most {MAX_GRID_KEYS}", specs.len()),
            "sweep fewer parameters at once, or fix some with --set",
        ));
    }
    let mut keys: Vec<String> = Vec::new();
    let mut points: Vec<Vec<String>> = vec![Vec::new()];
    for spec in specs {
        let (key, values) = sweep_values(spec)?;
        if keys.contains(&key) {
            return Err(InputError::plain(
                format!("--set-range {key}=... is given twice"),
                format!("give `{key}` one --set-range with every value it should take"),
            ));
        }
        let size = points.len().saturating_mul(values.len());
        if size > MAX_SWEEP_POINTS {
            return Err(InputError::plain(
                format!("the grid has {size} points or more; the cap on sweep points is {MAX_SWEEP_POINTS}"),
                "use fewer values per parameter (STEPS), or fewer parameters",
            ));
        }
        points = points
            .iter()
            .flat_map(|p| {
                values.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push(v.clone());
                    q
                })
            })
            .collect();
        keys.push(key);
    }
    Ok(Grid { keys, points })
}

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

/// The `--set` overrides of one point of a grid.
fn point_sets(keys: &[String], point: &[String]) -> Vec<String> {
    keys.iter().zip(point).map(|(k, v)| format!("{k}={v}")).collect()
}

/// The models of a sweep, one per point, checked before any runs.
pub fn sweep_models(load: &Loader<'_>, grid: &Grid) -> Result<Vec<Model>, InputError> {
    grid.points.iter().map(|p| load(&point_sets(&grid.keys, p))).collect()
}

/// Runs a sweep; `None` if cancelled. With one parameter, `key` and each
/// row's `value` are the parameter and its value; with a grid, they are
/// the parameters and values joined with " x ", and `keys` and each row's
/// `values` hold them one by one.
pub fn sweep(models: &[Model], grid: &Grid, runner: &Runner<'_>) -> Option<Sweep> {
    let crossed = grid.keys.len() > 1;
    let mut rows = Vec::with_capacity(models.len());
    for (model, point) in models.iter().zip(&grid.points) {
        let values = if crossed { point.clone() } else { Vec::new() };
        rows.push(SweepRow::new(point.join(" x "), values, &runner.tally(model)?));
    }
    // The scenario as the user gave it: its overrides without the swept ones.
    let mut scenario = ScenarioLabel::from(&RunInfo::of(models.first()?));
    let prefixes: Vec<String> = grid.keys.iter().map(|k| format!("{k}=")).collect();
    scenario.overrides.retain(|o| !prefixes.iter().any(|p| o.starts_with(p)));
    Some(Sweep {
        negsim: env!("CARGO_PKG_VERSION"),
        scenario,
        key: grid.keys.join(" x "),
        keys: if crossed { grid.keys.clone() } else { Vec::new() },
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

    #[test]
    fn a_grid_crosses_its_parameters_last_fastest() {
        let specs = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let g = grid(&specs(&["a=1,2", "b=0:1:3"])).unwrap();
        assert_eq!(g.keys, ["a", "b"]);
        let want: Vec<Vec<&str>> =
            vec![vec!["1", "0"], vec!["1", "0.5"], vec!["1", "1"], vec!["2", "0"], vec!["2", "0.5"], vec!["2", "1"]];
        assert_eq!(g.points, want);
        assert_eq!(grid(&specs(&["a=1,2"])).unwrap().points, vec![vec!["1"], vec!["2"]]);
        assert!(grid(&specs(&["a=1,2", "a=3,4"])).is_err(), "a parameter twice");
        assert!(grid(&specs(&["a=0:1:100", "b=0:1:11"])).is_err(), "1100 points");
        assert!(grid(&specs(&["a=0:1:100", "b=0:1:10"])).is_ok(), "1000 points");
        assert!(grid(&specs(&["a=1,2", "b=1,2", "c=1,2", "d=1,2"])).is_err(), "four parameters");
    }
}
