//! Structured: the baseline with a few keys changed.
//!
//! The input is decoded (with `arbitrary`) into a short list of
//! (key, value) pairs, the keys drawn from the keys of
//! `scenarios/baseline.toml` (model v2: the simulation calendar, the start,
//! every coefficient of the scalar tables, drivers and their distributions,
//! tactics and their effects, rules' bounds and flags, holidays), the values
//! from floats that include NaN, infinities, huge, tiny, negative and
//! just-over-a-bound numbers, integers, booleans, dates and a few words.
//! They are applied one of two ways:
//!
//! * as `--set KEY=VALUE` overrides on the built-in baseline
//!   (`Model::load_with(&Origin::baseline(), &Overrides { sets })`),
//! * as an inline scenario `extends = "builtin:baseline"` with the pairs
//!   written as TOML dotted keys.
//!
//! then checked like any scenario (`src/lib.rs`).
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use negsim::model::{Origin, Overrides};

const TACTICS: [&str; 32] = [
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
    "us_ultimatum",
    "us_walkaway",
    "european_support",
    "refinery_strikes",
];

const DRIVERS: [&str; 9] = [
    "us_engagement",
    "us_drift",
    "us_resolve",
    "us_exit",
    "support_trend",
    "sanctions_trend",
    "mobilisation",
    "shocks_elsewhere",
    "red_line",
];

const VARS: [&str; 12] = [
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
    "guarantees",
];

/// Keys with no id in them.
const PLAIN: [&str; 103] = [
    "simulation.trials",
    "simulation.seed",
    "simulation.start",
    "simulation.horizon",
    "war.intensity",
    "war.escalation_intensity",
    "war.ceasefire_intensity",
    "war.truce_intensity",
    "war.front_pull",
    "war.front_noise",
    "war.resource_noise",
    "war.fatigue_rate",
    "war.escalation_decay",
    "war.support_drift",
    "war.sanctions_drift",
    "war.hybrid_escalation",
    "russia.burn",
    "russia.resupply",
    "russia.mobilised_resupply",
    "russia.mobilisation_rate",
    "russia.reserve_demand",
    "russia.desperation",
    "russia.pace",
    "russia.pain_pace",
    "russia.political_premium",
    "russia.pain.resources",
    "russia.pain.front",
    "russia.pain.sanctions",
    "russia.pain.western_support",
    "ukraine.burn",
    "ukraine.resupply",
    "ukraine.max_concession",
    "ukraine.desperation",
    "ukraine.pace",
    "ukraine.pain_pace",
    "ukraine.red_line",
    "ukraine.pain.resources",
    "ukraine.pain.front",
    "ukraine.pain.fatigue",
    "ukraine.pain.support",
    "us.engagement_drift",
    "us.walkaway_rate",
    "us.support_loss",
    "us.pressure",
    "us.push",
    "us.deadline_days",
    "us.follow_through",
    "us.sanctions_step",
    "us.disengage",
    "europe.presence",
    "europe.guarantee_step",
    "meetings.us_ua.rate",
    "meetings.us_ua.hours_min",
    "meetings.us_ua.hours_max",
    "meetings.us_ua.moves_russia",
    "meetings.us_ua.moves_ukraine",
    "meetings.us_ru.rate",
    "meetings.us_ru.hours_min",
    "meetings.us_ru.hours_max",
    "meetings.us_ru.moves_russia",
    "meetings.us_ru.moves_ukraine",
    "meetings.ru_ua.rate",
    "meetings.ru_ua.hours_min",
    "meetings.ru_ua.hours_max",
    "meetings.ru_ua.moves_russia",
    "meetings.ru_ua.moves_ukraine",
    "meetings.trilateral.rate",
    "meetings.trilateral.hours_min",
    "meetings.trilateral.hours_max",
    "meetings.trilateral.moves_russia",
    "meetings.trilateral.moves_ukraine",
    "meetings.trilateral_gap",
    "meetings.pause_escalation",
    "meetings.pause_factor",
    "meetings.ceasefire_factor",
    "agreement.precondition",
    "agreement.reversal_cooldown",
    "agreement.hardening",
    "ceasefire.median_days",
    "ceasefire.shape",
    "ceasefire.trust_effect",
    "ceasefire.guarantee_effect",
    "ceasefire.trust_gain",
    "ceasefire.collapse_trust",
    "truces.holiday_probability",
    "truces.holiday_hours_min",
    "truces.holiday_hours_max",
    "truces.energy_probability",
    "truces.energy_days_min",
    "truces.energy_days_max",
    "truces.early_end",
    "shocks.rate",
    "shocks.size_min",
    "shocks.size_max",
    "simulation.start",
    "simulation.horizon",
    "name",
    "description",
    "extends",
    "rules",
    "holidays",
    "drivers",
    "tactics",
];

