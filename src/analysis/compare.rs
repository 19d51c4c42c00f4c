//! `negsim compare`: two models played trial by trial on the same random
//! numbers, so their difference is the models', not luck's.

use super::Runner;
use crate::model::Model;
use crate::results::{Comparison, RunInfo};

/// Compares `a` and `b`; `None` if cancelled.
pub fn compare(a: &Model, b: &Model, runner: &Runner<'_>) -> Option<Comparison> {
    let pair = runner.pair(a, b)?;
    Some(Comparison::new(&RunInfo::of(a), &RunInfo::of(b), &pair, runner.seed))
}
