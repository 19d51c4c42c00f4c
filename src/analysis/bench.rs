//! `negsim bench`: how fast the engine runs, against the floor set by the
//! random numbers it needs.
//!
//! A trial's cost is at least the cost of its random draws. The bench counts
//! the draws of the very trials it times (32-bit and 64-bit apart), then
//! times the same draws alone, on the same threads, with the same per-trial stream
//! set-up: the ratio of the two says how much the engine adds on top of the
//! generator. Timings are medians of several repeats, because the machines
//! this runs on are shared and noisy.

use super::runner::run;
use crate::engine::{self, BLOCK_TRIALS};
use crate::model::Model;
use crate::results::BenchReport;
use rand::{Rng, TryRng};
use rayon::prelude::*;
use std::convert::Infallible;
use std::hint::black_box;
use std::time::Instant;

/// A generator that counts the draws made from it, by size.
pub struct Counting<R> {
    inner: R,
    /// Draws of 32 bits.
    pub draws32: u64,
    /// Draws of 64 bits.
    pub draws64: u64,
}

impl<R: Rng> TryRng for Counting<R> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.draws32 += 1;
        Ok(self.inner.next_u32())
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.draws64 += 1;
        Ok(self.inner.next_u64())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.draws32 += dst.len().div_ceil(4) as u64;
        self.inner.fill_bytes(dst);
        Ok(())
    }
}

/// Draws counted over a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Draws {
    /// 32-bit draws (tactics: whether each fires).
    pub u32s: u64,
    /// 64-bit draws (everything that needs a float).
    pub u64s: u64,
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Runs `f` on a pool of `threads` threads.
fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build() {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// Seconds `f` takes, median of `repeats`.
fn time(repeats: usize, mut f: impl FnMut()) -> f64 {
    median(
        (0..repeats.max(1))
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

/// Counts the draws of trials `0..trials`.
fn count_draws(model: &Model, trials: u64, seed: u64) -> Draws {
    let keyed = engine::keyed_rng(seed);
    (0..trials.div_ceil(BLOCK_TRIALS))
        .into_par_iter()
        .map(|b| {
            let mut draws = Draws::default();
            for i in b * BLOCK_TRIALS..((b + 1) * BLOCK_TRIALS).min(trials) {
                let mut rng = Counting { inner: engine::trial_rng(&keyed, i), draws32: 0, draws64: 0 };
                black_box(engine::play(model, &mut rng, &mut ()));
                draws.u32s += rng.draws32;
                draws.u64s += rng.draws64;
            }
            draws
        })
        .reduce(Draws::default, |a, b| Draws { u32s: a.u32s + b.u32s, u64s: a.u64s + b.u64s })
}

/// Makes `total` draws of each size, spread evenly over `trials` per-trial
/// streams as the engine's blocks do (or over one stream per block, with no
/// per-trial set-up); returns a checksum so nothing is optimised away.
fn draw_alone(trials: u64, total: Draws, seed: u64, per_trial_streams: bool) -> u64 {
    let keyed = engine::keyed_rng(seed);
    let share = |n: u64, i: u64| n * (i + 1) / trials - n * i / trials;
    (0..trials.div_ceil(BLOCK_TRIALS))
        .into_par_iter()
        .map(|b| {
            let mut sum = 0_u64;
            let mut shared = engine::trial_rng(&keyed, b);
            for i in b * BLOCK_TRIALS..((b + 1) * BLOCK_TRIALS).min(trials) {
                let mut own;
                let rng = if per_trial_streams {
                    own = engine::trial_rng(&keyed, i);
                    &mut own
                } else {
                    &mut shared
                };
                for _ in 0..share(total.u64s, i) {
                    sum = sum.wrapping_add(rng.next_u64());
                }
                for _ in 0..share(total.u32s, i) {
                    sum = sum.wrapping_add(u64::from(rng.next_u32()));
                }
            }
            sum
        })
        .reduce(|| 0, u64::wrapping_add)
}

/// Measures the engine on `model`.
pub fn measure(model: &Model, trials: u64, seed: u64, threads: usize, repeats: usize) -> BenchReport {
    let tally = on_threads(threads, || run(model, trials, seed, threads));
    let months: u64 = tally.months_held.counts().iter().enumerate().map(|(m, &c)| m as u64 * c).sum();
    let draws = on_threads(threads, || count_draws(model, trials, seed));
    let engine_s = time(repeats, || {
        black_box(run(model, trials, seed, threads));
    });
    let floor_s = time(repeats, || {
        black_box(on_threads(threads, || draw_alone(trials, draws, seed, true)));
    });
    let floor_one_s = time(repeats, || {
        black_box(on_threads(threads, || draw_alone(trials, draws, seed, false)));
    });
    let one_thread_s = (threads > 1).then(|| {
        time(repeats, || {
            black_box(run(model, trials, seed, 1));
        })
    });
    let n = trials as f64;
    let rounds = tally.round_total as f64;
    BenchReport {
        scenario: model.name.clone(),
        trials,
        threads,
        repeats,
        steps_per_trial: (rounds + months as f64) / n,
        rounds_per_trial: rounds / n,
        draws_per_trial: (draws.u32s + draws.u64s) as f64 / n,
        draws32_per_trial: draws.u32s as f64 / n,
        draws64_per_trial: draws.u64s as f64 / n,
        trials_per_second: n / engine_s,
        rounds_per_second: rounds / engine_s,
        ns_per_trial: engine_s * 1e9 / n,
        ns_per_round: engine_s * 1e9 / rounds.max(1.0),
        floor_ns_per_trial: floor_s * 1e9 / n,
        floor_one_stream_ns_per_trial: floor_one_s * 1e9 / n,
        ratio_to_floor: engine_s / floor_s,
        one_thread_ns_per_trial: one_thread_s.map(|s| s * 1e9 / n),
        speedup: one_thread_s.map(|s| s / engine_s),
    }
}
