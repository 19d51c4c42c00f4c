//! Command-line definitions (clap), and nothing else: [`super::options`]
//! turns them into typed options, and `commands` does the work.
//!
//! Every command that runs a model flattens the same [`ModelArgs`]
//! (`--trials`, `--seed`, `--threads`, `--set`, `--central-drivers`, `--quiet`)
//! and [`OutputArgs`] (`--format`, `--output`), so a flag means the same
//! everywhere.

use crate::analysis::Measure;
use crate::engine::Shard;
use crate::model::date::Date;
use crate::report::{BriefFormat, Format, TraceFormat};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// negsim: a seeded Monte Carlo simulator of Russia-Ukraine negotiation
/// scenarios, built on the GLOBSEC (June 2025) seven-scenario table.
#[derive(Debug, Parser)]
#[command(name = "negsim", version, about, long_about = None)]
#[command(after_help = "With no command, negsim runs the built-in baseline (as `negsim run`).\n\
Exit codes: 0 success, 1 failure (e.g. cannot write output), 2 bad input (file, value or flag), \
130 interrupted.")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario and report the outcome distribution.
    Run(RunArgs),
    /// Compare two scenarios trial by trial on common random numbers.
    Compare(CompareArgs),
    /// Run a scenario for each value of one parameter.
    Sweep(SweepArgs),
    /// Rank parameters by how much they move an outcome (a tornado).
    Sensitivity(SensitivityArgs),
    /// Global sensitivity: first-order and total Sobol indices of an
    /// outcome over the scenario's [uncertain] coefficients.
    Sobol(SobolArgs),
    /// Tell the story of one trial, event by event, or find the first trials
    /// that match a condition and tell theirs.
    Trace(TraceArgs),
    /// Write a self-contained HTML report with charts.
    Report(ReportArgs),
    /// Fit the coefficients a scenario marks as free to the published table
    /// (or another target) and write the result as a scenario.
    Calibrate(CalibrateArgs),
    /// Place observed history (talk lengths, truces, forecasts) in the
    /// model's distributions.
    CheckHistory(CheckHistoryArgs),
    /// Score the model's forecasts from past dates against what happened,
    /// beside the published forecasts and a naive base rate.
    Backtest(BacktestArgs),
    /// Check scenario files without running them.
    Validate(ValidateArgs),
    /// List every key a scenario file can hold: type, range, unit, meaning,
    /// and the baseline's value with its source.
    Keys(KeysArgs),
    /// Merge the part files of a sharded run into its report.
    Merge(MergeArgs),
    /// Measure how fast the engine runs, against the floor set by its
    /// random draws.
    Bench(BenchArgs),
    /// Start a local web page to run scenarios, move their levers and see
    /// the results change (everything embedded; works offline).
    Serve(ServeArgs),
}

/// Flags shared by every command that runs a model.
#[derive(Debug, Args, Default, Clone)]
pub struct ModelArgs {
    /// Number of trials [default: the file's simulation.trials].
    #[arg(long, short = 'n', value_name = "N", value_parser = parse_trials, allow_negative_numbers = true)]
    pub trials: Option<u64>,

    /// Seed of the random streams, 0 to 2^64 - 1 [default: the file's simulation.seed].
    #[arg(long, short = 's', value_name = "S", value_parser = parse_seed, allow_negative_numbers = true)]
    pub seed: Option<u64>,

    /// Worker threads [default: all cores]. The result does not depend on it.
    #[arg(long, short = 'j', value_name = "N", value_parser = parse_threads, allow_negative_numbers = true)]
    pub threads: Option<u16>,

    /// Change one value of the scenario, by its dotted path (repeatable),
    /// e.g. --set russia.pain_pace=0.15 or
    /// --set tactics.time_exhaustion.probability=0.3. Checked like the file;
    /// `negsim keys` lists every key.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_set, allow_hyphen_values = true)]
    pub set: Vec<String>,

    /// Fix every driver at its central value (its median) instead of drawing
    /// it per trial: the spread that is left comes from the dynamics alone.
    #[arg(long)]
    pub central_drivers: bool,

