//! `negsim trace`: the story of one trial, event by event.
//!
//! Trial K is replayed alone from its own random numbers, exactly as trial
//! K of `negsim run` with the same seed plays (see the seeding scheme),
//! with an observer that records every event with its date.

use crate::engine::{self, Happening, MeetingRecord, Observer, TruceRecord};
use crate::model::{Model, State, StateVar};
use crate::results::{Event, StateMap, Trace};
use crate::seeds;
use indexmap::IndexMap;

/// A state as a map from variable name to value, in the engine's order.
fn state_map(s: &State) -> StateMap {
    StateVar::ALL.iter().map(|&v| (v.key(), s[v])).collect()
}

/// Records the events of a trial.
struct Recorder<'m> {
    model: &'m Model,
    trial: u64,
    seed: u64,
    events: Vec<Event>,
}

impl Recorder<'_> {
    fn date(&self, day: f64) -> String {
        self.model.settings.date(day.max(0.0) as u32).to_string()
    }
}

impl Observer for Recorder<'_> {
    fn start(&mut self, drivers: &[f64], state: &State) {
        let drivers: IndexMap<String, f64> =
            self.model.drivers.iter().zip(drivers).map(|(d, &v)| (d.id.clone(), v)).collect();
        self.events.push(Event::Start {
            trial: self.trial,
            seed: self.seed,
            date: self.model.settings.start.to_string(),
            drivers,
            state: state_map(state),
        });
    }
    fn month(&mut self, day: u32, state: &State) {
        self.events.push(Event::Month { date: self.date(f64::from(day)), state: state_map(state) });
    }
    fn meeting(&mut self, r: &MeetingRecord) {
        let moves = (0..self.model.tactics.len())
            .filter(|&j| j < 64 && r.fired & (1 << j) != 0)
            .map(|j| self.model.tactics[j].id.clone())
            .collect();
        self.events.push(Event::Meeting {
            number: r.number,
            date: self.date(r.day),
            format: r.format.key().to_string(),
            hours: r.hours,
            moves,
            europeans: r.europeans,
            demand: r.state[StateVar::Demand],
            offer: r.state[StateVar::Offer],
            draft_formed: r.draft_formed,
            draft_reversed: r.draft_reversed,
            signed: r.signed,
            state: state_map(&r.state),
        });
    }
    fn truce(&mut self, r: &TruceRecord) {
        self.events.push(Event::Truce {
            kind: r.kind.key(),
            date: self.date(r.day),
            declared_hours: r.declared_hours,
            held_hours: r.held_hours,
        });
    }
    fn happened(&mut self, day: f64, what: Happening, state: &State) {
        let (what, detail) = match what {
            Happening::Shock { size } => ("shock".to_string(), format!("escalation +{size:.2}")),
            Happening::Deadline { due } => ("deadline".to_string(), format!("due {}", self.date(due))),
            Happening::DeadlinePassed { acted } => (
                "deadline_passed".to_string(),
                if acted { "the US acted: sanctions".into() } else { "the US let it pass".into() },
            ),
            Happening::UsLeft => ("us_left".to_string(), String::new()),
            Happening::Mobilised => ("mobilised".to_string(), String::new()),
            Happening::Collapsed => ("collapsed".to_string(), String::new()),
            Happening::Move { tactic } => {
                (self.model.tactics.get(tactic).map_or_else(String::new, |t| t.id.clone()), String::new())
            }
        };
        self.events.push(Event::Happened { date: self.date(day), what, detail, state: state_map(state) });
    }
}

/// Plays trial `k` of a run with `seed` and records its story.
pub fn trace(model: &Model, seed: u64, k: u64) -> Trace {
    let mut recorder = Recorder { model, trial: k, seed, events: Vec::new() };
    let t = engine::play_indexed(model, engine::keyed(seed), k, &mut recorder);
    let s = &seeds::scenarios()[t.outcome];
    let date = |day: u32| model.settings.date(day).to_string();
    recorder.events.push(Event::Outcome {
        outcome: s.number,
        outcome_id: s.id.clone(),
        rule: t.rule + 1,
        rule_note: model.rules[t.rule].note.clone(),
        signed: t.signed_day.map(date),
        terms: t.terms,
        in_force: t.in_force,
        collapsed: t.collapsed_day.map(date),
        meetings: t.meetings,
        state: state_map(&t.state),
    });
    Trace {
        scenario: model.name.clone(),
        file: model.origin.clone(),
        overrides: model.overrides.clone(),
        horizon: model.settings.horizon.to_string(),
        events: recorder.events,
    }
}
