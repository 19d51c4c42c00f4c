//! `negsim trace`: one trial's story as readable text or JSON lines.

use super::Export;
use crate::results::{Event, Trace};
use indexmap::IndexMap;
use std::fmt::Write;

/// One JSON object per event and line.
pub struct Jsonl;

impl Export<Trace> for Jsonl {
    fn export(&self, trace: &Trace) -> String {
        let mut out = String::new();
        for e in &trace.events {
            // Events hold only strings, numbers and booleans.
            let _ = writeln!(out, "{}", serde_json::to_string(e).unwrap_or_default());
        }
        out
    }
}

fn brief(s: &IndexMap<&'static str, f64>) -> String {
    let pick = ["front", "ru_resources", "ua_resources", "western_support", "escalation", "trust"];
    pick.iter()
        .filter_map(|k| s.get(k).map(|v| if *k == "front" { format!("{k} {v:+.2}") } else { format!("{k} {v:.2}") }))
        .collect::<Vec<_>>()
        .join("  ")
}

/// The story as readable text.
pub struct Text;

impl Export<Trace> for Text {
    fn export(&self, trace: &Trace) -> String {
        let mut out = String::new();
        let mut tactics: Vec<String> = Vec::new();
        let mut war = String::new();
        let mut months_quiet = 0;
        for e in &trace.events {
            match e {
                Event::Start { trial, seed, world, world_id, state } => {
                    let _ = writeln!(
                        out,
                        "negsim trace · {} ({}) · seed {seed} · trial {trial}",
                        trace.scenario, trace.file
                    );
                    if !trace.overrides.is_empty() {
                        let _ = writeln!(out, "overrides: {}", trace.overrides.join("  "));
                    }
                    let p = trace.world_probability.get((*world as usize).saturating_sub(1)).copied().unwrap_or(0.0);
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
                                trace.red_line,
                                trace.horizon_months,
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
}
