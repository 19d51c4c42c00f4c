//! compare, sweep, sensitivity and trace, driven as a user drives them.

use crate::common::*;
use predicates::prelude::*;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let out = negsim().args(args).assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn scenario(name: &str) -> String {
    repo(&format!("scenarios/{name}.toml")).to_str().unwrap().to_string()
}

#[test]
fn comparing_a_scenario_with_itself_gives_exact_zeros() {
    let base = scenario("baseline");
    let v = json(&["compare", &base, &base, "-n", "5000", "-f", "json"]);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 7 + 2 + 2 + 1);
    for r in rows {
        assert_eq!(r["diff"].as_f64(), Some(0.0), "{r}");
        assert_eq!(r["ci95"], serde_json::json!([0.0, 0.0]), "{r}");
        assert_eq!(r["excludes_zero"], false);
    }
}

#[test]
fn compare_measures_a_change_on_common_random_numbers() {
    let base = scenario("baseline-calibrated");
    let v = json(&["compare", &base, &scenario("us-withdrawal"), "-n", "40000", "-f", "json"]);
    let row = |m: &str| v["rows"].as_array().unwrap().iter().find(|r| r["measure"] == m).unwrap().clone();
    let breakthrough = row("russian-breakthrough");
    assert!(breakthrough["excludes_zero"].as_bool().unwrap());
    assert!(breakthrough["diff"].as_f64().unwrap() > 0.03);
    // Paired intervals are narrower than independent ones would be.
    for r in v["rows"].as_array().unwrap() {
        let w = |k: &str| r[k][1].as_f64().unwrap() - r[k][0].as_f64().unwrap();
        assert!(w("ci95") <= w("ci95_independent") * 1.0001, "{r}");
    }
    // The diff is B - A, and A and B are each their own run.
    let a = json(&["run", &base, "-n", "40000", "-f", "json"]);
    assert_eq!(breakthrough["a"].as_f64(), a["outcomes"][2]["probability"].as_f64());
}

#[test]
fn set_b_changes_only_b_and_set_changes_both() {
    let base = scenario("baseline");
    let v = json(&[
        "compare",
        &base,
        "-n",
        "3000",
        "--set-b",
        "tactics.last_minute_reversal.probability=0.9",
        "-f",
        "json",
    ]);
    assert_eq!(v["b"]["overrides"], serde_json::json!(["tactics.last_minute_reversal.probability=0.9"]));
    assert_eq!(v["a"]["overrides"], serde_json::json!([]));
    let signed = v["rows"].as_array().unwrap().iter().find(|r| r["measure"] == "signed").unwrap().clone();
    assert!(signed["diff"].as_f64().unwrap() < 0.0);
    let both = json(&["compare", &base, "-n", "3000", "--set", "russia.burn=0.05", "-f", "json"]);
    assert_eq!(both["a"]["overrides"], both["b"]["overrides"]);
}

