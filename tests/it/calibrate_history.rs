//! Model validity: the calibrated baseline, `calibrate` itself, the marks
//! for free coefficients, `check-history`, and the rule that every
//! coefficient of the baseline names where it comes from.

use crate::common::*;
use negsim::seeds::{OUTCOMES, priors};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

/// Four standard errors: a correct model fails such a check by chance about
/// once in 16 000 outcomes, and the seeds are fixed.
const K: f64 = 4.0;

/// The shipped calibrated baseline reproduces the published table on a seed
/// it was not fitted on (it was fitted on 20250613 and checked by
/// `calibrate` on 20250614): every outcome within 4 standard errors of the
/// target at 100 000 trials (one standard error is at most 0.16 pp there).
#[test]
fn the_calibrated_baseline_reproduces_the_published_table_on_a_fresh_seed() {
    let trials = 100_000;
    let t = tally(&shipped("baseline-calibrated"), trials, 99);
    for (k, target) in priors().iter().enumerate() {
        let got = t.outcomes[k] as f64 / trials as f64;
        let se = (target * (1.0 - target) / trials as f64).sqrt();
        assert!((got - target).abs() <= K * se, "outcome {}: {got:.4} vs target {target:.4} (se {se:.5})", k + 1);
    }
    // And the uncalibrated baseline does not: the fit did something.
    let raw = tally(&negsim::model::Model::baseline().unwrap(), trials, 99);
    let far = (0..OUTCOMES)
        .filter(|&k| {
            let se = (priors()[k] * (1.0 - priors()[k]) / trials as f64).sqrt();
            (raw.outcomes[k] as f64 / trials as f64 - priors()[k]).abs() > K * se
        })
        .count();
    assert!(far >= 3, "the raw baseline is already within 4 SE on {} outcomes", OUTCOMES - far);
}

fn calibrate(dir: &Path, input: &str, out: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    negsim().current_dir(dir).args(["calibrate", input, "-o", out, "--quiet"]).args(extra).assert()
}

/// The file `calibrate` writes, without its date line (two runs on either
/// side of midnight differ only there).
fn written(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap().lines().filter(|l| !l.contains("written by")).collect::<Vec<_>>().join("\n")
}

#[test]
fn fitting_the_prior_is_deterministic_and_the_result_extends_its_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo("scenarios/baseline.toml"), dir.path().join("baseline.toml")).unwrap();
    calibrate(dir.path(), "baseline.toml", "a.toml", &["-n", "20000"]).success();
    calibrate(dir.path(), "baseline.toml", "b.toml", &["-n", "20000"]).success();
    let a = written(&dir.path().join("a.toml"));
    assert_eq!(a, written(&dir.path().join("b.toml")), "same seed, same fit");
    assert!(a.contains("extends = \"baseline.toml\""), "{a}");
    assert!(a.contains("Target: published GLOBSEC table"), "{a}");
    // Only world probabilities are overridden by a prior fit.
    let overridden: Vec<&str> = a.lines().filter(|l| !l.starts_with('#') && l.contains(" = ")).collect();
    for line in &overridden {
        assert!(
            ["extends", "name", "description", "normalize", "probability"].iter().any(|k| line.starts_with(k)),
            "unexpected override: {line}"
        );
    }
    assert_eq!(overridden.iter().filter(|l| l.starts_with("probability")).count(), OUTCOMES);
    // The result loads, and a different seed gives a different fit.
    negsim().current_dir(dir.path()).args(["validate", "a.toml"]).assert().success();
    calibrate(dir.path(), "baseline.toml", "c.toml", &["-n", "20000", "--seed", "5"]).success();
    assert_ne!(a, written(&dir.path().join("c.toml")));
}

