//! Uncertainty over assumptions (`[uncertain]`, `run --uncertain`) and
//! global sensitivity (`sobol`), driven through the binary as a user runs
//! them; and the Sobol estimator on a function whose indices are known.

use crate::common::{negsim, repo};
use negsim::model::uncertain::Target;
use negsim::model::{Model, Origin, Overrides};
use serde_json::Value;
use std::path::PathBuf;

/// A scenario extending the shipped baseline with `body`, in a temporary
/// directory kept alive by the returned guard.
fn scenario(body: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("variant.toml");
    std::fs::write(&path, format!("extends = \"builtin:baseline\"\nname = \"variant\"\n{body}\n")).expect("write");
    (dir, path)
}

fn stdout(args: &[&str]) -> String {
    let out = negsim().args(args).output().expect("negsim runs");
    assert!(out.status.success(), "{args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(args)).expect("JSON")
}

fn refused(args: &[&str]) -> String {
    let out = negsim().args(args).env("NO_COLOR", "1").output().expect("negsim runs");
    assert_eq!(out.status.code(), Some(2), "{args:?} should be refused as bad input");
    String::from_utf8(out.stderr).expect("UTF-8")
}

#[test]
fn uncertain_errors_name_file_line_and_column() {
    let (_dir, path) = scenario(
        "[uncertain]\n\"war.front_noize\" = { uniform = [0.02, 0.06] }\n\"russia.burn\" = { uniform = [0.08, 0.04] }\n\"us.push\" = { uniform = [0.5, 1.5] }\n",
    );
    let err = refused(&["validate", path.to_str().unwrap()]);
    assert!(err.contains("variant.toml:4:1"), "the unknown key, at its line and column:\n{err}");
    assert!(err.contains("did you mean `war.front_noise`?"), "{err}");
    assert!(err.contains("variant.toml:5:36"), "the high end below the low, where it is written:\n{err}");
    assert!(err.contains("low < high"), "{err}");
    assert!(err.contains("variant.toml:6:31"), "the value out of range:\n{err}");
    assert!(err.contains("outside the range of `us.push`"), "{err}");
}

#[test]
fn a_scenario_without_uncertain_is_refused() {
    let text = std::fs::read_to_string(repo("scenarios/baseline.toml")).unwrap();
    let cut = text.find("# How sure the baseline is").expect("the baseline's [uncertain] comment");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("certain.toml");
    std::fs::write(&path, &text[..cut]).unwrap();
    let file = path.to_str().unwrap();
    let err = refused(&["run", file, "--uncertain", "3", "-n", "100", "-q"]);
    assert!(err.contains("has no [uncertain] table"), "{err}");
    let err = refused(&["sobol", file, "--samples", "4", "-n", "100", "-q"]);
    assert!(err.contains("has no [uncertain] table"), "{err}");
    let err = refused(&["run", "--uncertain", "3", "--set", "war.front_noise=0.05", "-n", "100", "-q"]);
    assert!(err.contains("would never be used"), "a --set on a drawn coefficient is refused:\n{err}");
    assert!(refused(&["run", "--uncertain", "1"]).contains("replicates are whole numbers from 2 to 1000"));
}

#[test]
fn replicates_do_not_depend_on_threads_and_are_reported_in_every_format() {
    let args = |j: &'static str| ["run", "--uncertain", "4", "-n", "1500", "-j", j, "-f", "json", "-q"];
    let one = stdout(&args("1"));
    assert_eq!(one, stdout(&args("2")), "the same replicates on one thread and on two");
    let v: Value = serde_json::from_str(&one).unwrap();
    let u = &v["uncertainty"];
    assert_eq!(u["replicates"], 4);
    assert_eq!(u["trials"], 1500);
    assert_eq!(u["runs"].as_array().unwrap().len(), 4);
    assert_eq!(u["coefficients"].as_array().unwrap().len(), 9, "the baseline's nine uncertain coefficients");
    let rows = u["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 11, "seven outcomes, two families, signed, in force");
    for r in rows {
        let (p05, p50, p95) = (r["p05"].as_f64().unwrap(), r["p50"].as_f64().unwrap(), r["p95"].as_f64().unwrap());
        assert!(p05 <= p50 && p50 <= p95, "{r}");
    }
    let shares: f64 = rows[..7].iter().map(|r| r["probability"].as_f64().unwrap()).sum();
    assert!((shares - 1.0).abs() < 1e-9);
    let table = stdout(&["run", "--uncertain", "3", "-n", "500", "-q"]);
    assert!(table.contains("Uncertainty over assumptions: 3 replicates x 500 trials"), "{table}");
    let csv = stdout(&["run", "--uncertain", "3", "-n", "500", "-q", "-f", "csv"]);
    assert!(csv.contains(",uncertain_p95,negotiated,"), "{csv}");
    assert!(csv.contains(",uncertain_coefficient,war.front_noise,"), "{csv}");
    let md = stdout(&["run", "--uncertain", "3", "-n", "500", "-q", "-f", "markdown"]);
    assert!(md.contains("### Uncertainty over assumptions"), "{md}");
    let plain = json(&["run", "-n", "500", "-q", "-f", "json"]);
    assert!(plain.get("uncertainty").is_none(), "a plain run has no uncertainty section");
}

/// The 5th-95th percentile width of the negotiated share across replicates.
fn negotiated_spread(file: &str) -> f64 {
    let v = json(&["run", file, "--uncertain", "30", "-n", "2000", "-f", "json", "-q"]);
    let rows = v["uncertainty"]["rows"].as_array().unwrap().clone();
    let r = rows.iter().find(|r| r["id"] == "negotiated").unwrap();
    r["p95"].as_f64().unwrap() - r["p05"].as_f64().unwrap()
}

#[test]
fn the_spread_widens_when_a_range_widens() {
    // `meetings.trilateral_gap` carries the largest total index of the
    // negotiated share in the baseline. The replicates draw the same
    // uniform numbers in both files (the entry keeps its place), so only
    // the range differs: a near-point range against a wide one.
    let (_a, narrow) = scenario("[uncertain]\n\"meetings.trilateral_gap\" = { uniform = [0.249, 0.251] }\n");
    let (_b, wide) = scenario("[uncertain]\n\"meetings.trilateral_gap\" = { uniform = [0.05, 0.45] }\n");
    let (n, w) = (negotiated_spread(narrow.to_str().unwrap()), negotiated_spread(wide.to_str().unwrap()));
    assert!(w > n + 0.01, "narrow {n}, wide {w}");
}

#[test]
fn sobol_reports_every_coefficient_sorted_by_total() {
    let v = json(&["sobol", "--samples", "48", "-n", "600", "--resamples", "50", "-f", "json", "-q"]);
    assert_eq!(v["samples"], 48);
    assert_eq!(v["runs"], 48 * 11, "samples x (9 coefficients + 2)");
    assert_eq!(v["target_id"], "negotiated");
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 9);
    let totals: Vec<f64> = rows.iter().map(|r| r["total"].as_f64().unwrap()).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "sorted by total: {totals:?}");
    for r in rows {
        let (s, st) = (r["first"].as_f64().unwrap(), r["total"].as_f64().unwrap());
        let ci = r["total_ci95"].as_array().unwrap();
        assert!(ci[0].as_f64().unwrap() <= st && st <= ci[1].as_f64().unwrap(), "{r}");
        // Sane, not exact: indices are shares of the variance, so a total
        // beyond 1 or a first-order index far below 0 would be a broken
        // estimator rather than noise at this size.
        assert!((0.0..=1.2).contains(&st), "{r}");
        assert!(s > -0.5 && s < 1.5, "{r}");
    }
    let sum_first = v["sum_first"].as_f64().unwrap();
    let sum_total: f64 = totals.iter().sum();
    assert!(sum_first > -0.5 && sum_first < 2.0, "{sum_first}");
    assert!(sum_total > 0.5, "the totals add up to at least most of the variance: {sum_total}");
    let csv = stdout(&["sobol", "--samples", "4", "-n", "200", "--resamples", "5", "-f", "csv", "-q"]);
    assert_eq!(csv.lines().count(), 10, "a header and a row per coefficient:\n{csv}");
    let table = stdout(&["sobol", "--samples", "4", "-n", "200", "--resamples", "5", "-q"]);
    assert!(table.contains("Sobol indices of negotiated share"), "{table}");
    let md = stdout(&["sobol", "--samples", "4", "-n", "200", "--resamples", "5", "-q", "-f", "markdown"]);
    assert!(md.contains("| `"), "{md}");
    let same = stdout(&["sobol", "--samples", "4", "-n", "200", "--resamples", "5", "-q", "-f", "csv", "-j", "1"]);
    assert_eq!(csv, same, "the same indices on one thread and on two");
}

