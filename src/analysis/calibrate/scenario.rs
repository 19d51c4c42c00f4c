//! The scenario file a calibration writes: it extends the fitted file and
//! overrides only the fitted values.
//!
//! The keys and values are written by the `toml` crate (so any name or
//! path is quoted and escaped correctly), the header is comments whose
//! text is kept on one line each, and the whole text is parsed back before
//! it is returned: a calibration never writes a file that does not load.

use crate::model::InputError;
use crate::results::{Calibration, Check};
use crate::seeds;

/// The text of the calibrated scenario. `extends` is the path of the fitted
/// file as seen from the file written (or `builtin:baseline`); `date` goes
/// in the header.
pub fn scenario_text(
    c: &Calibration,
    check: Option<&Check>,
    extends: &str,
    name: &str,
    date: &str,
) -> Result<String, InputError> {
    let mut out = String::new();
    let mut comment = |line: String| {
        out.push_str("# ");
        out.push_str(&one_line(&line));
        out.push('\n');
    };
    comment(format!("negsim calibrated scenario, written by `negsim calibrate` on {date}."));
    comment(String::new());
    comment(format!("Target: {}.", c.target.name));
    comment(format!(
        "Fitted on seed {} with {} trials a run ({} runs); checked on seed {}.",
        c.seed,
        c.trials,
        c.evaluations,
        check.map_or(0, |k| k.seed)
    ));
    comment("Per outcome: target, fitted prediction, residual (percentage points):".into());
    for (i, s) in seeds::scenarios().iter().enumerate() {
        comment(format!(
            "  {} {:<24} {:>6.2} % {:>6.2} % {:>+6.2}",
            s.number,
            s.id,
            100.0 * c.target.shares[i],
            100.0 * c.after[i],
            100.0 * (c.after[i] - c.target.shares[i])
        ));
    }
    if let Some(k) = check {
        comment(format!(
            "Check on the fresh seed, {} trials: {}.",
            k.trials,
            if k.passed {
                "every outcome within 4 standard errors of the target"
            } else {
                "NOT every outcome within 4 standard errors"
            }
        ));
    }
    comment(String::new());
    comment("Only the fitted values are overridden; everything else comes from the file extended.".into());
    out.push('\n');

    let mut doc = toml::Table::new();
    doc.insert("extends".into(), extends.into());
    doc.insert("name".into(), name.into());
    doc.insert("description".into(), format!("{extends} with its free coefficients fitted to the target").into());
    for (key, value) in c.coefficients.iter().cloned() {
        put(&mut doc, &key, round(value));
    }
    let body = toml::to_string(&doc).map_err(|e| bug(&e.to_string()))?;
    out.push_str(&body);
    // What we write must read back, with every fitted value in place.
    toml::from_str::<toml::Table>(&out).map_err(|e| bug(&e.to_string()))?;
    Ok(out)
}

/// Puts `value` at a dotted `key` (`worlds.durable-peace.probability`),
/// creating the tables on the way. Ids hold no dots, so splitting on them
/// is exact.
fn put(doc: &mut toml::Table, key: &str, value: f64) {
    let mut parts: Vec<&str> = key.split('.').collect();
    let leaf = parts.pop().unwrap_or(key);
    let mut table = doc;
    for part in parts {
        let entry = table.entry(part.to_string()).or_insert_with(|| toml::Table::new().into());
        if !entry.is_table() {
            *entry = toml::Table::new().into();
        }
        let Some(next) = entry.as_table_mut() else { return };
        table = next;
    }
    table.insert(leaf.to_string(), value.into());
}

/// A comment's text on one line: control characters (a newline in a
/// scenario's name or a path) become spaces, so they cannot end the
/// comment and start TOML.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Ten significant digits: shorter files, no visible change.
fn round(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 10 - x.abs().log10().ceil() as i32;
    let scale = 10f64.powi(digits);
    (x * scale).round() / scale
}

fn bug(why: &str) -> InputError {
    InputError::plain(format!("the calibrated scenario could not be written as TOML: {why}"), "report this as a bug")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::TargetTable;

    fn calibration() -> Calibration {
        Calibration {
            fit: "both",
            target: TargetTable { name: "a\nname = \"evil\"".into(), shares: seeds::priors() },
            seed: 1,
            trials: 10,
            evaluations: 3,
            before: seeds::priors(),
            after: seeds::priors(),
            coefficients: vec![("ceasefire.median_days".into(), 40.0), ("drivers.red_line.min".into(), 0.5)],
        }
    }

    #[test]
    fn names_with_newlines_and_quotes_still_give_toml_that_loads() {
        let text = scenario_text(&calibration(), None, "x\"y\n.toml", "bad\nname \"q\"", "2026-12-01").unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(table["name"].as_str(), Some("bad\nname \"q\""));
        assert_eq!(table["extends"].as_str(), Some("x\"y\n.toml"));
        assert_eq!(table["ceasefire"]["median_days"].as_float(), Some(40.0));
        assert_eq!(table["drivers"]["red_line"]["min"].as_float(), Some(0.5));
        assert!(!table.contains_key("evil"));
    }
}
