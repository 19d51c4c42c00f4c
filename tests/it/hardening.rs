//! Bad flags and `--set` values get exact errors; output files are never
//! half-written or written over an input; Ctrl-C stops a run cleanly.

use crate::common::*;
use predicates::prelude::*;
use std::process::{Command, Stdio};

/// Runs negsim in `tests/` (so paths in messages are stable) and returns
/// exit code and stderr.
fn refused(args: &[&str]) -> (Option<i32>, String) {
    let out =
        Command::new(assert_cmd::cargo::cargo_bin!("negsim")).args(args).current_dir(repo("tests")).output().unwrap();
    assert!(out.stdout.is_empty(), "{args:?} printed on stdout");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
    (out.status.code(), stderr)
}

/// Each bad `--set`, with the exact error it must produce.
#[test]
fn bad_set_values_are_refused_with_their_exact_errors() {
    let cases: [(&str, &str); 19] = [
        ("not-key-value", "foo"),
        ("empty-value", "war.intensity="),
        ("unknown-section", "wra.intensity=0.1"),
        ("unknown-tactic", "tactics.bluffng.probability=0.1"),
        ("unknown-leaf", "tactics.bluffing.probabilty=0.3"),
        ("out-of-range", "ceasefire.shape=50"),
        ("nan", "war.intensity=nan"),
        ("negative-share", "truces.early_end=-0.1"),
        ("wrong-type", "simulation.trials=1.5"),
        ("table-for-value", "russia.pain=3"),
        ("bad-enum", "tactics.delayed_revenge.phase=sometimes"),
        ("bad-date", "simulation.horizon=2026-02-30"),
        ("horizon-before-start", "simulation.horizon=2025-01-01"),
        ("drawn-by-a-driver", "us.follow_through=0.1"),
        ("position-out-of-range", "rules[10].outcome=durable-peace"),
        ("position-zero", "rules[0].outcome=durable-peace"),
        ("into-a-value", "war.intensity.x=1"),
        ("bad-toml", "war.intensity=0.1 0.2"),
        ("unknown-outcome", "rules[1].outcome=durable-peec"),
    ];
    for (name, set) in cases {
        let (code, stderr) = refused(&["run", "-n", "10", "--set", set]);
        assert_eq!(code, Some(2), "--set {set}:\n{stderr}");
        assert!(stderr.contains("help: "), "--set {set} gives no advice:\n{stderr}");
        insta::with_settings!({snapshot_path => "../invalid/expected", prepend_module_to_snapshot => false, description => format!("--set {set}")}, {
            insta::assert_snapshot!(format!("set-{name}"), stderr);
        });
    }
}

/// Each bad flag, with the exact error it must produce.
#[test]
fn bad_flags_are_refused_with_their_exact_errors() {
    let cases: [(&str, &[&str]); 10] = [
        ("trials-zero", &["run", "--trials", "0"]),
        ("trials-above-cap", &["run", "--trials", "10000000001"]),
        ("trials-not-a-number", &["run", "--trials", "lots"]),
        ("seed-negative", &["run", "--seed=-1"]),
        ("threads-zero", &["run", "--threads", "0"]),
        ("format-unknown", &["run", "--format", "xml"]),
        ("precision-zero", &["run", "--precision", "0"]),
        ("shard-beyond-count", &["run", "--shard", "4/3"]),
        ("shard-with-format", &["run", "--shard", "1/3", "--format", "json"]),
        ("unknown-flag", &["run", "--trails", "5"]),
    ];
    for (name, args) in cases {
        let (code, stderr) = refused(args);
        assert_eq!(code, Some(2), "{args:?}:\n{stderr}");
        insta::with_settings!({snapshot_path => "../invalid/expected", prepend_module_to_snapshot => false, description => args.join(" ")}, {
            insta::assert_snapshot!(format!("flag-{name}"), stderr);
        });
    }
}

#[test]
fn output_never_overwrites_an_input_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::write(&scenario, "extends = \"builtin:baseline\"\nname = \"s\"\n").unwrap();
    negsim()
        .arg("run")
        .arg(&scenario)
        .args(["-n", "10", "-o"])
        .arg(&scenario)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("would overwrite a file this command reads"));
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), "extends = \"builtin:baseline\"\nname = \"s\"\n");
}

#[test]
fn a_failed_run_leaves_the_old_output_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.txt");
    std::fs::write(&out, "old report\n").unwrap();
    negsim().args(["run", "--set", "war.intensity=2", "-o"]).arg(&out).assert().code(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old report\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
}

#[test]
fn an_output_directory_that_is_a_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain");
    std::fs::write(&file, "x").unwrap();
    negsim()
        .args(["run", "-n", "10", "-o"])
        .arg(file.join("out.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot write"));
}

#[test]
fn ctrl_c_stops_a_long_run_promptly_with_exit_130_and_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("negsim"))
        .args(["run", "-n", "10000000000", "-q", "-o"])
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    let sent = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(sent.success());
    let started = std::time::Instant::now();
    let status = child.wait().unwrap();
    // Within a block: a block of 4096 trials takes milliseconds.
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
    assert_eq!(status.code(), Some(130));
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("interrupted: the run stopped after"), "{stderr}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no output and no temporary file");
}