/// A move's probability is an assumption like any coefficient: drawn per
/// replicate, and apportioned by `sobol`. A draft walked back at the
/// table cannot be signed, so the reversal's probability, drawn from 0 to
/// 0.9, must carry most of the signed share's variance; were the draw not
/// applied to the compiled moves, its indices would be zero.
#[test]
fn a_move_s_probability_can_be_uncertain() {
    let key = "tactics.last_minute_reversal.probability";
    let (_dir, path) = scenario(&format!("[uncertain]\n\"{key}\" = {{ uniform = [0.0, 0.9] }}\n"));
    let file = path.to_str().unwrap();
    let v = json(&["sobol", file, "--target", "signed", "--samples", "32", "-n", "1000", "-f", "json", "-q"]);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 10, "the baseline's nine and the move's");
    assert_eq!(rows[0]["key"], key, "the largest total index: {}", rows[0]);
    let low = rows[0]["total_ci95"][0].as_f64().unwrap();
    assert!(low > 0.3, "its total index is far from zero: {}", rows[0]);

    let v = json(&["run", file, "--uncertain", "12", "-n", "500", "-f", "json", "-q"]);
    let u = &v["uncertainty"];
    let at = u["coefficients"].as_array().unwrap().iter().position(|c| c["key"] == key).expect("listed");
    assert_eq!(u["coefficients"][at]["value"], 0.35, "the file's value");
    let drawn: Vec<f64> = u["runs"].as_array().unwrap().iter().map(|r| r["values"][at].as_f64().unwrap()).collect();
    assert!(drawn.iter().all(|x| (0.0..=0.9).contains(x)), "{drawn:?}");
    assert!(drawn.iter().any(|&x| x < 0.3) && drawn.iter().any(|&x| x > 0.6), "spread over the range: {drawn:?}");
}

