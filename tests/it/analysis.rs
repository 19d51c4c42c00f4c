//! compare, sweep, sensitivity and trace on model v2, driven as a user
//! drives them.
//!
//! Every analysis plays trial `i` of every variant on the same random
//! numbers (common random numbers): a variant's figures are those of a
//! plain `negsim run` of it with the same seed and trials, a scenario
//! compared with itself differs by exactly nothing, and `negsim trace
//! --trial K` is trial K of the run. The tests hold each command to that,
//! and to the direction in which a documented change moves the outcomes.

use crate::common::*;
use predicates::prelude::*;
use serde_json::Value;
use std::time::Duration;

/// A successful command's JSON output (the command must be given `-f json`
/// or write JSON itself).
fn json(args: &[&str]) -> Value {
    let out = negsim().args(args).arg("--quiet").assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// A shipped scenario's path.
fn scenario(name: &str) -> String {
    repo(&format!("scenarios/{name}.toml")).to_str().unwrap().to_string()
}

/// A compare report's row for `measure`.
fn row<'a>(v: &'a Value, measure: &str) -> &'a Value {
    v["rows"].as_array().unwrap().iter().find(|r| r["measure"] == measure).unwrap_or_else(|| panic!("no {measure}"))
}

/// A value and its standard error as a share of `n` trials.
fn share_of(p: f64, n: u64) -> (f64, f64) {
    (p, (p * (1.0 - p) / n as f64).sqrt())
}

/// The measures compare reports, in order.
const MEASURES: [&str; 12] = [
    "hybrid-world-war",
    "supported-attrition",
    "russian-breakthrough",
    "mutual-exhaustion",
    "unacceptable-ceasefire",
    "fragile-ceasefire",
    "durable-peace",
    "military",
    "negotiated",
    "signed",
    "in_force",
    "meetings",
];

/// A run's figure for a compare measure, read from its JSON report.
fn run_figure(run: &Value, measure: &str) -> f64 {
    match measure {
        "military" | "negotiated" => run["families"][measure]["probability"].as_f64().unwrap(),
        "signed" | "in_force" => run["ceasefire"][measure].as_f64().unwrap(),
        "meetings" => run["meetings"]["per_trial"].as_f64().unwrap(),
        id => {
            run["outcomes"].as_array().unwrap().iter().find(|o| o["id"] == id).unwrap()["probability"].as_f64().unwrap()
        }
    }
}

/// Asserts that each side of a comparison is the plain run of that side.
fn assert_sides_are_runs(cmp: &Value, a: &Value, b: &Value) {
    for m in MEASURES {
        let r = row(cmp, m);
        for (side, run) in [("a", a), ("b", b)] {
            let (got, want) = (r[side].as_f64().unwrap(), run_figure(run, m));
            assert!((got - want).abs() <= 1e-12 * want.abs().max(1.0), "{m}, {side}: compare {got}, run {want}");
        }
    }
}

#[test]
fn comparing_a_scenario_with_itself_gives_exact_zeros() {
    let base = scenario("baseline");
    let v = json(&["compare", &base, &base, "-n", "3000", "-f", "json"]);
    let rows = v["rows"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["measure"].as_str().unwrap()).collect();
    assert_eq!(names, MEASURES);
    for r in rows {
        assert_eq!(r["a"], r["b"], "{r}");
        assert_eq!(r["diff"].as_f64(), Some(0.0), "{r}");
        assert_eq!(r["ci95"], serde_json::json!([0.0, 0.0]), "{r}");
        assert_eq!(r["excludes_zero"], false, "{r}");
        // Two independent runs would not agree exactly: the interval they
        // would give is not empty.
        let ind = &r["ci95_independent"];
        assert!(ind[0].as_f64().unwrap() < 0.0 && ind[1].as_f64().unwrap() > 0.0, "{r}");
    }
    // B defaults to A, and both sides are the plain run.
    let alone = json(&["compare", &base, "-n", "3000", "-f", "json"]);
    assert_eq!(alone["rows"], v["rows"]);
    let run = json(&["run", &base, "-n", "3000", "-f", "json"]);
    assert_sides_are_runs(&v, &run, &run);
}

