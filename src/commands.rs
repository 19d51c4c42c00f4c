//! Turning parsed arguments into work: load, run, report, write.

use crate::cli::{BenchArgs, Cli, Command, MergeArgs, RunArgs, ValidateArgs};
use crate::engine::{self, Control, Finished, Plan, Precision, Stop};
use crate::model::{InputError, Model, Origin, Overrides};
use crate::report::{self, PrecisionReport, RunInfo, Summary};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

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
    /// Ctrl-C stopped the run (within a block); nothing was written.
    #[error("interrupted: the run stopped after {done} of {total} trials; nothing was written")]
    Interrupted {
        /// Trials done when it stopped.
        done: u64,
        /// Trials asked for.
        total: u64,
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
            Error::Interrupted { .. } => 130,
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
    let overrides = Overrides { sets: args.set.clone(), renormalize: args.renormalize };
    let model = Model::load_with(&origin(args.file.as_deref()), &overrides)?;
    refuse_overwriting_inputs(args.output.as_deref(), &model)?;
    let seed = args.seed.unwrap_or(model.settings.seed);
    let trials = match args.precision {
        Some(_) => args.trials.unwrap_or(PRECISION_CAP),
        None => args.trials.unwrap_or(model.settings.trials),
    };
    let plan =
        Plan { seed, trials, shard: args.shard, precision: args.precision.map(|half_width| Precision { half_width }) };
    let finished = execute_watched(&model, &plan, threads(args.threads), args.quiet)?;
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

/// Set by Ctrl-C; the engine checks it before every block.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Installs the Ctrl-C handler once: the first Ctrl-C stops the run
/// within a block, a second one ends the process at once.
fn interrupt_flag() -> &'static AtomicBool {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Without a handler (another one was set), Ctrl-C simply ends the
        // process, which also leaves no partial output file behind.
        let _ = ctrlc::set_handler(|| {
            if INTERRUPTED.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    });
    &INTERRUPTED
}

/// How long a run goes before a progress bar appears.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// Runs a plan with Ctrl-C wired in and, when it takes longer than a
/// second and stderr is a terminal (and not `--quiet`), a progress bar on
/// stderr: trials done, rate, time left. Nothing of it reaches stdout.
fn execute_watched(model: &Model, plan: &Plan, threads: usize, quiet: bool) -> Result<Finished, Error> {
    let cancel = interrupt_flag();
    let done = AtomicU64::new(0);
    let total = match plan.shard {
        Some(shard) => crate::shard::shard_trials(plan.trials, shard),
        None => plan.trials,
    };
    let finished_flag = AtomicBool::new(false);
    let finished = std::thread::scope(|scope| {
        if !quiet {
            scope.spawn(|| show_progress(&done, total, &finished_flag));
        }
        let finished = engine::execute(model, plan, threads, &Control { cancel: Some(cancel), done: Some(&done) });
        finished_flag.store(true, Ordering::Relaxed);
        finished
    });
    if finished.stop == Stop::Cancelled {
        return Err(Error::Interrupted { done: done.load(Ordering::Relaxed), total });
    }
    Ok(finished)
}

fn show_progress(done: &AtomicU64, total: u64, finished: &AtomicBool) {
    let start = Instant::now();
    while start.elapsed() < PROGRESS_AFTER {
        if finished.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Hidden by indicatif itself when stderr is not a terminal.
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    // Rate and time left over the whole run so far: the bar starts a second
    // in, and its own estimate would count that second's trials as instant.
    let rate = move |state: &indicatif::ProgressState| state.pos() as f64 / start.elapsed().as_secs_f64().max(1e-9);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {human_pos}/{human_len} trials  {rate}  {left}") {
        let style = style
            .with_key("rate", move |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0} trials/s", rate(state));
            })
            .with_key("left", move |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let left = state.len().unwrap_or(0).saturating_sub(state.pos()) as f64 / rate(state).max(1e-9);
                let _ = write!(w, "{:.0} s left", left.ceil());
            });
        bar.set_style(style);
    }
    while !finished.load(Ordering::Relaxed) {
        bar.set_position(done.load(Ordering::Relaxed));
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}

/// `-o` must not replace a scenario file the run read.
fn refuse_overwriting_inputs(output: Option<&Path>, model: &Model) -> Result<(), Error> {
    let Some(out) = output.and_then(|p| p.canonicalize().ok()) else {
        return Ok(());
    };
    if model.inputs.contains(&out) {
        return Err(InputError::plain(
            format!("-o {} would overwrite a scenario file this run reads", out.display()),
            "write the report to another file",
        )
        .into());
    }
    Ok(())
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
