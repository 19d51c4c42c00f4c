//! `negsim trace`: the story of one trial, round by round.
//!
//! Trial K is replayed alone on its own random stream, exactly as trial K
//! of `negsim run` with the same seed plays (see the seeding scheme), with
//! an observer that records every event. Two layouts: readable text, and
//! one JSON object per line (`jsonl`) for scripts.

use crate::engine::{self, Observer, RoundRecord};
use crate::model::{Model, State, StateVar};
use crate::results::{Event, Trace};
use crate::seeds;
use indexmap::IndexMap;

/// A state as a map from variable name to value, in the engine's order.
fn state_map(s: &State) -> IndexMap<&'static str, f64> {
    StateVar::ALL.iter().map(|&v| (v.key(), s[v])).collect()
}

/// Records the events of a trial.
struct Recorder<'m> {
    model: &'m Model,
    trial: u64,
    seed: u64,
    events: Vec<Event>,
}

impl Observer for Recorder<'_> {
    fn world(&mut self, world: usize, start: &State) {
        let s = &seeds::scenarios()[world];
        self.events.push(Event::Start {
            trial: self.trial,
            seed: self.seed,
            world: s.number,
            world_id: s.id.clone(),
            state: state_map(start),
        });
    }
    fn environment(&mut self, round: u32, state: &State) {
        self.events.push(Event::War { round, state: state_map(state) });
    }
    fn tactic(&mut self, at: u32, ceasefire: bool, tactic: usize, state: &State) {
        self.events.push(Event::Tactic {
            at,
            phase: if ceasefire { "ceasefire" } else { "talks" },
            tactic: self.model.tactics[tactic].id.clone(),
            state: state_map(state),
        });
    }
    fn round(&mut self, r: &RoundRecord) {
        self.events.push(Event::Round {
            round: r.round,
            hours: r.hours,
            demand: r.state[StateVar::Demand],
            offer: r.state[StateVar::Offer],
            draft_formed: r.draft_formed,
            draft_reversed: r.draft_reversed,
            signed: r.signed,
            mediator_excluded: r.mediator_excluded,
            mediator_left: r.mediator_left,
            broke_down: r.broke_down,
            state: state_map(&r.state),
        });
    }
    fn month(&mut self, month: u32, hazard: f64, violated: bool) {
        self.events.push(Event::Month { month, hazard, violated });
    }
}

/// Plays trial `k` of a run with `seed` and records its story.
pub fn trace(model: &Model, seed: u64, k: u64) -> Trace {
    let mut recorder = Recorder { model, trial: k, seed, events: Vec::new() };
    let t = engine::play_indexed(model, &engine::keyed_rng(seed), k, &mut recorder);
    let s = &seeds::scenarios()[t.outcome];
    recorder.events.push(Event::Outcome {
        outcome: s.number,
        outcome_id: s.id.clone(),
        rule: t.rule + 1,
        rule_note: model.rules[t.rule].note.clone(),
        rounds: t.rounds,
        signed_round: t.signed_round,
        terms: t.terms,
        held: t.held,
        months_held: t.months_held,
        state: state_map(&t.state),
    });
    Trace {
        scenario: model.name.clone(),
        file: model.origin.clone(),
        overrides: model.overrides.clone(),
        world_probability: model.world_probabilities().to_vec(),
        red_line: model.agreement.red_line,
        horizon_months: model.settings.horizon_months,
        events: recorder.events,
    }
}