#[test]
fn a_sweep_has_one_row_per_value_on_common_random_numbers() {
    let v = json(&["sweep", "--set-range", "tactics.time_exhaustion.probability=0:0.6:4", "-n", "8000", "-f", "json"]);
    let rows = v["rows"].as_array().unwrap();
    let values: Vec<&str> = rows.iter().map(|r| r["value"].as_str().unwrap()).collect();
    assert_eq!(values, ["0", "0.2", "0.4", "0.6"]);
    // Common random numbers make the curve monotone here: more exhaustion,
    // longer talks, row after row.
    let rounds: Vec<f64> = rows.iter().map(|r| r["rounds_mean"].as_f64().unwrap()).collect();
    assert!(rounds.windows(2).all(|w| w[0] < w[1]), "{rounds:?}");
    // The same as running each value alone.
    let alone = json(&["run", "-n", "8000", "--set", "tactics.time_exhaustion.probability=0.4", "-f", "json"]);
    assert_eq!(rows[2]["estimates"][0]["probability"], alone["outcomes"][0]["probability"]);
    // Values as a list, and CSV one row per value and measure.
    let csv = negsim()
        .args(["sweep", "--set-range", "russia.burn=0.03,0.05", "-n", "2000", "-f", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(csv).unwrap();
    assert_eq!(text.lines().next(), Some("key,value,measure,estimate,ci_low,ci_high"));
    assert_eq!(text.lines().count(), 1 + 2 * (7 + 3 + 1));
}

#[test]
fn bad_sweeps_are_refused_before_any_run() {
    negsim()
        .args(["sweep", "--set-range", "russia.burn=0:2:3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`russia.burn` must be between 0 and 1, found 2"));
    negsim()
        .args(["sweep", "--set-range", "russia.burn=0:1:5000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cap on sweep points"));
    negsim()
        .args(["sweep", "--set-range", "russia.bur=0:1:3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `burn`"));
}

#[test]
fn sensitivity_ranks_swings_and_keeps_parameters_in_range() {
    let v = json(&["sensitivity", "-n", "3000", "-q", "-f", "json", "--target", "signed"]);
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.len() > 50);
    let swings: Vec<f64> = rows.iter().map(|r| r["swing"].as_f64().unwrap().abs()).collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "sorted by size");
    for r in rows {
        let key = r["key"].as_str().unwrap();
        let (low, high) = (r["low"].as_f64().unwrap(), r["high"].as_f64().unwrap());
        if key.ends_with("probability") || key.ends_with("hazard") {
            assert!((0.0..=1.0).contains(&low) && (0.0..=1.0).contains(&high), "{key}: {low} {high}");
        }
        let at = |k: &str| r[k].as_f64().unwrap();
        assert!((at("at_high") - at("at_low") - at("swing")).abs() < 1e-12);
    }
    // A probability at 0.5 moved by 20% goes to 0.4 and 0.6; one at 0.9
    // by 20% up would leave [0, 1] and stops at 1.
    let v = json(&[
        "sensitivity",
        "-n",
        "1000",
        "-f",
        "json",
        "--param",
        "tactics.controlled_chaos.probability",
        "--set",
        "tactics.stalled_talks.probability=0.9",
        "--param",
        "tactics.stalled_talks.probability",
    ]);
    let rows = v["rows"].as_array().unwrap();
    let find = |k: &str| rows.iter().find(|r| r["key"] == k).unwrap().clone();
    assert_eq!(find("tactics.controlled_chaos.probability")["high"].as_f64(), Some(0.6));
    assert_eq!(find("tactics.stalled_talks.probability")["high"].as_f64(), Some(1.0));
    negsim()
        .args(["sensitivity", "--param", "russia.pain.frnt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("russia.pain.front"));
}

#[test]
fn a_trace_tells_the_story_of_trial_k_exactly_as_the_run_played_it() {
    for k in [0_u64, 7, 4100] {
        let before = json(&["run", "-n", &k.max(1).to_string(), "-f", "json"]);
        let after = json(&["run", "-n", &(k + 1).to_string(), "-f", "json"]);
        let counts = |v: &Value| -> Vec<u64> {
            v["outcomes"].as_array().unwrap().iter().map(|o| o["count"].as_u64().unwrap()).collect()
        };
        let expected = if k == 0 {
            counts(&after).iter().position(|&c| c == 1).unwrap() + 1
        } else {
            counts(&after).iter().zip(counts(&before)).position(|(a, b)| a != &b).unwrap() + 1
        };
        let out = negsim()
            .args(["trace", "--trial", &k.to_string(), "-f", "jsonl"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
        assert_eq!(last["event"], "outcome");
        assert_eq!(last["outcome"].as_u64(), Some(expected as u64), "trial {k}");
        let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(first["event"], "start");
        assert_eq!(first["trial"].as_u64(), Some(k));
    }
    negsim()
        .args(["trace", "--trial", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("world "))
        .stdout(predicate::str::contains("round   1"))
        .stdout(predicate::str::contains("outcome   "));
}
