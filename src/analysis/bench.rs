//! `negsim bench`: how fast the engine runs, against the floor set by the
//! random numbers it needs.
//!
//! A trial's cost is at least the cost of its random numbers. The bench
//! counts the numbers of the very trials it times, then times the same
//! count of numbers computed alone, on the same threads, from the same
//! addressable field: the ratio of the two says how much the engine adds on
//! top of its randomness. Timings are medians of several repeats, because
//! the machines this runs on are shared and noisy.

use super::runner::run;
use crate::engine::{self, BLOCK_TRIALS, Draws, Field, Stream};
use crate::model::Model;
use crate::results::BenchReport;
use rayon::prelude::*;
use std::cell::Cell;
use std::hint::black_box;
use std::time::Instant;

/// A field that counts the numbers taken from it.
struct Counting {
    inner: Draws,
    count: Cell<u64>,
}

impl Field for Counting {
    #[inline]
    fn bits(&self, s: Stream, n: u64) -> u64 {
        self.count.set(self.count.get() + 1);
        self.inner.bits(s, n)
    }
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

/// Counts the numbers trials `0..trials` take, and their meetings.
fn count_draws(model: &Model, trials: u64, seed: u64) -> (u64, u64) {
    let key = engine::keyed(seed);
    (0..trials.div_ceil(BLOCK_TRIALS))
        .into_par_iter()
        .map(|b| {
            let (mut draws, mut meetings) = (0_u64, 0_u64);
            for i in b * BLOCK_TRIALS..((b + 1) * BLOCK_TRIALS).min(trials) {
                let field = Counting { inner: Draws::new(key, i), count: Cell::new(0) };
                let t = engine::play(model, &field, &mut ());
                draws += field.count.get();
                meetings += u64::from(t.meetings);
            }
            (draws, meetings)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

/// Computes `total` numbers spread evenly over `trials` trials' fields, as
/// the engine's blocks do; returns a checksum so nothing is optimised away.
fn draw_alone(trials: u64, total: u64, seed: u64) -> u64 {
    let key = engine::keyed(seed);
    let share = |i: u64| total * (i + 1) / trials - total * i / trials;
    (0..trials.div_ceil(BLOCK_TRIALS))
        .into_par_iter()
        .map(|b| {
            let mut sum = 0_u64;
            for i in b * BLOCK_TRIALS..((b + 1) * BLOCK_TRIALS).min(trials) {
                let field = Draws::new(key, i);
                for n in 0..share(i) {
                    sum = sum.wrapping_add(field.bits(Stream::Meeting, n));
                }
            }
            sum
        })
        .reduce(|| 0, u64::wrapping_add)
}

/// Measures the engine on `model`.
pub fn measure(model: &Model, trials: u64, seed: u64, threads: usize, repeats: usize) -> BenchReport {
    let (draws, meetings) = on_threads(threads, || count_draws(model, trials, seed));
    let engine_s = time(repeats, || {
        black_box(run(model, trials, seed, threads));
    });
    let floor_s = time(repeats, || {
        black_box(on_threads(threads, || draw_alone(trials, draws, seed)));
    });
    let one_thread_s = (threads > 1).then(|| {
        time(repeats, || {
            black_box(run(model, trials, seed, 1));
        })
    });
    let n = trials as f64;
    let per_core = |s: f64, cores: usize| n / s / cores as f64;
    BenchReport {
        scenario: model.name.clone(),
        trials,
        threads,
        repeats,
        meetings_per_trial: meetings as f64 / n,
        draws_per_trial: draws as f64 / n,
        trials_per_second: n / engine_s,
        trials_per_second_per_core: per_core(engine_s, threads),
        ns_per_trial: engine_s * 1e9 / n,
        floor_ns_per_trial: floor_s * 1e9 / n,
        ratio_to_floor: engine_s / floor_s,
        one_thread_trials_per_second: one_thread_s.map(|s| n / s),
        speedup: one_thread_s.map(|s| s / engine_s),
    }
}
