//! `negsim` driven the way a user drives it.

use crate::common::*;
use predicates::prelude::*;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let out = negsim().args(args).assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("valid JSON")
}

#[test]
fn bare_run_uses_the_embedded_baseline_identical_to_the_file() {
    let embedded = json(&["run", "-n", "3000", "-f", "json"]);
    let file = json(&["run", repo("scenarios/baseline.toml").to_str().unwrap(), "-n", "3000", "-f", "json"]);
    assert_eq!(embedded["file"], "builtin:baseline");
    for key in ["outcomes", "world_outcome", "rounds", "rounds_to_signature", "ceasefire", "tactics"] {
        assert_eq!(embedded[key], file[key], "{key}");
    }
    // The embedded text is the file, byte for byte.
    assert_eq!(negsim::model::load::BASELINE_TOML, std::fs::read_to_string(repo("scenarios/baseline.toml")).unwrap());
}

#[test]
fn negsim_with_no_command_runs_the_baseline() {
    negsim()
        .assert()
        .success()
        .stdout(predicate::str::contains("builtin:baseline"))
        .stdout(predicate::str::contains("7 durable-peace"));
}

#[test]
fn json_carries_the_keys_scripts_rely_on() {
    let v = json(&["run", "-n", "5000", "-s", "99", "-f", "json"]);
    assert_eq!(v["seed"], 99);
    assert_eq!(v["trials"], 5000);
    let outcomes = v["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 7);
    let published = [0.20, 0.13, 0.04, 0.38, 0.11, 0.12, 0.02];
    let mut total = 0;
    for (i, o) in outcomes.iter().enumerate() {
        assert_eq!(o["number"], i as u64 + 1);
        assert!(o["id"].is_string());
        assert_eq!(o["prior"].as_f64().unwrap(), published[i]);
        let count = o["count"].as_u64().unwrap();
        total += count;
        let p = o["probability"].as_f64().unwrap();
        assert_eq!(p, count as f64 / 5000.0);
        let ci = o["ci95"].as_array().unwrap();
        let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
        assert!(lo <= p && p <= hi && lo >= 0.0 && hi <= 1.0, "{lo} {p} {hi}");
    }
    assert_eq!(total, 5000);
    let matrix = v["world_outcome"].as_array().unwrap();
    assert_eq!(matrix.len(), 7);
    let cells: u64 = matrix.iter().flat_map(|r| r.as_array().unwrap()).map(|c| c.as_u64().unwrap()).sum();
    assert_eq!(cells, 5000);
    for key in ["rounds", "rounds_to_signature"] {
        for stat in ["mean", "p50", "p90", "max"] {
            assert!(v[key][stat].is_number(), "{key}.{stat}");
        }
    }
    assert!(v["rounds"]["p50"].as_u64() <= v["rounds"]["p90"].as_u64());
    let (signed, held) = (v["ceasefire"]["signed"].as_f64().unwrap(), v["ceasefire"]["held"].as_f64().unwrap());
    assert!(0.0 <= held && held <= signed && signed <= 1.0);
    let tactics = v["tactics"].as_array().unwrap();
    assert!(tactics.len() >= 15);
    for t in tactics {
        assert!(t["id"].is_string() && t["uses"].is_u64() && t["trials_used"].is_u64());
        assert!(t["trials_used"].as_u64() <= t["uses"].as_u64());
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_any_number_of_threads() {
    let run = |threads: &str, seed: &str| {
        negsim()
            .args(["run", "-n", "20000", "-s", seed, "-j", threads, "-f", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1", "5");
    assert_eq!(one, run("2", "5"));
    assert_eq!(one, run("3", "5"));
    assert_ne!(one, run("2", "6"), "another seed gives another run");
}

#[test]
fn the_table_shows_prior_interval_difference_matrix_rounds_ceasefire_and_tactics() {
    let out = negsim().args(["run", "-n", "3000"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    for needle in [
        "published",
        "simulated",
        "95% interval",
        "diff",
        "1 hybrid-world-war",
        "7 durable-peace",
        "Starting world -> outcome",
        "Rounds of talks",
        "Rounds to signature",
        "Ceasefire",
        "held 24 months",
        "time_exhaustion",
        "uses/trial",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn flags_override_the_file() {
    let v = json(&["run", "--trials", "1_234", "--seed", "18446744073709551615", "-f", "json"]);
    assert_eq!(v["trials"], 1234);
    assert_eq!(v["seed"], u64::MAX);
}

#[test]
fn output_goes_whole_to_the_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    negsim().args(["run", "-n", "2000", "-f", "json", "-o"]).arg(&path).assert().success().stdout("");
    let written = std::fs::read(&path).unwrap();
    let direct = negsim().args(["run", "-n", "2000", "-f", "json"]).assert().success().get_output().stdout.clone();
    assert_eq!(written, direct);
    // Only the report is left in the directory: no temporary files.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn an_output_path_in_a_missing_directory_fails_with_exit_1() {
    negsim()
        .args(["run", "-n", "100", "-o", "/nonexistent-dir/x/out.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot write /nonexistent-dir/x/out.txt"));
}

#[test]
fn bad_flags_exit_2_with_a_message() {
    for (args, needle) in [
        (vec!["run", "--trials", "0"], "trials must be between 1"),
        (vec!["run", "--trials", "many"], "not a whole number"),
        (vec!["run", "--format", "xml"], "invalid value 'xml'"),
        (vec!["run", "--threads", "0"], "--threads"),
        (vec!["run", "--seed=-1"], "invalid value '-1' for '--seed"),
        (vec!["frobnicate"], "unrecognized subcommand"),
        (vec!["validate"], "required"),
    ] {
        negsim().args(&args).assert().code(2).stderr(predicate::str::contains(needle));
    }
}

#[test]
fn validate_accepts_every_shipped_scenario() {
    let mut cmd = negsim();
    cmd.arg("validate");
    let mut n = 0;
    for entry in std::fs::read_dir(repo("scenarios")).unwrap() {
        cmd.arg(entry.unwrap().path());
        n += 1;
    }
    assert!(n >= 5);
    let out = cmd.assert().success().get_output().stdout.clone();
    assert_eq!(String::from_utf8(out).unwrap().lines().filter(|l| l.starts_with("ok: ")).count(), n);
}

#[test]
fn every_shipped_variant_runs() {
    for name in ["us-withdrawal", "sanctions-pressure", "anchorage-formula", "political-control-trade"] {
        let v = json(&["run", repo(&format!("scenarios/{name}.toml")).to_str().unwrap(), "-n", "2000", "-f", "json"]);
        assert_eq!(v["scenario"], name);
    }
}

#[test]
fn help_describes_the_commands() {
    negsim()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("run"))
        .stdout(predicate::str::contains("validate"))
        .stdout(predicate::str::contains("Exit codes"));
    negsim().args(["run", "--help"]).assert().success().stdout(predicate::str::contains("--trials"));
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("negsim"))
        .args(["run", "-n", "20000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is written
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
