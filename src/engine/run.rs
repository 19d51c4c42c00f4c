//! Many trials: seeding, blocks, threads.
//!
//! The reproducibility scheme (part of a run's identity; changing it is a
//! breaking change, caught by the value-stability tests):
//!
//! * one ChaCha8 generator is keyed by the run's seed
//!   (`ChaCha8Rng::seed_from_u64(seed)`);
//! * trial `i` (from 0) plays on its own stream of that key: a clone with
//!   `set_stream(i)`, starting at word 0;
//! * trials are grouped in blocks of [`BLOCK_TRIALS`] only for scheduling;
//!   each block fills its own tally and the tallies are merged in block
//!   order. Tallies hold only integers, so the merge is exact, and shards
//!   (each a subset of the blocks) merge to the very same tally.
//!
//! So any trial can be replayed alone, any split over threads gives the
//! same result byte for byte, and two models run with the same seed see the
//! same random numbers in trial `i` (common random numbers).

use super::{Observer, Trial, play};
use crate::model::Model;
use crate::stats::{PairTally, Tally};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Trials per block.
pub const BLOCK_TRIALS: u64 = 4096;

/// Name of the seeding scheme, recorded in every result.
pub const SCHEME: &str = "chacha8-stream-per-trial-v1";

/// Blocks run at once between merges; bounds memory to a few tallies per
/// thread whatever the number of trials.
const BLOCKS_PER_CHUNK: u64 = 64;

/// The generator keyed by a run's seed.
pub fn keyed_rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Trial `index`'s own generator.
#[inline]
pub fn trial_rng(keyed: &ChaCha8Rng, index: u64) -> ChaCha8Rng {
    let mut rng = keyed.clone();
    rng.set_stream(index);
    rng
}

/// Plays trial `index` of a run keyed by `keyed`, exactly as [`run`] does.
pub fn play_indexed<O: Observer>(model: &Model, keyed: &ChaCha8Rng, index: u64, obs: &mut O) -> Trial {
    play(model, &mut trial_rng(keyed, index), obs)
}

/// One shard of a run split over processes: shard `index` (0-based) of
/// `count` plays the blocks `b` with `b % count == index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// 0-based.
    pub index: u64,
    /// Shards in all.
    pub count: u64,
}

/// Keep adding blocks until every outcome's 95 % interval is this narrow.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Precision {
    /// Largest acceptable half-width of any outcome's 95 % interval.
    pub half_width: f64,
}

/// Trials between precision checks: fixed, so that where a run stops
/// depends on the seed alone, not on the number of threads.
pub const CHECK_BLOCKS: u64 = 16;

/// What to run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plan {
    /// Seed of the run.
    pub seed: u64,
    /// Trials of the whole run (with `precision`, the most it may take).
    pub trials: u64,
    /// Play only this shard's blocks.
    pub shard: Option<Shard>,
    /// Stop early once precise enough.
    pub precision: Option<Precision>,
}

impl Plan {
    /// Every trial of a run.
    pub fn all(trials: u64, seed: u64) -> Plan {
        Plan { seed, trials, shard: None, precision: None }
    }
}

/// Hooks into a running run, for the command line: a flag that stops it
/// within a block, and a counter of trials done.
#[derive(Default)]
pub struct Control<'a> {
    /// Set to stop the run; checked before every block.
    pub cancel: Option<&'a AtomicBool>,
    /// Trials done so far, updated after every block.
    pub done: Option<&'a AtomicU64>,
}

/// Why a run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// It played every trial it was asked to.
    Complete,
    /// Every outcome reached the precision asked for.
    Precise,
    /// It hit the trial cap before the precision asked for.
    Cap,
    /// It was cancelled.
    Cancelled,
}

/// A finished (or stopped) run.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    /// What it recorded.
    pub tally: Tally,
    /// Why it stopped.
    pub stop: Stop,
}

/// Runs `trials` trials of `model` with `seed` on `threads` threads.
pub fn run(model: &Model, trials: u64, seed: u64, threads: usize) -> Tally {
    execute(model, &Plan::all(trials, seed), threads, &Control::default()).tally
}

