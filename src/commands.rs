//! Turning parsed arguments into work: load, run, report, write.

use crate::cli::{BenchArgs, Cli, Command, RunArgs, ValidateArgs};
use crate::engine;
use crate::model::{InputError, Model, Origin};
use crate::report::{self, Summary};
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
        report::Format::Json => serde_json::to_string_pretty(&report)
            .map(|s| s + "\n")
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}\n")),
    };
    emit(&text, None)
}

fn origin(file: Option<&Path>) -> Origin {
    file.map_or_else(Origin::baseline, |p| Origin::Path(p.to_path_buf()))
}

fn run(args: &RunArgs) -> Result<(), Error> {
    let model = Model::load(&origin(args.file.as_deref()))?;
    let trials = args.trials.unwrap_or(model.settings.trials);
    let seed = args.seed.unwrap_or(model.settings.seed);
    let tally = engine::run(&model, trials, seed, threads(args.threads));
    let summary = Summary::new(&model, &tally, seed);
    emit(&report::render(args.format, &summary), args.output.as_deref())
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
