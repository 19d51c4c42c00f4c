//! Turning parsed arguments into work: load, run, report, write.

use crate::cli::{BenchArgs, Cli, Command, MergeArgs, RunArgs, ValidateArgs};
use crate::engine::{self, Control, Plan, Precision, Stop};
use crate::model::{InputError, Model, Origin};
use crate::report::{self, PrecisionReport, RunInfo, Summary};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: a file, value or flag.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The report could not be written.
    #[error("error: cannot write {path}: {source}")]
    Output {
        /// Where we tried to write.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// One or more files failed `validate` (each already reported).
    #[error("error: {failed} of {total} files failed validation")]
    Invalid {
        /// Files with problems.
        failed: usize,
        /// Files checked.
        total: usize,
    },
}

impl Error {
    /// Exit code: 2 for bad input, 1 for other failures.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) | Error::Invalid { .. } => 2,
            Error::Output { .. } => 1,
        }
    }
}

/// Runs the command line.
pub fn main(cli: Cli) -> Result<(), Error> {
    match cli.command {
        None => run(&RunArgs::default()),
        Some(Command::Run(args)) => run(&args),
        Some(Command::Validate(args)) => validate(&args),
        Some(Command::Bench(args)) => bench(&args),
        Some(Command::Merge(args)) => merge(&args),
    }
}

fn threads(flag: Option<u16>) -> usize {
    flag.map(usize::from).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn bench(args: &BenchArgs) -> Result<(), Error> {
    let model = Model::load(&origin(args.file.as_deref()))?;
    let seed = args.seed.unwrap_or(model.settings.seed);
    let report = crate::bench::measure(&model, args.trials, seed, threads(args.threads), usize::from(args.repeat));
    let text = match args.format {
        report::Format::Table => report.to_table(),
        report::Format::Json => to_json(&report),
    };
    emit(&text, None)
}

fn origin(file: Option<&Path>) -> Origin {
    file.map_or_else(Origin::baseline, |p| Origin::Path(p.to_path_buf()))
}

/// Default trial cap of a run with `--precision`.
pub const PRECISION_CAP: u64 = 100_000_000;

fn run(args: &RunArgs) -> Result<(), Error> {
    if args.shard.is_some() && args.format.is_some() {
        return Err(InputError::plain(
            "--shard writes a part file (JSON), not a report, so --format does not apply",
            "drop --format here and give it to `negsim merge`",
        )
        .into());
    }
    let model = Model::load(&origin(args.file.as_deref()))?;
    let seed = args.seed.unwrap_or(model.settings.seed);
    let trials = match args.precision {
        Some(_) => args.trials.unwrap_or(PRECISION_CAP),
        None => args.trials.unwrap_or(model.settings.trials),
    };
    let plan =
        Plan { seed, trials, shard: args.shard, precision: args.precision.map(|half_width| Precision { half_width }) };
    let finished = engine::execute(&model, &plan, threads(args.threads), &Control::default());
    if let Some(shard) = args.shard {
        let part = crate::shard::partial(&model, seed, trials, shard, finished.tally);
        return emit(&to_json(&part), args.output.as_deref());
    }
    let mut summary = Summary::new(&RunInfo::of(&model), &finished.tally, seed);
    if let Some(target) = args.precision {
        summary.precision = Some(PrecisionReport {
            target,
            achieved: finished.tally.widest_half_width(),
            reached: finished.stop == Stop::Precise,
            cap: trials,
        });
    }
    emit(&report::render(args.format.unwrap_or_default(), &summary), args.output.as_deref())
}

fn merge(args: &MergeArgs) -> Result<(), Error> {
    let mut parts = Vec::with_capacity(args.parts.len());
    for path in &args.parts {
        parts.push((path.display().to_string(), crate::shard::read(path)?));
    }
    let (info, tally, seed) = crate::shard::merge(&parts)?;
    let summary = Summary::new(&info, &tally, seed);
    emit(&report::render(args.format, &summary), args.output.as_deref())
}

/// Pretty JSON with a final newline. Our output types hold only strings,
/// integers and finite floats, which serde_json cannot fail on.
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).map(|s| s + "\n").unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"))
}

fn validate(args: &ValidateArgs) -> Result<(), Error> {
    let mut failed = 0;
    for file in &args.files {
        match Model::load(&Origin::Path(file.clone())) {
            Ok(model) => {
                let line = format!(
                    "ok: {} (\"{}\": {} tactics, {} rules)\n",
                    file.display(),
                    model.name,
                    model.tactics.len(),
                    model.rules.len()
                );
                emit(&line, None)?;
            }
            Err(err) => {
                failed += 1;
                eprintln!("{err}");
            }
        }
    }
    if failed > 0 {
        return Err(Error::Invalid { failed, total: args.files.len() });
    }
    Ok(())
}

/// Writes output to stdout, or atomically to a file: the text goes to a
/// temporary file beside the target, which is then renamed over it, so the
/// target holds either its old content or all of the new.
fn emit(text: &str, path: Option<&Path>) -> Result<(), Error> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                // A closed pipe (`negsim run | head`) is the reader's choice.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(Error::Output { path: PathBuf::from("<stdout>"), source: e }),
                Ok(()) => Ok(()),
            }
        }
        Some(path) => {
            let fail = |source| Error::Output { path: path.to_path_buf(), source };
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
            tmp.write_all(text.as_bytes()).map_err(fail)?;
            tmp.as_file().sync_all().map_err(fail)?;
            tmp.persist(path).map_err(|e| fail(e.error))?;
            Ok(())
        }
    }
}
