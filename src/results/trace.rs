//! `negsim trace`: the story of one trial, as events.

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
    /// Starting-world probabilities, in table order.
    pub world_probability: Vec<f64>,
    /// Ukraine's red line.
    pub red_line: f64,
    /// Months a signed ceasefire is followed.
    pub horizon_months: u32,
    /// The events, in order.
    pub events: Vec<Event>,
}

/// One event of a trial.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The trial starts in a world.
    Start {
        /// Trial index.
        trial: u64,
        /// Seed of the run.
        seed: u64,
        /// World number, 1-7.
        world: u32,
        /// World id.
        world_id: String,
        /// Starting state.
        state: IndexMap<&'static str, f64>,
    },
    /// The war moved at the start of a round.
    War {
        /// Round, from 1.
        round: u32,
        /// State after the war's move.
        state: IndexMap<&'static str, f64>,
    },
    /// A tactic fired.
    Tactic {
        /// Round of talks, or month of ceasefire.
        at: u32,
        /// `talks` or `ceasefire`.
        phase: &'static str,
        /// Tactic id.
        tactic: String,
        /// State after it acted.
        state: IndexMap<&'static str, f64>,
    },
    /// A round of talks ended.
    Round {
        /// Round, from 1.
        round: u32,
        /// Hours of talks.
        hours: f64,
        /// Russia's demand after the round.
        demand: f64,
        /// Ukraine's offer after the round.
        offer: f64,
        /// Terms of a draft formed this round.
        draft_formed: Option<f64>,
        /// A draft was reversed.
        draft_reversed: bool,
        /// A draft was signed.
        signed: bool,
        /// The mediator was kept out of the room.
        mediator_excluded: bool,
        /// The mediator walked away.
        mediator_left: bool,
        /// Talks broke down.
        broke_down: bool,
        /// State after the round.
        state: IndexMap<&'static str, f64>,
    },
    /// A month of ceasefire ended.
    Month {
        /// Month, from 1.
        month: u32,
        /// Violation hazard of the month.
        hazard: f64,
        /// The ceasefire was violated.
        violated: bool,
    },
    /// The trial's outcome.
    Outcome {
        /// Outcome number, 1-7.
        outcome: u32,
        /// Outcome id.
        outcome_id: String,
        /// The rule that named it (from 1).
        rule: usize,
        /// The rule's note.
        rule_note: Option<String>,
        /// Rounds of talks.
        rounds: u32,
        /// Round of signature.
        signed_round: Option<u32>,
        /// Terms signed.
        terms: Option<f64>,
        /// The ceasefire held through the horizon.
        held: bool,
        /// Months it held.
        months_held: u32,
        /// Final state.
        state: IndexMap<&'static str, f64>,
    },
}