/// The shipped variants say which way they move the outcomes: without the
/// US, more Russian breakthroughs and fewer ceasefires; under sanctions
/// pressure, a larger negotiated share and fewer breakthroughs. Each move
/// must exceed 4 standard errors of the difference of two independent
/// shares (the paired error is smaller, so this is conservative; at 5000
/// trials the moves are several times larger). Each side of a comparison
/// is the plain run of its scenario with the same seed.
#[test]
fn compare_moves_the_documented_outcomes_and_each_side_is_its_own_run() {
    const N: u64 = 5000;
    let base = scenario("baseline");
    let a = json(&["run", &base, "-n", "5000", "-f", "json"]);
    let expectations: [(&str, &[(&str, bool)]); 2] = [
        ("us-withdrawal", &[("russian-breakthrough", true), ("signed", false), ("negotiated", false)]),
        ("sanctions-pressure", &[("negotiated", true), ("russian-breakthrough", false), ("signed", true)]),
    ];
    for (name, moves) in expectations {
        let v = json(&["compare", &base, &scenario(name), "-n", "5000", "-f", "json"]);
        assert_eq!(v["b"]["scenario"], name);
        assert_sides_are_runs(&v, &a, &json(&["run", &scenario(name), "-n", "5000", "-f", "json"]));
        for &(m, up) in moves {
            let r = row(&v, m);
            let what = format!("{name}: {m}");
            assert_moves(&what, share_of(r["a"].as_f64().unwrap(), N), share_of(r["b"].as_f64().unwrap(), N), up, 4.0);
            assert!(r["excludes_zero"].as_bool().unwrap(), "{what}: the paired interval excludes zero");
            let diff = r["diff"].as_f64().unwrap();
            assert!((diff - (r["b"].as_f64().unwrap() - r["a"].as_f64().unwrap())).abs() < 1e-12, "diff is B - A");
        }
    }
}

/// `--set-b` changes B only and `--set` both; a small change measured on
/// common random numbers has a paired interval far narrower than two
/// independent runs would give (most trials play identically), which is
/// the point of pairing.
#[test]
fn set_b_changes_only_b_and_set_changes_both() {
    const N: u64 = 3000;
    let base = scenario("baseline");
    let concede = "ukraine.max_concession=0.6";
    let v = json(&["compare", &base, "-n", "3000", "--set-b", concede, "-f", "json"]);
    assert_eq!(v["a"]["overrides"], serde_json::json!([]));
    assert_eq!(v["b"]["overrides"], serde_json::json!([concede]));
    let plain = json(&["run", &base, "-n", "3000", "-f", "json"]);
    let conceding = json(&["run", &base, "-n", "3000", "--set", concede, "-f", "json"]);
    assert_sides_are_runs(&v, &plain, &conceding);
    // A Ukraine that concedes further (0.47 -> 0.6) closes the gap sooner:
    // more ceasefires signed.
    let signed = row(&v, "signed");
    assert_moves(
        "signed",
        share_of(signed["a"].as_f64().unwrap(), N),
        share_of(signed["b"].as_f64().unwrap(), N),
        true,
        4.0,
    );

    let pace = "russia.pain_pace=0.2";
    let both = json(&["compare", &base, "-n", "3000", "--set", pace, "--set-b", concede, "-f", "json"]);
    assert_eq!(both["a"]["overrides"], serde_json::json!([pace]));
    assert_eq!(both["b"]["overrides"], serde_json::json!([pace, concede]));
    let paced = json(&["run", &base, "-n", "3000", "--set", pace, "-f", "json"]);
    let paced_conceding = json(&["run", &base, "-n", "3000", "--set", pace, "--set", concede, "-f", "json"]);
    assert_sides_are_runs(&both, &paced, &paced_conceding);

    let small = json(&["compare", &base, "-n", "3000", "--set-b", "russia.pain_pace=0.12", "-f", "json"]);
    for m in ["negotiated", "signed"] {
        let r = row(&small, m);
        let width = |k: &str| r[k][1].as_f64().unwrap() - r[k][0].as_f64().unwrap();
        assert!(width("ci95") > 0.0 && width("ci95") * 2.0 < width("ci95_independent"), "{m}: {r}");
    }
}

