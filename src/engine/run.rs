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
//!   order. Tallies hold only integers, so the merge is exact.
//!
//! So any trial can be replayed alone, any split over threads gives the
//! same result byte for byte, and two models run with the same seed see the
//! same random numbers in trial `i` (common random numbers).

use super::{Observer, Trial, play};
use crate::model::Model;
use crate::stats::Tally;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

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

/// Runs `trials` trials of `model` with `seed` on `threads` threads.
pub fn run(model: &Model, trials: u64, seed: u64, threads: usize) -> Tally {
    let keyed = keyed_rng(seed);
    let block = |b: u64| {
        let mut tally = Tally::new(model);
        let end = ((b + 1) * BLOCK_TRIALS).min(trials);
        for i in b * BLOCK_TRIALS..end {
            tally.record(&play_indexed(model, &keyed, i, &mut ()));
        }
        tally
    };
    let blocks = trials.div_ceil(BLOCK_TRIALS);
    let mut total = Tally::new(model);
    let mut run_chunks = || {
        let mut start = 0;
        while start < blocks {
            let end = (start + BLOCKS_PER_CHUNK).min(blocks);
            let parts: Vec<Tally> = (start..end).into_par_iter().map(block).collect();
            for part in &parts {
                total += part;
            }
            start = end;
        }
    };
    match rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build() {
        Ok(pool) => pool.install(run_chunks),
        // No pool of that size (resource limits): rayon's global pool
        // gives the same result, by construction.
        Err(_) => run_chunks(),
    }
    total
}
