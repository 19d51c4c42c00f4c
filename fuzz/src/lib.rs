//! What every fuzz target checks once it has a scenario: load it, and if it
//! validates, run a short simulation and check the result for consistency.
//!
//! Errors (`Err(InputError)`) are fine, as long as they render and name at
//! least one problem. Findings are panics (including overflow and debug
//! assertions, which the fuzz build turns on), aborts, hangs, and derived
//! figures that are NaN, infinite or out of range.

use negsim::engine::{keyed, play_indexed};
use negsim::model::{InputError, MAX_DAYS, MAX_DRIVERS, MAX_MONTHS, MAX_TACTICS, Model, Origin, Overrides};
use negsim::report::{self, Format};
use negsim::results::{RunInfo, Summary};
use negsim::seeds::OUTCOMES;
use negsim::stats::Tally;
use serde_json::Value;

/// Trials of the short run.
pub const TRIALS: u64 = 16;
/// Seed of the short run.
pub const SEED: u64 = 1;

/// Loads `text` as an inline scenario (plus overrides) and checks it.
pub fn check_text(text: &str, overrides: &Overrides) {
    let origin = Origin::Inline { name: "fuzz.toml".into(), text: text.to_string() };
    check_origin(&origin, overrides);
}

/// Loads a scenario and checks it.
pub fn check_origin(origin: &Origin, overrides: &Overrides) {
    match Model::load_with(origin, overrides) {
        Ok(model) => check_model(&model),
        Err(err) => check_error(&err),
    }
}

/// An error must name at least one problem and render.
pub fn check_error(err: &InputError) {
    assert!(!err.problems().is_empty(), "an InputError with no problem");
    let rendered = err.to_string();
    assert!(!rendered.is_empty(), "an InputError that renders to nothing");
    for p in err.problems() {
        assert!(!p.message.is_empty(), "a problem with no message: {p:?}");
    }
}

fn share_ok(x: f64) -> bool {
    x.is_finite() && (0.0..=1.0).contains(&x)
}

/// Invariants of a checked model (the model layer promises nothing in it is
/// out of range).
pub fn check_model_invariants(model: &Model) {
    let s = &model.settings;
    assert!(s.days >= 1 && s.days <= MAX_DAYS, "days {}", s.days);
    assert!(s.month_starts.len() < MAX_MONTHS, "{} month starts", s.month_starts.len());
    assert!(s.month_starts.windows(2).all(|w| w[0] < w[1]) && s.month_starts.iter().all(|&d| d <= s.days));
    assert!(s.trials >= 1 && s.trials <= negsim::model::MAX_TRIALS);
    assert!(model.start.in_range(), "start out of range: {:?}", model.start);
    assert!(model.tactics.len() <= MAX_TACTICS && model.drivers.len() <= MAX_DRIVERS);
    for t in &model.tactics {
        assert!(share_ok(t.probability), "tactic {} probability {}", t.id, t.probability);
        assert!(t.threshold <= 32_768);
        assert!(t.hours_factor.is_finite() && t.hours_factor >= 0.0);
        assert!(t.effects.iter().all(|(_, x)| x.is_finite()));
    }
    for h in &model.holidays {
        assert!(h.day <= s.days);
    }
    assert!(!model.rules.is_empty());
    assert!(model.rules.iter().all(|r| r.outcome < OUTCOMES));
}

/// Runs `TRIALS` trials and checks the tally, the summary and its JSON.
pub fn check_model(model: &Model) {
    check_model_invariants(model);
    let key = keyed(SEED);
    let mut tally = Tally::new(model);
    for i in 0..TRIALS {
        let trial = play_indexed(model, key, i, &mut ());
        assert!(trial.outcome < OUTCOMES && trial.rule < model.rules.len());
        tally.record(&trial, model.settings.days);
    }
    assert_eq!(tally.trials, TRIALS);
    assert_eq!(tally.check(), Ok(()), "the tally of a real run fails its own check");

    let summary = Summary::new(&RunInfo::of(model), &tally, SEED);
    check_summary(&summary);
    check_rendered(&summary, &[model.name.as_str(), model.origin.as_str()]);
}

/// The summary's JSON and table: no non-finite number anywhere.
pub fn check_rendered(summary: &Summary, names: &[&str]) {
    let json = serde_json::to_string(summary).expect("a summary must serialize");
    // serde_json writes a non-finite f64 as `null`, so `check_nulls` is
    // what finds them (searching the text for "NaN" matched scenario names).
    let value: Value = serde_json::from_str(&json).expect("the summary JSON must parse back");
    check_nulls(&value, "");
    let table = report::render(Format::Table, summary);
    check_table(summary, names, &table);
    let _ = report::render(Format::Json, summary);
    let _ = report::render(Format::Csv, summary);
    let _ = report::render(Format::Markdown, summary);
}

