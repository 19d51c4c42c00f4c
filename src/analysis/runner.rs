//! The [`Runner`]: trials, seed, threads and the command line's hooks,
//! written once and used by every analysis to play models into tallies.
//!
//! Every method returns `None` when the run was cancelled (Ctrl-C), so an
//! analysis stops with a `?` and no partial result escapes.

use crate::analysis::evidence::Given;
use crate::engine::{
    self, BLOCK_TRIALS, BLOCKS_PER_CHUNK, CHECK_BLOCKS, Control, Observer, Schedule, Shard, Stop, block_trials, keyed,
    play_indexed,
};
use crate::model::Model;
use crate::stats::{PairTally, Tally};

/// Most trials `--accepted` may ask for.
pub const MAX_ACCEPTED: u64 = 100_000_000;

/// Keep adding blocks until every outcome's 95 % interval is this narrow.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Precision {
    /// Largest acceptable half-width of any outcome's 95 % interval.
    pub half_width: f64,
}

/// A finished (or stopped) run.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    /// What it recorded.
    pub tally: Tally,
    /// Why it stopped.
    pub stop: Stop,
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

/// Trial numbers found by [`Runner::find`], in order; blocks append.
#[derive(Clone, Debug, Default)]
struct Found(Vec<u64>);

impl std::ops::AddAssign<&Found> for Found {
    fn add_assign(&mut self, other: &Found) {
        self.0.extend_from_slice(&other.0);
    }
}

/// How every analysis plays a model: `trials` trials with `seed` (trial
/// `i` on stream `i`) on `threads` threads, with the command line's
/// cancel flag and progress counter.
#[derive(Clone, Copy)]
pub struct Runner<'c> {
    /// Trials of each run.
    pub trials: u64,
    /// Seed of every run (common random numbers across runs).
    pub seed: u64,
    /// Worker threads; never changes a result.
    pub threads: usize,
    /// Cancellation and progress.
    pub control: &'c Control<'c>,
}

