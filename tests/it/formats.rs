//! Snapshots of every text format of every command: what a user sees, pinned.
//! Small runs with fixed seeds, so the bytes are stable; a change of the
//! model or the layout shows here as a diff to review
//! (`INSTA_UPDATE=always cargo test --test it formats::`, then read the diff).
//! The snapshots are in `tests/snapshots/` (`snapshot_path` is relative to
//! this file's directory, `tests/it/`).

use crate::common::*;

fn output(args: &[&str]) -> String {
    String::from_utf8(negsim().args(args).assert().success().get_output().stdout.clone()).unwrap()
}

fn snapshot(name: &str, args: &[&str]) {
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false, description => args.join(" ")}, {
        insta::assert_snapshot!(name.to_string(), output(args));
    });
}

#[test]
fn every_format_of_run() {
    for f in ["table", "json", "csv", "markdown"] {
        snapshot(&format!("run-{f}"), &["run", "-n", "2000", "-s", "1", "-f", f]);
    }
}

#[test]
fn every_format_of_compare() {
    let a = repo("scenarios/baseline.toml");
    let b = repo("scenarios/sanctions-pressure.toml");
    // Paths relative to the repository keep the snapshots machine-free.
    let (a, b) = (
        a.strip_prefix(repo("")).unwrap().to_str().unwrap().to_string(),
        b.strip_prefix(repo("")).unwrap().to_str().unwrap().to_string(),
    );
    for f in ["table", "json", "csv", "markdown"] {
        let out = String::from_utf8(
            negsim()
                .current_dir(repo(""))
                .args(["compare", &a, &b, "-n", "2000", "-s", "1", "-f", f])
                .assert()
                .success()
                .get_output()
                .stdout
                .clone(),
        )
        .unwrap();
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("compare-{f}"), out);
        });
    }
}

#[test]
fn every_format_of_sweep() {
    for f in ["table", "json", "csv", "markdown"] {
        snapshot(
            &format!("sweep-{f}"),
            &["sweep", "--set-range", "mediator.pull=0:0.6:3", "-n", "1000", "-s", "1", "-f", f],
        );
    }
}

#[test]
fn every_format_of_sensitivity() {
    for f in ["table", "json", "csv", "markdown"] {
        snapshot(
            &format!("sensitivity-{f}"),
            &[
                "sensitivity",
                "-n",
                "1000",
                "-s",
                "1",
                "-f",
                f,
                "--param",
                "russia.pain.front",
                "--param",
                "ukraine.red_line",
                "--param",
                "worlds.durable-peace.probability",
                "--param",
                "ceasefire.base_hazard",
            ],
        );
    }
}

#[test]
fn both_formats_of_trace() {
    snapshot("trace-text", &["trace", "--trial", "2", "-s", "1"]);
    snapshot("trace-jsonl", &["trace", "--trial", "2", "-s", "1", "-f", "jsonl"]);
}
