//! Structured: the baseline with a few numeric (and other) keys changed.
//!
//! The input is decoded (with `arbitrary`) into a short list of
//! (key, value) pairs, the keys drawn from the numeric keys of
//! `scenarios/baseline.toml` (sections, sides, pains, worlds and their
//! starts and tactic weights, tactics and their effects, rules' bounds), the
//! values from floats that include NaN, infinities, huge, tiny, negative
//! and just-over-a-bound numbers, integers, booleans and a few words. They
//! are applied one of two ways:
//!
//! * as `--set KEY=VALUE` overrides on the built-in baseline
//!   (`Model::load_with(&Origin::baseline(), &Overrides { sets, renormalize })`),
//! * as an inline scenario `extends = "builtin:baseline"` with the pairs
//!   written as TOML dotted keys.
//!
//! then checked like any scenario (`src/lib.rs`).
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use negsim::model::{Origin, Overrides};

const WORLDS: [&str; 7] = [
    "hybrid-world-war",
    "supported-attrition",
    "russian-breakthrough",
    "mutual-exhaustion",
    "unacceptable-ceasefire",
    "fragile-ceasefire",
    "durable-peace",
];

const TACTICS: [&str; 29] = [
    "time_exhaustion",
    "shortened_talks",
    "battlefield_pressure",
    "bluffing",
    "brinkmanship",
    "deep_anchoring",
    "principal_agent",
    "last_minute_reversal",
    "package_deals",
    "no_witnesses",
    "controlled_chaos",
    "negative_alternatives",
    "stalled_talks",
    "resort_to_alternatives",
    "us_walkaway",
    "imitation_negotiations",
    "coercive_diplomacy",
    "nuclear_blackmail",
    "coercion_of_ukraine",
    "big_three_table",
    "delayed_revenge",
    "forced_compromise",
    "ambiguity_agreement",
    "diplomacy_of_refusal",
    "territorial_precondition",
    "strikes_after_talks",
    "security_architecture_demands",
    "mobilisation_bet",
    "political_control_trade",
];

const VARS: [&str; 11] = [
    "front",
    "ru_resources",
    "ua_resources",
    "western_support",
    "us_engagement",
    "sanctions",
    "fatigue",
    "escalation",
    "trust",
    "demand",
    "offer",
];

/// Keys with no id in them.
const PLAIN: [&str; 52] = [
    "simulation.trials",
    "simulation.seed",
    "simulation.max_rounds",
    "simulation.horizon_months",
    "simulation.normalize",
    "environment.base_intensity",
    "environment.escalation_intensity",
    "environment.front_pull",
    "environment.front_noise",
    "environment.fatigue_rate",
    "environment.escalation_decay",
    "environment.support_drift",
    "environment.sanctions_drift",
    "environment.hours_min",
    "environment.hours_max",
    "environment.breakdown_escalation",
    "russia.concession_exponent",
    "russia.reserve_demand",
    "russia.desperation",
    "russia.deadline_rounds",
    "russia.base_pace",
    "russia.pain_pace",
    "russia.resupply",
    "russia.burn",
    "russia.political_premium",
    "russia.pain.resources",
    "russia.pain.sanctions",
    "russia.pain.front",
    "russia.pain.western_support",
    "ukraine.concession_exponent",
    "ukraine.max_concession",
    "ukraine.desperation",
    "ukraine.red_line",
    "ukraine.deadline_rounds",
    "ukraine.base_pace",
    "ukraine.pain_pace",
    "ukraine.resupply",
    "ukraine.burn",
    "ukraine.pain.resources",
    "ukraine.pain.front",
    "ukraine.pain.fatigue",
    "ukraine.pain.support",
    "mediator.pull",
    "mediator.walkaway_hazard",
    "mediator.support_loss",
    "agreement.precondition",
    "ceasefire.base_hazard",
    "ceasefire.distrust_hazard",
    // Not numbers, but small and interesting.
    "name",
    "description",
    "extends",
    "rules",
];

const TACTIC_KEYS: [&str; 10] = [
    "probability",
    "hours_factor",
    "violation_hazard",
    "phase",
    "when",
    "blocks_agreement",
    "freezes_russia",
    "reverses_draft",
    "excludes_mediator",
    "ends_mediation",
];

const RULE_KEYS: [&str; 7] = ["outcome", "signed", "held", "above_red_line", "broke_down", "mediator_left", "reversed"];

const WORDS: [&str; 12] = [
    "talks",
    "ceasefire",
    "always",
    "draft",
    "no_draft",
    "russia_advancing",
    "russia_losing",
    "durable-peace",
    "hybrid-world-war",
    "builtin:baseline",
    "",
    "x",
];

#[derive(Arbitrary, Debug)]
enum Key {
    Plain(u8),
    Start(u8),
    WorldProbability(u8),
    WorldStart(u8, u8),
    WorldTactic(u8, u8),
    Tactic(u8, u8),
    TacticEffect(u8, u8),
    /// `rules[i].min.var` or `.max.var` (overrides only: not a TOML key).
    RuleBound(u8, bool, u8),
    /// `rules[i].flag` (overrides only).
    RuleFlag(u8, u8),
    /// A tactic not in the baseline, with one of its keys.
    NewTactic(u8, u8),
}