impl<'c> Runner<'c> {
    /// The same runner with another trial count.
    pub fn with_trials(&self, trials: u64) -> Runner<'c> {
        Runner { trials, ..*self }
    }

    /// The same runner with another seed.
    pub fn with_seed(&self, seed: u64) -> Runner<'c> {
        Runner { seed, ..*self }
    }

    fn schedule(&self, chunk: u64) -> Schedule<'c> {
        Schedule { trials: self.trials, threads: self.threads, chunk, control: self.control }
    }

    fn blocks(&self) -> Vec<u64> {
        (0..self.trials.div_ceil(BLOCK_TRIALS)).collect()
    }

    /// Plays every trial of `model` into a tally; `None` if cancelled.
    pub fn tally(&self, model: &Model) -> Option<Tally> {
        let f = self.execute(model, None, None);
        (f.stop != Stop::Cancelled).then_some(f.tally)
    }

    /// Plays a run: every trial, or only one shard's blocks, or blocks
    /// until every outcome is as precise as asked (checked every
    /// [`CHECK_BLOCKS`] blocks, so where it stops depends on the seed
    /// alone, not on the threads).
    pub fn execute(&self, model: &Model, shard: Option<Shard>, precision: Option<Precision>) -> Finished {
        let key = keyed(self.seed);
        let days = model.settings.days;
        let blocks: Vec<u64> = match shard {
            None => self.blocks(),
            Some(shard) => self.blocks().into_iter().filter(|b| b % shard.count == shard.index).collect(),
        };
        let chunk = if precision.is_some() { CHECK_BLOCKS } else { BLOCKS_PER_CHUNK };
        let trials = self.trials;
        let (tally, stop) = engine::blockwise(
            &self.schedule(chunk),
            &blocks,
            Tally::new(model),
            |b| {
                let mut tally = Tally::new(model);
                for i in block_trials(b, trials) {
                    tally.record(&play_indexed(model, key, i, &mut ()), days);
                }
                tally
            },
            |total| precision.is_some_and(|p| total.widest_half_width() <= p.half_width),
        );
        let stop = match stop {
            Stop::Complete if precision.is_some() => Stop::Cap,
            other => other,
        };
        Finished { tally, stop }
    }

    /// Plays every trial with an observer made by `make` for each block;
    /// `None` if cancelled.
    pub fn observed<O, M>(&self, model: &Model, make: M) -> Option<Observed<O>>
    where
        O: Observer + Send + for<'o> std::ops::AddAssign<&'o O>,
        M: Fn() -> O + Sync,
    {
        let key = keyed(self.seed);
        let days = model.settings.days;
        let trials = self.trials;
        let (result, stop) = engine::blockwise(
            &self.schedule(BLOCKS_PER_CHUNK),
            &self.blocks(),
            Observed { tally: Tally::new(model), observer: make() },
            |b| {
                let mut part = Observed { tally: Tally::new(model), observer: make() };
                for i in block_trials(b, trials) {
                    part.tally.record(&play_indexed(model, key, i, &mut part.observer), days);
                }
                part
            },
            |_| false,
        );
        (stop != Stop::Cancelled).then_some(result)
    }

    /// Plays trials and keeps, beside the whole tally, the tally of the
    /// trials `evidence` accepts. Trial `i` is trial `i` of a plain run
    /// with that seed, so the unconditioned tally is the plain run's. With
    /// `want`, blocks are added (in the fixed order, checked every
    /// [`CHECK_BLOCKS`] blocks, so the result does not depend on threads)
    /// until `want` trials match or the runner's trials (the cap) are
    /// played: rejection sampling, deterministic for a seed.
    pub fn given(&self, model: &Model, evidence: &Given, want: Option<u64>) -> Option<(GivenTally, Stop)> {
        let key = keyed(self.seed);
        let days = model.settings.days;
        let chunk = if want.is_some() { CHECK_BLOCKS } else { BLOCKS_PER_CHUNK };
        let empty = || GivenTally { all: Tally::new(model), accepted: Tally::new(model) };
        let trials = self.trials;
        let (tally, stop) = engine::blockwise(
            &self.schedule(chunk),
            &self.blocks(),
            empty(),
            |b| {
                let mut part = empty();
                let mut watch = evidence.watch();
                for i in block_trials(b, trials) {
                    let t = play_indexed(model, key, i, &mut watch);
                    part.all.record(&t, days);
                    if evidence.matches(&t, &watch) {
                        part.accepted.record(&t, days);
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

    /// The first `first` trials (by number, as in a plain run with this
    /// seed) whose path matches `evidence`, searched among the runner's
    /// trials; fewer if fewer match. Blocks are searched in order, a chunk
    /// at a time, so the answer does not depend on threads. `None` if
    /// cancelled.
    pub fn find(&self, model: &Model, evidence: &Given, first: usize) -> Option<Vec<u64>> {
        let key = keyed(self.seed);
        let trials = self.trials;
        let (found, stop) = engine::blockwise(
            &self.schedule(CHECK_BLOCKS),
            &self.blocks(),
            Found::default(),
            |b| {
                let mut found = Found::default();
                let mut watch = evidence.watch();
                for i in block_trials(b, trials) {
                    let t = play_indexed(model, key, i, &mut watch);
                    if evidence.matches(&t, &watch) {
                        found.0.push(i);
                        if found.0.len() >= first {
                            break;
                        }
                    }
                }
                found
            },
            |total| total.0.len() >= first,
        );
        let mut found = found.0;
        found.truncate(first);
        (stop != Stop::Cancelled).then_some(found)
    }

    /// Two models played trial by trial on the same random numbers: trial
    /// `i` of each draws from stream `i` of the same key.
    pub fn pair(&self, a: &Model, b: &Model) -> Option<PairTally> {
        let key = keyed(self.seed);
        let (days_a, days_b) = (a.settings.days, b.settings.days);
        let trials = self.trials;
        let (pair, stop) = engine::blockwise(
            &self.schedule(BLOCKS_PER_CHUNK),
            &self.blocks(),
            PairTally::new(a, b),
            |blk| {
                let mut pair = PairTally::new(a, b);
                for i in block_trials(blk, trials) {
                    let ta = play_indexed(a, key, i, &mut ());
                    let tb = play_indexed(b, key, i, &mut ());
                    pair.record(&ta, &tb, days_a, days_b);
                }
                pair
            },
            |_| false,
        );
        (stop != Stop::Cancelled).then_some(pair)
    }
}

/// Runs `trials` trials of `model` with `seed` on `threads` threads, with
/// no hooks: for tests, benches and tools.
pub fn run(model: &Model, trials: u64, seed: u64, threads: usize) -> Tally {
    let control = Control::default();
    Runner { trials, seed, threads, control: &control }.execute(model, None, None).tally
}
