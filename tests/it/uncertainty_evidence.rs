//! Expert disagreement (`--expert-concentration`, `--replicates`) and
//! conditioning on evidence (`--given`, `--accepted`), driven through the
//! binary as a user drives them.

use crate::common::*;
use predicates::prelude::*;
use serde_json::Value;

fn stdout(args: &[&str]) -> String {
    let out = negsim().args(args).arg("--quiet").assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["-f", "json"]);
    serde_json::from_str(&stdout(&all)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn shares(summary: &Value) -> Vec<(u64, f64)> {
    summary["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["count"].as_u64().unwrap(), o["probability"].as_f64().unwrap()))
        .collect()
}

/// Conditioning on the starting world is the same as starting there: the
/// trials of world 4 among a run of the baseline, against a run in which
/// world 4 has probability one. The two are different trials, so each
/// outcome's difference is compared with 4 standard errors of the
/// difference of two independent shares (a chance failure about once in
/// 16 000 outcomes; the seeds are fixed).
#[test]
fn conditioning_on_a_world_agrees_with_starting_there() {
    let given = json(&["run", "-n", "100000", "--given", "world == 4"]);
    let accepted = given["given"]["accepted"].as_u64().unwrap();
    assert!(accepted > 30_000, "{accepted}");
    let conditioned = shares(&given["given"]["summary"]);
    let only = json(&[
        "run",
        "-n",
        "50000",
        "--seed",
        "11",
        "--set",
        "worlds.mutual-exhaustion.probability=1",
        "--renormalize",
    ]);
    assert_eq!(only["world_probability"][3].as_f64(), Some(1.0));
    let direct = shares(&only);
    for (k, ((_, a), (_, b))) in conditioned.iter().zip(&direct).enumerate() {
        let p = (a + b) / 2.0;
        let se = (p * (1.0 - p) * (1.0 / accepted as f64 + 1.0 / 50_000.0)).sqrt();
        assert!(
            (a - b).abs() <= 4.0 * se + 1e-12,
            "outcome {}: given {a:.4} vs world-4 run {b:.4} (se {se:.5})",
            k + 1
        );
    }
    // And the condition holds: every accepted trial started in world 4.
    let wo = given["given"]["summary"]["world_outcome"].as_array().unwrap();
    for (w, row) in wo.iter().enumerate() {
        let n: u64 = row.as_array().unwrap().iter().map(|c| c.as_u64().unwrap()).sum();
        assert_eq!(n, if w == 3 { accepted } else { 0 }, "world {}", w + 1);
    }
}

#[test]
fn an_always_true_condition_changes_nothing_byte_for_byte() {
    let plain = stdout(&["run", "-n", "20000", "-f", "json"]);
    let with = stdout(&["run", "-n", "20000", "-f", "json", "--given", "true"]);
    let mut v: Value = serde_json::from_str(&with).unwrap();
    let given = v.as_object_mut().unwrap().remove("given").unwrap();
    assert_eq!(given["accepted"], given["drawn"]);
    // The report of the accepted trials is the plain report, byte for byte.
    let inner = serde_json::to_string_pretty(&given["summary"]).unwrap();
    let plain_v: Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(inner, serde_json::to_string_pretty(&plain_v).unwrap());
    // And the rest of the report is the plain report too.
    assert_eq!(serde_json::to_string_pretty(&v).unwrap(), serde_json::to_string_pretty(&plain_v).unwrap());
    // In CSV the given columns repeat the plain ones exactly.
    let csv = stdout(&["run", "-n", "20000", "-f", "csv", "--given", "true"]);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[col("probability")], cells[col("given_probability")], "{line}");
        assert_eq!(cells[col("ci_low")], cells[col("given_ci_low")], "{line}");
    }
}