/// Runs a plan.
pub fn execute(model: &Model, plan: &Plan, threads: usize, control: &Control<'_>) -> Finished {
    let keyed = keyed_rng(plan.seed);
    let blocks: Vec<u64> = match plan.shard {
        None => (0..plan.trials.div_ceil(BLOCK_TRIALS)).collect(),
        Some(shard) => (0..plan.trials.div_ceil(BLOCK_TRIALS)).filter(|b| b % shard.count == shard.index).collect(),
    };
    let chunk = if plan.precision.is_some() { CHECK_BLOCKS } else { BLOCKS_PER_CHUNK };
    let (tally, stop) = blockwise(
        &blocks,
        plan.trials,
        chunk,
        threads,
        control,
        Tally::new(model),
        |b| {
            let mut tally = Tally::new(model);
            for i in block_trials(b, plan.trials) {
                tally.record(&play_indexed(model, &keyed, i, &mut ()));
            }
            tally
        },
        |total| plan.precision.is_some_and(|p| total.widest_half_width() <= p.half_width),
    );
    let stop = match stop {
        Stop::Complete if plan.precision.is_some() => Stop::Cap,
        other => other,
    };
    Finished { tally, stop }
}

/// A run's tally together with what an observer gathered over the same
/// trials (one observer per block, merged in block order like the tallies).
pub struct Observed<O> {
    /// The run's tally.
    pub tally: Tally,
    /// The observer's findings.
    pub observer: O,
}

impl<O: for<'o> std::ops::AddAssign<&'o O>> std::ops::AddAssign<&Observed<O>> for Observed<O> {
    fn add_assign(&mut self, other: &Observed<O>) {
        self.tally += &other.tally;
        self.observer += &other.observer;
    }
}

/// Runs every trial with an observer made by `make` for each block; `None`
/// if cancelled.
pub fn run_observed<O, M>(
    model: &Model,
    trials: u64,
    seed: u64,
    threads: usize,
    control: &Control<'_>,
    make: M,
) -> Option<Observed<O>>
where
    O: Observer + Send + for<'o> std::ops::AddAssign<&'o O>,
    M: Fn() -> O + Sync,
{
    let keyed = keyed_rng(seed);
    let blocks: Vec<u64> = (0..trials.div_ceil(BLOCK_TRIALS)).collect();
    let (result, stop) = blockwise(
        &blocks,
        trials,
        BLOCKS_PER_CHUNK,
        threads,
        control,
        Observed { tally: Tally::new(model), observer: make() },
        |b| {
            let mut part = Observed { tally: Tally::new(model), observer: make() };
            for i in block_trials(b, trials) {
                part.tally.record(&play_indexed(model, &keyed, i, &mut part.observer));
            }
            part
        },
        |_| false,
    );
    (stop != Stop::Cancelled).then_some(result)
}

/// Most trials `--accepted` may ask for.
pub const MAX_ACCEPTED: u64 = 100_000_000;

/// A run split by evidence: every trial played, and the trials that match.
#[derive(Clone, Debug, PartialEq)]
pub struct GivenTally {
    /// Every trial.
    pub all: Tally,
    /// The trials whose path matches the evidence.
    pub accepted: Tally,
}

impl std::ops::AddAssign<&GivenTally> for GivenTally {
    fn add_assign(&mut self, other: &GivenTally) {
        self.all += &other.all;
        self.accepted += &other.accepted;
    }
}