    /// No progress bar (it shows only on a terminal, for runs over a second).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Format and destination, and `--html`: a page beside the text output,
/// for the commands that draw one (sweep, backtest). One definition, so the
/// flag reads the same in each.
#[derive(Debug, Args, Default, Clone)]
pub struct PagedOutput {
    /// Format and destination of the text output.
    #[command(flatten)]
    pub text: OutputArgs,

    /// Also write the result as a self-contained HTML page with its charts
    /// (no scripts, nothing loaded from elsewhere).
    #[arg(long, value_name = "PAGE.html")]
    pub html: Option<PathBuf>,
}

/// Where and how results are written.
#[derive(Debug, Args, Default, Clone)]
pub struct OutputArgs {
    /// Output format [default: table].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,

    /// Write to PATH instead of standard output (atomically: PATH holds
    /// either its old content or the whole new output).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Let -o replace a file this command reads, or a scenario file.
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// `negsim run`
#[derive(Debug, Args, Default)]
pub struct RunArgs {
    /// Scenario file (TOML). Without it, the built-in baseline runs
    /// (identical to scenarios/baseline.toml).
    pub file: Option<PathBuf>,

    /// Trials, seed, threads, overrides.
    #[command(flatten)]
    pub model: ModelArgs,

    /// Format and destination.
    #[command(flatten)]
    pub out: OutputArgs,

    /// Play only shard K of N (1 <= K <= N) and write a part file (JSON)
    /// for `negsim merge`, instead of a report.
    #[arg(long, value_name = "K/N", value_parser = crate::analysis::shard::parse_shard, conflicts_with = "precision")]
    pub shard: Option<Shard>,

    /// Keep adding trials until every outcome's 95 % interval half-width is
    /// at most P (e.g. 0.002 for 0.2 percentage points); --trials is then
    /// the cap [default cap: 100000000].
    #[arg(long, value_name = "P", value_parser = parse_precision, allow_negative_numbers = true)]
    pub precision: Option<f64>,

    /// Evidence to condition on.
    #[command(flatten)]
    pub given: GivenArgs,

    /// Also play R replicates (2 to 1000) that each draw the scenario's
    /// [uncertain] coefficients once, every one with the run's trials and
    /// seed, and report each share's 5th-95th percentile across them beside
    /// the Monte Carlo interval (R + 1 runs in all).
    #[arg(long, value_name = "R", value_parser = parse_replicates, conflicts_with_all = ["shard", "precision"])]
    pub uncertain: Option<usize>,
}

/// `--given` and `--accepted`.
#[derive(Debug, Args, Default, Clone)]
pub struct GivenArgs {
    /// Also report the outcomes among the trials whose path matches EXPR,
    /// e.g. 'signed_before(2026-06-01)', 'meetings(trilateral) >= 3 and not
    /// signed', 'uses(last_minute_reversal) > 0'
    /// (see the README, "Conditioning on evidence").
    #[arg(long, value_name = "EXPR", conflicts_with = "as_of")]
    pub given: Option<String>,

    /// With --given or --as-of: draw trials until N match (deterministically,
    /// in blocks); --trials is then the cap [default with --as-of: 10000, cap
    /// 5000000; with --given, cap 100000000].
    #[arg(long, value_name = "N", value_parser = parse_accepted, allow_negative_numbers = true)]
    pub accepted: Option<u64>,

    /// The forecast from DATE: keep only the trials whose path up to DATE
    /// agrees with the dated record (no comprehensive ceasefire, meetings by
    /// format, the US still mediating, truces), within stated tolerances
    /// (README, "Forecasts from a date"). DATE from 2025-06-13 to 2026-02-28.
    #[arg(long = "as-of", value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,

    /// With --as-of: refuse to answer when fewer than N trials agree with the
    /// record (the effective sample size) [default: 1000].
    #[arg(long = "min-ess", value_name = "N", requires = "as_of", value_parser = parse_accepted)]
    pub min_ess: Option<u64>,