/// A sweep has one row per value, in order, and each row is the plain run
/// of that value with the same seed (common random numbers). Russia's
/// pain pace (how fast pain softens its demand) raises the negotiated
/// share: each step of the curve must exceed 4 standard errors of the
/// difference of two independent shares (conservative: the rows share
/// their random numbers).
#[test]
fn a_sweep_has_one_row_per_value_on_common_random_numbers() {
    const N: u64 = 3000;
    let key = "russia.pain_pace";
    let v = json(&["sweep", "--set-range", &format!("{key}=0.05:0.2:4"), "-n", "3000", "-f", "json"]);
    assert_eq!((v["key"].as_str(), v["trials"].as_u64()), (Some(key), Some(N)));
    let rows = v["rows"].as_array().unwrap();
    let values: Vec<&str> = rows.iter().map(|r| r["value"].as_str().unwrap()).collect();
    assert_eq!(values, ["0.05", "0.1", "0.15", "0.2"]);
    let estimate = |r: &Value, m: &str| -> f64 {
        r["estimates"].as_array().unwrap().iter().find(|e| e["measure"] == m).unwrap()["probability"].as_f64().unwrap()
    };
    for w in rows.windows(2) {
        let (lo, hi) = (estimate(&w[0], "negotiated"), estimate(&w[1], "negotiated"));
        assert_moves(
            &format!("negotiated, {key} {} -> {}", w[0]["value"], w[1]["value"]),
            share_of(lo, N),
            share_of(hi, N),
            true,
            4.0,
        );
    }
    for (r, value) in rows.iter().zip(&values).step_by(3) {
        let alone = json(&["run", "-n", "3000", "--set", &format!("{key}={value}"), "-f", "json"]);
        for m in MEASURES[..7].iter().chain(&["negotiated", "signed", "in_force"]) {
            assert_eq!(estimate(r, m), run_figure(&alone, m), "{key}={value}: {m}");
        }
        assert_eq!(r["meetings_mean"].as_f64(), Some(run_figure(&alone, "meetings")), "{key}={value}");
    }
    // Values as a list, on top of a --set that stays the scenario's own,
    // and in CSV one line per value and measure.
    let out = negsim()
        .args(["sweep", "--set-range", "meetings.us_ru.rate=1.2,2.4", "--set", "russia.burn=0.05", "-n", "500"])
        .args(["--quiet", "-f", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("key,value,measure,estimate,ci_low,ci_high"));
    let cells: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(cells.len(), 2 * 11, "{text}");
    for (i, c) in cells.iter().enumerate() {
        assert_eq!((c[0], c[1]), ("meetings.us_ru.rate", ["1.2", "2.4"][i / 11]), "{text}");
    }
    let v = json(&[
        "sweep",
        "--set-range",
        "meetings.us_ru.rate=1.2,2.4",
        "--set",
        "russia.burn=0.05",
        "-n",
        "500",
        "-f",
        "json",
    ]);
    assert_eq!(v["scenario"]["overrides"], serde_json::json!(["russia.burn=0.05"]));
}

/// A grid of two parameters has a row per combination, the last parameter
/// varying fastest, and each row is the plain run with both values set
/// (common random numbers: the same figures, exactly). In CSV (tidy long
/// form) each parameter is a column named by its key. Both levers move the
/// negotiated share the documented way at every step of the other (4
/// standard errors): Ukraine's larger concession limit and more frequent
/// US-Russia meetings each raise it.
#[test]
fn a_two_parameter_grid_crosses_every_value_on_common_random_numbers() {
    const N: u64 = 4000;
    let (a, b) = ("ukraine.max_concession", "meetings.us_ru.rate");
    let ranges = ["--set-range", "ukraine.max_concession=0.3:0.5:3", "--set-range", "meetings.us_ru.rate=1,3"];
    let v = json(&[&["sweep"][..], &ranges, &["-n", "4000", "-f", "json"]].concat());
    assert_eq!(v["keys"], serde_json::json!([a, b]));
    assert_eq!(v["key"].as_str(), Some("ukraine.max_concession x meetings.us_ru.rate"));
    let rows = v["rows"].as_array().unwrap();
    let points: Vec<Vec<&str>> =
        rows.iter().map(|r| r["values"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect()).collect();
    let want: Vec<Vec<&str>> = [["0.3", "1"], ["0.3", "3"], ["0.4", "1"], ["0.4", "3"], ["0.5", "1"], ["0.5", "3"]]
        .iter()
        .map(|p| p.to_vec())
        .collect();
    assert_eq!(points, want);
    let estimate = |r: &Value, m: &str| -> f64 {
        r["estimates"].as_array().unwrap().iter().find(|e| e["measure"] == m).unwrap()["probability"].as_f64().unwrap()
    };
    for (r, p) in rows.iter().zip(&points).step_by(5) {
        let alone = json(&[
            "run",
            "-n",
            "4000",
            "--set",
            &format!("{a}={}", p[0]),
            "--set",
            &format!("{b}={}", p[1]),
            "-f",
            "json",
        ]);
        for m in MEASURES[..7].iter().chain(&["negotiated", "signed", "in_force"]) {
            assert_eq!(estimate(r, m), run_figure(&alone, m), "{p:?}: {m}");
        }
    }
    let negotiated = |i: usize| share_of(estimate(&rows[i], "negotiated"), N);
    for i in [0, 2, 4] {
        assert_moves(
            &format!("negotiated, {b} 1 -> 3 at {a} {}", points[i][0]),
            negotiated(i),
            negotiated(i + 1),
            true,
            4.0,
        );
    }
    for i in [0, 1] {
        for (lo, hi) in [(i, i + 2), (i + 2, i + 4)] {
            assert_moves(
                &format!("negotiated, {a} {:?} -> {:?}", points[lo], points[hi]),
                negotiated(lo),
                negotiated(hi),
                true,
                4.0,
            );
        }
    }
    let out = negsim().args(["sweep"]).args(ranges).args(["-n", "300", "-q", "-f", "csv"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("ukraine.max_concession,meetings.us_ru.rate,measure,estimate,ci_low,ci_high"));
    let cells: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(cells.len(), 6 * 11, "{text}");
    for (i, c) in cells.iter().enumerate() {
        assert_eq!((c[0], c[1]), (points[i / 11][0], points[i / 11][1]), "{text}");
    }
    // The table has a column per parameter.
    let out = negsim().args(["sweep"]).args(ranges).args(["-n", "300", "-q"]).assert().success();
    let table = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(table.lines().any(|l| l.trim_start().starts_with("ukraine.max_concession meetings.us_ru.rate")), "{table}");
}

/// Grids that cannot be run are refused before any run, each with why.
#[test]
fn bad_grids_are_refused_before_any_run() {
    let cases: &[(&[&str], &str)] = &[
        (&["russia.pain_pace=0.1,0.2", "russia.pain_pace=0.3,0.4"], "--set-range russia.pain_pace=... is given twice"),
        (&["russia.pain_pace=0:1:100", "russia.burn=0:0.1:11"], "the cap on sweep points is 1000"),
        (
            &["russia.pain_pace=0,1", "russia.burn=0,0.1", "war.intensity=0.5,0.6", "war.front_pull=0.1,0.2"],
            "a grid crosses at most 3",
        ),
        (&["russia.pain_pace=0,1", "simulation.seed=1,2"], "this would print identical rows"),
    ];
    for (ranges, needle) in cases {
        let mut cmd = negsim();
        cmd.arg("sweep");
        for r in *ranges {
            cmd.args(["--set-range", r]);
        }
        cmd.args(["-n", "100000000", "--quiet"])
            .timeout(Duration::from_secs(30))
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(*needle));
    }
}

/// Bad sweeps are refused before any run (exit code 2, nothing on stdout,
/// within seconds although a run of 100 million trials per value would take
/// many minutes), each with what is wrong.
#[test]
fn bad_sweeps_are_refused_before_any_run() {
    let cases: &[(&str, &str)] = &[
        ("russia.pain_pace=0:2:3", "`russia.pain_pace` must be between 0 and 1, found 2"),
        ("meetings.us_ru.rate=-1,1", "`meetings.us_ru.rate` must be between 0 and 30, found -1"),
        ("russia.pain_pace=0:1:5000", "STEPS must be between 2 and 1000 (the cap on sweep points)"),
        ("russia.pain_pace=0:1:1", "STEPS must be between 2 and 1000"),
        ("russia.pain_pac=0:1:3", "did you mean `pain_pace`?"),
        ("russia.pain_pace=0:1", "a range is FROM:TO:STEPS, three parts"),
        ("russia.pain_pace=a:1:3", "FROM `a` is not a number"),
        ("russia.pain_pace=0.1,,0.2", "an empty value"),
        ("russia.pain_pace", "no `=`"),
        ("simulation.seed=1,2", "this would print identical rows"),
    ];
    for (range, needle) in cases {
        negsim()
            .args(["sweep", "--set-range", range, "-n", "100000000", "--quiet"])
            .timeout(Duration::from_secs(30))
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(*needle));
    }
}

/// The tornado: one row per numeric parameter moved down and up by 20 %,
/// sorted by the size of its swing; a move that would leave the
/// parameter's range stops at its edge (the row says `clamped`, and the
/// unclamped value is one `--set` refuses); parameters a driver draws per
/// trial are not moved (their drivers are). Each end of a row is the plain
/// run of the scenario with the parameter there.
#[test]
fn sensitivity_ranks_swings_and_keeps_parameters_in_range() {
    let v = json(&["sensitivity", "-n", "500", "-f", "json", "--target", "signed"]);
    assert_eq!((v["delta"].as_f64(), v["trials"].as_u64()), (Some(0.2), Some(500)));
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.len() > 100, "every numeric parameter: {}", rows.len());
    let swings: Vec<f64> = rows.iter().map(|r| r["swing"].as_f64().unwrap().abs()).collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "sorted by the size of the swing");
    let base = v["base"].as_f64().unwrap();
    let plain = json(&["run", "-n", "500", "-f", "json"]);
    assert_eq!(base, run_figure(&plain, "signed"));
    let f = |r: &Value, k: &str| r[k].as_f64().unwrap();
    let mut clamped = 0;
    for r in rows {
        let key = r["key"].as_str().unwrap();
        let (value, low, high) = (f(r, "value"), f(r, "low"), f(r, "high"));
        // (To rounding: JSON numbers are read back to the nearest double
        // or next to it.)
        assert!((f(r, "swing") - (f(r, "at_high") - f(r, "at_low"))).abs() < 1e-12, "{key}: swing is high - low");
        assert!(low.abs() <= value.abs() && value.abs() <= high.abs(), "{key}: {low} {value} {high}");
        if r["clamped_low"] == true || r["clamped_high"] == true {
            clamped += 1;
            // The 20 % move leaves the range: --set refuses it, and takes
            // the clamped value; the row says which side was cut.
            for (moved, wanted, side) in [(low, value * 0.8, "clamped_low"), (high, value * 1.2, "clamped_high")] {
                assert_eq!(r[side] == true, (moved - wanted).abs() > 1e-12, "{key}: {side}");
                if (moved - wanted).abs() > 1e-12 {
                    negsim()
                        .args(["run", "-n", "1", "--quiet", "--set", &format!("{key}={wanted:?}")])
                        .assert()
                        .code(2)
                        .stderr(predicate::str::contains(format!("`{key}` must be between")));
                    negsim()
                        .args(["run", "-n", "1", "--quiet", "--set", &format!("{key}={moved:?}")])
                        .assert()
                        .success();
                }
            }
        } else {
            assert!((low - value * 0.8).abs() <= 1e-12 * value.abs(), "{key}: low {low}");
            assert!((high - value * 1.2).abs() <= 1e-12 * value.abs(), "{key}: high {high}");
        }
        // A parameter already at its edge does not move that way: that end
        // is the scenario as it is, trial for trial.
        if high == value {
            assert_eq!(f(r, "at_high"), base, "{key}");
        }
    }
    assert!(clamped > 0, "some parameters start at an edge of their range (shares of 1.0)");
    // Parameters drawn per trial are left out: each is a driver's key.
    let mut drawn: Vec<&str> = v["skipped_drawn"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
    let mut keys: Vec<&str> = plain["drivers"].as_array().unwrap().iter().map(|d| d["key"].as_str().unwrap()).collect();
    drawn.sort_unstable();
    keys.sort_unstable();
    assert_eq!(drawn, keys);
    assert!(rows.iter().all(|r| !keys.contains(&r["key"].as_str().unwrap())));
    // The two ends of the largest swing are plain runs, and the direction is
    // the model's: a Ukraine that concedes more signs more. The swing must
    // exceed 4 standard errors of the difference of two independent shares.
    let top = rows.iter().find(|r| r["key"] == "ukraine.max_concession").unwrap();
    for (end, at) in [("low", "at_low"), ("high", "at_high")] {
        let set = format!("ukraine.max_concession={:?}", f(top, end));
        let run = json(&["run", "-n", "500", "--set", &set, "-f", "json"]);
        assert_eq!(f(top, at), run_figure(&run, "signed"), "{set}");
    }
    assert_moves(
        "signed, max_concession low -> high",
        share_of(f(top, "at_low"), 500),
        share_of(f(top, "at_high"), 500),
        true,
        4.0,
    );
    // --param and --top choose rows; the figures are those of the full run.
    let some = json(&[
        "sensitivity",
        "-n",
        "500",
        "-f",
        "json",
        "--target",
        "signed",
        "--param",
        "russia.pain_pace",
        "--param",
        "ukraine.max_concession",
        "--param",
        "meetings.us_ru.moves_russia",
        "--top",
        "2",
    ]);
    let picked = some["rows"].as_array().unwrap();
    let expected: Vec<&Value> = rows
        .iter()
        .filter(|r| {
            ["russia.pain_pace", "ukraine.max_concession", "meetings.us_ru.moves_russia"]
                .contains(&r["key"].as_str().unwrap())
        })
        .take(2)
        .collect();
    assert_eq!(picked.iter().collect::<Vec<_>>(), expected);
    negsim()
        .args(["sensitivity", "--param", "russia.pain_pac"])
        .timeout(Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `russia.pain_pace`"));
}

/// Outcome counts of a JSON run report.
fn counts(run: &Value) -> Vec<u64> {
    run["outcomes"].as_array().unwrap().iter().map(|o| o["count"].as_u64().unwrap()).collect()
}

/// Meetings held over all trials, by format, from a JSON run report.
fn meetings_held(run: &Value) -> u64 {
    let n = run["trials"].as_f64().unwrap();
    run["meetings"]["by_format"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["per_trial"].as_f64().unwrap() * n).round() as u64)
        .sum()
}

