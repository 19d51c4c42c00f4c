//! `negsim trace`: one trial's story as readable text or JSON lines.

use super::Export;
use crate::results::{Event, StateMap, Trace};
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

fn brief(s: &StateMap) -> String {
    let pick = ["front", "ru_resources", "ua_resources", "western_support", "us_engagement", "escalation", "trust"];
    pick.iter()
        .filter_map(|k| s.get(k).map(|v| if *k == "front" { format!("{k} {v:+.2}") } else { format!("{k} {v:.2}") }))
        .collect::<Vec<_>>()
        .join("  ")
}

/// The story as readable text: one line per meeting and per event, the
/// war's state each month.
pub struct Text;

impl Export<Trace> for Text {
    fn export(&self, trace: &Trace) -> String {
        let mut out = String::new();
        for e in &trace.events {
            match e {
                Event::Start { trial, seed, date, drivers, state } => {
                    let _ = writeln!(
                        out,
                        "negsim trace · {} ({}) · seed {seed} · trial {trial}",
                        trace.scenario, trace.file
                    );
                    if !trace.overrides.is_empty() {
                        let _ = writeln!(out, "overrides: {}", trace.overrides.join("  "));
                    }
                    let _ = writeln!(out, "\nstart {date}  {}", brief(state));
                    let _ = writeln!(out, "           demand {:.3}  offer {:.3}", state["demand"], state["offer"]);
                    if !drivers.is_empty() {
                        let list: Vec<String> = drivers.iter().map(|(k, v)| format!("{k} {v:.3}")).collect();
                        let _ = writeln!(out, "drivers    {}", list.join("  "));
                    }
                    let _ = writeln!(out);
                }
                Event::Month { date, state } => {
                    let _ = writeln!(out, "{date}  month   {}", brief(state));
                }
                Event::Meeting {
                    number,
                    date,
                    format,
                    hours,
                    moves,
                    europeans,
                    demand,
                    offer,
                    draft_formed,
                    draft_reversed,
                    signed,
                    ..
                } => {
                    let mut happened = Vec::new();
                    if *draft_reversed {
                        happened.push("draft REVERSED".to_string());
                    }
                    if let Some(t) = signed {
                        happened.push(format!("ceasefire SIGNED on terms {t:.3}"));
                    }
                    if let Some(t) = draft_formed {
                        happened.push(format!("draft formed at terms {t:.3}"));
                    }
                    let who = if *europeans { format!("{format}+eu") } else { format.clone() };
                    let _ = writeln!(
                        out,
                        "{date}  meeting {number:>3} {who:<13} {hours:>5.1} h  demand {demand:.3}  offer {offer:.3}  gap {:+.3}{}{}",
                        demand - offer,
                        if moves.is_empty() { String::new() } else { format!("  moves: {}", moves.join(", ")) },
                        if happened.is_empty() { String::new() } else { format!("  -> {}", happened.join("; ")) }
                    );
                }
                Event::Truce { kind, date, declared_hours, held_hours } => {
                    let _ = writeln!(
                        out,
                        "{date}  {kind} truce declared for {declared_hours:.0} h, held {held_hours:.0} h"
                    );
                }
                Event::Happened { date, what, detail, .. } => {
                    let text = match what.as_str() {
                        "us_left" => "the US WALKED AWAY".to_string(),
                        "mobilised" => "Russia MOBILISED fully".to_string(),
                        "collapsed" => "the ceasefire COLLAPSED".to_string(),
                        "shock" => format!("shock elsewhere: {detail}"),
                        "deadline" => format!("US deadline set, {detail}"),
                        "deadline_passed" => format!("US deadline passed: {detail}"),
                        other => other.to_string(),
                    };
                    let _ = writeln!(out, "{date}  {text}");
                }
                Event::Outcome {
                    outcome,
                    outcome_id,
                    rule,
                    rule_note,
                    signed,
                    terms,
                    in_force,
                    collapsed,
                    meetings,
                    ..
                } => {
                    let _ = writeln!(out);
                    match (signed, terms) {
                        (Some(d), Some(t)) => {
                            let _ = writeln!(
                                out,
                                "a ceasefire was signed on {d} (last terms {t:.3}); {}",
                                match (in_force, collapsed) {
                                    (true, _) => format!("in force on {}", trace.horizon),
                                    (false, Some(c)) => format!("collapsed on {c}"),
                                    (false, None) => "not in force".to_string(),
                                }
                            );
                        }
                        _ => {
                            let _ = writeln!(out, "no ceasefire by {} after {meetings} meetings", trace.horizon);
                        }
                    }
                    let note = rule_note.as_deref().map(|n| format!(": {n}")).unwrap_or_default();
                    let _ = writeln!(out, "outcome on {}: {outcome} {outcome_id} (rule {rule}{note})", trace.horizon);
                }
            }
        }
        out
    }
}
