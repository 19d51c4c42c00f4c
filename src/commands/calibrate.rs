//! `negsim calibrate`: fit a scenario to a table and write the fitted
//! scenario, checked on a fresh seed.

use super::{Error, emit};
use crate::analysis::calibrate::{self as cal, Failure, Fit, FitKind};
use crate::cli::CalibrateArgs;
use crate::cli::options::inputs_of;
use crate::cli::progress::watched;
use crate::cli::write;
use crate::model::load::{BUILTIN_PREFIX, MAX_FILE_BYTES, read_input};
use crate::model::{InputError, Model, Origin, Overrides};
use crate::report::render_brief;
use crate::results::CalibrationReport;
use crate::seeds;
use std::path::{Path, PathBuf};

pub(super) fn calibrate(args: &CalibrateArgs) -> Result<(), Error> {
    let text = args.file.to_string_lossy();
    let (origin, extends) = match text.strip_prefix(BUILTIN_PREFIX) {
        Some("baseline") => (Origin::baseline(), text.to_string()),
        _ => (Origin::Path(args.file.clone()), relative_path(&args.file, &args.output)),
    };
    let base = args.model.overrides();
    let model = Model::load_with(&origin, &base)?;
    let mut inputs = inputs_of([&model]);
    inputs.extend(args.target.iter().cloned());
    // The fitted file and the target table are never replaced, even with
    // --force: the output extends the one and is checked against the other.
    write::guard(&args.output, &inputs, false)?;
    write::guard(&args.output, &[], args.force)?;
    let target = match &args.target {
        Some(path) => {
            let text = read_input(path, MAX_FILE_BYTES, "a target table is a few lines of TOML")?;
            cal::read_target(&path.display().to_string(), text)?
        }
        None => cal::published(),
    };
    let default_trials = if args.fit == FitKind::Prior { 100_000 } else { 20_000 };
    let settings = args.model.settings(&model, Some(default_trials));
    let check_seed = args.check_seed.unwrap_or(settings.seed.wrapping_add(1));
    // Work for the progress bar: a guess for the params fits (iterations
    // rarely run to the cap), exact for the prior fit.
    let evaluations = match args.fit {
        FitKind::Prior => 3,
        FitKind::Params | FitKind::Both => 2 * args.iterations + 2,
    };
    let fit = Fit { origin: &origin, overrides: &base, kind: args.fit, target: &target, iterations: args.iterations };
    let mut failure = None;
    let outcome = watched(settings.trials * evaluations, settings.quiet, |control| {
        let runner = settings.runner(control);
        match cal::calibrate(&fit, &runner) {
            Ok(c) => {
                let fitted = match Model::load_with(&origin, &fitted_overrides(&base, &c)) {
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
    let text = cal::scenario_text(&calibration, Some(&check), &extends, &name, &today())?;
    emit(&text, Some(&args.output))?;
    // The file written must load and hold the fitted values.
    let written = Model::load(&Origin::Path(args.output.clone()))?;
    if let Some(w) = calibration.prior {
        let drift = written.worlds.iter().zip(w).map(|(a, b)| (a.probability - b).abs()).fold(0.0, f64::max);
        if drift > 1e-8 {
            return Err(InputError::plain(
                format!("the written file's world probabilities differ from the fit by {drift}"),
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
        return Err(Error::Unreached { output: report.output, outside, fit: args.fit.name() });
    }
    Ok(())
}

/// The overrides that give the fitted model: the user's, the fitted prior
/// and the fitted coefficients.
fn fitted_overrides(base: &Overrides, c: &crate::results::Calibration) -> Overrides {
    let mut sets = base.sets.clone();
    if let Some(w) = c.prior {
        sets.push("simulation.normalize=true".into());
        sets.extend(seeds::scenarios().iter().zip(w).map(|(s, p)| format!("worlds.{}.probability={p:?}", s.id)));
    }
    sets.extend(c.coefficients.iter().map(|(k, v)| format!("{k}={v:?}")));
    Overrides { sets, renormalize: base.renormalize }
}

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

/// Today's date (UTC), ISO 8601, for file headers.
fn today() -> String {
    let days =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