    /// With --as-of: read the record from FILE instead of the embedded
    /// seeds/events.toml (same format, checked the same way).
    #[arg(long, value_name = "FILE", requires = "as_of")]
    pub record: Option<PathBuf>,
}

/// A `YYYY-MM-DD` date.
fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{}` is not a date: write YYYY-MM-DD, e.g. 2026-02-28", shorten(s, 40)))
}

fn parse_accepted(s: &str) -> Result<u64, String> {
    let max = crate::analysis::MAX_ACCEPTED;
    whole(s, 1, max, &format!("--accepted takes a whole number of trials from 1 to {max}"))
}

/// `negsim compare`
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario A (the reference).
    pub a: PathBuf,

    /// Scenario B [default: A again, so that --set-b alone says what a
    /// change does].
    pub b: Option<PathBuf>,

    /// Change one value of B only (repeatable); --set changes both.
    #[arg(long = "set-b", value_name = "KEY=VALUE", value_parser = parse_set, allow_hyphen_values = true)]
    pub set_b: Vec<String>,

    /// `--as-of DATE` (and its `--accepted`, `--min-ess`, `--record`):
    /// both scenarios conditioned on the record; `--given` is refused here.
    #[command(flatten)]
    pub given: GivenArgs,

    /// Trials, seed, threads, overrides of both.
    #[command(flatten)]
    pub model: ModelArgs,

    /// Format and destination, and the page.
    #[command(flatten)]
    pub out: PagedOutput,
}

/// `negsim sweep`
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file; the built-in baseline without it.
    pub file: Option<PathBuf>,

    /// The parameter and its values: KEY=FROM:TO:STEPS (STEPS values from
    /// FROM to TO, both included) or KEY=V1,V2,V3. Give it two or three times
    /// for a grid: every combination of the values (at most 1000 points).
    #[arg(long = "set-range", value_name = "KEY=FROM:TO:STEPS", required = true)]
    pub set_range: Vec<String>,

    /// Trials, seed, threads, overrides.
    #[command(flatten)]
    pub model: ModelArgs,

    /// Format and destination, and the page.
    #[command(flatten)]
    pub out: PagedOutput,
}

/// `negsim sensitivity`
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// Scenario file; the built-in baseline without it.
    pub file: Option<PathBuf>,

    /// What to measure: negotiated, signed, in_force, or an outcome (1-7 or id).
    #[arg(long, value_name = "TARGET", default_value = "negotiated", value_parser = Measure::parse)]
    pub target: Measure,

    /// How far each parameter moves down and up, relative (20% or 0.2).
    #[arg(long, value_name = "DELTA", default_value = "20%", value_parser = parse_delta, allow_negative_numbers = true)]
    pub delta: f64,

    /// Only these parameters (dotted paths; repeatable) [default: every
    /// numeric parameter of the scenario].
    #[arg(long = "param", value_name = "KEY")]
    pub params: Vec<String>,

    /// Show only the N largest swings.
    #[arg(long, value_name = "N", value_parser = parse_top, allow_negative_numbers = true)]
    pub top: Option<usize>,

    /// Also write the tornado chart as SVG to PATH.
    #[arg(long, value_name = "PATH")]
    pub chart: Option<PathBuf>,

    /// Trials, seed, threads, overrides [default trials: 20000 per run].
    #[command(flatten)]
    pub model: ModelArgs,

    /// Format and destination.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `negsim sobol`
#[derive(Debug, Args)]
pub struct SobolArgs {
    /// Scenario file, with an [uncertain] table; the built-in baseline
    /// without it.
    pub file: Option<PathBuf>,

    /// What to measure: negotiated, signed, in_force, or an outcome (1-7 or id).
    #[arg(long, alias = "measure", value_name = "TARGET", default_value = "negotiated", value_parser = Measure::parse)]
    pub target: Measure,

    /// Base samples of Saltelli's design (rows of A and B), 2 to 100000;
    /// the analysis makes samples x (coefficients + 2) runs.
    #[arg(long, value_name = "N", default_value_t = 128, value_parser = parse_samples)]
    pub samples: usize,

    /// Bootstrap resamples behind the 95 % intervals, 0 to 10000 (0: no
    /// intervals).
    #[arg(long, value_name = "B", default_value_t = 200, value_parser = parse_resamples)]
    pub resamples: usize,

    /// Also write the indices as an SVG bar chart (first-order and total,
    /// with their intervals) to PATH.
    #[arg(long, value_name = "PATH")]
    pub chart: Option<PathBuf>,

    /// Trials, seed, threads, overrides [default trials: 2000 per run; every
    /// run on the same seed].
    #[command(flatten)]
    pub model: ModelArgs,

    /// Format and destination.
    #[command(flatten)]
    pub out: OutputArgs,
}

fn parse_replicates(s: &str) -> Result<usize, String> {
    let n = whole(s, 2, 1000, "replicates are whole numbers from 2 to 1000")?;
    usize::try_from(n).map_err(|_| "replicates are whole numbers from 2 to 1000".to_string())
}

fn parse_samples(s: &str) -> Result<usize, String> {
    let n = whole(s, 2, 100_000, "base samples are whole numbers from 2 to 100000")?;
    usize::try_from(n).map_err(|_| "base samples are whole numbers from 2 to 100000".to_string())
}

fn parse_resamples(s: &str) -> Result<usize, String> {
    let n = whole(s, 0, 10_000, "resamples are whole numbers from 0 to 10000")?;
    usize::try_from(n).map_err(|_| "resamples are whole numbers from 0 to 10000".to_string())
}

fn parse_delta(s: &str) -> Result<f64, String> {
    let (number, scale) = match s.strip_suffix('%') {
        Some(n) => (n, 100.0),
        None => (s, 1.0),
    };
    let d: f64 = number.trim().parse().map_err(|_| format!("`{s}` is not a share (write 20% or 0.2)"))?;
    let d = d / scale;
    if !(d > 0.0 && d < 1.0) {
        return Err("the delta must be above 0 and below 100%".into());
    }
    Ok(d)
}

/// `negsim trace`
#[derive(Debug, Args)]
pub struct TraceArgs {
    /// Scenario file; the built-in baseline without it.
    pub file: Option<PathBuf>,

    /// Which trial (from 0): the same trial K as in `negsim run` with this seed.
    #[arg(
        long,
        short = 'k',
        value_name = "K",
        value_parser = parse_trial_index,
        allow_negative_numbers = true,
        required_unless_present = "given",
        conflicts_with = "given"
    )]
    pub trial: Option<u64>,

    /// Instead of --trial: tell the story of the first trials whose path
    /// matches EXPR (the `--given` language), e.g. 'outcome == durable-peace'
    /// or 'signed_before(2026-03-01) and collapsed'. The search runs among
    /// trials 0 to N - 1 of the run (-n, default the file's simulation.trials).
    #[arg(long, value_name = "EXPR")]
    pub given: Option<String>,

    /// With --given: how many matching trials to tell, 1 to 100 [default: 1].
    #[arg(long, value_name = "N", requires = "given", conflicts_with = "trial", value_parser = parse_first)]
    pub first: Option<usize>,

    /// Trials, seed, threads, overrides and drivers, as for `negsim run`.
    #[command(flatten)]
    pub model: ModelArgs,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: TraceFormat,

    /// Write to PATH instead of standard output.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Let -o replace a file this command reads, or a scenario file.
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// `negsim report`
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Scenario file; the built-in baseline without it.
    pub file: Option<PathBuf>,

    /// The HTML file to write.
    #[arg(long, short = 'o', value_name = "PATH", required = true)]
    pub output: PathBuf,

    /// Let -o replace a file this command reads, or a scenario file.
    #[arg(long)]
    pub force: bool,

    /// Add a sensitivity tornado for this target (negotiated, signed,
    /// in_force, or an outcome); costs two runs per parameter.
    #[arg(long, value_name = "TARGET", value_parser = Measure::parse)]
    pub tornado: Option<Measure>,

    /// Also play R replicates (2 to 1000) that draw the [uncertain]
    /// coefficients, and add their spread beside the Monte Carlo interval.
    #[arg(long, value_name = "R", value_parser = parse_replicates)]
    pub uncertain: Option<usize>,

    /// Evidence to condition on.
    #[command(flatten)]
    pub given: GivenArgs,

    /// Trials, seed, threads, overrides.
    #[command(flatten)]
    pub model: ModelArgs,
}

/// `negsim calibrate`
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Scenario file to fit.
    pub file: PathBuf,

    /// The calibrated scenario to write (it extends FILE).
    #[arg(long, short = 'o', value_name = "OUT.toml", required = true)]
    pub output: PathBuf,

    /// Let -o replace an existing scenario file (never FILE itself or the
    /// target table).
    #[arg(long)]
    pub force: bool,

    /// The table to fit to: a TOML file with probabilities = [7 numbers]
    /// or in the format of seeds/globsec-2025.toml [default: the published
    /// table].
    #[arg(long, value_name = "TABLE")]
    pub target: Option<PathBuf>,

    /// Most Nelder-Mead iterations.
    #[arg(long, value_name = "K", default_value_t = 200, value_parser = parse_iterations, allow_negative_numbers = true)]
    pub iterations: u64,

    /// Seed of the check on a fresh seed [default: the fitting seed + 1].
    #[arg(long, value_name = "S", value_parser = parse_seed, allow_negative_numbers = true)]
    pub check_seed: Option<u64>,

    /// Trials, seed, threads, overrides [default trials: 50000 a run].
    #[command(flatten)]
    pub model: ModelArgs,

    /// Format of the report printed (table or json).
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: BriefFormat,
}

/// `negsim check-history`
#[derive(Debug, Args)]
pub struct CheckHistoryArgs {
    /// Scenario file; the built-in baseline without it.
    pub file: Option<PathBuf>,

    /// Exit with code 1 when any observed figure lies outside the model's
    /// central 90 %.
    #[arg(long)]
    pub strict: bool,

    /// Trials, seed, threads, overrides.
    #[command(flatten)]
    pub model: ModelArgs,

    /// Format and destination.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `negsim merge`
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Part files written by `negsim run --shard K/N`, one per shard.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,

    /// Format and destination.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `negsim validate`
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Output format: a line per file (table), or a JSON list of the files
    /// with their counts, errors and warnings.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: BriefFormat,
}

/// `negsim backtest`
#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// Scenario file (TOML); the built-in baseline without it.
    pub file: Option<PathBuf>,

    /// Forecast dates, comma-separated [default: the first of each month
    /// from 2025-07-01 to 2026-02-01].
    #[arg(long, value_name = "DATE,DATE,...")]
    pub dates: Option<String>,

    /// Trials kept per date, agreeing with the record up to it [default:
    /// 5000]; --trials is the cap per date [default: 5000000].
    #[arg(long, value_name = "N", value_parser = parse_accepted)]
    pub accepted: Option<u64>,

    /// Refuse a date on which fewer trials agree with the record [default:
    /// 1000].
    #[arg(long = "min-ess", value_name = "N", value_parser = parse_accepted)]
    pub min_ess: Option<u64>,

    /// Read the record from FILE instead of the embedded seeds/events.toml.
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,

    /// Read the published forecasts from FILE instead of the embedded
    /// seeds/forecasts.toml.
    #[arg(long, value_name = "FILE")]
    pub forecasts: Option<PathBuf>,

    /// Trials, seed, threads, overrides.
    #[command(flatten)]
    pub model: ModelArgs,

    /// Format and destination, and the page.
    #[command(flatten)]
    pub out: PagedOutput,
}

/// `negsim keys`
#[derive(Debug, Args)]
pub struct KeysArgs {
    /// Only the keys whose path or meaning contains this text (e.g.
    /// `ceasefire`, `drivers.`).
    pub pattern: Option<String>,

    /// Format and destination.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `negsim bench`
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Scenario file (TOML); the built-in baseline without it.
    pub file: Option<PathBuf>,

    /// Trials per timed run.
    #[arg(long, short = 'n', value_name = "N", value_parser = parse_trials, default_value = "1000000", allow_negative_numbers = true)]
    pub trials: u64,

    /// Seed [default: the file's simulation.seed].
    #[arg(long, short = 's', value_name = "S", value_parser = parse_seed, allow_negative_numbers = true)]
    pub seed: Option<u64>,

    /// Worker threads [default: all cores]. With more than one, the
    /// one-thread rate is measured too, for the speed-up.
    #[arg(long, short = 'j', value_name = "N", value_parser = parse_threads, allow_negative_numbers = true)]
    pub threads: Option<u16>,

    /// Timed repeats of each measurement; the median is reported.
    #[arg(long, value_name = "K", default_value_t = 3, value_parser = parse_repeat, allow_negative_numbers = true)]
    pub repeat: u16,

    /// Output format (table or json).
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: BriefFormat,
}

/// `negsim serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A scenario file to offer on the page, first, beside the shipped
    /// scenarios (read again on every run, so edits to it show).
    pub file: Option<PathBuf>,

