//! Properties over random inputs (proptest, stable toolchain): whatever
//! values a scenario or `--set` holds, negsim either refuses them with an
//! error or runs, with every state variable in range in every round and no
//! NaN anywhere in its output. Never a panic.

use negsim::engine::{self, Observer, RoundRecord};
use negsim::model::{Model, Origin, Overrides, State};
use negsim::report::{RunInfo, Summary};
use proptest::prelude::*;

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
    ]
}

/// Checks every state the engine passes through.
struct InRange(bool);

impl Observer for InRange {
    fn world(&mut self, _: usize, s: &State) {
        self.0 &= s.in_range();
    }
    fn environment(&mut self, _: u32, s: &State) {
        self.0 &= s.in_range();
    }
    fn tactic(&mut self, _: u32, _: bool, _: usize, s: &State) {
        self.0 &= s.in_range();
    }
    fn round(&mut self, r: &RoundRecord) {
        self.0 &= r.state.in_range() && r.hours.is_finite() && r.hours >= 0.0;
    }
    fn month(&mut self, _: u32, hazard: f64, _: bool) {
        self.0 &= hazard.is_finite() && (0.0..=1.0).contains(&hazard);
    }
}

/// Runs a loaded model a little and checks what must hold of any run.
fn check_runs(model: &Model) -> Result<(), TestCaseError> {
    let keyed = engine::keyed_rng(9);
    for i in 0..40 {
        let mut watch = InRange(true);
        let t = engine::play_indexed(model, &keyed, i, &mut watch);
        prop_assert!(watch.0, "a state left its range in trial {i}");
        prop_assert!(t.outcome < 7 && t.world < 7);
        prop_assert!(t.hours.is_finite());
    }
    let tally = engine::run(model, 200, 9, 1);
    prop_assert_eq!(tally.trials, 200);
    prop_assert_eq!(tally.outcomes.iter().sum::<u64>(), 200);
    let json = serde_json::to_string(&Summary::new(&RunInfo::of(model), &tally, 9)).unwrap();
    prop_assert!(!json.contains("NaN") && !json.contains("inf"), "{json}");
    // serde_json writes a NaN or infinite float as null; the only nulls
    // allowed are the optional figures of a run with no signed trial.
    let allowed_nulls =
        json.matches("\"rounds_to_signature\":null").count() + json.matches("\"months_held_mean\":null").count();
    prop_assert_eq!(json.matches("null").count(), allowed_nulls, "{}", json);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Random values, extremes included, on random numeric keys.
    #[test]
    fn any_values_either_run_cleanly_or_are_refused(
        picks in proptest::collection::vec((any::<prop::sample::Index>(), value()), 1..6),
        renormalize in any::<bool>(),
    ) {
        let keys = numeric_keys();
        let sets = picks.iter().map(|(i, v)| format!("{}={v}", keys[i.index(keys.len())])).collect();
        match Model::load_with(&Origin::baseline(), &Overrides { sets, renormalize }) {
            Ok(model) => check_runs(&model)?,
            Err(e) => prop_assert!(!e.to_string().is_empty() && !e.problems().is_empty()),
        }
    }

    /// Random `--set` text: paths from real and garbage segments.
    #[test]
    fn any_set_text_is_handled(
        path in proptest::collection::vec(
            prop_oneof![
                Just("worlds".to_string()), Just("tactics".to_string()), Just("rules[2]".to_string()),
                Just("durable-peace".to_string()), Just("bluffing".to_string()), Just("effects".to_string()),
                Just("probability".to_string()), Just("start".to_string()), Just("front".to_string()),
                "[a-z_\\[\\]0-9-]{0,8}",
            ],
            0..5,
        ),
        value in prop_oneof![value(), ".{0,12}"],
    ) {
        let set = format!("{}={value}", path.join("."));
        match Model::load_with(&Origin::baseline(), &Overrides { sets: vec![set], renormalize: false }) {
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