#[derive(Arbitrary, Debug)]
enum Special {
    Nan,
    Inf,
    NegInf,
    Zero,
    NegZero,
    One,
    JustOverOne,
    JustUnderZero,
    Ten,
    JustOverTen,
    Huge,
    NegHuge,
    Tiny,
    MaxRounds,
    MaxHorizon,
}

#[derive(Arbitrary, Debug)]
enum Val {
    Edge(Special),
    Float(f64),
    /// A share in [0, 1], in 1/255 steps: mostly valid values.
    Share(u8),
    Int(i64),
    SmallInt(u16),
    Bool(bool),
    Word(u8),
    EmptyTable,
    EmptyArray,
}

#[derive(Arbitrary, Debug)]
struct Input {
    as_overrides: bool,
    renormalize: bool,
    pairs: Vec<(Key, Val)>,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[usize::from(i) % list.len()]
}

impl Key {
    /// The dotted path, and whether it can be written as a TOML key.
    fn path(&self) -> (String, bool) {
        match *self {
            Key::Plain(i) => (pick(&PLAIN, i).to_string(), true),
            Key::Start(v) => (format!("start.{}", pick(&VARS, v)), true),
            Key::WorldProbability(w) => (format!("worlds.{}.probability", pick(&WORLDS, w)), true),
            Key::WorldStart(w, v) => (format!("worlds.{}.start.{}", pick(&WORLDS, w), pick(&VARS, v)), true),
            Key::WorldTactic(w, t) => (format!("worlds.{}.tactics.{}", pick(&WORLDS, w), pick(&TACTICS, t)), true),
            Key::Tactic(t, k) => (format!("tactics.{}.{}", pick(&TACTICS, t), pick(&TACTIC_KEYS, k)), true),
            Key::TacticEffect(t, v) => (format!("tactics.{}.effects.{}", pick(&TACTICS, t), pick(&VARS, v)), true),
            Key::RuleBound(r, max, v) => {
                (format!("rules[{}].{}.{}", r % 9 + 1, if max { "max" } else { "min" }, pick(&VARS, v)), false)
            }
            Key::RuleFlag(r, k) => (format!("rules[{}].{}", r % 9 + 1, pick(&RULE_KEYS, k)), false),
            Key::NewTactic(t, k) => (format!("tactics.fuzz_{}.{}", t % 4, pick(&TACTIC_KEYS, k)), true),
        }
    }
}

/// A float as TOML writes it.
fn float(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf".into() } else { "-inf".into() }
    } else {
        // Debug keeps a `.0` or an exponent, so it stays a TOML float.
        format!("{x:?}")
    }
}

impl Val {
    fn toml(&self) -> String {
        match *self {
            Val::Edge(ref s) => match s {
                Special::Nan => "nan".into(),
                Special::Inf => "inf".into(),
                Special::NegInf => "-inf".into(),
                Special::Zero => "0.0".into(),
                Special::NegZero => "-0.0".into(),
                Special::One => "1.0".into(),
                Special::JustOverOne => float(1.0 + 1e-12),
                Special::JustUnderZero => float(-1e-300),
                Special::Ten => "10.0".into(),
                Special::JustOverTen => float(10.000_000_000_001),
                Special::Huge => "1e308".into(),
                Special::NegHuge => "-1e308".into(),
                Special::Tiny => "5e-324".into(),
                Special::MaxRounds => "1000".into(),
                Special::MaxHorizon => "600".into(),
            },
            Val::Float(x) => float(x),
            Val::Share(k) => float(f64::from(k) / 255.0),
            Val::Int(i) => i.to_string(),
            Val::SmallInt(i) => i.to_string(),
            Val::Bool(b) => b.to_string(),
            Val::Word(w) => format!("\"{}\"", pick(&WORDS, w)),
            Val::EmptyTable => "{}".into(),
            Val::EmptyArray => "[]".into(),
        }
    }
}

fuzz_target!(|input: Input| {
    let pairs = &input.pairs[..input.pairs.len().min(12)];
    if input.as_overrides {
        let sets = pairs.iter().map(|(k, v)| format!("{}={}", k.path().0, v.toml())).collect();
        let overrides = Overrides { sets, renormalize: input.renormalize };
        negsim_fuzz::check_origin(&Origin::baseline(), &overrides);
    } else {
        let mut text = String::from("extends = \"builtin:baseline\"\nname = \"fuzz\"\n");
        let mut seen = Vec::new();
        for (k, v) in pairs {
            let (path, is_toml) = k.path();
            // A key twice is a TOML error; skip repeats, and keys only --set can name.
            if !is_toml || seen.contains(&path) || path == "name" {
                continue;
            }
            text.push_str(&format!("{path} = {}\n", v.toml()));
            seen.push(path);
        }
        negsim_fuzz::check_text(&text, &Overrides { sets: Vec::new(), renormalize: input.renormalize });
    }
});