    /// Port to listen on; 0 picks a free one (the address is printed on
    /// the first line of standard output).
    #[arg(long, short = 'p', value_name = "P", default_value_t = 8350)]
    pub port: u16,

    /// Address to listen on. The default, the loopback address, keeps the
    /// page to this machine; anything else lets others on the network run
    /// simulations on it.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
}

fn parse_seed(s: &str) -> Result<u64, String> {
    s.replace('_', "").parse().map_err(|_| format!("seeds are whole numbers from 0 to {} (2^64 - 1)", u64::MAX))
}

/// A whole number in `lo..=hi`, or `what` in words.
fn whole(s: &str, lo: u64, hi: u64, what: &str) -> Result<u64, String> {
    s.trim().replace('_', "").parse().ok().filter(|n| (lo..=hi).contains(n)).ok_or_else(|| what.to_string())
}

fn parse_threads(s: &str) -> Result<u16, String> {
    let n = whole(s, 1, 1024, "give at least 1 thread and at most 1024 (threads are whole numbers)")?;
    u16::try_from(n).map_err(|_| "give at most 1024 threads".to_string())
}

/// Most trials `trace --given --first` tells.
pub const MAX_FIRST: usize = 100;

fn parse_first(s: &str) -> Result<usize, String> {
    let n = whole(s, 1, MAX_FIRST as u64, "give a whole number of trials from 1 to 100")?;
    usize::try_from(n).map_err(|_| "give at most 100 trials".to_string())
}

fn parse_trial_index(s: &str) -> Result<u64, String> {
    whole(s, 0, crate::model::MAX_TRIALS - 1, "trials are numbered from 0 (the first) to 9999999999, as whole numbers")
}

fn parse_iterations(s: &str) -> Result<u64, String> {
    whole(s, 1, 100_000, "iterations are whole numbers from 1 to 100000")
}

fn parse_repeat(s: &str) -> Result<u16, String> {
    let n = whole(s, 1, 100, "repeats are whole numbers from 1 to 100")?;
    u16::try_from(n).map_err(|_| "repeats are whole numbers from 1 to 100".to_string())
}

fn parse_top(s: &str) -> Result<usize, String> {
    let n = whole(s, 1, 100_000, "--top takes a whole number of rows, at least 1")?;
    usize::try_from(n).map_err(|_| "--top takes a whole number of rows, at least 1".to_string())
}

/// `--set` and `--set-b` values must hold `=`: `--set KEY VALUE` (a space
/// instead of `=`) would leave VALUE to be read as a file name.
fn parse_set(s: &str) -> Result<String, String> {
    if s.contains('=') {
        Ok(s.to_string())
    } else {
        Err(format!("`{}` has no `=`: write --set KEY=VALUE, e.g. --set russia.pain_pace=0.15", shorten(s, 80)))
    }
}

/// At most `max` characters of `text`, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text.to_string(),
    }
}

