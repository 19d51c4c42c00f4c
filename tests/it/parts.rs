//! Part files of sharded runs (`negsim merge`): what merge refuses, as a
//! user meets it. The library's own tests (src/analysis/shard.rs) check
//! each refusal; these go through the binary and the files.

use crate::common::negsim;
use negsim::analysis::shard::{self, Partial};
use std::path::Path;
use std::time::{Duration, Instant};

/// Two parts of a 6000-trial run, written by the binary.
fn two_parts(dir: &Path) {
    for k in ["1/2", "2/2"] {
        let name = format!("p{}.json", &k[..1]);
        let out =
            negsim().args(["run", "-n", "6000", "-q", "--shard", k, "-o", &name]).current_dir(dir).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

fn merge(dir: &Path, parts: &[&str]) -> (Option<i32>, String, String) {
    let started = Instant::now();
    let out = negsim().arg("merge").args(parts).current_dir(dir).timeout(Duration::from_secs(20)).output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(5), "merge took {:?}", started.elapsed());
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn read(dir: &Path, name: &str) -> Partial {
    shard::read(&dir.join(name)).unwrap()
}

#[test]
fn the_parts_of_a_run_merge_into_its_report() {
    let dir = tempfile::tempdir().unwrap();
    two_parts(dir.path());
    let (code, merged, err) = merge(dir.path(), &["p2.json", "p1.json"]);
    assert_eq!(code, Some(0), "{err}");
    let whole = negsim().args(["run", "-n", "6000", "-q"]).output().unwrap();
    assert_eq!(merged, String::from_utf8(whole.stdout).unwrap(), "the merge is the single run");
}

#[test]
fn any_edit_of_a_part_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    two_parts(dir.path());
    let text = std::fs::read_to_string(dir.path().join("p1.json")).unwrap();
    let part = read(dir.path(), "p1.json");
    // One outcome count moved by five: the digest no longer matches.
    let edited = text.replacen(
        &format!("\"outcomes\": [\n      {}", part.tally.outcomes[0]),
        &format!("\"outcomes\": [\n      {}", part.tally.outcomes[0] + 5),
        1,
    );
    assert_ne!(edited, text, "the edit applies");
    std::fs::write(dir.path().join("p1.json"), edited).unwrap();
    let (code, out, err) = merge(dir.path(), &["p1.json", "p2.json"]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(err.contains("error: p1.json: was changed after negsim wrote it"), "{err}");
    assert!(err.contains("re-run that shard"), "{err}");
}

#[test]
fn a_forged_part_is_refused_at_once_by_its_checks() {
    let dir = tempfile::tempdir().unwrap();
    two_parts(dir.path());
    let forge = |edit: &dyn Fn(&mut Partial), expect: &str| {
        let mut part = read(dir.path(), "p1.json");
        edit(&mut part);
        shard::seal(&mut part);
        std::fs::write(dir.path().join("forged.json"), shard::to_text(&part)).unwrap();
        let (code, _, err) = merge(dir.path(), &["forged.json", "p2.json"]);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("forged.json") && err.contains(expect), "expected {expect:?}:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
    };
    forge(&|p| p.trials = u64::MAX, "claims a run of 18446744073709551615 trials");
    forge(&|p| p.tally.signed = 1_000_000_000_000_000, "more than its");
    forge(&|p| p.tally.held_days_censored = p.tally.held_days.clone(), "inconsistent");
    forge(&|p| p.scheme = "splitmix-streams-v1".into(), "seeding scheme splitmix-streams-v1");
    forge(&|p| p.block_trials = 1000, "blocks of 1000");
    forge(&|p| drop(p.run.tactics.pop()), "its tally does not fit its run");
    forge(&|p| p.seed += 1, "belongs to another run: its seed");
    // The table of moves by outcome and the signed terms must agree with
    // the counts they break down.
    forge(
        &|p| {
            p.tally.tactic_outcomes[0] += 1;
            p.tally.tactic_outcomes[1] -= 1;
        },
        "table of moves by outcome does not sum",
    );
    forge(
        &|p| {
            p.tally.tactic_outcomes.pop();
        },
        "its table of moves by outcome: ",
    );
    forge(
        &|p| {
            let c = p.tally.terms.counts().to_vec();
            let mut h = negsim::stats::Histogram::new(100);
            for _ in 0..c.iter().sum::<u64>() + 1 {
                h.record(50);
            }
            p.tally.terms = h;
        },
        "signed terms do not sum",
    );
}

#[test]
fn a_syntax_error_is_placed_once() {
    let dir = tempfile::tempdir().unwrap();
    two_parts(dir.path());
    let text = std::fs::read_to_string(dir.path().join("p1.json")).unwrap();
    std::fs::write(dir.path().join("cut.json"), &text[..text.len() / 2]).unwrap();
    let (code, _, err) = merge(dir.path(), &["cut.json", "p2.json"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cut.json:"), "{err}");
    assert_eq!(err.matches(" line ").count(), 0, "the position is given once, as file:line:column: {err}");
    std::fs::write(dir.path().join("bad.json"), "{\n  \"format\": negsim\n}\n").unwrap();
    let (_, _, err) = merge(dir.path(), &["bad.json"]);
    assert!(err.contains("bad.json:2:14: is not valid JSON"), "{err}");
}

#[test]
fn devices_and_endless_inputs_are_refused_at_once() {
    for input in ["/dev/zero", "/dev/null", "/dev/urandom"] {
        let (code, _, err) = merge(Path::new("."), &[input]);
        assert_eq!(code, Some(2), "{input}: {err}");
        assert!(err.contains(input), "{err}");
    }
}