/// A move's probability drawn per replicate must play exactly as the
/// same value given with `--set`: its threshold is packed into the
/// compiled moves, which `with_values` must rebuild.
#[test]
fn a_drawn_move_probability_plays_as_the_same_value_set() {
    let text = "extends = \"builtin:baseline\"\nname = \"t\"\n[uncertain]\n\
                \"tactics.bluffing.probability\" = { uniform = [0.0, 0.9] }\n";
    let model = Model::load(&Origin::Inline { name: "t.toml".into(), text: text.into() }).unwrap();
    let at = model.uncertain.iter().position(|u| u.key() == "tactics.bluffing.probability").unwrap();
    assert_eq!(model.uncertain[at].target, Target::Probability("bluffing".into()));
    let mut values: Vec<f64> = model.uncertain.iter().map(|u| u.value_in(&model)).collect();
    for v in [0.0, 0.9] {
        values[at] = v;
        let drawn = model.with_values(&values);
        let set = Model::load_with(
            &Origin::Inline { name: "t.toml".into(), text: text.into() },
            &Overrides { sets: vec![format!("tactics.bluffing.probability={v}")] },
        )
        .unwrap();
        assert_eq!(model.uncertain[at].value_in(&drawn), v);
        assert_eq!((&drawn.meeting_moves, &drawn.monthly_moves), (&set.meeting_moves, &set.monthly_moves), "{v}");
        let (a, b) = (negsim::analysis::run(&drawn, 300, 5, 1), negsim::analysis::run(&set, 300, 5, 1));
        assert_eq!(a.outcomes, b.outcomes, "{v}");
        assert_eq!(a.tactic_uses, b.tactic_uses, "{v}");
    }
    let off =
        model.with_values(&values.iter().enumerate().map(|(i, &x)| if i == at { 0.0 } else { x }).collect::<Vec<_>>());
    let bluffing = off.tactics.iter().position(|t| t.id == "bluffing").unwrap();
    assert_eq!(negsim::analysis::run(&off, 300, 5, 1).tactic_uses[bluffing], 0, "probability 0: never made");
}