/// `negsim trace --trial K` tells trial K exactly as `negsim run` played
/// it: a run of K + 1 trials differs from a run of K trials by one trial,
/// and that trial's outcome, signature, ceasefire in force and meetings are
/// the trace's. Checked at the first trial, inside the first block of 4096
/// trials, at both sides of the block boundary, and with another seed and
/// an override.
#[test]
fn a_trace_tells_the_story_of_trial_k_exactly_as_the_run_played_it() {
    let cases: [(u64, &[&str]); 5] =
        [(0, &[]), (7, &[]), (4095, &[]), (4096, &[]), (11, &["--seed", "5", "--set", "meetings.us_ru.rate=3"])];
    for (k, extra) in cases {
        let run = |n: u64| json(&[&["run", "-n", &n.to_string(), "-f", "json"][..], extra].concat());
        let after = run(k + 1);
        let before = if k == 0 { None } else { Some(run(k)) };
        let delta = |f: &dyn Fn(&Value) -> u64| f(&after) - before.as_ref().map_or(0, f);
        let out = negsim()
            .args(["trace", "--trial", &k.to_string(), "-f", "jsonl"])
            .args(extra)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        let events: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let (first, last) = (&events[0], events.last().unwrap());
        assert_eq!((first["event"].as_str(), first["trial"].as_u64()), (Some("start"), Some(k)));
        assert_eq!(first["seed"], after["seed"], "trial {k}");
        assert_eq!(last["event"], "outcome");
        let outcome = last["outcome"].as_u64().unwrap() as usize;
        let mut one = vec![0; 7];
        one[outcome - 1] = 1;
        let diff: Vec<u64> = (0..7).map(|i| delta(&|v| counts(v)[i])).collect();
        assert_eq!(diff, one, "trial {k}: the run's extra trial and the trace's outcome {outcome}");
        let share_count = |key: &'static str| {
            move |v: &Value| (v["ceasefire"][key].as_f64().unwrap() * v["trials"].as_f64().unwrap()).round() as u64
        };
        assert_eq!(delta(&share_count("signed")), u64::from(!last["signed"].is_null()), "trial {k}: signed");
        assert_eq!(delta(&share_count("in_force")), u64::from(last["in_force"] == true), "trial {k}: in force");
        let told = events.iter().filter(|e| e["event"] == "meeting").count() as u64;
        assert_eq!(last["meetings"].as_u64(), Some(told), "trial {k}");
        assert_eq!(delta(&meetings_held), told, "trial {k}: meetings");
    }
    // The text tells the same trial.
    negsim()
        .args(["trace", "--trial", "7"])
        .assert()
        .success()
        .stdout(predicate::str::contains("seed 20250613 · trial 7"))
        .stdout(predicate::str::contains("start 2025-06-13"))
        .stdout(predicate::str::contains("outcome on 2026-12-31: "));
}

