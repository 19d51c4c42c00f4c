//! Properties over random inputs (proptest, stable toolchain): whatever
//! values a scenario or `--set` holds, negsim either refuses them with an
//! error or runs, with every state variable in range at every event, days
//! in order inside the horizon, and no NaN anywhere in its output. Never a
//! panic.

use negsim::engine::{self, Happening, MeetingRecord, Observer, TruceRecord};
use negsim::model::{Model, Origin, Overrides, State};
use negsim::results::{RunInfo, Summary};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

/// Every numeric leaf of the baseline, as a `--set` path.
fn numeric_keys() -> Vec<String> {
    fn walk(prefix: &str, v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    walk(&key, v, out);
                }
            }
            toml::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(&format!("{prefix}[{}]", i + 1), v, out);
                }
            }
            toml::Value::Integer(_) | toml::Value::Float(_) => out.push(prefix.to_string()),
            _ => {}
        }
    }
    let value: toml::Value = toml::from_str(negsim::model::load::BASELINE_TOML).unwrap();
    let mut out = Vec::new();
    walk("", &value, &mut out);
    out
}

/// Values with the extremes a user (or a typo) can produce.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        (0.0..1.0f64).prop_map(|x| format!("{x}")),
        (-2.0..2.0f64).prop_map(|x| format!("{x}")),
        (0u64..2000).prop_map(|x| x.to_string()),
        Just("nan".to_string()),
        Just("inf".to_string()),
        Just("-inf".to_string()),
        Just("1e308".to_string()),
        Just("-1e308".to_string()),
        Just("5e-324".to_string()),
        Just("0".to_string()),
        Just("1".to_string()),
        Just("9223372036854775807".to_string()),
        Just("-9223372036854775808".to_string()),
        Just("true".to_string()),
        Just("\"text\"".to_string()),
        Just("2026-01-01".to_string()),
    ]
}

/// Checks every state and day the engine passes through.
struct Watch {
    ok: bool,
    last_day: f64,
    horizon: f64,
    why: String,
}

impl Watch {
    fn see(&mut self, what: &str, day: f64, state: &State) {
        if !state.in_range() {
            self.fail(format!("{what} on day {day}: a state left its range: {state:?}"));
        }
        if !(day >= self.last_day && day <= self.horizon) {
            self.fail(format!("{what}: day {day} after {} (horizon {})", self.last_day, self.horizon));
        }
        self.last_day = day;
    }
    fn fail(&mut self, why: String) {
        if self.ok {
            self.ok = false;
            self.why = why;
        }
    }
}

impl Observer for Watch {
    fn start(&mut self, drivers: &[f64], state: &State) {
        if drivers.iter().any(|d| !d.is_finite()) {
            self.fail(format!("a driver drew {drivers:?}"));
        }
        self.see("start", 0.0, state);
    }
    fn month(&mut self, day: u32, state: &State) {
        self.see("month", f64::from(day), state);
    }
    fn meeting(&mut self, r: &MeetingRecord) {
        if !(r.hours.is_finite() && r.hours >= 0.0) {
            self.fail(format!("meeting {} lasted {} h", r.number, r.hours));
        }
        self.see("meeting", r.day, &r.state);
    }
    fn truce(&mut self, r: &TruceRecord) {
        if !(r.held_hours.is_finite() && r.held_hours >= 0.0 && r.held_hours <= r.declared_hours + 1e-9) {
            self.fail(format!("truce held {} of {} h", r.held_hours, r.declared_hours));
        }
    }
    fn happened(&mut self, day: f64, what: Happening, state: &State) {
        self.see(&format!("{what:?}"), day, state);
    }
}

