//! Many trials: blocks over threads.
//!
//! Trial `i` of a run draws its numbers from the addressable field of
//! [`super::random`] (keyed by the seed and `i`), so trials are independent
//! of one another and of where they run. Trials are grouped in blocks of
//! [`BLOCK_TRIALS`] only for scheduling; each block fills its own
//! accumulator and the accumulators are merged in block order. Tallies hold
//! only integers, so the merge is exact, and shards (each a subset of the
//! blocks) merge to the very same tally.
//!
//! So any trial can be replayed alone, any split over threads gives the
//! same result byte for byte, and two models run with the same seed see the
//! same random numbers in trial `i` (common random numbers).

use super::random::{Draws, run_key};
use super::{Observer, Trial, play};
use crate::model::Model;
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Trials per block.
pub const BLOCK_TRIALS: u64 = 4096;

/// Blocks run at once between merges; bounds memory to a few tallies per
/// thread whatever the number of trials.
pub const BLOCKS_PER_CHUNK: u64 = 64;

/// The key of a run with `seed`.
pub fn keyed(seed: u64) -> u64 {
    run_key(seed)
}

/// Plays trial `index` of a run keyed by `key`, exactly as every run does.
#[inline]
pub fn play_indexed<O: Observer>(model: &Model, key: u64, index: u64, obs: &mut O) -> Trial {
    play(model, &Draws::new(key, index), obs)
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

/// Trials between precision checks: fixed, so that where a run stops
/// depends on the seed alone, not on the number of threads.
pub const CHECK_BLOCKS: u64 = 16;

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

/// Trials `i` of block `b` in a run of `trials`.
pub fn block_trials(b: u64, trials: u64) -> std::ops::Range<u64> {
    b * BLOCK_TRIALS..((b + 1) * BLOCK_TRIALS).min(trials)
}

/// How a run's blocks are scheduled: the run's trial count (the last
/// block may be short), threads, blocks merged per chunk, and the hooks of
/// the command line.
#[derive(Clone, Copy)]
pub struct Schedule<'c> {
    /// Trials of the whole run.
    pub trials: u64,
    /// Worker threads.
    pub threads: usize,
    /// Blocks run at once between merges (and between `enough` checks).
    pub chunk: u64,
    /// Cancellation and progress.
    pub control: &'c Control<'c>,
}

/// The block scheduler every run goes through: blocks in chunks, each
/// chunk's blocks in parallel, their results added to `total` in block
/// order; `enough` can end the run after a chunk. A set cancel flag stops
/// it before the next block; `control.done` counts trials finished.
pub fn blockwise<T, F, E>(schedule: &Schedule<'_>, blocks: &[u64], mut total: T, block: F, enough: E) -> (T, Stop)
where
    T: Send + for<'t> std::ops::AddAssign<&'t T>,
    F: Fn(u64) -> T + Sync,
    E: Fn(&T) -> bool + Sync,
{
    let control = schedule.control;
    let cancelled = || control.cancel.is_some_and(|c| c.load(Ordering::Relaxed));
    let mut stop = Stop::Complete;
    let mut run_chunks = || {
        for part in blocks.chunks(schedule.chunk.max(1) as usize) {
            let parts: Vec<Option<T>> = part
                .par_iter()
                .map(|&b| {
                    if cancelled() {
                        return None;
                    }
                    let result = block(b);
                    if let Some(done) = control.done {
                        done.fetch_add(block_trials(b, schedule.trials).count() as u64, Ordering::Relaxed);
                    }
                    Some(result)
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
    match rayon::ThreadPoolBuilder::new().num_threads(schedule.threads.max(1)).build() {
        Ok(pool) => pool.install(run_chunks),
        // No pool of that size (resource limits): rayon's global pool
        // gives the same result, by construction.
        Err(_) => run_chunks(),
    }
    (total, stop)
}