/// Runs trials and keeps, beside the whole tally, the tally of the trials
/// `evidence` accepts. Trial `i` is trial `i` of [`run`] with that seed, so
/// the unconditioned tally is the plain run's. With `want`, blocks are added
/// (in the fixed order, checked every [`CHECK_BLOCKS`] blocks, so the result
/// does not depend on threads) until `want` trials match or `trials` (the
/// cap) are played: rejection sampling, deterministic for a seed.
pub fn run_given(
    model: &Model,
    evidence: &crate::evidence::Evidence,
    trials: u64,
    seed: u64,
    want: Option<u64>,
    threads: usize,
    control: &Control<'_>,
) -> Option<(GivenTally, Stop)> {
    let keyed = keyed_rng(seed);
    let blocks: Vec<u64> = (0..trials.div_ceil(BLOCK_TRIALS)).collect();
    let chunk = if want.is_some() { CHECK_BLOCKS } else { BLOCKS_PER_CHUNK };
    let empty = || GivenTally { all: Tally::new(model), accepted: Tally::new(model) };
    let (tally, stop) = blockwise(
        &blocks,
        trials,
        chunk,
        threads,
        control,
        empty(),
        |b| {
            let mut part = empty();
            let mut watch = evidence.watch();
            for i in block_trials(b, trials) {
                let t = play_indexed(model, &keyed, i, &mut watch);
                part.all.record(&t);
                if evidence.matches(&t, &watch) {
                    part.accepted.record(&t);
                }
            }
            part
        },
        |total| want.is_some_and(|n| total.accepted.trials >= n),
    );
    let stop = match stop {
        Stop::Complete if want.is_some() => Stop::Cap,
        other => other,
    };
    (stop != Stop::Cancelled).then_some((tally, stop))
}

/// Trials `i` of block `b` in a run of `trials`.
fn block_trials(b: u64, trials: u64) -> std::ops::Range<u64> {
    b * BLOCK_TRIALS..((b + 1) * BLOCK_TRIALS).min(trials)
}

/// Two models played trial by trial on the same random numbers: trial `i`
/// of each draws from stream `i` of the same key.
pub fn run_pair(
    a: &Model,
    b: &Model,
    trials: u64,
    seed: u64,
    threads: usize,
    control: &Control<'_>,
) -> Option<PairTally> {
    let keyed = keyed_rng(seed);
    let blocks: Vec<u64> = (0..trials.div_ceil(BLOCK_TRIALS)).collect();
    let (pair, stop) = blockwise(
        &blocks,
        trials,
        BLOCKS_PER_CHUNK,
        threads,
        control,
        PairTally::new(a, b),
        |blk| {
            let mut pair = PairTally::new(a, b);
            for i in block_trials(blk, trials) {
                let ta = play_indexed(a, &keyed, i, &mut ());
                let tb = play_indexed(b, &keyed, i, &mut ());
                pair.record(&ta, &tb);
            }
            pair
        },
        |_| false,
    );
    (stop != Stop::Cancelled).then_some(pair)
}

/// The block scheduler every run goes through: blocks in chunks, each
/// chunk's blocks in parallel, their tallies added to `total` in block
/// order; `enough` can end the run after a chunk. A set cancel flag stops
/// it before the next block; `control.done` counts trials finished.
#[allow(clippy::too_many_arguments)]
fn blockwise<T, F, E>(
    blocks: &[u64],
    trials: u64,
    chunk: u64,
    threads: usize,
    control: &Control<'_>,
    mut total: T,
    block: F,
    enough: E,
) -> (T, Stop)
where
    T: Send + for<'t> std::ops::AddAssign<&'t T>,
    F: Fn(u64) -> T + Sync,
    E: Fn(&T) -> bool + Sync,
{
    let cancelled = || control.cancel.is_some_and(|c| c.load(Ordering::Relaxed));
    let mut stop = Stop::Complete;
    let mut run_chunks = || {
        for part in blocks.chunks(chunk as usize) {
            let parts: Vec<Option<T>> = part
                .par_iter()
                .map(|&b| {
                    if cancelled() {
                        return None;
                    }
                    let tally = block(b);
                    if let Some(done) = control.done {
                        done.fetch_add(block_trials(b, trials).count() as u64, Ordering::Relaxed);
                    }
                    Some(tally)
                })
                .collect();
            if parts.iter().any(Option::is_none) {
                stop = Stop::Cancelled;
                return;
            }
            for t in parts.iter().flatten() {
                total += t;
            }
            if enough(&total) {
                stop = Stop::Precise;
                return;
            }
        }
    };
    match rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build() {
        Ok(pool) => pool.install(run_chunks),
        // No pool of that size (resource limits): rayon's global pool
        // gives the same result, by construction.
        Err(_) => run_chunks(),
    }
    (total, stop)
}
