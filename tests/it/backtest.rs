//! `negsim backtest`: the model's forecasts from past dates, scored.

use crate::common::*;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let out = negsim().args(args).args(["-f", "json", "-q"]).assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

const ARGS: [&str; 5] = ["backtest", "--accepted", "2000", "--dates", "2025-09-01,2025-12-01"];

#[test]
fn the_scores_are_those_of_the_listed_forecasts() {
    let v = json(&ARGS);
    let pairs = v["pairs"].as_array().unwrap();
    assert!(pairs.len() >= 6, "{}", pairs.len());
    let questions = v["questions"].as_array().unwrap();
    // Every pair: a question not resolved before its date, resolved by the
    // record's end.
    for p in pairs {
        let q = &questions[p["question"].as_u64().unwrap() as usize];
        assert!(q["by"].as_str().unwrap() >= p["date"].as_str().unwrap());
        assert!(q["by"].as_str().unwrap() <= "2026-02-28");
        assert_eq!(p["outcome"].as_bool().unwrap(), q["outcome"] == "yes");
    }
    // The model's and the base rate's mean Brier scores, recomputed.
    let mean = |key: &str| {
        pairs
            .iter()
            .map(|p| {
                let o = f64::from(u8::from(p["outcome"].as_bool().unwrap()));
                (p[key].as_f64().unwrap() - o).powi(2)
            })
            .sum::<f64>()
            / pairs.len() as f64
    };
    let scores = v["scores"].as_array().unwrap();
    let row = |who: &str| scores.iter().find(|s| s["forecaster"] == who).unwrap();
    assert!((row("model")["brier"].as_f64().unwrap() - mean("model")).abs() < 1e-12);
    assert!((row("base rate")["brier"].as_f64().unwrap() - mean("base_rate")).abs() < 1e-12);
    // Polymarket's 40 % of 15 August 2025 on "a ceasefire in 2025" counts
    // for 1 September (observed within the month before), and it resolved
    // no: a Brier score of 0.16.
    let poly = row("Polymarket");
    assert_eq!(poly["pairs"], 1);
    assert!((poly["brier"].as_f64().unwrap() - 0.16).abs() < 1e-12);
}

#[test]
fn a_forecast_is_the_as_of_run_of_its_date() {
    // "Ceasefire signed by 2026-01-01" from 2025-09-01 is the share signed
    // by that date among the trials `run --as-of 2025-09-01` keeps.
    let v = json(&ARGS);
    let q =
        v["questions"].as_array().unwrap().iter().position(|q| q["by"] == "2026-01-01" && q["from"].is_null()).unwrap();
    let pair = v["pairs"].as_array().unwrap().iter().find(|p| p["question"] == q && p["date"] == "2025-09-01").unwrap();
    let run = json(&["run", "--as-of", "2025-09-01", "--accepted", "2000"]);
    let point =
        run["given"]["summary"]["calendar"].as_array().unwrap().iter().find(|p| p["date"] == "2026-01-01").unwrap();
    assert_eq!(pair["model"].as_f64().unwrap(), point["signed_by"].as_f64().unwrap());
}

#[test]
fn every_format_and_the_page_show_the_scores() {
    let table = String::from_utf8(negsim().args(ARGS).arg("-q").output().unwrap().stdout).unwrap();
    assert!(table.contains("Scores (lower is better") && table.contains("Calibration of the model"), "{table}");
    assert!(table.contains("Open questions") && table.contains("ceasefire signed by 2026-12-31"));
    let csv = String::from_utf8(negsim().args(ARGS).args(["-q", "-f", "csv"]).output().unwrap().stdout).unwrap();
    assert!(csv.starts_with("question,from,by,forecast_date,forecaster,observed,probability,outcome\n"));
    assert!(csv.lines().filter(|l| l.contains(",model,")).count() >= 6);
    let md = String::from_utf8(negsim().args(ARGS).args(["-q", "-f", "markdown"]).output().unwrap().stdout).unwrap();
    assert!(md.contains("## negsim backtest") && md.contains("| forecaster | pairs | Brier |"));
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("b.html");
    negsim().args(ARGS).args(["-q", "--html"]).arg(&page).assert().success();
    let html = std::fs::read_to_string(&page).unwrap();
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    let doc = roxmltree::Document::parse_with_options(&html, options).expect("well-formed XHTML");
    assert_eq!(doc.descendants().filter(|n| n.tag_name().name() == "svg").count(), 1, "one chart");
    assert!(html.contains("Calibration of the model") && html.contains("<h2>Scores</h2>"));
    // Self-contained: no script, no stylesheet or image from elsewhere.
    assert!(!html.contains("<script") && !html.contains("href=\"http") && !html.contains("src=\""));
    // Identical on one thread.
    let one = negsim().args(ARGS).args(["-q", "-f", "json", "-j", "1"]).output().unwrap().stdout;
    let two = negsim().args(ARGS).args(["-q", "-f", "json", "-j", "2"]).output().unwrap().stdout;
    assert_eq!(one, two);
}

#[test]
fn bad_dates_are_refused() {
    for (dates, needle) in [("2025-09-01,soon", "is not a date"), ("2026-03-01", "outside the record")] {
        negsim()
            .args(["backtest", "--dates", dates, "-q"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::str::contains(needle));
    }
}
