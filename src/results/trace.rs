//! `negsim trace`: the story of one trial, as dated events.

use indexmap::IndexMap;
use serde::Serialize;

/// The story of one trial, with what its text needs of the scenario.
#[derive(Clone, Debug)]
pub struct Trace {
    /// Scenario name.
    pub scenario: String,
    /// Where it was read from.
    pub file: String,
    /// Command-line overrides applied.
    pub overrides: Vec<String>,
    /// The horizon date.
    pub horizon: String,
    /// The events, in order.
    pub events: Vec<Event>,
}

/// A state as a map from variable name to value, in the engine's order.
pub type StateMap = IndexMap<&'static str, f64>;

/// One event of a trial.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The trial starts: its drivers and the state on the start date.
    Start {
        /// Trial index.
        trial: u64,
        /// Seed of the run.
        seed: u64,
        /// The start date.
        date: String,
        /// Each driver's value in this trial.
        drivers: IndexMap<String, f64>,
        /// Starting state.
        state: StateMap,
    },
    /// A month began: the war's monthly move.
    Month {
        /// Its first day.
        date: String,
        /// State after the move.
        state: StateMap,
    },
    /// A meeting.
    Meeting {
        /// Meeting number, from 1.
        number: u32,
        /// Its date.
        date: String,
        /// Who met (`us_ua`, `us_ru`, `ru_ua`, `trilateral`).
        format: String,
        /// Hours of talks.
        hours: f64,
        /// Moves that happened at it.
        moves: Vec<String>,
        /// European leaders or advisers were present.
        europeans: bool,
        /// Russia's demand after it.
        demand: f64,
        /// Ukraine's offer after it.
        offer: f64,
        /// A draft formed, on these terms.
        draft_formed: Option<f64>,
        /// A draft on the table was reversed.
        draft_reversed: bool,
        /// A ceasefire was signed, on these terms.
        signed: Option<f64>,
        /// State after it.
        state: StateMap,
    },
    /// A declared truce.
    Truce {
        /// `holiday` or `energy`.
        kind: &'static str,
        /// The day it began.
        date: String,
        /// Hours declared.
        declared_hours: f64,
        /// Hours it held.
        held_hours: f64,
    },
    /// Something else happened.
    Happened {
        /// Its date.
        date: String,
        /// What: `shock`, `deadline`, `deadline_passed`, `us_left`,
        /// `mobilised`, `collapsed`, or a monthly move's id.
        what: String,
        /// Detail: the shock's size, the deadline's due date, whether the
        /// US acted.
        detail: String,
        /// State after it.
        state: StateMap,
    },
    /// The trial's end: the outcome on the horizon date.
    Outcome {
        /// Outcome number, 1-7.
        outcome: u32,
        /// Outcome id.
        outcome_id: String,
        /// Rule that named it (from 1).
        rule: usize,
        /// Why the rule is there.
        rule_note: Option<String>,
        /// Date of the first ceasefire signed.
        signed: Option<String>,
        /// Terms of the last.
        terms: Option<f64>,
        /// A ceasefire is in force on the horizon date.
        in_force: bool,
        /// Date of the first collapse.
        collapsed: Option<String>,
        /// Meetings held.
        meetings: u32,
        /// Final state.
        state: StateMap,
    },
}
