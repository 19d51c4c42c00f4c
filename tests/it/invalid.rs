//! The corpus of bad scenario files and the exact error negsim gives for each.
//!
//! Every `tests/invalid/*.toml` is wrong in exactly one way, said in its first
//! line. `negsim validate` must refuse it with exit code 2, print nothing on
//! stdout, and print on stderr the error stored in
//! `tests/invalid/expected/validate@<file>.snap`. Files under
//! `tests/invalid/support/` are partners of corpus files (parents named by
//! `extends`) and are not inputs themselves.
//!
//! negsim runs with `tests/` as its working directory and is given paths
//! relative to it (`invalid/<file>.toml`), so the paths in the messages do
//! not depend on where the repository is checked out.
//!
//! To accept changed messages: `INSTA_UPDATE=always cargo test --test it invalid::`,
//! then read the diff of `tests/invalid/expected/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The last line `validate` prints when the one file it was given is bad.
const ONE_FAILED: &str = "error: 1 of 1 files failed validation\n";

/// `tests/`, the working directory of every negsim run here.
fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Runs negsim in `tests/` with `args`.
fn negsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_negsim"))
        .args(args)
        .current_dir(tests_dir())
        .env("NO_COLOR", "1")
        .output()
        .expect("negsim should start")
}

/// What a finished negsim printed, as text.
struct Seen {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn seen(output: Output) -> Seen {
    Seen {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout should be UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr should be UTF-8"),
    }
}

/// Runs `negsim validate <rel>` and checks what every refusal must have:
/// exit code 2, nothing on stdout, the summary line last, advice, no panic.
fn validate_refuses(rel: &str) -> Seen {
    let s = seen(negsim(&["validate", rel]));
    assert!(!s.stderr.contains("panicked"), "{rel}: negsim panicked:\n{}", s.stderr);
    assert_eq!(s.code, Some(2), "{rel}: exit code should be 2 (bad input); stderr:\n{}", s.stderr);
    assert_eq!(s.stdout, "", "{rel}: nothing should be printed on stdout");
    assert!(s.stderr.ends_with(ONE_FAILED), "{rel}: the summary line should come last:\n{}", s.stderr);
    assert!(s.stderr.starts_with("error: "), "{rel}: stderr should start with an error:\n{}", s.stderr);
    assert!(s.stderr.contains("help: "), "{rel}: every error should give advice:\n{}", s.stderr);
    assert!(s.stderr.contains("invalid/"), "{rel}: the error should name the file:\n{}", s.stderr);
    s
}

/// What a corpus file says is wrong with it: its first line, a comment.
fn description(path: &Path) -> String {
    if path.is_dir() {
        return "a directory given as FILE".to_string();
    }
    let bytes = std::fs::read(path).expect("corpus file should be readable");
    if bytes.is_empty() {
        return "an empty file (0 bytes)".to_string();
    }
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    let text = first
        .strip_prefix("# ")
        .unwrap_or_else(|| panic!("{}: the first line should be a comment saying what is wrong", path.display()));
    text.trim_end().to_string()
}

/// Snapshots go beside the corpus, named `validate@<file>.snap` and so on.
macro_rules! in_expected {
    ($description:expr, $body:block) => {
        insta::with_settings!(
            {
                snapshot_path => "../invalid/expected",
                prepend_module_to_snapshot => false,
                description => $description,
            },
            $body
        )
    };
}

#[test]
fn every_corpus_file_is_refused_with_its_expected_error() {
    // Paths in `glob!` and `snapshot_path` are relative to this file's
    // directory, `tests/it/`: the corpus is in `tests/invalid/`.
    insta::glob!("..", "invalid/*.toml", |path| {
        assert_eq!(
            path.parent().and_then(Path::file_name).and_then(|n| n.to_str()),
            Some("invalid"),
            "only files directly under tests/invalid/ are inputs: {}",
            path.display()
        );
        let name = path.file_name().and_then(|n| n.to_str()).expect("corpus names are UTF-8");
        let rel = format!("invalid/{name}");
        let s = validate_refuses(&rel);
        in_expected!(description(path), {
            insta::assert_snapshot!("validate", s.stderr);
        });
    });
}

#[test]
fn the_corpus_is_large_enough() {
    let count = std::fs::read_dir(tests_dir().join("invalid"))
        .expect("tests/invalid should exist")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.ends_with(".toml")))
        .count();
    assert!(count >= 30, "only {count} corpus files");
}

#[test]
fn a_missing_file_is_refused() {
    let rel = "invalid/does-not-exist.toml";
    assert!(!tests_dir().join(rel).exists(), "{rel} should not exist");
    let s = validate_refuses(rel);
    in_expected!("a file that does not exist", {
        insta::assert_snapshot!("missing_file", s.stderr);
    });
}

#[test]
fn run_reports_the_same_error_as_validate() {
    for rel in [
        "invalid/probability-above-one.toml",
        "invalid/syntax-unclosed-table-header.toml",
        "invalid/extends-missing-file.toml",
        "invalid/does-not-exist.toml",
    ] {
        let validated = validate_refuses(rel);
        let expected = validated.stderr.strip_suffix(ONE_FAILED).expect("summary line last");
        let ran = seen(negsim(&["run", rel]));
        assert_eq!(ran.code, Some(2), "{rel}: `run` should exit 2; stderr:\n{}", ran.stderr);
        assert_eq!(ran.stdout, "", "{rel}: `run` should print no report");
        assert_eq!(ran.stderr, expected, "{rel}: `run` and `validate` should give the same error");
    }
}

#[test]
fn validate_checks_every_file_and_reports_the_good_ones() {
    let good = "../scenarios/baseline.toml";
    let bad = "invalid/trials-zero.toml";
    let alone = validate_refuses(bad);
    let error = alone.stderr.strip_suffix(ONE_FAILED).expect("summary line last");
    // Both orders: a bad file must not stop the files after it.
    for args in [["validate", good, bad], ["validate", bad, good]] {
        let s = seen(negsim(&args));
        assert_eq!(s.code, Some(2), "{args:?}: one bad file should make the exit code 2");
        let lines: Vec<&str> = s.stdout.lines().collect();
        assert_eq!(lines.len(), 1, "{args:?}: one `ok:` line expected, got:\n{}", s.stdout);
        assert!(
            lines[0].starts_with(&format!("ok: {good} (\"baseline\": ")),
            "{args:?}: the good file should be reported ok, got:\n{}",
            s.stdout
        );
        assert_eq!(s.stderr, format!("{error}error: 1 of 2 files failed validation\n"), "{args:?}");
    }
}