/// The outcome shares of the trials a `--given` condition keeps.
fn given_shares(expr: &str) -> Vec<f64> {
    let run = json(&["run", "-n", "6000", "-s", "31", "--given", expr, "-f", "json"]);
    run["given"]["summary"]["outcomes"].as_array().unwrap().iter().map(|o| o["probability"].as_f64().unwrap()).collect()
}

#[test]
fn each_move_s_attribution_is_the_split_of_the_trials_by_whether_it_happened() {
    // The attribution of a move is the outcome shares among the trials in
    // which it happened minus those among the trials in which it did not:
    // exactly what two `--given` runs over the same trials give.
    let run = json(&["run", "-n", "6000", "-s", "31", "-f", "json"]);
    let tactics = run["tactics"].as_array().unwrap();
    for id in ["last_minute_reversal", "us_walkaway", "controlled_chaos"] {
        let t = tactics.iter().find(|t| t["id"] == id).unwrap();
        let effect = t["effect"].as_array().unwrap();
        assert_eq!(effect.len(), 7, "{id}: {t}");
        let with = given_shares(&format!("uses({id}) >= 1"));
        let without = given_shares(&format!("uses({id}) == 0"));
        for (o, e) in effect.iter().enumerate() {
            let diff = e["diff"].as_f64().unwrap();
            assert!(
                (diff - (with[o] - without[o])).abs() < 1e-12,
                "{id}, outcome {}: {diff} vs {with:?} {without:?}",
                o + 1
            );
            let ci = e["ci95"].as_array().unwrap();
            assert!(ci[0].as_f64().unwrap() <= diff && diff <= ci[1].as_f64().unwrap());
        }
    }
    // A move that cannot happen in a trial group too small to compare has
    // no attribution, rather than a meaningless one.
    let refinery = tactics.iter().find(|t| t["id"] == "refinery_strikes").unwrap();
    assert_eq!(refinery["share_of_trials"].as_f64().unwrap(), 1.0);
    assert!(refinery["effect"].as_array().unwrap().is_empty(), "{refinery}");
}

