//! What every fuzz target checks once it has a scenario: load it, and if it
//! validates, run a short simulation and check the result for consistency.
//!
//! Errors (`Err(InputError)`) are fine, as long as they render and name at
//! least one problem. Findings are panics (including overflow and debug
//! assertions, which the fuzz build turns on), aborts, hangs, and derived
//! figures that are NaN, infinite or out of range.

use negsim::model::{InputError, Model, Origin, Overrides};
use negsim::report::{self, Format, RunInfo, Summary};
use negsim::seeds::OUTCOMES;
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
    assert_eq!(model.worlds.len(), OUTCOMES);
    let mut total = 0.0;
    for (i, w) in model.worlds.iter().enumerate() {
        assert!(share_ok(w.probability), "world {i} probability {} out of [0, 1]", w.probability);
        assert!(w.start.in_range(), "world {i} start out of range: {:?}", w.start);
        total += w.probability;
        for a in w.talks.iter().chain(&w.ceasefire) {
            assert!(a.tactic < model.tactics.len());
            assert!(share_ok(a.probability), "active tactic probability {}", a.probability);
            assert!(a.hours_factor.is_finite() && a.hours_factor >= 0.0);
            assert!(a.delta.0.iter().all(|x| x.is_finite()));
        }
        assert!(w.talks.len() <= 64 && w.ceasefire.len() <= 64);
    }
    assert!((total - 1.0).abs() < 1e-6, "world probabilities sum to {total}");
    // Finding 4 (fixed): the running sum could pass 1 by an ulp before the
    // last world with a positive probability.
    assert!(model.world_cdf.windows(2).all(|p| p[0] <= p[1]), "world cdf not monotone: {:?}", model.world_cdf);
    assert!(model.world_cdf.iter().all(|&c| c <= 1.0), "world cdf above 1: {:?}", model.world_cdf);
    assert_eq!(model.world_cdf[OUTCOMES - 1], 1.0, "world cdf does not end at 1: {:?}", model.world_cdf);
    assert!(!model.rules.is_empty());
    assert!(model.rules.iter().all(|r| r.outcome < OUTCOMES));
    assert!(model.settings.max_rounds >= 1 && model.settings.max_rounds <= negsim::model::MAX_ROUNDS);
    assert!(model.settings.horizon_months >= 1 && model.settings.horizon_months <= negsim::model::MAX_HORIZON_MONTHS);
}

/// Runs `TRIALS` trials and checks the tally, the summary and its JSON.
pub fn check_model(model: &Model) {
    check_model_invariants(model);
    let tally = negsim::engine::run(model, TRIALS, SEED, 1);
    assert_eq!(tally.trials, TRIALS);
    assert_eq!(tally.outcomes.iter().sum::<u64>(), TRIALS, "outcome counts {:?}", tally.outcomes);
    assert_eq!(tally.world_outcome.iter().flatten().sum::<u64>(), TRIALS);
    assert_eq!(tally.rounds.total(), TRIALS);
    assert!(tally.signed <= TRIALS && tally.held <= tally.signed && tally.above_red_line <= tally.signed);
    assert!(tally.broke_down <= TRIALS && tally.mediator_left <= TRIALS && tally.reversed <= TRIALS);
    assert!(tally.round_total <= TRIALS * u64::from(model.settings.max_rounds));
    assert_eq!(tally.rounds_to_signature.total(), tally.signed);
    assert_eq!(tally.months_held.total(), tally.signed);
    assert!(tally.tactic_trials.iter().all(|&t| t <= TRIALS));

    let summary = Summary::new(&RunInfo::of(model), &tally, SEED);
    check_summary(&summary);

    let json = serde_json::to_string(&summary).expect("a summary must serialize");
    // serde_json writes a non-finite f64 as `null`, so `check_nulls` is
    // what finds them (searching the text for "NaN" matched scenario names).
    let value: Value = serde_json::from_str(&json).expect("the summary JSON must parse back");
    check_nulls(&value, "");
    let table = report::render(Format::Table, &summary);
    check_table(model, &table);
    let _ = report::render(Format::Json, &summary);
}

/// No `NaN` or `inf` among the numbers of the table (names and overrides
/// from the scenario, which may spell anything, are taken out first).
fn check_table(model: &Model, table: &str) {
    let mut text = table.to_string();
    let mut names: Vec<&str> = vec![model.name.as_str(), model.origin.as_str()];
    names.extend(model.tactics.iter().flat_map(|t| [t.id.as_str(), t.name.as_str()]));
    names.extend(model.overrides.iter().map(String::as_str));
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
    assert!((sum - 1.0).abs() < 1e-9, "outcome shares sum to {sum}");
    for f in [&s.families.military, &s.families.negotiated] {
        assert!(share_ok(f.probability) && share_ok(f.ci95[0]) && share_ok(f.ci95[1]), "family {:?}", f.ci95);
    }
    for (i, p) in s.world_probability.iter().enumerate() {
        assert!(share_ok(*p), "world_probability[{i}] = {p}");
    }
    for r in [&s.rounds, &s.rounds_to_signature].into_iter().flatten() {
        assert!(r.mean.is_finite() && r.mean >= 0.0, "round mean {}", r.mean);
        assert!(r.p50 <= r.p90 && r.p90 <= r.max && r.max <= s.max_rounds, "round stats {r:?}");
    }
    assert!(s.rounds.is_some(), "no round statistics after {} trials", s.trials);
    if let Some(h) = s.hours_per_round {
        // A meeting lasts at most MAX_MEETING_HOURS, whatever its tactics.
        let cap = negsim::model::MAX_MEETING_HOURS + 1.0 / 60.0;
        assert!(h.is_finite() && (0.0..=cap).contains(&h), "hours_per_round {h}");
    }
    let c = &s.ceasefire;
    for (name, x) in [
        ("signed", c.signed),
        ("held", c.held),
        ("above_red_line", c.above_red_line),
        ("reversed", c.reversed),
        ("mediator_left", c.mediator_left),
        ("broke_down", c.broke_down),
    ] {
        assert!(share_ok(x), "ceasefire.{name} = {x}");
    }
    if let Some(m) = c.months_held_mean {
        assert!(m.is_finite() && m >= 0.0 && m <= f64::from(s.horizon_months), "months_held_mean {m}");
    }
    for t in &s.tactics {
        assert!(t.per_trial.is_finite() && t.per_trial >= 0.0, "tactic {} per_trial {}", t.id, t.per_trial);
        assert!(share_ok(t.share_of_trials), "tactic {} share {}", t.id, t.share_of_trials);
    }
}

/// `null` is allowed only where the JSON contract has an optional figure.
fn check_nulls(v: &Value, path: &str) {
    const OPTIONAL: [&str; 4] = [".rounds", ".rounds_to_signature", ".hours_per_round", ".ceasefire.months_held_mean"];
    match v {
        Value::Null => assert!(OPTIONAL.contains(&path), "null at {path} (a NaN serialized?)"),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, x)| check_nulls(x, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().for_each(|(k, x)| check_nulls(x, &format!("{path}.{k}"))),
        _ => {}
    }
}