#[test]
fn fitting_marked_coefficients_moves_them_within_their_bounds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo("scenarios/baseline.toml"), dir.path().join("baseline.toml")).unwrap();
    std::fs::write(
        dir.path().join("free.toml"),
        "extends = \"baseline.toml\"\nname = \"free\"\n[ceasefire]\ndistrust_hazard = { value = 0.04, fit = [0.0, 0.2] }\n",
    )
    .unwrap();
    let json = calibrate(dir.path(), "free.toml", "out.toml", &["--fit", "params", "-n", "5000", "-f", "json"])
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&json).unwrap();
    let out = std::fs::read_to_string(dir.path().join("out.toml")).unwrap();
    let line = out.lines().find(|l| l.starts_with("distrust_hazard = ")).unwrap_or_else(|| panic!("{out}"));
    let fitted: f64 = line["distrust_hazard = ".len()..].trim().parse().unwrap();
    assert!((0.0..=0.2).contains(&fitted) && (fitted - 0.04).abs() > 1e-3, "{fitted}");
    assert!(!out.contains("probability ="), "a params fit leaves the prior alone:\n{out}");
    // The fitted value runs; the marked file itself runs with `value`.
    negsim().current_dir(dir.path()).args(["run", "out.toml", "-n", "1000", "--quiet"]).assert().success();
    negsim().current_dir(dir.path()).args(["run", "free.toml", "-n", "1000", "--quiet"]).assert().success();
    assert!(v.to_string().contains("distrust_hazard"), "{v}");
    // The same again gives the same value.
    calibrate(dir.path(), "free.toml", "again.toml", &["--fit", "params", "-n", "5000"]).success();
    assert_eq!(written(&dir.path().join("out.toml")), written(&dir.path().join("again.toml")));
}

/// Runs `args` in `dir` and expects a bad-input error mentioning all of
/// `needles`.
fn refused(dir: &Path, args: &[&str], needles: &[&str]) {
    let out = negsim().current_dir(dir).args(args).assert().code(2).get_output().stderr.clone();
    let err = String::from_utf8_lossy(&out);
    for n in needles {
        assert!(err.contains(n), "{args:?}: expected `{n}` in\n{err}");
    }
}

#[test]
fn bad_targets_are_refused_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(repo("scenarios/baseline.toml"), d.join("baseline.toml")).unwrap();
    let cases = [
        ("probabilities = [0.5, 0.5]\n", vec!["t.toml:1:17", "needs 7 probabilities, one per scenario; found 2"]),
        ("probabilities = [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]\n", vec!["t.toml:1:17", "sum to 1.4"]),
        ("probabilities = [0.2, 0.2, 0.2, 0.2, -0.2, 0.2, 0.2]\n", vec!["t.toml:1:38", "`-0.2` is not a probability"]),
        ("probabilities = [0.2, 0.2, 0.2, 0.2, nan, 0.2, 0.2]\n", vec!["t.toml:1:38", "`NaN` is not a probability"]),
        (
            "probabilities = [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]\nextra = 1\n",
            vec!["t.toml:2:1", "unknown field `extra`"],
        ),
        ("probabilities = \"20/13/4\"\n", vec!["t.toml:1:17", "not a target table"]),
    ];
    for (text, needles) in cases {
        std::fs::write(d.join("t.toml"), text).unwrap();
        refused(d, &["calibrate", "baseline.toml", "-o", "o.toml", "--target", "t.toml", "-n", "1000"], &needles);
        assert!(!d.join("o.toml").exists(), "no output on bad input");
    }
    refused(
        d,
        &["calibrate", "baseline.toml", "-o", "o.toml", "--target", "missing.toml"],
        &["missing.toml", "cannot read"],
    );
    // Nothing marked: nothing to fit.
    refused(d, &["calibrate", "baseline.toml", "-o", "o.toml", "--fit", "params"], &["marks no coefficient as free"]);
}

#[test]
fn bad_free_marks_are_refused_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(repo("scenarios/baseline.toml"), d.join("baseline.toml")).unwrap();
    let head = "extends = \"baseline.toml\"\nname = \"m\"\n";
    let cases = [
        // Bounds outside the key's documented range.
        ("[tactics.time_exhaustion]\nprobability = { value = 0.3, fit = [0.1, 1.6] }\n", "m.toml:4:"),
        // Bounds the wrong way round.
        ("[tactics.time_exhaustion]\nprobability = { value = 0.3, fit = [0.6, 0.1] }\n", "low below high"),
        // The starting value outside its own bounds.
        ("[tactics.time_exhaustion]\nprobability = { value = 0.9, fit = [0.1, 0.6] }\n", "m.toml:4:"),
        // Not a number.
        ("name2 = 1\n[tactics.time_exhaustion]\nprobability = { value = \"x\", fit = [0.1, 0.6] }\n", "m.toml:"),
        // Inside [[rules]].
        ("[[rules]]\noutcome = \"durable-peace\"\nmin = { front = { value = 0.3, fit = [0.1, 0.6] } }\n", "m.toml:5:"),
        // A key that is not a number.
        ("description = { value = 0.3, fit = [0.1, 0.6] }\n", "m.toml:3:"),
    ];
    for (body, needle) in cases {
        std::fs::write(d.join("m.toml"), format!("{head}{body}")).unwrap();
        refused(d, &["validate", "m.toml"], &[needle]);
    }
}

