//! The `negsim` binary: parse, run, print the error, set the exit code.
//!
//! Usage errors exit with code 2, like bad input. Two of clap's messages
//! are replaced where they mislead: `--set KEY VALUE` (a space where `=`
//! belongs) is named before clap reads VALUE as a file, and an unknown
//! command gets a suggestion only when one is close to what was typed.

use clap::CommandFactory;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use negsim::cli::write::say;
use std::process::ExitCode;

/// Exit code of a usage error (as for bad input).
const USAGE: u8 = 2;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(message) = negsim::cli::args::misplaced_set(&args) {
        say(&message);
        return ExitCode::from(USAGE);
    }
    let cli = match <negsim::cli::Cli as clap::Parser>::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) if e.kind() == ErrorKind::InvalidSubcommand => {
            say(&unknown_command(&e));
            return ExitCode::from(USAGE);
        }
        // Usage errors as clap words them, with what they quote of the
        // command line cut short (`--trials 999...9` of 200 000 digits).
        Err(e) if e.use_stderr() => {
            say(&cap_lines(e.render().to_string().trim_end()));
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(USAGE));
        }
        // Help and version, on stdout (a failed write is ignored there).
        Err(e) => e.exit(),
    };
    match negsim::commands::main(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            say(&err.to_string());
            ExitCode::from(err.exit_code())
        }
    }
}

/// The message for an unknown command: a suggestion only when a command
/// is close to it (clap's would offer `calibrate` for `frobnicate`).
fn unknown_command(e: &clap::Error) -> String {
    let typed = match e.get(ContextKind::InvalidSubcommand) {
        Some(ContextValue::String(s)) => s.clone(),
        _ => String::new(),
    };
    let command = negsim::cli::Cli::command();
    let names: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_string()).collect();
    let shown: String = typed.chars().take(80).collect();
    let shown = if shown.len() < typed.len() { format!("{shown}...") } else { shown };
    let close = names.iter().find(|n| is_close(&typed, n));
    let help = if let Some(best) = close {
        format!("did you mean `negsim {best}`?")
    } else if typed.ends_with(".toml") || typed.contains('/') {
        format!("to run a scenario file, write `negsim run {shown}`")
    } else {
        format!("the commands are {}; `negsim --help` says what each does", names.join(", "))
    };
    format!("error: `{shown}` is not a negsim command\n  = help: {help}")
}

/// Longest line of a usage error, in characters.
const MAX_LINE: usize = 300;

/// Every line cut to [`MAX_LINE`] characters, with an ellipsis.
fn cap_lines(text: &str) -> String {
    text.lines()
        .map(|line| match line.char_indices().nth(MAX_LINE) {
            Some((i, _)) => format!("{}...", &line[..i]),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A typo of `name`: a few edits away, or its beginning.
fn is_close(typed: &str, name: &str) -> bool {
    let typed = typed.to_ascii_lowercase();
    let allowed = (name.len() / 4).max(1);
    strsim::damerau_levenshtein(&typed, name) <= allowed || (typed.len() >= 3 && name.starts_with(&typed))
}
