//! Command-line definitions (clap), and nothing else: turning them into
//! work is `commands`'s job.

use crate::report::Format;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// negsim: a seeded Monte Carlo simulator of Russia-Ukraine negotiation
/// scenarios, built on the GLOBSEC (June 2025) seven-scenario table.
#[derive(Debug, Parser)]
#[command(name = "negsim", version, about, long_about = None)]
#[command(after_help = "With no command, negsim runs the built-in baseline (as `negsim run`).\n\
Exit codes: 0 success, 1 failure (e.g. cannot write output), 2 bad input (file, value or flag).")]
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
    /// Check scenario files without running them.
    Validate(ValidateArgs),
    /// Merge the part files of a sharded run into its report.
    Merge(MergeArgs),
    /// Measure how fast the engine runs, against the floor set by its
    /// random draws.
    Bench(BenchArgs),
}

/// `negsim run`
#[derive(Debug, Args, Default)]
pub struct RunArgs {
    /// Scenario file (TOML). Without it, the built-in baseline runs
    /// (identical to scenarios/baseline.toml).
    pub file: Option<PathBuf>,

    /// Number of trials [default: the file's simulation.trials].
    #[arg(long, short = 'n', value_name = "N", value_parser = parse_trials)]
    pub trials: Option<u64>,

    /// Seed of the random streams, 0 to 2^64 - 1 [default: the file's simulation.seed].
    #[arg(long, short = 's', value_name = "S", value_parser = parse_seed)]
    pub seed: Option<u64>,

    /// Worker threads [default: all cores]. The result does not depend on it.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,

    /// Output format [default: table].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,

    /// Write the report to PATH instead of standard output (atomically:
    /// PATH holds either its old content or the whole new report).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// No progress bar (it shows only on a terminal, for runs over a second).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Change one value of the scenario, by its dotted path (repeatable),
    /// e.g. --set worlds.durable-peace.probability=0.05 or
    /// --set tactics.time_exhaustion.probability=0.3. Checked like the file.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Keep the world probabilities given with --set and scale the other
    /// worlds so that all seven sum to one.
    #[arg(long)]
    pub renormalize: bool,

    /// Play only shard K of N (1 <= K <= N) and write a part file (JSON)
    /// for `negsim merge`, instead of a report.
    #[arg(long, value_name = "K/N", value_parser = crate::shard::parse_shard, conflicts_with = "precision")]
    pub shard: Option<crate::engine::Shard>,

    /// Keep adding trials until every outcome's 95 % interval half-width is
    /// at most P (e.g. 0.002 for 0.2 percentage points); --trials is then
    /// the cap [default cap: 100000000].
    #[arg(long, value_name = "P", value_parser = parse_precision)]
    pub precision: Option<f64>,
}

/// `negsim merge`
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Part files written by `negsim run --shard K/N`, one per shard.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Write the report to PATH instead of standard output.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
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

/// `negsim validate`
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
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

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
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
}