fn history(args: &[&str]) -> Value {
    let out = negsim().args(["check-history", "-n", "20000", "-f", "json", "--quiet"]).args(args).assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn check_history_places_every_figure_in_the_model() {
    let v = history(&[]);
    let rows = v["rows"].as_array().unwrap();
    let seeds = std::fs::read_to_string(repo("seeds/history.toml")).unwrap();
    assert!(rows.len() >= 10, "{}", rows.len());
    for r in rows {
        let id = r["id"].as_str().unwrap();
        assert!(seeds.contains(&format!("id = \"{id}\"")), "{id} is not in seeds/history.toml");
        assert!(!r["source"].as_str().unwrap().is_empty(), "{id} names no source");
        match r["kind"].as_str().unwrap() {
            "talks" | "truce" => {
                let p = r["percentile"].as_f64().unwrap();
                assert!((0.0..=100.0).contains(&p), "{id}: {p}");
                assert_eq!(r["inside"].as_bool().unwrap(), (5.0..=95.0).contains(&p), "{id}: percentile {p}");
            }
            "forecast" => {
                let m = r["model_value"].as_f64().unwrap();
                let [lo, hi] = [r["range"][0].as_f64().unwrap(), r["range"][1].as_f64().unwrap()];
                assert_eq!(r["inside"].as_bool().unwrap(), (lo..=hi).contains(&m), "{id}");
            }
            other => panic!("{id}: unknown kind {other}"),
        }
    }
    // Longer talks in the model: Minsk-II's 17 h moves down the distribution.
    let pct = |v: &Value, id: &str| {
        v["rows"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()["percentile"].as_f64().unwrap()
    };
    let long = history(&["--set", "tactics.time_exhaustion.probability=0.6"]);
    assert!(pct(&long, "minsk-ii-2015") < pct(&v, "minsk-ii-2015"));
    // The survival curve starts at 1 and never rises.
    let s: Vec<f64> = v["survival"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
    assert_eq!(s[0], 1.0);
    assert!(s.windows(2).all(|w| w[1] <= w[0]), "{s:?}");
}

#[test]
fn check_history_strict_fails_when_a_figure_lies_outside() {
    // The baseline's monthly ceasefire clock cannot place truces of hours:
    // some figures are outside, so --strict exits 1 and says how many.
    let v = history(&[]);
    let outside = v["rows"].as_array().unwrap().iter().filter(|r| r["inside"] == false).count();
    assert!(outside > 0);
    negsim()
        .args(["check-history", "-n", "20000", "--strict", "--quiet"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("figures inside the model's central 90 %"))
        .stderr(predicate::str::contains(format!("{outside} of {} figures", v["rows"].as_array().unwrap().len())));
}

/// Issue 6, part 3: every number in the baseline says where it comes from —
/// a source file (001-005), the history seeds, the calibration, or
/// "assumption" with a reason — in a comment on its line.
#[test]
fn every_coefficient_of_the_baseline_names_its_source() {
    let text = std::fs::read_to_string(repo("scenarios/baseline.toml")).unwrap();
    // Count numeric leaves with the TOML parser, so that no number can hide
    // from the line scan below (e.g. in a multi-line array).
    fn leaves(v: &toml::Value) -> usize {
        match v {
            toml::Value::Integer(_) | toml::Value::Float(_) => 1,
            toml::Value::Table(t) => t.values().map(leaves).sum(),
            toml::Value::Array(a) => a.iter().map(leaves).sum(),
            _ => 0,
        }
    }
    let parsed: toml::Value = toml::from_str(&text).unwrap();
    let tags = ["001", "002", "003", "004", "005", "assumption", "calibrat", "history"];
    let mut seen = 0;
    let mut missing = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let (code, comment) = match line.find('#') {
            Some(i) if !line[..i].contains('"') || line[..i].matches('"').count() % 2 == 0 => (&line[..i], &line[i..]),
            _ => (line, ""),
        };
        let here = numbers_in(code);
        if here == 0 {
            continue;
        }
        seen += here;
        if !tags.iter().any(|t| comment.to_lowercase().contains(t)) {
            missing.push(format!("line {}: {line}", n + 1));
        }
    }
    assert_eq!(seen, leaves(&parsed), "the line scan missed numbers");
    assert!(missing.is_empty(), "coefficients without a source:\n{}", missing.join("\n"));
}

/// Counts `= <number>` in a line of TOML code (comment removed).
fn numbers_in(code: &str) -> usize {
    code.match_indices('=')
        .filter(|(i, _)| {
            let rest = code[i + 1..].trim_start();
            rest.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.')
        })
        .count()
}