#[test]
fn the_unconditioned_part_is_the_plain_run() {
    let plain: Value = json(&["run", "-n", "20000"]);
    let mut with = json(&["run", "-n", "20000", "--given", "rounds >= 6 and not signed"]);
    let given = with.as_object_mut().unwrap().remove("given").unwrap();
    assert_eq!(with, plain);
    // Nothing signed among the accepted trials: outcomes 5-7 are empty.
    let s = shares(&given["summary"]);
    assert!(s[4..].iter().all(|(k, _)| *k == 0), "{s:?}");
    assert!(s[..4].iter().map(|(k, _)| k).sum::<u64>() == given["accepted"].as_u64().unwrap());
}

#[test]
fn accepted_draws_until_enough_match_the_same_on_any_thread_count() {
    let args = ["run", "-n", "2000000", "--given", "world == 7 and held", "--accepted", "3000", "-f", "json"];
    let one = stdout(&[&args[..], &["-j", "1"]].concat());
    let two = stdout(&[&args[..], &["-j", "2"]].concat());
    assert_eq!(one, two);
    let v: Value = serde_json::from_str(&one).unwrap();
    let g = &v["given"];
    assert!(g["accepted"].as_u64().unwrap() >= 3000, "{g}");
    assert_eq!(g["reached"], true);
    // It stopped early: far fewer than the cap were drawn.
    assert!(v["trials"].as_u64().unwrap() < 2_000_000);
    assert_eq!(v["trials"], g["drawn"]);
}

#[test]
fn rare_evidence_is_said_plainly() {
    negsim()
        .args(["run", "-n", "5000", "--quiet", "--given", "world == 7 and held"])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning: only").and(predicate::str::contains("rests on few trials")))
        .stdout(predicate::str::contains("warning: only"));
    let v = json(&["run", "-n", "2000", "--given", "rounds > 24"]);
    assert_eq!(v["given"]["accepted"], 0);
    assert_eq!(v["given"]["summary"], Value::Null);
    assert!(v["given"]["warning"].as_str().unwrap().contains("no trial"));
    // The cap reached before --accepted is said too.
    let v = json(&["run", "-n", "70000", "--given", "world == 7 and held", "--accepted", "100000"]);
    assert_eq!(v["given"]["reached"], false);
    assert!(v["given"]["warning"].as_str().unwrap().contains("cap"), "{}", v["given"]);
}

#[test]
fn conditioned_figures_appear_in_every_format() {
    let base = ["run", "-n", "5000", "--given", "reversed", "--expert-concentration", "61", "--replicates", "5"];
    let table = stdout(&[&base[..], &["-f", "table"]].concat());
    assert!(table.contains("Given `reversed`") && table.contains("Expert disagreement"), "{table}");
    let md = stdout(&[&base[..], &["-f", "markdown"]].concat());
    assert!(md.contains("### Given `reversed`") && md.contains("### Expert disagreement"), "{md}");
    let csv = stdout(&[&base[..], &["-f", "csv"]].concat());
    assert!(csv.lines().next().unwrap().contains("given_probability,given_ci_low"), "{csv}");
    assert!(csv.lines().next().unwrap().contains("tables_p05,tables_p50,tables_p95"), "{csv}");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("r.html");
    negsim()
        .args(["report", "-n", "5000", "--quiet", "--given", "reversed", "--expert-concentration", "61"])
        .args(["--replicates", "5", "-o"])
        .arg(&page)
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    roxmltree::Document::parse_with_options(&html, options).unwrap();
    assert!(html.contains("<section id=\"given\">") && html.contains("<section id=\"experts\">"));
}

/// Mean width of the outcomes' 5-95 % bands across replicates.
fn mean_spread(k: &str) -> f64 {
    let v = json(&["run", "-n", "5000", "--expert-concentration", k, "--replicates", "40"]);
    let o = v["experts"]["outcomes"].as_array().unwrap();
    o.iter().map(|s| s["p95"].as_f64().unwrap() - s["p05"].as_f64().unwrap()).sum::<f64>() / o.len() as f64
}

