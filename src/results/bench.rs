//! `negsim bench`: the engine's speed against its random-number floor.

use serde::Serialize;

/// What `negsim bench` measured.
#[derive(Clone, Debug, Serialize)]
pub struct BenchReport {
    /// Scenario name.
    pub scenario: String,
    /// Trials per timed run.
    pub trials: u64,
    /// Threads of the timed runs.
    pub threads: usize,
    /// Timed repeats; figures are their medians.
    pub repeats: usize,
    /// Rounds of talks plus months of ceasefire, per trial.
    pub steps_per_trial: f64,
    /// Rounds of talks per trial.
    pub rounds_per_trial: f64,
    /// Random draws per trial, of either size.
    pub draws_per_trial: f64,
    /// Of which 32-bit.
    pub draws32_per_trial: f64,
    /// Of which 64-bit.
    pub draws64_per_trial: f64,
    /// Engine: trials per second.
    pub trials_per_second: f64,
    /// Engine: rounds of talks per second.
    pub rounds_per_second: f64,
    /// Engine: nanoseconds per trial (wall clock, all threads).
    pub ns_per_trial: f64,
    /// Engine: nanoseconds per round of talks.
    pub ns_per_round: f64,
    /// The same draws alone, with per-trial streams: nanoseconds per trial.
    pub floor_ns_per_trial: f64,
    /// The same draws from one stream, no per-trial set-up: nanoseconds per trial.
    pub floor_one_stream_ns_per_trial: f64,
    /// Engine time over floor time (per-trial streams).
    pub ratio_to_floor: f64,
    /// Engine on one thread, nanoseconds per trial (when `threads > 1`).
    pub one_thread_ns_per_trial: Option<f64>,
    /// Rate on `threads` threads over the rate on one.
    pub speedup: Option<f64>,
}
