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

/// The keys that are not scalar coefficients: the file's structure, one a
/// line as `key<TAB>type<TAB>meaning` (the file's header says more). Kept
/// as data rather than as Rust tuples because it is a table of sentences:
/// it reads, edits and diffs better as lines.
const STRUCTURE: &str = include_str!("structure_keys.tsv");

/// The rows of [`STRUCTURE`]: its lines that are not blank or `#`
/// comments, split at their first two tabs. The file is part of the
/// binary, so a malformed line is a build mistake, caught by the test
/// `every_structure_line_has_a_key_a_type_and_a_meaning`.
fn structure() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    STRUCTURE.lines().filter(|line| !line.trim().is_empty() && !line.starts_with('#')).filter_map(|line| {
        let (key, rest) = line.split_once('\t')?;
        let (kind, meaning) = rest.split_once('\t')?;
        Some((key, kind, meaning))
    })
}

/// Every key, in the order of a scenario file: the top level and
/// `[simulation]`, `[start]`, drivers, `[uncertain]`, the coefficient tables, holidays,
/// tactics, rules.
pub fn reference() -> Vec<KeyDoc> {
    fn structural(prefix: &'static str) -> impl Iterator<Item = KeyDoc> {
        structure()
            .filter(
                move |(k, _, _)| {
                    if prefix.is_empty() { !k.contains('.') && !k.contains('[') } else { k.starts_with(prefix) }
                },
            )
            .map(|(key, kind, meaning)| KeyDoc {
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
    out.extend(structural("uncertain."));
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
    fn every_structure_line_has_a_key_a_type_and_a_meaning() {
        let lines = STRUCTURE.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).count();
        let rows: Vec<_> = structure().collect();
        assert_eq!(rows.len(), lines, "a line of structure_keys.tsv lacks a tab-separated column");
        let kinds = ["text", "whole number", "date", "number", "true/false", "list", "table"];
        for (key, kind, meaning) in rows {
            assert!(!key.is_empty() && key == key.trim(), "{key:?}");
            assert!(kinds.contains(&kind), "{key}: type {kind:?}");
            assert!(!meaning.is_empty() && meaning == meaning.trim() && !meaning.contains('\t'), "{key}: {meaning:?}");
        }
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