/// The spread across tables shrinks as the experts agree more, roughly as
/// 1/sqrt(K + 1), and vanishes for very large K: the replicates share their
/// trials (common random numbers), so with identical tables they are
/// identical runs.
#[test]
fn the_spread_shrinks_as_agreement_grows_and_vanishes_in_the_limit() {
    let (k10, k61, k1000) = (mean_spread("10"), mean_spread("61"), mean_spread("1000"));
    assert!(k10 > k61 && k61 > k1000, "{k10} {k61} {k1000}");
    // sqrt(62 / 11) = 2.4: allow a wide band for 40 replicates.
    assert!((1.5..4.0).contains(&(k10 / k61)), "{}", k10 / k61);
    let limit = mean_spread("1e12");
    assert!(limit <= 1.0 / 5000.0, "at K = 1e12 the spread is {limit}");
}

#[test]
fn replicates_are_reproducible_and_independent_of_threads() {
    let args = ["run", "-n", "3000", "--expert-concentration", "61", "--replicates", "8", "-f", "json"];
    let a = stdout(&[&args[..], &["-j", "1"]].concat());
    assert_eq!(a, stdout(&[&args[..], &["-j", "2"]].concat()));
    let other =
        stdout(&["run", "-n", "3000", "--expert-concentration", "61", "--replicates", "8", "-f", "json", "-s", "2"]);
    assert_ne!(a, other);
    // The unconditioned part is the plain run.
    let mut v: Value = serde_json::from_str(&a).unwrap();
    v.as_object_mut().unwrap().remove("experts");
    assert_eq!(v, json(&["run", "-n", "3000"]));
}

#[test]
fn compare_reports_the_spread_of_the_difference() {
    let base = repo("scenarios/baseline-calibrated.toml");
    let b = repo("scenarios/us-withdrawal.toml");
    let out = negsim()
        .args(["compare", base.to_str().unwrap(), b.to_str().unwrap(), "-n", "5000", "--quiet", "-f", "json"])
        .args(["--expert-concentration", "61", "--replicates", "10"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let x = &v["experts"];
    assert_eq!(x["replicates"], 10);
    let breakthrough = &x["outcomes"][2];
    assert!(breakthrough["p05"].as_f64().unwrap() > 0.0, "the withdrawal raises outcome 3 in every table: {x}");
    // compare X X: zero difference in every table.
    let same = negsim()
        .args(["compare", base.to_str().unwrap(), "-n", "2000", "--quiet", "-f", "json"])
        .args(["--expert-concentration", "61", "--replicates", "4"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&same).unwrap();
    for s in v["experts"]["outcomes"].as_array().unwrap() {
        assert_eq!((s["p05"].as_f64(), s["p95"].as_f64()), (Some(0.0), Some(0.0)), "{s}");
    }
}

#[test]
fn bad_flags_are_refused_before_any_work() {
    let cases: &[(&[&str], &str)] = &[
        (&["run", "--expert-concentration", "0"], "--expert-concentration 0 is out of range"),
        (&["run", "--expert-concentration", "nan"], "out of range"),
        (&["run", "--expert-concentration", "61", "--replicates", "1"], "--replicates 1 is out of range"),
        (&["run", "--replicates", "5"], "--expert-concentration"),
        (&["run", "--accepted", "5"], "--given"),
        (&["run", "--given", "true", "--accepted", "0"], "give 1 to"),
        (&["run", "--given", "true", "--shard", "1/2"], "do not combine with --shard"),
        (&["run", "--given", "true", "--precision", "0.01"], "do not combine"),
        (&["run", "--given", "rounds >"], "column 9"),
        (&["run", "--given", "uses(bluffin, 3) > 0"], "bluffing"),
    ];
    for (args, needle) in cases {
        negsim().args(*args).assert().code(2).stderr(predicate::str::contains(*needle));
    }
}
