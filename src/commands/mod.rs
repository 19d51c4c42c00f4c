//! The commands: each takes its arguments through the options stage, runs
//! an analysis, and writes the result in the format asked for. One file per
//! subcommand; this one dispatches and holds the error every command can
//! end with, and its exit code.

mod backtest;
mod bench;
mod calibrate;
mod compare;
mod history;
mod keys;
mod merge;
mod report;
mod run;
mod sensitivity;
mod serve;
mod sobol;
mod sweep;
mod trace;
mod validate;

use crate::cli::progress::Interrupted;
use crate::cli::write::{self, WriteError};
use crate::cli::{Cli, Command, OutputArgs, RunArgs};
use crate::model::InputError;
use crate::report::{Csv, Export, Json, Markdown, Table};
use std::path::Path;

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: a file, value or flag.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The output could not be written.
    #[error(transparent)]
    Output(#[from] WriteError),
    /// Ctrl-C stopped the run (within a block); nothing was written.
    #[error("interrupted: the run stopped after {} of {} trials; nothing was written", .0.done, .0.total)]
    Interrupted(Interrupted),
    /// `check-history --strict` found figures outside the model's range.
    #[error("check-history --strict: {outside} of {total} figures lie outside the model's central 90 %")]
    Strict {
        /// Figures outside.
        outside: usize,
        /// Figures checked.
        total: usize,
    },
    /// One or more files failed `validate` (each already reported).
    #[error("error: {failed} of {total} files failed validation")]
    Invalid {
        /// Files with problems.
        failed: usize,
        /// Files checked.
        total: usize,
    },
    /// `trace --given` found no trial that matches.
    #[error(
        "error: no trial among trials 0 to {} (seed {seed}) matches `{given}`; search more trials with -n, \
         or loosen the condition (`negsim run --given '{given}'` shows how rare it is)",
        .searched - 1
    )]
    NotFound {
        /// The expression, as written.
        given: String,
        /// Trials searched.
        searched: u64,
        /// Seed of the search.
        seed: u64,
    },
    /// `calibrate` wrote its best fit, but the target is out of reach.
    #[error(
        "error: the calibrated scenario was written to {output}, but {outside} outcomes stay more than 4 standard \
         errors from the target on the fresh seed: the target cannot be reached by fitting {fit}; \
         mark more coefficients free, widen their fit ranges, or raise --iterations"
    )]
    Unreached {
        /// The file written.
        output: String,
        /// Outcomes outside 4 standard errors.
        outside: usize,
        /// What was fitted.
        fit: &'static str,
    },
}

impl From<Interrupted> for Error {
    fn from(i: Interrupted) -> Self {
        Error::Interrupted(i)
    }
}

impl Error {
    /// Exit code: 2 for bad input, 1 for other failures, 130 when
    /// interrupted.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) | Error::Invalid { .. } => 2,
            Error::Output(_) | Error::Strict { .. } | Error::Unreached { .. } | Error::NotFound { .. } => 1,
            Error::Interrupted(_) => 130,
        }
    }
}

/// Runs the command line.
pub fn main(cli: Cli) -> Result<(), Error> {
    match cli.command {
        None => run::run(&RunArgs::default()),
        Some(Command::Run(args)) => run::run(&args),
        Some(Command::Compare(args)) => compare::compare(&args),
        Some(Command::Sweep(args)) => sweep::sweep(&args),
        Some(Command::Sensitivity(args)) => sensitivity::sensitivity(&args),
        Some(Command::Sobol(args)) => sobol::sobol(&args),
        Some(Command::Trace(args)) => trace::trace(&args),
        Some(Command::Report(args)) => report::report(&args),
        Some(Command::Calibrate(args)) => calibrate::calibrate(&args),
        Some(Command::CheckHistory(args)) => history::check_history(&args),
        Some(Command::Backtest(args)) => backtest::backtest(&args),
        Some(Command::Validate(args)) => validate::validate(&args),
        Some(Command::Keys(args)) => keys::keys(&args),
        Some(Command::Bench(args)) => bench::bench(&args),
        Some(Command::Merge(args)) => merge::merge(&args),
        Some(Command::Serve(args)) => serve::serve(&args),
    }
}

/// Default trial cap of a run with `--precision` or `--accepted`.
pub const PRECISION_CAP: u64 = 100_000_000;

/// Default trials per run of a sensitivity analysis (two runs a parameter).
pub const SENSITIVITY_TRIALS: u64 = 20_000;

/// Default trials per run of a Sobol analysis: a run per sample point, so
/// fewer than a sensitivity's (the Monte Carlo share of the variance is
/// reported, to say when this is too few).
pub const SOBOL_TRIALS: u64 = 2_000;

/// Writes a result in the format and to the place `--format`/`-o` say.
fn write_out<T>(out: &OutputArgs, value: &T) -> Result<(), Error>
where
    Table: Export<T>,
    Json: Export<T>,
    Csv: Export<T>,
    Markdown: Export<T>,
{
    emit(&crate::report::render(out.format.unwrap_or_default(), value), out.output.as_deref())
}

/// Prints a scenario's warnings (rules that can never match) on stderr, as
/// `negsim validate` does.
pub(super) fn warn(model: &crate::model::Model) {
    for w in model.warnings() {
        write::say(&w.render(&model.origin));
    }
}

/// Runs work that can be refused for its input as well as interrupted:
/// its result, or why not.
fn watched_fallible<T>(
    total: u64,
    quiet: bool,
    work: impl FnOnce(&crate::engine::Control<'_>) -> Result<Option<T>, InputError>,
) -> Result<T, Error> {
    let mut failure = None;
    let result = crate::cli::progress::watched(total, quiet, |control| match work(control) {
        Ok(r) => r.map(Some),
        Err(e) => {
            failure = Some(e);
            Some(None)
        }
    })?;
    match (failure, result) {
        (Some(e), _) => Err(e.into()),
        (None, Some(r)) => Ok(r),
        (None, None) => Err(InputError::plain("the analysis stopped without a result", "run it again").into()),
    }
}

/// Writes text to stdout or a file.
fn emit(text: &str, path: Option<&Path>) -> Result<(), Error> {
    Ok(write::emit(text, path)?)
}
