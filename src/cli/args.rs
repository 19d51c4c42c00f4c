//! Command-line definitions (clap), and nothing else: [`super::options`]
//! turns them into typed options, and `commands` does the work.
//!
//! Every command that runs a model flattens the same [`ModelArgs`]
//! (`--trials`, `--seed`, `--threads`, `--set`, `--central-drivers`, `--quiet`)
//! and [`OutputArgs`] (`--format`, `--output`), so a flag means the same
//! everywhere.

use crate::analysis::Measure;
use crate::engine::Shard;
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
    /// Tell the story of one trial, round by round.
    Trace(TraceArgs),
    /// Write a self-contained HTML report with charts.
    Report(ReportArgs),
    /// Fit the coefficients a scenario marks as free to the published table
    /// (or another target) and write the result as a scenario.
    Calibrate(CalibrateArgs),
    /// Place observed history (talk lengths, truces, forecasts) in the
    /// model's distributions.
    CheckHistory(CheckHistoryArgs),
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
}

/// Flags shared by every command that runs a model.
#[derive(Debug, Args, Default, Clone)]
pub struct ModelArgs {
    /// Number of trials [default: the file's simulation.trials].
    #[arg(long, short = 'n', value_name = "N", value_parser = parse_trials)]
    pub trials: Option<u64>,

    /// Seed of the random streams, 0 to 2^64 - 1 [default: the file's simulation.seed].
    #[arg(long, short = 's', value_name = "S", value_parser = parse_seed)]
    pub seed: Option<u64>,

    /// Worker threads [default: all cores]. The result does not depend on it.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,

    /// Change one value of the scenario, by its dotted path (repeatable),
    /// e.g. --set us.follow_through=0.6 or
    /// --set tactics.time_exhaustion.probability=0.3. Checked like the file.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Fix every driver at its central value (its median) instead of drawing
    /// it per trial: the spread that is left comes from the dynamics alone.
    #[arg(long)]
    pub central_drivers: bool,

    /// No progress bar (it shows only on a terminal, for runs over a second).
    #[arg(long, short = 'q')]
    pub quiet: bool,
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
    #[arg(long, value_name = "P", value_parser = parse_precision)]
    pub precision: Option<f64>,

    /// Evidence to condition on.
    #[command(flatten)]
    pub given: GivenArgs,
}

/// `--given` and `--accepted`.
#[derive(Debug, Args, Default, Clone)]
pub struct GivenArgs {
    /// Also report the outcomes among the trials whose path matches EXPR,
    /// e.g. 'rounds >= 6 and not signed', 'hours(3) < 2', 'reversed'
    /// (see the README, "Conditioning on evidence").
    #[arg(long, value_name = "EXPR")]
    pub given: Option<String>,

    /// With --given: draw trials until N match (deterministically, in
    /// blocks); --trials is then the cap [default cap: 100000000].
    #[arg(long, value_name = "N", requires = "given", value_parser = parse_accepted)]
    pub accepted: Option<u64>,
}

fn parse_accepted(s: &str) -> Result<u64, String> {
    let n: u64 = s.replace('_', "").parse().map_err(|_| format!("`{s}` is not a whole number of trials"))?;
    if n == 0 || n > crate::analysis::MAX_ACCEPTED {
        return Err(format!("give 1 to {} trials", crate::analysis::MAX_ACCEPTED));
    }
    Ok(n)
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
    #[arg(long = "set-b", value_name = "KEY=VALUE")]
    pub set_b: Vec<String>,

    /// Trials, seed, threads, overrides of both.
    #[command(flatten)]
    pub model: ModelArgs,

    /// Format and destination.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `negsim sweep`
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file; the built-in baseline without it.
    pub file: Option<PathBuf>,

    /// The parameter and its values: KEY=FROM:TO:STEPS (STEPS values from
    /// FROM to TO, both included) or KEY=V1,V2,V3.
    #[arg(long = "set-range", value_name = "KEY=FROM:TO:STEPS", required = true)]
    pub set_range: String,

    /// Trials, seed, threads, overrides.
    #[command(flatten)]
    pub model: ModelArgs,

    /// Format and destination.
    #[command(flatten)]
    pub out: OutputArgs,
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
    #[arg(long, value_name = "DELTA", default_value = "20%", value_parser = parse_delta)]
    pub delta: f64,

    /// Only these parameters (dotted paths; repeatable) [default: every
    /// numeric parameter of the scenario].
    #[arg(long = "param", value_name = "KEY")]
    pub params: Vec<String>,

    /// Show only the N largest swings.
    #[arg(long, value_name = "N")]
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
    #[arg(long, short = 'k', value_name = "K", value_parser = clap::value_parser!(u64).range(0..10_000_000_000))]
    pub trial: u64,

    /// Seed [default: the file's simulation.seed].
    #[arg(long, short = 's', value_name = "S", value_parser = parse_seed)]
    pub seed: Option<u64>,

    /// Change one value of the scenario (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Fix every driver at its central value.
    #[arg(long)]
    pub central_drivers: bool,

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
    #[arg(long, value_name = "K", default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub iterations: u64,

    /// Seed of the check on a fresh seed [default: the fitting seed + 1].
    #[arg(long, value_name = "S", value_parser = parse_seed)]
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
    #[arg(long, short = 'n', value_name = "N", value_parser = parse_trials, default_value = "1000000")]
    pub trials: u64,

    /// Seed [default: the file's simulation.seed].
    #[arg(long, short = 's', value_name = "S", value_parser = parse_seed)]
    pub seed: Option<u64>,

    /// Worker threads [default: all cores]. With more than one, the
    /// one-thread rate is measured too, for the speed-up.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,

    /// Timed repeats of each measurement; the median is reported.
    #[arg(long, value_name = "K", default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=100))]
    pub repeat: u16,

    /// Output format (table or json).
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: BriefFormat,
}

fn parse_seed(s: &str) -> Result<u64, String> {
    s.replace('_', "").parse().map_err(|_| format!("seeds are whole numbers from 0 to {}", u64::MAX))
}

fn parse_precision(s: &str) -> Result<f64, String> {
    let p: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if !(1e-5..=0.5).contains(&p) {
        return Err("the precision is a half-width between 0.00001 and 0.5 (e.g. 0.002)".into());
    }
    Ok(p)
}

fn parse_trials(s: &str) -> Result<u64, String> {
    let n: u64 = s.replace('_', "").parse().map_err(|_| format!("`{s}` is not a whole number of trials"))?;
    if n == 0 || n > crate::model::MAX_TRIALS {
        return Err(format!("trials must be between 1 and {} (the cap)", crate::model::MAX_TRIALS));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
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