/// A mistake clap cannot name well, found in the raw arguments before
/// they are parsed: `--set KEY VALUE`, with a space where `=` belongs,
/// would otherwise make VALUE a file name ("0.4: cannot read: no such
/// file"). Returns the message to print, naming the flag and the fix.
pub fn misplaced_set(args: &[std::ffi::OsString]) -> Option<String> {
    let args: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    for (i, arg) in args.iter().enumerate() {
        if arg == "--" {
            break;
        }
        if arg != "--set" && arg != "--set-b" {
            continue;
        }
        let Some(key) = args.get(i + 1) else { break };
        if key.contains('=') {
            continue;
        }
        let value = args.get(i + 2).filter(|v| !v.starts_with('-') || v.parse::<f64>().is_ok());
        let example = match value {
            Some(v) => format!("{arg} {}={}", shorten(key, 80), shorten(v, 80)),
            None => format!("{arg} {}=VALUE", shorten(key, 80)),
        };
        let stray = match value {
            Some(v) => format!(" (`{}` was taken as another argument)", shorten(v, 80)),
            None => String::new(),
        };
        return Some(format!(
            "error: {arg} `{}` has no `=`{stray}\n  = help: write {arg} KEY=VALUE with `=` and no space: {example}",
            shorten(key, 80)
        ));
    }
    None
}

