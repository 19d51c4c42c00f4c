//! Inputs and outputs a user can trust (issue 11): where `-o` writes and
//! what it refuses, stderr that cannot be written, and the messages for
//! bad flags and bad files, each as a user meets it on the command line.

use crate::common::{negsim, repo};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn run(args: &[&str], dir: &Path) -> std::process::Output {
    negsim().args(args).current_dir(dir).output().expect("negsim runs")
}

fn no_temp_files(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.starts_with(".negsim-") && !name.starts_with(".tmp"), "left behind: {name}");
    }
}

// ---------------------------------------------------------------------------
// -o
// ---------------------------------------------------------------------------

#[test]
fn output_to_dev_stdout_goes_to_stdout_and_leaves_the_link() {
    let before = std::fs::symlink_metadata("/dev/stdout").ok().map(|m| m.file_type().is_symlink());
    let out = run(&["run", "-n", "1000", "-q", "--format", "json", "-o", "/dev/stdout"], Path::new("."));
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).expect("the JSON report on stdout");
    assert_eq!(json["trials"], 1000);
    let after = std::fs::symlink_metadata("/dev/stdout").ok().map(|m| m.file_type().is_symlink());
    assert_eq!(before, after, "/dev/stdout changed kind");
}

#[test]
fn a_symlink_stays_a_link_and_its_target_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("real.json"), "old").unwrap();
    std::os::unix::fs::symlink("real.json", dir.path().join("link.json")).unwrap();
    let out = run(&["run", "-n", "1000", "-q", "-f", "json", "-o", "link.json"], dir.path());
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(std::fs::symlink_metadata(dir.path().join("link.json")).unwrap().file_type().is_symlink());
    let text = std::fs::read_to_string(dir.path().join("real.json")).unwrap();
    assert!(text.starts_with('{') && text.ends_with("}\n"), "{text}");
    no_temp_files(dir.path());
}

#[test]
fn a_fifo_with_a_reader_gets_the_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = run(&["run", "-n", "1000", "-q", "-f", "json", "-o", "pipe"], dir.path());
    assert!(out.status.success(), "{}", stderr_of(&out));
    let got = reader.join().unwrap();
    let json: serde_json::Value = serde_json::from_str(&got).expect("the reader got the whole report");
    assert_eq!(json["trials"], 1000);
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe is still a pipe");
}

#[test]
fn a_missing_directory_is_named_without_the_temp_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["run", "-n", "1000", "-q", "-o", "nowhere/r.txt"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("cannot write nowhere/r.txt: the directory nowhere does not exist"), "{err}");
    assert!(!err.contains(".negsim-") && !err.contains(".tmp"), "{err}");
    no_temp_files(dir.path());
}

#[test]
fn new_files_follow_the_umask_and_old_files_keep_their_mode() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_negsim");
    let sh = |cmd: &str| {
        let st = Command::new("sh").arg("-c").arg(cmd).current_dir(dir.path()).status().unwrap();
        assert!(st.success(), "{cmd}");
    };
    sh(&format!("umask 027; '{bin}' run -n 1000 -q -o new.txt"));
    let mode = |name: &str| std::fs::metadata(dir.path().join(name)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode("new.txt"), 0o640);
    sh(&format!("umask 022; '{bin}' run -n 1000 -q -o new2.txt"));
    assert_eq!(mode("new2.txt"), 0o644);
    std::fs::write(dir.path().join("old.txt"), "x").unwrap();
    std::fs::set_permissions(dir.path().join("old.txt"), std::fs::Permissions::from_mode(0o604)).unwrap();
    sh(&format!("umask 077; '{bin}' run -n 1000 -q -o old.txt"));
    assert_eq!(mode("old.txt"), 0o604);
    assert!(std::fs::read_to_string(dir.path().join("old.txt")).unwrap().contains("Outcome"));
}

