//! The command line: what a user types, and what it means.
//!
//! * [`args`]: the clap definitions, and nothing else;
//! * [`options`]: the second stage, from arguments to typed options: the
//!   model loaded once, defaults taken from it once, checks across flags
//!   with messages that name the flags;
//! * [`progress`]: Ctrl-C and the progress bar around a command's work;
//! * [`write`]: output to stdout or to a file, safely.
//!
//! Nothing below `commands` imports this module; it imports the model, the
//! analyses' domain types (targets, fit kinds, shards) and the report
//! formats.

pub mod args;
pub mod options;
pub mod progress;
pub mod write;

pub use args::*;