/// No `NaN` or `inf` among the numbers of the table (names and overrides
/// from the scenario, which may spell anything, are taken out first).
fn check_table(summary: &Summary, extra: &[&str], table: &str) {
    let mut text = table.to_string();
    let mut names: Vec<&str> = extra.to_vec();
    names.extend([summary.scenario.as_str(), summary.description.as_str(), summary.file.as_str()]);
    names.extend(summary.tactics.iter().map(|t| t.id.as_str()));
    names.extend(summary.rules.iter().flat_map(|r| [r.outcome.as_str(), r.note.as_str()]));
    names.extend(summary.drivers.iter().flat_map(|d| [d.id.as_str(), d.key.as_str()]));
    names.extend(summary.overrides.iter().map(String::as_str));
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for n in names.into_iter().filter(|n| !n.is_empty()) {
        text = text.replace(n, " ");
    }
    let bad = text
        .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .find(|w| matches!(w.trim_start_matches('-').to_ascii_lowercase().as_str(), "nan" | "inf" | "infinity"));
    assert!(bad.is_none(), "non-finite number {bad:?} in the table:\n{table}");
}

/// Every derived figure finite and in range.
pub fn check_summary(s: &Summary) {
    let mut sum = 0.0;
    for o in &s.outcomes {
        assert!(share_ok(o.probability), "outcome {} probability {}", o.id, o.probability);
        assert!(
            share_ok(o.ci95[0]) && share_ok(o.ci95[1]) && o.ci95[0] <= o.ci95[1],
            "outcome {} ci {:?}",
            o.id,
            o.ci95
        );
        sum += o.probability;
    }
    assert!(s.trials == 0 || (sum - 1.0).abs() < 1e-9, "outcome shares sum to {sum}");
    for f in [&s.families.military, &s.families.negotiated] {
        assert!(share_ok(f.probability) && share_ok(f.ci95[0]) && share_ok(f.ci95[1]), "family {:?}", f.ci95);
    }
    let c = &s.ceasefire;
    for (name, x) in [
        ("signed", c.signed),
        ("in_force", c.in_force),
        ("collapsed", c.collapsed),
        ("above_red_line", c.above_red_line),
        ("reversed", c.reversed),
        ("us_left", c.us_left),
        ("mobilised", c.mobilised),
        ("hybrid", c.hybrid),
    ] {
        assert!(share_ok(x), "ceasefire.{name} = {x}");
    }
    for p in &s.calendar {
        assert!(share_ok(p.signed_by) && share_ok(p.in_force), "calendar {p:?}");
        assert!(p.meetings.iter().all(|m| m.is_finite() && *m >= 0.0), "calendar meetings {:?}", p.meetings);
    }
    assert!(s.meetings.per_trial.is_finite() && s.meetings.per_trial >= 0.0);
    for f in &s.meetings.by_format {
        assert!(f.per_trial.is_finite() && f.per_trial >= 0.0, "format {} per trial {}", f.format, f.per_trial);
        if let Some(h) = f.hours {
            // A meeting lasts at most MAX_MEETING_HOURS, whatever its tactics.
            let cap = negsim::model::MAX_MEETING_HOURS + 1.0 / 60.0;
            assert!(h.is_finite() && (0.0..=cap).contains(&h), "format {} hours {h}", f.format);
        }
    }
    for r in &s.rules {
        assert!(share_ok(r.share), "rule {} share {}", r.rule, r.share);
    }
    for d in &s.drivers {
        assert!(d.quintiles.iter().flatten().all(|x| share_ok(*x)), "driver {} quintiles", d.id);
        assert!(d.effect.iter().all(|e| e.diff.is_finite()), "driver {} effect", d.id);
    }
    for t in &s.tactics {
        assert!(t.per_trial.is_finite() && t.per_trial >= 0.0, "tactic {} per_trial {}", t.id, t.per_trial);
        assert!(share_ok(t.share_of_trials), "tactic {} share {}", t.id, t.share_of_trials);
    }
    if let Some(m) = s.durability.median_days {
        assert!(m.is_finite() && m >= 0.0, "median days {m}");
    }
    if let Some(x) = s.durability.collapsed_within_30_days {
        assert!(share_ok(x), "collapsed within 30 days {x}");
    }
}

/// `null` is allowed only where the JSON contract has an optional figure.
fn check_nulls(v: &Value, path: &str) {
    const OPTIONAL: [&str; 6] =
        ["signing", "collapsed_within_30_days", "median_days", "hours", "longest_hours_p50", "longest_hours_p90"];
    match v {
        Value::Null => {
            let last = path.rsplit('.').next().unwrap_or("");
            assert!(OPTIONAL.contains(&last), "null at {path} (a NaN serialized?)");
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, x)| check_nulls(x, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().for_each(|(k, x)| check_nulls(x, &format!("{path}.{k}"))),
        _ => {}
    }
}
