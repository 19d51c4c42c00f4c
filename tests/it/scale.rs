//! Runs split over threads and processes give the same bytes; runs until
//! precise stop at the same place for a seed.

use crate::common::*;
use predicates::prelude::*;

fn stdout(args: &[&str]) -> Vec<u8> {
    negsim().args(args).assert().success().get_output().stdout.clone()
}

#[test]
fn three_shard_processes_merge_to_the_single_run_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo("scenarios/us-withdrawal.toml");
    let scenario = scenario.to_str().unwrap();
    let mut parts = Vec::new();
    // Started together, as a cluster would run them.
    let children: Vec<_> = (1..=3)
        .map(|k| {
            let part = dir.path().join(format!("part{k}.json"));
            parts.push(part.clone());
            std::process::Command::new(assert_cmd::cargo::cargo_bin!("negsim"))
                .args(["run", scenario, "-n", "30000", "-s", "11", "--shard", &format!("{k}/3"), "-o"])
                .arg(&part)
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    for format in ["json", "table"] {
        let single = stdout(&["run", scenario, "-n", "30000", "-s", "11", "-f", format]);
        let mut merge = negsim();
        merge.args(["merge", "-f", format]);
        // Any order of parts.
        for part in parts.iter().rev() {
            merge.arg(part);
        }
        assert_eq!(merge.assert().success().get_output().stdout.clone(), single, "{format}");
    }
}

fn write_parts(
    dir: &std::path::Path,
    seed: &str,
    trials: &str,
    count: u64,
    scenario: Option<&str>,
) -> Vec<std::path::PathBuf> {
    (1..=count)
        .map(|k| {
            let part = dir.join(format!("s{seed}-n{trials}-{k}of{count}-{}.json", scenario.unwrap_or("base").len()));
            let mut cmd = negsim();
            cmd.arg("run");
            if let Some(s) = scenario {
                cmd.arg(s);
            }
            cmd.args(["-n", trials, "-s", seed, "--shard", &format!("{k}/{count}"), "-o"])
                .arg(&part)
                .assert()
                .success();
            part
        })
        .collect()
}

#[test]
fn merge_refuses_parts_of_different_runs_and_incomplete_sets() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_parts(dir.path(), "1", "9000", 2, None);
    let other_seed = write_parts(dir.path(), "2", "9000", 2, None);
    let other_trials = write_parts(dir.path(), "1", "8000", 2, None);
    let other_layout = write_parts(dir.path(), "1", "9000", 3, None);
    let sanctions = repo("scenarios/sanctions-pressure.toml");
    let other_model = write_parts(dir.path(), "1", "9000", 2, Some(sanctions.to_str().unwrap()));
    let cases: Vec<(Vec<&std::path::PathBuf>, &str)> = vec![
        (vec![&a[0], &other_seed[1]], "its seed is 2"),
        (vec![&a[0], &other_trials[1]], "its trial count is 8000"),
        (vec![&a[0], &other_layout[1]], "its shard count is 3"),
        (vec![&a[0], &other_model[1]], "its model is"),
        (vec![&a[0]], "shards missing: 2 (of 2)"),
        (vec![&a[0], &a[0]], "already is"),
    ];
    for (parts, needle) in cases {
        negsim().arg("merge").args(parts).assert().code(2).stderr(predicate::str::contains(needle)).stdout("");
    }
    // A part that was edited by hand fails its digest.
    let text = std::fs::read_to_string(&a[1]).unwrap().replacen("\"trials\": 9000", "\"trials\": 9001", 1);
    let edited = dir.path().join("edited.json");
    std::fs::write(&edited, text).unwrap();
    negsim()
        .arg("merge")
        .arg(&a[0])
        .arg(&edited)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not match its digest"));
    // Not a part file at all.
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{\"format\": 3").unwrap();
    negsim().arg("merge").arg(&junk).assert().code(2).stderr(predicate::str::contains("junk.json:1:"));
    negsim().args(["merge", "/nonexistent/part.json"]).assert().code(2).stderr(predicate::str::contains("cannot read"));
}

#[test]
fn a_shard_writes_a_part_not_a_report() {
    negsim()
        .args(["run", "-n", "100", "--shard", "1/2", "-f", "table"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format does not apply"));
    for bad in ["0/2", "3/2", "x"] {
        negsim().args(["run", "--shard", bad]).assert().code(2);
    }
    negsim().args(["run", "--shard", "1/2", "--precision", "0.01"]).assert().code(2);
}

#[test]
fn a_run_until_precise_stops_at_the_same_place_for_a_seed_on_any_thread_count() {
    let one = stdout(&["run", "--precision", "0.004", "-s", "3", "-j", "1", "-f", "json"]);
    let two = stdout(&["run", "--precision", "0.004", "-s", "3", "-j", "2", "-f", "json"]);
    assert_eq!(one, two);
    let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
    let trials = v["trials"].as_u64().unwrap();
    assert_eq!(trials % (16 * 4096), 0, "stops at a checkpoint");
    assert_eq!(v["precision"]["reached"], true);
    for o in v["outcomes"].as_array().unwrap() {
        let ci = o["ci95"].as_array().unwrap();
        let half = (ci[1].as_f64().unwrap() - ci[0].as_f64().unwrap()) / 2.0;
        assert!(half <= 0.004, "{half}");
    }
    // One checkpoint earlier was not yet precise enough (else it would have stopped).
    if trials > 65536 {
        let earlier = stdout(&["run", "-n", &(trials - 65536).to_string(), "-s", "3", "-f", "json"]);
        let e: serde_json::Value = serde_json::from_slice(&earlier).unwrap();
        let widest = e["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                let ci = o["ci95"].as_array().unwrap();
                (ci[1].as_f64().unwrap() - ci[0].as_f64().unwrap()) / 2.0
            })
            .fold(0.0, f64::max);
        assert!(widest > 0.004, "{widest}");
    }
}

#[test]
fn a_run_that_hits_its_cap_says_so() {
    negsim()
        .args(["run", "--precision", "0.0005", "-n", "70000"])
        .assert()
        .success()
        .stdout(predicate::str::contains("precision NOT reached: the cap of 70000 trials was hit"));
    let v: serde_json::Value =
        serde_json::from_slice(&stdout(&["run", "--precision", "0.0005", "-n", "70000", "-f", "json"])).unwrap();
    assert_eq!(v["precision"]["reached"], false);
    assert_eq!(v["trials"], 70000);
}

#[test]
fn shard_tallies_add_up_to_the_whole_run() {
    use negsim::analysis::Runner;
    use negsim::engine::{Control, Shard};
    let model = negsim::model::Model::baseline().unwrap();
    let control = Control::default();
    let runner = Runner { trials: 20_000, seed: 4, threads: 2, control: &control };
    let whole = runner.tally(&model).unwrap();
    let mut sum = whole.cleared();
    for index in 0..4 {
        sum += &runner.execute(&model, Some(Shard { index, count: 4 }), None).tally;
    }
    assert_eq!(sum, whole);
}
