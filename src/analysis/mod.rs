//! The analyses: every way negsim plays models many times and turns the
//! tallies into results.
//!
//! An analysis takes checked models (never a path, never the command line)
//! and a [`Runner`] (trials, seed, threads, cancellation), and fills a type
//! of `results`. Every run of an analysis uses the same seed, so trial `i`
//! sees the same random numbers in every variant (common random numbers):
//! the curve of a sweep is smooth and the swings of a sensitivity analysis
//! are differences of the model, not of luck.

pub mod asof;
pub mod backtest;
pub mod bench;
pub mod calibrate;
pub mod compare;
pub mod evidence;
pub mod history;
mod measure;
mod runner;
pub mod sensitivity;
pub mod shard;
pub mod sweep;
pub mod trace;
pub mod uncertain;

pub use measure::Measure;
pub use runner::{Finished, GivenTally, MAX_ACCEPTED, Observed, Precision, Runner, run};

use crate::model::{InputError, Model};

/// How an analysis loads a variant of its scenario: the scenario with
/// these `--set` assignments added to the user's own (and whatever else
/// the command line asked, such as fixed drivers).
pub type Loader<'a> = dyn Fn(&[String]) -> Result<Model, InputError> + 'a;