const TACTIC_KEYS: [&str; 12] = [
    "probability",
    "hours_factor",
    "phase",
    "when",
    "actor",
    "formats",
    "blocks_agreement",
    "freezes_russia",
    "reverses_draft",
    "excludes_mediator",
    "ends_mediation",
    "ultimatum",
];

const DRIVER_KEYS: [&str; 10] = [
    "key",
    "distribution",
    "min",
    "max",
    "mode",
    "mean",
    "sd",
    "p",
    "yes",
    "no",
];

const RULE_KEYS: [&str; 9] = [
    "outcome",
    "signed",
    "in_force",
    "collapsed",
    "above_red_line",
    "reversed",
    "us_left",
    "mobilised",
    "hybrid",
];

const WORDS: [&str; 16] = [
    "meeting",
    "month",
    "always",
    "draft",
    "no_draft",
    "russia_advancing",
    "russia_losing",
    "ceasefire",
    "durable-peace",
    "hybrid-world-war",
    "builtin:baseline",
    "triangular",
    "normal",
    "bernoulli",
    "",
    "x",
];

#[derive(Arbitrary, Debug)]
enum Key {
    Plain(u8),
    Start(u8),
    Driver(u8, u8),
    Tactic(u8, u8),
    TacticEffect(u8, u8),
    /// `rules[i].min.var` or `.max.var` (overrides only: not a TOML key).
    RuleBound(u8, bool, u8),
    /// `rules[i].flag` (overrides only).
    RuleFlag(u8, u8),
    /// `holidays[i].date` (overrides only).
    Holiday(u8),
    /// A tactic not in the baseline, with one of its keys.
    NewTactic(u8, u8),
    /// A driver not in the baseline, with one of its keys.
    NewDriver(u8, u8),
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
    MaxTrials,
    PastMaxTrials,
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
    /// A date: year 2000 + y % 60, month and day as given (often invalid).
    Date(u8, u8, u8),
    EmptyTable,
    EmptyArray,
}

#[derive(Arbitrary, Debug)]
struct Input {
    as_overrides: bool,
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
            Key::Driver(d, k) => (format!("drivers.{}.{}", pick(&DRIVERS, d), pick(&DRIVER_KEYS, k)), true),
            Key::Tactic(t, k) => (format!("tactics.{}.{}", pick(&TACTICS, t), pick(&TACTIC_KEYS, k)), true),
            Key::TacticEffect(t, v) => (format!("tactics.{}.effects.{}", pick(&TACTICS, t), pick(&VARS, v)), true),
            Key::RuleBound(r, max, v) => {
                (format!("rules[{}].{}.{}", r % 9 + 1, if max { "max" } else { "min" }, pick(&VARS, v)), false)
            }
            Key::RuleFlag(r, k) => (format!("rules[{}].{}", r % 9 + 1, pick(&RULE_KEYS, k)), false),
            Key::Holiday(h) => (format!("holidays[{}].date", h % 4 + 1), false),
            Key::NewTactic(t, k) => (format!("tactics.fuzz_{}.{}", t % 4, pick(&TACTIC_KEYS, k)), true),
            Key::NewDriver(d, k) => (format!("drivers.fuzz_{}.{}", d % 4, pick(&DRIVER_KEYS, k)), true),
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
                Special::MaxTrials => "10000000000".into(),
                Special::PastMaxTrials => "10000000001".into(),
            },
            Val::Float(x) => float(x),
            Val::Share(k) => float(f64::from(k) / 255.0),
            Val::Int(i) => i.to_string(),
            Val::SmallInt(i) => i.to_string(),
            Val::Bool(b) => b.to_string(),
            Val::Word(w) => format!("\"{}\"", pick(&WORDS, w)),
            Val::Date(y, m, d) => format!("{:04}-{:02}-{:02}", 2000 + u32::from(y % 60), m % 14, d % 33),
            Val::EmptyTable => "{}".into(),
            Val::EmptyArray => "[]".into(),
        }
    }
}

fuzz_target!(|input: Input| {
    let pairs = &input.pairs[..input.pairs.len().min(12)];
    if input.as_overrides {
        let sets = pairs.iter().map(|(k, v)| format!("{}={}", k.path().0, v.toml())).collect();
        negsim_fuzz::check_origin(&Origin::baseline(), &Overrides { sets });
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
        negsim_fuzz::check_text(&text, &Overrides::none());
    }
});