#[test]
fn the_signed_terms_describe_the_signed_trials() {
    let run = json(&["run", "-n", "6000", "-s", "32", "-f", "json"]);
    let t = &run["terms"];
    let bands: Vec<f64> = t["bands"].as_array().unwrap().iter().map(|b| b.as_f64().unwrap()).collect();
    assert_eq!(bands.len(), 20);
    assert!((bands.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{bands:?}");
    let (p10, p50, p90) = (t["p10"].as_f64().unwrap(), t["p50"].as_f64().unwrap(), t["p90"].as_f64().unwrap());
    assert!(0.0 <= p10 && p10 <= p50 && p50 <= p90 && p90 <= 1.0, "{t}");
    // The share past the red line, over signed trials, times the share
    // signed, is the share of all trials past it.
    let c = &run["ceasefire"];
    let past = t["past_red_line"].as_f64().unwrap() * c["signed"].as_f64().unwrap();
    assert!((past - c["above_red_line"].as_f64().unwrap()).abs() < 1e-12, "{t} {c}");
    // Terms past the median are at least as high as the median's band.
    let below_median: f64 = bands[..(100.0 * p50) as usize / 5].iter().sum();
    assert!(below_median <= 0.5 + 1e-9, "{bands:?} {p50}");
    // With nothing signed there are no terms.
    let none = json(&["run", "-n", "2000", "--set", "simulation.horizon=2025-10-01", "-f", "json"]);
    assert_eq!(none["ceasefire"]["signed"].as_f64(), Some(0.0), "nothing is signed in 2025 in this model");
    assert!(none["terms"].is_null(), "{}", none["terms"]);
}