#[test]
fn scenario_files_and_inputs_are_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = "extends = \"builtin:baseline\"\nname = \"x\"\n";
    std::fs::write(dir.path().join("x.toml"), scenario).unwrap();
    let out = run(&["run", "-n", "1000", "-q", "-o", "x.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("-o x.toml would overwrite a scenario file"), "{}", stderr_of(&out));
    assert_eq!(std::fs::read_to_string(dir.path().join("x.toml")).unwrap(), scenario);
    let out = run(&["run", "-n", "1000", "-q", "-o", "x.toml", "--force"], dir.path());
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(std::fs::read_to_string(dir.path().join("x.toml")).unwrap().contains("Outcome"));

    // The input of the command itself.
    std::fs::write(dir.path().join("y.toml"), scenario).unwrap();
    let out = run(&["run", "y.toml", "-n", "1000", "-q", "-o", "y.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("would overwrite"), "{}", stderr_of(&out));
    assert_eq!(std::fs::read_to_string(dir.path().join("y.toml")).unwrap(), scenario);
    no_temp_files(dir.path());
}

#[test]
fn merge_does_not_overwrite_its_own_part() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["run", "-n", "1000", "-q", "--shard", "1/1", "-o", "p.json"], dir.path());
    assert!(out.status.success(), "{}", stderr_of(&out));
    let part = std::fs::read(dir.path().join("p.json")).unwrap();
    let out = run(&["merge", "p.json", "-o", "p.json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("-o p.json would overwrite a file this command reads"), "{}", stderr_of(&out));
    assert_eq!(std::fs::read(dir.path().join("p.json")).unwrap(), part);
    let out = run(&["merge", "p.json", "-o", "report.txt"], dir.path());
    assert!(out.status.success(), "{}", stderr_of(&out));
    // Said explicitly, it is allowed.
    let out = run(&["merge", "p.json", "-o", "p.json", "--force"], dir.path());
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(std::fs::read_to_string(dir.path().join("p.json")).unwrap().contains("Outcome"));
    no_temp_files(dir.path());
}

#[test]
fn calibrate_never_overwrites_its_target_table() {
    let dir = tempfile::tempdir().unwrap();
    let table = "probabilities = [0.2, 0.13, 0.04, 0.38, 0.11, 0.12, 0.02]\n";
    std::fs::write(dir.path().join("t.toml"), table).unwrap();
    let base = repo("scenarios/baseline.toml");
    let base = base.to_str().unwrap();
    for force in [false, true] {
        let mut args = vec!["calibrate", base, "--target", "t.toml", "-o", "t.toml", "-n", "200", "--iterations", "1"];
        if force {
            args.push("--force");
        }
        let out = run(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "force {force}: {}", stderr_of(&out));
        assert!(stderr_of(&out).contains("would overwrite a file this command reads"), "{}", stderr_of(&out));
        assert_eq!(std::fs::read_to_string(dir.path().join("t.toml")).unwrap(), table);
    }
}

#[test]
fn an_unwritable_stderr_is_not_a_panic() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_negsim"))
        .args(["validate", "nope.toml"])
        .stderr(Stdio::from(full))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(out.code(), Some(2));
}

// ---------------------------------------------------------------------------
// Command-line messages
// ---------------------------------------------------------------------------

fn refused(args: &[&str]) -> String {
    let out = run(args, Path::new("."));
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn negative_trials_are_not_taken_for_a_flag() {
    let err = refused(&["run", "--trials", "-5"]);
    assert!(err.contains("--trials") && err.contains("trials are whole numbers from 1 to 10000000000"), "{err}");
    assert!(!err.contains("-- -5"), "{err}");
}

#[test]
fn a_space_instead_of_equals_in_set_is_named() {
    let err = refused(&["run", "--set", "russia.pain.sanctions", "0.4"]);
    assert!(err.contains("write --set KEY=VALUE"), "{err}");
    assert!(err.contains("--set russia.pain.sanctions=0.4"), "{err}");
    assert!(!err.contains("cannot read"), "{err}");
}

#[test]
fn unknown_commands_get_only_close_suggestions() {
    let err = refused(&["frobnicate"]);
    assert!(!err.contains("calibrate'") && !err.contains("did you mean"), "{err}");
    assert!(err.contains("`frobnicate` is not a negsim command"), "{err}");
    let err = refused(&["valdate"]);
    assert!(err.contains("did you mean `negsim validate`?"), "{err}");
}

#[test]
fn zero_threads_is_refused_in_words() {
    let err = refused(&["run", "-j", "0"]);
    assert!(err.contains("at least 1 thread"), "{err}");
    assert!(!err.contains("1..=1024"), "{err}");
}

#[test]
fn sweeping_the_seed_or_the_trial_count_is_refused() {
    for key in ["simulation.seed=1,2,3", "simulation.trials=100,200"] {
        let err = refused(&["sweep", "--set-range", key, "-n", "1000", "-q"]);
        assert!(err.contains("identical rows"), "{err}");
    }
}

#[test]
fn trace_says_when_a_trial_is_past_the_default_run() {
    let out = run(&["trace", "--trial", "100000"], Path::new("."));
    assert!(out.status.success());
    let err = stderr_of(&out);
    assert!(err.contains("trial 100000 is not part of the scenario's default run of 100000 trials"), "{err}");
    let out = run(&["trace", "--trial", "99999"], Path::new("."));
    assert!(out.status.success() && out.stderr.is_empty(), "{}", stderr_of(&out));
}

// ---------------------------------------------------------------------------
// Messages for bad files
// ---------------------------------------------------------------------------

fn validate_text(text: &[u8]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), text).unwrap();
    let out = run(&["validate", "s.toml"], dir.path());
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), stderr_of(&out))
}

fn variant(body: &str) -> String {
    format!("extends = \"builtin:baseline\"\nname = \"v\"\n{body}\n")
}

#[test]
fn a_huge_key_is_not_echoed_whole() {
    let key = "k".repeat(200_000);
    let (code, _, err) = validate_text(variant(&format!("[war]\n{key} = 1")).as_bytes());
    assert_eq!(code, Some(2));
    assert!(err.len() < 2000, "{} bytes of stderr", err.len());
    assert!(err.contains("s.toml:4:1"), "{err}");
}