fn parse_precision(s: &str) -> Result<f64, String> {
    let p: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if !(1e-5..=0.5).contains(&p) {
        return Err("the precision is a half-width between 0.00001 and 0.5 (e.g. 0.002)".into());
    }
    Ok(p)
}

fn parse_trials(s: &str) -> Result<u64, String> {
    whole(s, 1, crate::model::MAX_TRIALS, "trials are whole numbers from 1 to 10000000000 (10^10, the cap)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    fn parse(args: &[&str]) -> Result<Cli, String> {
        Cli::try_parse_from(std::iter::once("negsim").chain(args.iter().copied())).map_err(|e| e.to_string())
    }

    #[test]
    fn negative_numbers_reach_the_value_parsers() {
        let err = parse(&["run", "--trials", "-5"]).unwrap_err();
        assert!(err.contains("trials are whole numbers from 1 to 10000000000"), "{err}");
        assert!(!err.contains("'-- -5'"), "{err}");
        let err = parse(&["run", "-j", "0"]).unwrap_err();
        assert!(err.contains("at least 1 thread"), "{err}");
        let err = parse(&["run", "--seed", "-1"]).unwrap_err();
        assert!(err.contains("seeds are whole numbers"), "{err}");
        let err = parse(&["trace", "--trial", "-1"]).unwrap_err();
        assert!(err.contains("trials are numbered from 0"), "{err}");
        assert!(parse(&["run", "--set", "war.front_pull=-0.1"]).is_ok());
    }

    #[test]
    fn a_set_without_equals_is_named() {
        let err = parse(&["run", "--set", "russia.pain.sanctions"]).unwrap_err();
        assert!(err.contains("has no `=`: write --set KEY=VALUE"), "{err}");
        let raw = |args: &[&str]| misplaced_set(&args.iter().map(std::ffi::OsString::from).collect::<Vec<_>>());
        let msg = raw(&["negsim", "run", "--set", "russia.pain.sanctions", "0.4"]).unwrap();
        assert!(msg.contains("write --set KEY=VALUE"), "{msg}");
        assert!(msg.contains("--set russia.pain.sanctions=0.4"), "{msg}");
        assert!(msg.contains("`0.4` was taken as another argument"), "{msg}");
        assert_eq!(raw(&["negsim", "run", "--set", "a=1", "file.toml"]), None);
        assert_eq!(raw(&["negsim", "run", "--", "--set", "x"]), None);
        assert!(raw(&["negsim", "compare", "a.toml", "--set-b", "x", "-0.5"]).unwrap().contains("--set-b x=-0.5"));
    }

    #[test]
    fn trials_accept_underscores_and_refuse_zero() {
        assert_eq!(parse_trials("1_000_000"), Ok(1_000_000));
        assert!(parse_trials("0").is_err());
        assert!(parse_trials("-3").is_err());
        assert!(parse_trials("99999999999999").is_err());
    }

    #[test]
    fn deltas_read_as_percent_or_share() {
        assert_eq!(parse_delta("20%"), Ok(0.2));
        assert_eq!(parse_delta("0.1"), Ok(0.1));
        assert!(parse_delta("0").is_err());
        assert!(parse_delta("150%").is_err());
        assert!(parse_delta("lots").is_err());
    }
}
