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
    /// Meetings per trial.
    pub meetings_per_trial: f64,
    /// Random numbers per trial (64-bit words of the field).
    pub draws_per_trial: f64,
    /// Engine: trials per second, all threads.
    pub trials_per_second: f64,
    /// Engine: trials per second per thread.
    pub trials_per_second_per_core: f64,
    /// Engine: nanoseconds per trial (wall clock, all threads).
    pub ns_per_trial: f64,
    /// The same count of numbers computed alone: nanoseconds per trial.
    pub floor_ns_per_trial: f64,
    /// Engine time over floor time.
    pub ratio_to_floor: f64,
    /// Engine on one thread, trials per second (when `threads > 1`).
    pub one_thread_trials_per_second: Option<f64>,
    /// Rate on `threads` threads over the rate on one.
    pub speedup: Option<f64>,
}