#[test]
fn huge_and_tiny_numbers_stay_short() {
    let (code, _, err) = validate_text(variant("[war]\nintensity = 1e308\nfront_pull = -1e-300").as_bytes());
    assert_eq!(code, Some(2));
    assert!(err.contains("found 1e308"), "{err}");
    assert!(err.contains("-1e-300"), "{err}");
    assert!(!err.contains("00000000"), "{err}");
}

#[test]
fn a_date_where_a_number_belongs_is_called_a_date() {
    let (_, _, err) = validate_text(variant("[tactics.bluffing]\nprobability = 2025-01-01").as_bytes());
    assert!(err.contains("found a date"), "{err}");
    assert!(!err.contains("found a table"), "{err}");
}

#[test]
fn a_table_defined_twice_is_named() {
    let (_, _, err) = validate_text(variant("[russia]\nburn = 0.1\n[russia]\npace = 0.1").as_bytes());
    assert!(err.contains("the table `[russia]` is defined twice"), "{err}");
    assert!(!err.contains("keep one `russia = ...`"), "{err}");
}

#[test]
fn a_fractional_position_in_set_is_named() {
    let out = run(&["run", "-n", "1000", "-q", "--set", "rules[1.5].outcome=x"], Path::new("."));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("`[1.5]` is not a whole number"), "{err}");
    assert!(!err.contains("unclosed"), "{err}");
}

#[test]
fn a_file_of_only_a_byte_order_mark_is_empty() {
    let (code, _, err) = validate_text("\u{feff}".as_bytes());
    assert_eq!(code, Some(2));
    assert!(err.contains("s.toml: the file is empty"), "{err}");
}

#[test]
fn only_run_may_mention_the_built_in_baseline_for_a_missing_file() {
    for args in [
        vec!["validate", "nope.toml"],
        vec!["compare", "nope.toml"],
        vec!["bench", "nope.toml", "-n", "1000"],
        vec!["check-history", "nope.toml"],
    ] {
        let err = refused(&args);
        assert!(err.contains("nope.toml: cannot read: no such file"), "{args:?}: {err}");
        assert!(!err.contains("built-in baseline"), "{args:?}: {err}");
        assert!(err.contains("check the path"), "{args:?}: {err}");
    }
}

// ---------------------------------------------------------------------------
// validate: every problem in one pass, warnings, JSON
// ---------------------------------------------------------------------------

const MANY_PROBLEMS: &str = "[war]\nintensity = 7\n\n[tactics.bluffing]\nprobability = 2\n\n\
    [tactics.brinkmanship]\nprobabilty = 0.1\n\n[drivers.red_line]\nkey = \"ukraine.red_lin\"\n\
    distribution = \"uniform\"\nmin = 0.4\nmax = 0.6\n\n[[rules]]\noutcome = \"durable-peac\"\n\n\
    [[rules]]\noutcome = \"supported-attrition\"";

#[test]
fn validate_reports_independent_problems_together() {
    let (code, _, err) = validate_text(variant(MANY_PROBLEMS).as_bytes());
    assert_eq!(code, Some(2));
    for expect in [
        "`war.intensity` must be between 0 and 1, found 7",
        "`tactics.bluffing.probability` must be between 0 and 1, found 2",
        "unknown key `probabilty`",
        "`ukraine.red_lin`",
        "unknown outcome `durable-peac`",
    ] {
        assert!(err.contains(expect), "no {expect:?} in:\n{err}");
    }
}

const NEVER_MATCHING: &str = "[[rules]]\noutcome = \"durable-peace\"\ncollapsed = true\nsigned = false\n\n\
    [[rules]]\noutcome = \"supported-attrition\"\n\n[[rules]]\noutcome = \"hybrid-world-war\"";

#[test]
fn validate_and_run_warn_about_rules_that_can_never_match() {
    let (code, out, err) = validate_text(variant(NEVER_MATCHING).as_bytes());
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("ok: s.toml"), "{out}");
    assert!(err.contains("warning: s.toml: rules[1] can never match: it asks for collapsed = true"), "{err}");
    assert!(err.contains("warning: s.toml: rules[3] can never match: rules[2] before it"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), variant(NEVER_MATCHING)).unwrap();
    let out = run(&["run", "s.toml", "-n", "1000", "-q"], dir.path());
    assert!(out.status.success());
    assert!(stderr_of(&out).contains("rules[3] can never match"), "{}", stderr_of(&out));
}

#[test]
fn validate_json_lists_each_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.toml"), variant(NEVER_MATCHING)).unwrap();
    std::fs::write(dir.path().join("bad.toml"), variant(MANY_PROBLEMS)).unwrap();
    let out = run(&["validate", "--format", "json", "good.toml", "bad.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["file"], "good.toml");
    assert_eq!(files[0]["ok"], true);
    assert_eq!(files[0]["name"], "v");
    assert_eq!(files[0]["rules"], 3);
    assert_eq!(files[0]["warnings"].as_array().unwrap().len(), 2);
    assert_eq!(files[1]["ok"], false);
    assert!(files[1]["errors"].as_array().unwrap().len() >= 5, "{}", files[1]);
    assert_eq!(files[1]["errors"][0]["location"], "bad.toml:4:13");
    assert_eq!(json["failed"], 1);
}