#[test]
fn a_move_that_does_not_exist_is_named_with_its_place() {
    let (_dir, path) = scenario(
        "[uncertain]\n\"tactics.bluffin.probability\" = { uniform = [0.1, 0.4] }\n\"tactics.bluffing.hours_factor\" = { uniform = [0.1, 0.4] }\n",
    );
    let err = refused(&["validate", path.to_str().unwrap()]);
    assert!(err.contains("variant.toml:4:1") && err.contains("has no move `bluffin`"), "{err}");
    assert!(err.contains("did you mean `bluffing`?"), "{err}");
    assert!(err.contains("variant.toml:5:1") && err.contains("moves' probabilities"), "{err}");
}

#[test]
fn sobol_finds_the_ishigami_indices() {
    // Ishigami (a = 7, b = 0.1): first order 0.3139, 0.4424, 0; total
    // 0.5576, 0.4424, 0.2437 (Saltelli et al. 2010). At 20000 base samples
    // each estimate's standard error is about 0.01, so 0.05 is five of
    // them: a wrong estimator (B and A swapped, or an uncentred variance)
    // misses by more.
    use negsim::stats::sobol::{indices, ishigami};
    let got = indices(|u| ishigami(u, 7.0, 0.1), 3, 20_000, 200, 20250613);
    let first = [0.3139, 0.4424, 0.0];
    let total = [0.5576, 0.4424, 0.2437];
    for i in 0..3 {
        let x = &got.inputs[i];
        assert!((x.first - first[i]).abs() < 0.05, "S{}: {x:?}", i + 1);
        assert!((x.total - total[i]).abs() < 0.05, "ST{}: {x:?}", i + 1);
        assert!(x.first_ci[0] - 0.05 <= first[i] && first[i] <= x.first_ci[1] + 0.05, "S{}: {x:?}", i + 1);
        assert!(x.total_ci[0] - 0.05 <= total[i] && total[i] <= x.total_ci[1] + 0.05, "ST{}: {x:?}", i + 1);
    }
}

