//! Every key a scenario file can hold, with its type, range, unit and
//! meaning: the reference behind `negsim keys` and the README's "Scenario
//! file format", built from the same lists the loader checks against
//! ([`Coef`], [`StateVar`]) plus the structural keys of the schema, so the
//! documentation cannot drift from what the loader accepts.
//!
//! For each key the embedded baseline sets, the reference also carries the
//! baseline's value and the comment on its line: where the value comes
//! from (a source, the record, the calibration, or an assumption).

use super::load::BASELINE_TOML;
use super::{Coef, StateVar};

/// One documented key.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyDoc {
    /// Dotted path, with `<id>` for a name the file chooses and `[]` for
    /// an array of tables (`rules[].outcome`).
    pub key: String,
    /// What is written there: number, whole number, date, text, true/false,
    /// list, table.
    pub kind: &'static str,
    /// Closed range of a number.
    pub range: Option<(f64, f64)>,
    /// Unit of a number, in words.
    pub unit: &'static str,
    /// What it means.
    pub meaning: String,
}

/// The keys that are not scalar coefficients: the file's structure.
const STRUCTURE: &[(&str, &str, &str)] = &[
    (
        "extends",
        "text",
        "a scenario file (path relative to this file) or `builtin:baseline` to start from; this file's keys override it",
    ),
    ("name", "text", "the scenario's name, shown in every report"),
    ("description", "text", "one line on what the scenario is"),
    ("simulation.trials", "whole number", "trials of a run, 1 to 10^10 (`-n` overrides)"),
    ("simulation.seed", "whole number", "seed of the random streams (`--seed` overrides)"),
    ("simulation.start", "date", "the day a trial starts from (the situation in `[start]`)"),
    ("simulation.horizon", "date", "the day the outcome rules are read; at most 10 years after the start"),
    (
        "drivers.<id>.key",
        "text",
        "the coefficient (`war.intensity`) or starting value (`start.western_support`) the driver draws once per trial",
    ),
    (
        "drivers.<id>.distribution",
        "text",
        "`uniform` (min, max), `triangular` (min, mode, max), `normal` (mean, sd; kept inside the key's range) or `bernoulli` (p, yes, no)",
    ),
    ("drivers.<id>.min", "number", "lower end (uniform, triangular); inside the key's range"),
    ("drivers.<id>.mode", "number", "most likely value (triangular)"),
    ("drivers.<id>.max", "number", "upper end (uniform, triangular)"),
    ("drivers.<id>.mean", "number", "mean (normal)"),
    ("drivers.<id>.sd", "number", "standard deviation (normal)"),
    ("drivers.<id>.p", "number", "probability of `yes` (bernoulli)"),
    ("drivers.<id>.yes", "number", "value with probability `p` (bernoulli)"),
    ("drivers.<id>.no", "number", "value otherwise (bernoulli)"),
    ("drivers.<id>.what", "text", "what the driver stands for"),
    ("drivers.<id>.source", "text", "where the distribution comes from"),
    ("holidays[].date", "date", "a day on which Russia may declare a truce (`truces.holiday_probability`)"),
    ("holidays[].name", "text", "what the day is"),
    ("tactics.<id>.name", "text", "human name"),
    ("tactics.<id>.source", "text", "where the move and its values come from"),
    ("tactics.<id>.actor", "text", "who moves: `russia` (default), `ukraine`, `us` or `europe`"),
    (
        "tactics.<id>.phase",
        "text",
        "`meeting` (default: drawn at each meeting of its formats) or `month` (drawn at each month start)",
    ),
    (
        "tactics.<id>.formats",
        "list",
        "meeting formats it can happen in, of `us_ua`, `us_ru`, `ru_ua`, `trilateral` (default: every format the actor sits in)",
    ),
    ("tactics.<id>.probability", "number", "chance per meeting (or month), 0 to 1; 0 switches the move off"),
    (
        "tactics.<id>.when",
        "text",
        "state condition: `always` (default), `draft`, `no_draft`, `russia_advancing`, `russia_losing`, `war`, `ceasefire`",
    ),
    (
        "tactics.<id>.effects",
        "table",
        "changes to state variables when the move fires, e.g. `{ trust = -0.05 }`, each at most the variable's whole range (±1, ±2 for `front`)",
    ),
    ("tactics.<id>.hours_factor", "number", "factor on the meeting's hours, 0 to 10 (default 1)"),
    ("tactics.<id>.blocks_agreement", "true/false", "no draft forms or is signed at the meeting"),
    ("tactics.<id>.freezes_russia", "true/false", "Russia's position does not move at the meeting"),
    (
        "tactics.<id>.reverses_draft",
        "true/false",
        "withdraws a draft on the table (then `agreement.reversal_cooldown` and `agreement.hardening`)",
    ),
    ("tactics.<id>.excludes_mediator", "true/false", "the US cannot press either side at the meeting"),
    ("tactics.<id>.ends_mediation", "true/false", "the US walks away for good"),
    ("tactics.<id>.ultimatum", "true/false", "the US sets a deadline for a ceasefire (`us.deadline_days`)"),
    ("rules[].outcome", "text", "the outcome (scenario id of the published table) the rule names"),
    ("rules[].signed", "true/false", "a ceasefire was signed at some time"),
    ("rules[].in_force", "true/false", "a ceasefire is in force on the horizon date"),
    ("rules[].collapsed", "true/false", "a ceasefire collapsed at some time"),
    ("rules[].above_red_line", "true/false", "the last ceasefire's terms exceed Ukraine's red line"),
    ("rules[].reversed", "true/false", "a draft was reversed at least once"),
    ("rules[].us_left", "true/false", "the US walked away"),
    ("rules[].mobilised", "true/false", "Russia mobilised fully"),
    ("rules[].hybrid", "true/false", "escalation reached `war.hybrid_escalation` at some time"),
    ("rules[].min", "table", "lower bounds on state variables on the horizon date, e.g. `{ front = 0.6 }`"),
    ("rules[].max", "table", "upper bounds on state variables on the horizon date"),
    ("rules[].note", "text", "why the rule is there"),
];

