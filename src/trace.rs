//! `negsim trace`: the story of one trial, round by round.
//!
//! Trial K is replayed alone on its own random stream, exactly as trial K
//! of `negsim run` with the same seed plays (see the seeding scheme), with
//! an observer that records every event. Two layouts: readable text, and
//! one JSON object per line (`jsonl`) for scripts.

use crate::engine::{self, Observer, RoundRecord, Trial};
use crate::model::{Model, State, StateVar};
use crate::seeds;
use indexmap::IndexMap;
use serde::Serialize;
use std::fmt::Write;

/// A state as a map from variable name to value, in the engine's order.
fn state_map(s: &State) -> IndexMap<&'static str, f64> {
    StateVar::ALL.iter().map(|&v| (v.key(), s[v])).collect()
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
pub fn trace(model: &Model, seed: u64, k: u64) -> (Trial, Vec<Event>) {
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
    (t, recorder.events)
}

/// One JSON object per event and line.
pub fn jsonl(events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        // Events hold only strings, numbers and booleans.
        let _ = writeln!(out, "{}", serde_json::to_string(e).unwrap_or_default());
    }
    out
}

fn brief(s: &IndexMap<&'static str, f64>) -> String {
    let pick = ["front", "ru_resources", "ua_resources", "western_support", "escalation", "trust"];
    pick.iter()
        .filter_map(|k| s.get(k).map(|v| if *k == "front" { format!("{k} {v:+.2}") } else { format!("{k} {v:.2}") }))
        .collect::<Vec<_>>()
        .join("  ")
}

/// The story as readable text.
pub fn text(model: &Model, events: &[Event]) -> String {
    let mut out = String::new();
    let mut tactics: Vec<String> = Vec::new();
    let mut war = String::new();
    let mut months_quiet = 0;
    for e in events {
        match e {
            Event::Start { trial, seed, world, world_id, state } => {
                let _ = writeln!(out, "negsim trace · {} ({}) · seed {seed} · trial {trial}", model.name, model.origin);
                if !model.overrides.is_empty() {
                    let _ = writeln!(out, "overrides: {}", model.overrides.join("  "));
                }
                let p = model.worlds[(*world as usize).saturating_sub(1)].probability;
                let _ = writeln!(out, "\nworld {world} {world_id} (drawn with probability {:.1} %)", 100.0 * p);
                let _ = writeln!(out, "start     {}", brief(state));
                let _ = writeln!(out, "          demand {:.3}  offer {:.3}\n", state["demand"], state["offer"]);
            }
            Event::War { state, .. } => war = brief(state),
            Event::Tactic { phase: "talks", tactic, .. } => tactics.push(tactic.clone()),
            Event::Tactic { at, tactic, .. } => {
                let _ = writeln!(out, "month {at:>3}  {tactic} fired");
            }
            Event::Round {
                round,
                hours,
                demand,
                offer,
                draft_formed,
                draft_reversed,
                signed,
                mediator_excluded,
                mediator_left,
                broke_down,
                ..
            } => {
                let mut happened = Vec::new();
                if *draft_reversed {
                    happened.push("draft REVERSED".to_string());
                }
                if *signed {
                    happened.push("ceasefire SIGNED".to_string());
                }
                if let Some(terms) = draft_formed {
                    happened.push(format!("draft formed at terms {terms:.3}"));
                }
                if *mediator_excluded {
                    happened.push("mediator kept out".to_string());
                }
                if *mediator_left {
                    happened.push("mediator WALKED AWAY".to_string());
                }
                if *broke_down {
                    happened.push("talks BROKE DOWN".to_string());
                }
                let _ = writeln!(out, "round {round:>3}  {hours:>5.1} h  {war}");
                let _ = writeln!(
                    out,
                    "           demand {demand:.3}  offer {offer:.3}  gap {:+.3}{}{}",
                    demand - offer,
                    if tactics.is_empty() { String::new() } else { format!("  tactics: {}", tactics.join(", ")) },
                    if happened.is_empty() { String::new() } else { format!("  -> {}", happened.join("; ")) }
                );
                tactics.clear();
            }
            Event::Month { month, hazard, violated } => {
                if *violated {
                    let _ = writeln!(out, "month {month:>3}  ceasefire VIOLATED (hazard {:.1} %)", 100.0 * hazard);
                } else {
                    months_quiet += 1;
                }
            }
            Event::Outcome {
                outcome,
                outcome_id,
                rule,
                rule_note,
                rounds,
                signed_round,
                terms,
                held,
                months_held,
                ..
            } => {
                let _ = writeln!(out);
                match (signed_round, terms) {
                    (Some(r), Some(t)) => {
                        let _ = writeln!(
                            out,
                            "signed in round {r} on terms {t:.3} (Ukraine's red line {:.3}); held {months_held} of {} months{}",
                            model.agreement.red_line,
                            model.settings.horizon_months,
                            if *held { ", through the horizon" } else { "" }
                        );
                        if months_quiet > 0 {
                            let _ = writeln!(out, "({months_quiet} months passed without a violation)");
                        }
                    }
                    _ => {
                        let _ = writeln!(out, "no ceasefire after {rounds} rounds of talks");
                    }
                }
                let note = rule_note.as_deref().map(|n| format!(": {n}")).unwrap_or_default();
                let _ = writeln!(out, "outcome   {outcome} {outcome_id} (rule {rule}{note})");
            }
        }
    }
    out
}
