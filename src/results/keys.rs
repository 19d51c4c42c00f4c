//! `negsim keys`: the reference of every scenario key.

use crate::model::keys::{baseline_lines, reference};
use serde::Serialize;

/// Every key a scenario file can hold (or those matching a pattern).
#[derive(Clone, Debug, Serialize)]
pub struct KeyReference {
    /// negsim's version.
    pub negsim: &'static str,
    /// The pattern asked for, if any.
    pub pattern: Option<String>,
    /// The keys.
    pub keys: Vec<KeyRow>,
}

/// One key.
#[derive(Clone, Debug, Serialize)]
pub struct KeyRow {
    /// Dotted path (`<id>` for a name the file chooses, `[]` for an array
    /// of tables).
    pub key: String,
    /// What is written there.
    pub kind: &'static str,
    /// Closed range of a number.
    pub range: Option<[f64; 2]>,
    /// Unit of a number.
    pub unit: &'static str,
    /// What it means.
    pub meaning: String,
    /// The embedded baseline's value, as written.
    pub baseline: Option<String>,
    /// The comment on the baseline's line: where the value comes from.
    pub source: Option<String>,
}

impl KeyReference {
    /// The keys whose path or meaning contains `pattern` (all if `None`),
    /// with the baseline's values and sources.
    pub fn new(pattern: Option<&str>) -> KeyReference {
        let lines = baseline_lines();
        let keys = reference()
            .into_iter()
            .filter(|k| pattern.is_none_or(|p| k.key.contains(p) || k.meaning.contains(p)))
            .map(|k| {
                let line = lines.iter().find(|(key, _, _)| *key == k.key);
                KeyRow {
                    baseline: line.map(|(_, v, _)| v.clone()),
                    source: line.map(|(_, _, c)| c.clone()).filter(|c| !c.is_empty()),
                    key: k.key,
                    kind: k.kind,
                    range: k.range.map(|(lo, hi)| [lo, hi]),
                    unit: k.unit,
                    meaning: k.meaning,
                }
            })
            .collect();
        KeyReference { negsim: env!("CARGO_PKG_VERSION"), pattern: pattern.map(str::to_string), keys }
    }
}