/// `sobol --chart`: a well-formed SVG with a labelled pair of bars per
/// coefficient, printing the same indices as the JSON, in the same order.
#[test]
fn sobol_chart_draws_each_coefficient_s_indices() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sobol.svg");
    let path_text = path.to_str().expect("UTF-8 path");
    let args = ["sobol", "--samples", "6", "-n", "300", "--resamples", "10", "-q", "-f", "json", "--chart", path_text];
    let v = json(&args);
    let text = std::fs::read_to_string(&path).expect("the chart was written");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("not well-formed SVG: {e}"));
    let labels: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect();
    let rows = v["rows"].as_array().unwrap();
    let mut at = Vec::new();
    for r in rows {
        let key = r["key"].as_str().unwrap();
        let figures = format!("{:.2} / {:.2}", r["first"].as_f64().unwrap(), r["total"].as_f64().unwrap());
        assert!(labels.iter().any(|l| l == &figures), "{key}: {figures} in {labels:?}");
        at.push(labels.iter().position(|l| l == key).unwrap_or_else(|| panic!("no label {key} in {labels:?}")));
    }
    // plotters writes the axis labels bottom row first: the largest total
    // (first in the JSON) is the top row, its label written last.
    assert!(at.windows(2).all(|w| w[0] > w[1]), "rows in the JSON's order, top down: {at:?}");
    let rects = doc.descendants().filter(|n| n.has_tag_name("rect")).count();
    assert!(rects >= 2 * rows.len(), "two bars per coefficient: {rects} rects");
    // The chart is guarded like -o: it may not overwrite the scenario read.
    let (_dir, file) = scenario("");
    let file = file.to_str().expect("UTF-8 path");
    let before = std::fs::read_to_string(file).expect("the scenario");
    let err = refused(&["sobol", file, "--samples", "4", "-n", "100", "-q", "--chart", file]);
    assert!(err.contains("would overwrite a file this command reads"), "{err}");
    assert_eq!(std::fs::read_to_string(file).expect("the scenario"), before, "the scenario is untouched");
}

/// `report --uncertain R`: the page gets a section with the spread of each
/// share (the same figures as `run --uncertain R -f json`) and a chart that
/// prints each outcome's 5th-95th percentile; with --given it is refused.
#[test]
fn the_report_draws_the_spread_over_assumptions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("u.html");
    let page_text = page.to_str().expect("UTF-8 path");
    stdout(&["report", "--uncertain", "3", "-n", "400", "-s", "4", "-q", "-o", page_text]);
    let v = json(&["run", "--uncertain", "3", "-n", "400", "-s", "4", "-q", "-f", "json"]);
    let html = std::fs::read_to_string(&page).expect("the page was written");
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    let doc = roxmltree::Document::parse_with_options(&html, options).unwrap_or_else(|e| panic!("not XML: {e}"));
    let section = doc
        .descendants()
        .find(|n| n.has_tag_name("section") && n.attribute("id") == Some("uncertainty"))
        .expect("an uncertainty section");
    let text =
        |n: roxmltree::Node| -> String { n.descendants().filter(|t| t.is_text()).filter_map(|t| t.text()).collect() };
    let cells: Vec<Vec<String>> = section
        .descendants()
        .filter(|n| n.has_tag_name("tr"))
        .map(|tr| tr.children().filter(|c| c.is_element()).map(|c| text(c).trim().to_string()).collect())
        .filter(|cells: &Vec<String>| cells.iter().all(|c| !c.is_empty()) && cells.len() == 6)
        .skip(1)
        .collect();
    let rows = v["uncertainty"]["rows"].as_array().unwrap();
    assert_eq!(cells.len(), rows.len(), "a table row per share: {cells:?}");
    let pct = |x: &Value| format!("{:.1} %", 100.0 * x.as_f64().unwrap());
    for (c, r) in cells.iter().zip(rows) {
        assert_eq!((&c[3], &c[4], &c[5]), (&pct(&r["p05"]), &pct(&r["p50"]), &pct(&r["p95"])), "{c:?} against {r}");
    }
    let chart = section.descendants().find(|n| n.has_tag_name("svg")).expect("a chart");
    let labels: Vec<String> =
        chart.descendants().filter(|n| n.has_tag_name("text")).map(|n| text(n).trim().to_string()).collect();
    for r in rows.iter().filter(|r| r["kind"] == "outcome") {
        let band = format!("{} – {}", pct(&r["p05"]), pct(&r["p95"]));
        assert!(labels.contains(&band), "{band} in {labels:?}");
    }
    let out = negsim()
        .args(["report", "--uncertain", "3", "-n", "400", "--given", "signed", "-q", "-o", page_text])
        .env("NO_COLOR", "1")
        .output()
        .expect("negsim runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--uncertain does not combine with --given"));
}