/// Runs a loaded model a little and checks what must hold of any run.
fn check_runs(model: &Model) -> Result<(), TestCaseError> {
    let key = engine::keyed(9);
    for i in 0..40 {
        let mut watch = Watch { ok: true, last_day: 0.0, horizon: f64::from(model.settings.days), why: String::new() };
        let t = engine::play_indexed(model, key, i, &mut watch);
        prop_assert!(watch.ok, "trial {}: {}", i, watch.why);
        prop_assert!(t.outcome < 7);
        prop_assert!(t.hours.is_finite() && t.hours >= 0.0);
        prop_assert!(t.state.in_range());
    }
    let tally = negsim::analysis::run(model, 200, 9, 1);
    prop_assert_eq!(tally.trials, 200);
    prop_assert_eq!(tally.outcomes.iter().sum::<u64>(), 200);
    prop_assert!(tally.check().is_ok(), "{:?}", tally.check());
    let json = serde_json::to_string(&Summary::new(&RunInfo::of(model), &tally, 9)).unwrap();
    // serde_json writes a NaN or infinite float as null (never as text: a
    // search of the text for "inf" finds the overrides echoed, such as
    // `gap=inf` that a later `gap=0` replaced); the only nulls
    // allowed are the optional figures (no signed trial, no truce, so no
    // signed terms).
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut nulls = Vec::new();
    find_nulls("", &value, &mut nulls);
    const OPTIONAL: [&str; 7] = [
        "signing",
        "collapsed_within_30_days",
        "median_days",
        "hours",
        "longest_hours_p50",
        "longest_hours_p90",
        "terms",
    ];
    nulls.retain(|key| !OPTIONAL.iter().any(|o| key.ends_with(&format!(".{o}"))));
    prop_assert!(nulls.is_empty(), "nulls at {:?}", nulls);
    Ok(())
}

fn find_nulls(at: &str, v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Null => out.push(at.to_string()),
        serde_json::Value::Object(m) => m.iter().for_each(|(k, v)| find_nulls(&format!("{at}.{k}"), v, out)),
        serde_json::Value::Array(a) => {
            a.iter().enumerate().for_each(|(i, v)| find_nulls(&format!("{at}[{i}]"), v, out))
        }
        _ => {}
    }
}

/// 300 cases from a fixed seed, so that a test run's verdict never rests
/// on luck: the inputs are the same on every machine and every run. To
/// look further, set `PROPTEST_RNG_SEED=N` and `PROPTEST_CASES=M` (proptest
/// reads both); a failure found that way is saved in
/// `tests/proptest-regressions/`, to be committed, and runs first from
/// then on.
fn config() -> ProptestConfig {
    let from_env = ProptestConfig::default();
    let set = |name: &str| std::env::var_os(name).is_some();
    ProptestConfig {
        cases: if set("PROPTEST_CASES") { from_env.cases } else { 300 },
        rng_seed: if set("PROPTEST_RNG_SEED") { from_env.rng_seed } else { RngSeed::Fixed(20_250_613) },
        ..from_env
    }
}

proptest! {
    #![proptest_config(config())]

    /// Random values, extremes included, on random numeric keys.
    #[test]
    fn any_values_either_run_cleanly_or_are_refused(
        picks in proptest::collection::vec((any::<prop::sample::Index>(), value()), 1..6),
    ) {
        let keys = numeric_keys();
        let sets = picks.iter().map(|(i, v)| format!("{}={v}", keys[i.index(keys.len())])).collect();
        match Model::load_with(&Origin::baseline(), &Overrides { sets }) {
            Ok(model) => check_runs(&model)?,
            Err(e) => prop_assert!(!e.to_string().is_empty() && !e.problems().is_empty()),
        }
    }

    /// Random `--set` text: paths from real and garbage segments.
    #[test]
    fn any_set_text_is_handled(
        path in proptest::collection::vec(
            prop_oneof![
                Just("drivers".to_string()), Just("tactics".to_string()), Just("rules[2]".to_string()),
                Just("us_engagement".to_string()), Just("bluffing".to_string()), Just("effects".to_string()),
                Just("probability".to_string()), Just("start".to_string()), Just("front".to_string()),
                Just("meetings".to_string()), Just("holidays[1]".to_string()), Just("date".to_string()),
                "[a-z_\\[\\]0-9-]{0,8}",
            ],
            0..5,
        ),
        value in prop_oneof![value(), ".{0,12}"],
    ) {
        let set = format!("{}={value}", path.join("."));
        match Model::load_with(&Origin::baseline(), &Overrides { sets: vec![set] }) {
            Ok(model) => check_runs(&model)?,
            Err(e) => prop_assert!(!e.problems().is_empty()),
        }
    }

    /// Random whole scenario texts built from lines of real scenarios.
    #[test]
    fn any_mix_of_scenario_lines_is_handled(lines in proptest::collection::vec(any::<prop::sample::Index>(), 0..40)) {
        let source: Vec<&str> = negsim::model::load::BASELINE_TOML.lines().collect();
        let mut text = String::from("extends = \"builtin:baseline\"\nname = \"mix\"\n");
        for i in &lines {
            text.push_str(source[i.index(source.len())]);
            text.push('\n');
        }
        if let Ok(model) = Model::load(&Origin::Inline { name: "mix.toml".into(), text }) {
            check_runs(&model)?;
        }
    }
}
