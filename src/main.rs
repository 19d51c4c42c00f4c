//! The `negsim` binary: parse, run, print the error, set the exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = negsim::cli::Cli::parse();
    match negsim::commands::main(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            negsim::cli::write::say(&err.to_string());
            ExitCode::from(err.exit_code())
        }
    }
}
