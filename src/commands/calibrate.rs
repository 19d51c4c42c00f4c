//! `negsim calibrate`: fit a scenario to a table and write the fitted
//! scenario, checked on a fresh seed.

use super::{Error, emit};
use crate::analysis::calibrate::{self as cal, Failure, Fit};
use crate::cli::CalibrateArgs;
use crate::cli::options::inputs_of;
use crate::cli::progress::watched;
use crate::cli::write;
use crate::model::load::{BUILTIN_PREFIX, MAX_FILE_BYTES, read_input};
use crate::model::{Date, InputError, Model, Origin, Overrides};
use crate::report::render_brief;
use crate::results::CalibrationReport;
use std::path::{Path, PathBuf};

pub(super) fn calibrate(args: &CalibrateArgs) -> Result<(), Error> {
    let text = args.file.to_string_lossy();
    let (origin, extends) = match text.strip_prefix(BUILTIN_PREFIX) {
        Some("baseline") => (Origin::baseline(), text.to_string()),
        _ => (Origin::Path(args.file.clone()), relative_path(&args.file, &args.output)),
    };
    let base = args.model.overrides();
    let load = |more: &[String]| {
        let mut o = Overrides { sets: base.sets.clone() };
        o.sets.extend_from_slice(more);
        args.model.load_with(&origin, &o)
    };
    let model = load(&[])?;
    let mut inputs = inputs_of([&model]);
    inputs.extend(args.target.iter().cloned());
    // The fitted file and the target table are never replaced, even with
    // --force: the output extends the one and is checked against the other.
    write::refuse_inputs(&args.output, &inputs, "write the calibrated scenario to another file")?;
    write::refuse_scenario(&args.output, args.force)?;
    let target = match &args.target {
        Some(path) => {
            let text = read_input(path, MAX_FILE_BYTES, "a target table is a few lines of TOML")?;
            cal::read_target(&path.display().to_string(), text)?
        }
        None => cal::published(),
    };
    let settings = args.model.settings(&model, Some(CALIBRATION_TRIALS));
    let check_seed = args.check_seed.unwrap_or(settings.seed.wrapping_add(1));
    // Work for the progress bar: a guess (iterations rarely run to the
    // cap).
    let evaluations = 2 * args.iterations + 2;
    let fit = Fit { load: &load, target: &target, iterations: args.iterations };
    let mut failure = None;
    let outcome = watched(settings.trials * evaluations, settings.quiet, |control| {
        let runner = settings.runner(control);
        match cal::calibrate(&fit, &runner) {
            Ok(c) => {
                let sets: Vec<String> = c.coefficients.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
                let fitted = match load(&sets) {
                    Ok(m) => m,
                    Err(e) => {
                        failure = Some(Error::Input(e));
                        return Some(None);
                    }
                };
                let check = cal::check(&fitted, &target, &runner.with_seed(check_seed))?;
                Some(Some((c, check)))
            }
            Err(Failure::Input(e)) => {
                failure = Some(Error::Input(e));
                Some(None)
            }
            Err(Failure::Cancelled) => None,
        }
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    let Some((calibration, check)) = outcome else {
        return Ok(());
    };
    let name = format!("{}-calibrated", model.name);
    let text = cal::scenario_text(&calibration, Some(&check), &extends, &name, &Date::today().to_string())?;
    emit(&text, Some(&args.output))?;
    // The file written must load and hold the fitted values.
    let written = Model::load(&Origin::Path(args.output.clone()))?;
    for (key, value) in &calibration.coefficients {
        let found = written.parameters.iter().find(|p| &p.key == key).map(|p| p.value);
        if found.is_none_or(|v| (v - value).abs() > 1e-8 * value.abs().max(1.0)) {
            return Err(InputError::plain(
                format!("the written file's `{key}` is {found:?}, not the fitted {value}"),
                "report this as a bug",
            )
            .into());
        }
    }
    let passed = check.passed;
    let outside = check.rows.iter().filter(|r| !r.within).count();
    let report = CalibrationReport { output: args.output.display().to_string(), calibration, check };
    emit(&render_brief(args.format, &report), None)?;
    if !passed {
        return Err(Error::Unreached { output: report.output, outside, fit: "params" });
    }
    Ok(())
}

/// Trials per run of a calibration, unless `--trials` says otherwise.
const CALIBRATION_TRIALS: u64 = 50_000;

/// `file` as `extends` would name it from a file written at `out`.
fn relative_path(file: &Path, out: &Path) -> String {
    let dir_of = |p: &Path| {
        let parent = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        parent.canonicalize().unwrap_or_else(|_| parent.to_path_buf())
    };
    let (from, to) = (dir_of(out), dir_of(file));
    let (from, to): (Vec<_>, Vec<_>) = (from.components().collect(), to.components().collect());
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut rel = PathBuf::new();
    for _ in common..from.len() {
        rel.push("..");
    }
    for c in &to[common..] {
        rel.push(c);
    }
    if let Some(name) = file.file_name() {
        rel.push(name);
    }
    rel.to_string_lossy().replace('\\', "/")
}
