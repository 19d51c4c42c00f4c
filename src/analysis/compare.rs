//! `negsim compare`: two models played trial by trial on the same random
//! numbers, so their difference is the models', not luck's.

use super::Runner;
use super::experts::{self, Experts};
use crate::model::Model;
use crate::results::{Comparison, RunInfo};

/// Compares `a` and `b`; with `experts`, also the spread of each
/// difference across redrawn tables. `None` if cancelled.
pub fn compare(a: &Model, b: &Model, experts: Option<&Experts>, runner: &Runner<'_>) -> Option<Comparison> {
    let pair = runner.pair(a, b)?;
    let mut comparison = Comparison::new(&RunInfo::of(a), &RunInfo::of(b), &pair, runner.seed);
    if let Some(x) = experts {
        comparison.experts = Some(experts::pair_spread(a, b, x, runner)?);
    }
    Some(comparison)
}
