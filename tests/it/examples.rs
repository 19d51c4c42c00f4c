//! The cluster examples run their shards and merge them into the single
//! run's report, driven here as the schedulers would: the Slurm scripts with
//! job-array variables, the Kubernetes Job's container command with each
//! completion index.

use crate::common::*;
use std::path::Path;
use std::process::Command;

fn path_with_negsim() -> String {
    let bin = Path::new(assert_cmd::cargo::cargo_bin!("negsim")).parent().unwrap().to_path_buf();
    format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default())
}

fn single_run() -> Vec<u8> {
    negsim().args(["run", "-n", "20000", "-s", "5", "-f", "json"]).assert().success().get_output().stdout.clone()
}

#[test]
fn the_slurm_job_array_and_merge_give_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let parts = dir.path().join("parts");
    let result = dir.path().join("result.json");
    for task in 1..=3 {
        let status = Command::new("bash")
            .arg(repo("examples/slurm/shard.sh"))
            .env("PATH", path_with_negsim())
            .env("SLURM_ARRAY_TASK_ID", task.to_string())
            .env("SLURM_ARRAY_TASK_COUNT", "3")
            .env("SCENARIO", repo("scenarios/baseline.toml"))
            .env("TRIALS", "20000")
            .env("SEED", "5")
            .env("PARTS", &parts)
            .status()
            .unwrap();
        assert!(status.success());
    }
    let merged = Command::new("bash")
        .arg(repo("examples/slurm/merge.sh"))
        .env("PATH", path_with_negsim())
        .env("PARTS", &parts)
        .env("RESULT", &result)
        .output()
        .unwrap();
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    let single: serde_json::Value = serde_json::from_slice(&single_run()).unwrap();
    let merged: serde_json::Value = serde_json::from_slice(&std::fs::read(&result).unwrap()).unwrap();
    // Same everything but the file name the scenario was given by.
    for key in ["outcomes", "world_outcome", "rounds", "rounds_to_signature", "ceasefire", "tactics", "trials", "seed"]
    {
        assert_eq!(single[key], merged[key], "{key}");
    }
}

#[test]
fn the_kubernetes_indexed_job_command_gives_the_single_run() {
    let manifest = std::fs::read_to_string(repo("examples/kubernetes/negsim-shards.yaml")).unwrap();
    // The container's shell command: the folded block after `args:`.
    let command: String = manifest
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("- >-"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty() && !l.trim_start().starts_with("resources:"))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(command.contains("JOB_COMPLETION_INDEX"), "{command}");
    let completions: u32 = manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("completions:"))
        .and_then(|v| v.split('#').next())
        .map(|v| v.trim().parse().unwrap())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut parts = Vec::new();
    for index in 0..3 {
        // The manifest writes to /parts; here, to a temporary directory.
        let local = command.replace("/parts/", &format!("{}/", dir.path().display()));
        let status = Command::new("sh")
            .args(["-c", &local])
            .env("PATH", path_with_negsim())
            .env("JOB_COMPLETION_INDEX", index.to_string())
            .env("SHARDS", "3")
            .env("SCENARIO", repo("scenarios/baseline.toml"))
            .env("TRIALS", "20000")
            .env("SEED", "5")
            .status()
            .unwrap();
        assert!(status.success());
        parts.push(dir.path().join(format!("part-{}-of-3.json", index + 1)));
    }
    assert!(completions >= 1);
    let merged = negsim().arg("merge").args(&parts).args(["-f", "json"]).assert().success().get_output().stdout.clone();
    let single: serde_json::Value = serde_json::from_slice(&single_run()).unwrap();
    let merged: serde_json::Value = serde_json::from_slice(&merged).unwrap();
    for key in ["outcomes", "world_outcome", "rounds", "ceasefire", "tactics"] {
        assert_eq!(single[key], merged[key], "{key}");
    }
}