/// Every key, in the order of a scenario file: the top level and
/// `[simulation]`, `[start]`, drivers, the coefficient tables, holidays,
/// tactics, rules.
pub fn reference() -> Vec<KeyDoc> {
    fn structural(prefix: &'static str) -> impl Iterator<Item = KeyDoc> {
        STRUCTURE
            .iter()
            .filter(
                move |(k, _, _)| {
                    if prefix.is_empty() { !k.contains('.') && !k.contains('[') } else { k.starts_with(prefix) }
                },
            )
            .map(|&(key, kind, meaning)| KeyDoc {
                key: key.to_string(),
                kind,
                range: None,
                unit: "",
                meaning: meaning.to_string(),
            })
    }
    let mut out: Vec<KeyDoc> = structural("").collect();
    out.extend(structural("simulation."));
    out.extend(StateVar::ALL.iter().map(|&v| KeyDoc {
        key: format!("start.{}", v.key()),
        kind: "number",
        range: Some(v.range()),
        unit: "",
        meaning: format!("starting value: {}", v.doc().trim()),
    }));
    out.extend(structural("drivers."));
    out.extend(Coef::ALL.iter().map(|&c| KeyDoc {
        key: c.key().to_string(),
        kind: "number",
        range: Some(c.range()),
        unit: c.unit(),
        meaning: c.doc().to_string(),
    }));
    out.extend(structural("holidays"));
    out.extend(structural("tactics."));
    out.extend(structural("rules"));
    out
}

/// A key's value and the comment on its line in the embedded baseline, for
/// the keys it sets on lines of their own (`[table]` then `key = value  #
/// comment`). Driver and tactic ids are kept as written
/// (`drivers.us_engagement.mode`).
pub fn baseline_lines() -> Vec<(String, String, String)> {
    let mut table = String::new();
    let mut out = Vec::new();
    for line in BASELINE_TOML.lines() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[') {
            table = header.trim_start_matches('[').trim_end_matches(']').to_string();
            continue;
        }
        if line.starts_with('#') || !line.contains('=') {
            continue;
        }
        let (code, comment) = match line.find("  #") {
            Some(i) => (&line[..i], line[i..].trim_start().trim_start_matches('#').trim()),
            None => (line, ""),
        };
        let Some((key, value)) = code.split_once('=') else { continue };
        let key = key.trim();
        let full = if table.is_empty() { key.to_string() } else { format!("{table}.{key}") };
        out.push((full, value.trim().to_string(), comment.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_coefficient_and_state_variable_is_in_the_reference_once() {
        let keys: Vec<String> = reference().into_iter().map(|k| k.key).collect();
        for c in Coef::ALL {
            assert_eq!(keys.iter().filter(|k| *k == c.key()).count(), 1, "{}", c.key());
        }
        for v in StateVar::ALL {
            assert!(keys.contains(&format!("start.{}", v.key())), "{}", v.key());
        }
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), keys.len(), "a key is listed twice");
    }

    #[test]
    fn the_baseline_lines_carry_values_and_sources() {
        let lines = baseline_lines();
        let intensity = lines.iter().find(|(k, _, _)| k == "war.intensity").unwrap();
        assert_eq!(intensity.1, "0.7185");
        assert!(intensity.2.contains("calibrated"), "{}", intensity.2);
        let start = lines.iter().find(|(k, _, _)| k == "simulation.start").unwrap();
        assert_eq!(start.1, "2025-06-13");
    }
}
