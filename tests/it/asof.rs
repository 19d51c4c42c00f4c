//! `--as-of DATE`: the forecast from a date given the dated record.
//!
//! The method is rejection: a trial is kept when its path up to DATE agrees
//! with the record within the stated tolerances. The first test checks the
//! implementation (conditions written as a `--given` expression and
//! evaluated by the evidence module) against a brute-force rejection written
//! here from the record itself: every trial replayed with its own recorder,
//! the record's counts taken from `seeds/events.toml` by this test, and the
//! kept trials' outcomes compared exactly.

use crate::common::*;
use negsim::analysis::Runner;
use negsim::analysis::asof::{self, meeting_tolerance};
use negsim::engine::{self, Control, Happening, MeetingRecord, Observer, TruceKind, TruceRecord};
use negsim::model::date::Date;
use negsim::model::record::Record;
use negsim::model::{Format, Model, State};
use serde_json::Value;

/// What a trial did up to the as-of day, recorded independently.
#[derive(Default)]
struct Path {
    meetings: [u32; 4],
    truces: [u32; 2],
    us_left: Option<f64>,
    signed: Option<f64>,
    last_day: f64,
}

impl Observer for Path {
    fn start(&mut self, _: &[f64], _: &State) {
        let last_day = self.last_day;
        *self = Path { last_day, ..Path::default() };
    }
    fn meeting(&mut self, r: &MeetingRecord) {
        if r.day.floor() <= self.last_day {
            self.meetings[r.format as usize] += 1;
        }
        if r.signed.is_some() && self.signed.is_none() {
            self.signed = Some(r.day);
        }
    }
    fn truce(&mut self, r: &TruceRecord) {
        if r.day.floor() <= self.last_day {
            self.truces[usize::from(r.kind == TruceKind::Energy)] += 1;
        }
    }
    fn happened(&mut self, day: f64, what: Happening, _: &State) {
        if what == Happening::UsLeft {
            self.us_left = Some(day);
        }
    }
}

#[test]
fn the_forecast_is_brute_force_rejection_on_the_record() {
    let model = Model::baseline().unwrap();
    let record = Record::embedded().unwrap();
    for date in ["2025-10-01", "2026-02-28"] {
        let d = Date::parse(date).unwrap();
        let day = f64::from(d.days_after(model.settings.start) as u32);
        // The record, read here: meetings and truces in the window by the
        // date, and the last US meeting.
        let held: Vec<_> = record.meetings.iter().filter(|m| m.in_window && m.start <= d).collect();
        let observed: Vec<u32> =
            Format::ALL.iter().map(|&f| held.iter().filter(|m| m.format == Some(f)).count() as u32).collect();
        let us = [Format::UsUa, Format::UsRu, Format::Trilateral];
        let last_us = held.iter().filter(|m| m.format.is_some_and(|f| us.contains(&f))).map(|m| m.start).max().unwrap();
        let last_us = f64::from(last_us.days_after(model.settings.start) as u32);
        let truces: Vec<u32> = ["holiday", "energy"]
            .iter()
            .map(|k| record.truces.iter().filter(|t| t.in_window && t.kind == *k && t.start <= d).count() as u32)
            .collect();

        let n = 20_000;
        let key = engine::keyed(11);
        let mut kept = [0_u64; 7];
        let mut path = Path { last_day: day, ..Path::default() };
        for i in 0..n {
            let t = engine::play_indexed(&model, key, i, &mut path);
            let meetings_ok = (0..4).all(|f| path.meetings[f].abs_diff(observed[f]) <= meeting_tolerance(observed[f]));
            let truces_ok = (0..2).all(|k| path.truces[k].abs_diff(truces[k]) <= 1);
            let unsigned = path.signed.is_none_or(|s| s.floor() > day);
            let us_stayed = path.us_left.is_none_or(|u| u.floor() >= last_us);
            if meetings_ok && truces_ok && unsigned && us_stayed {
                kept[t.outcome] += 1;
            }
        }
        let plan = asof::plan(&model, &record, d).unwrap();
        let control = Control::default();
        let runner = Runner { trials: n, seed: 11, threads: 2, control: &control };
        let (t, _) = runner.given(&model, &plan.given, None).unwrap();
        assert_eq!(t.accepted.outcomes, kept, "as of {date}");
        assert!(kept.iter().sum::<u64>() > 500, "as of {date}: the test keeps too few trials to test anything");
        assert!(kept.iter().sum::<u64>() < n, "as of {date}: the record rules nothing out");
    }
}

fn json(args: &[&str]) -> Value {
    let out = negsim().args(args).args(["-f", "json", "-q"]).assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn run_as_of_gives_a_dated_forecast_with_its_effective_sample_size() {
    let v = json(&["run", "--as-of", "2026-02-28", "--accepted", "3000"]);
    let a = &v["as_of"];
    assert_eq!(a["date"], "2026-02-28");
    let ess = a["effective_sample_size"].as_u64().unwrap();
    assert!(ess >= 3000, "{ess}");
    assert_eq!(ess, v["given"]["accepted"].as_u64().unwrap());
    assert!(a["conditions"].as_array().unwrap().len() >= 6);
    // The dated P(signed) series of the forecast: nothing signed by the
    // date, rising after it, and the horizon's share at the end.
    let c = &v["given"]["summary"];
    let series: Vec<(String, f64)> = c["calendar"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["date"].as_str().unwrap().to_string(), p["signed_by"].as_f64().unwrap()))
        .collect();
    assert!(series.iter().filter(|(d, _)| d.as_str() <= "2026-02-28").all(|(_, p)| *p == 0.0), "{series:?}");
    assert!(series.windows(2).all(|w| w[0].1 <= w[1].1));
    assert!(series.last().unwrap().1 > 0.0);
    // The same on one thread, byte for byte.
    let one =
        negsim().args(["run", "--as-of", "2026-02-28", "--accepted", "3000", "-f", "json", "-q", "-j", "1"]).output();
    let two =
        negsim().args(["run", "--as-of", "2026-02-28", "--accepted", "3000", "-f", "json", "-q", "-j", "2"]).output();
    assert_eq!(one.unwrap().stdout, two.unwrap().stdout);
}

#[test]
fn every_format_shows_the_forecast_and_what_it_is_conditioned_on() {
    let args = ["run", "--as-of", "2026-01-01", "--accepted", "2000", "-q"];
    let table = String::from_utf8(negsim().args(args).assert().success().get_output().stdout.clone()).unwrap();
    assert!(table.contains("As of 2026-01-01:") && table.contains("effective sample size"), "{table}");
    assert!(table.contains("no comprehensive ceasefire signed by 2026-01-01"));
    let md = String::from_utf8(negsim().args(args).args(["-f", "markdown"]).output().unwrap().stdout).unwrap();
    assert!(md.contains("### Forecast as of 2026-01-01") && md.contains("The dated forecast"), "{md}");
    let csv = String::from_utf8(negsim().args(args).args(["-f", "csv"]).output().unwrap().stdout).unwrap();
    assert!(csv.contains(",as_of,effective_sample_size,") && csv.contains(",given_calendar,signed_by,"));
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("r.html");
    negsim().args(["report", "--as-of", "2026-01-01", "--accepted", "2000", "-q", "-o"]).arg(&page).assert().success();
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.contains("Forecast as of 2026-01-01") && html.contains("signed by: as of 2026-01-01"));
}

#[test]
fn bad_dates_too_few_trials_and_wrong_combinations_are_refused() {
    for (args, needle) in [
        (vec!["run", "--as-of", "2026-03-01"], "outside the record"),
        (vec!["run", "--as-of", "2025-06-01"], "outside the record"),
        (vec!["run", "--as-of", "2026-02-30"], "is not a date"),
        (vec!["run", "--as-of", "2026-02-28", "--trials", "2000"], "effective sample size"),
        (vec!["run", "--as-of", "2026-02-28", "--given", "signed"], "cannot be used with"),
        (vec!["run", "--accepted", "10"], "neither is given"),
        (vec!["run", "--min-ess", "10"], "--as-of"),
        (vec!["compare", "scenarios/baseline.toml", "--given", "signed"], "compare does not take --given"),
        (vec!["run", "--as-of", "2026-02-28", "--shard", "1/2"], "do not combine"),
    ] {
        negsim()
            .current_dir(repo(""))
            .args(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::str::contains(needle));
    }
}

#[test]
fn compare_as_of_conditions_each_side_on_its_own() {
    let v = json(&[
        "compare",
        &repo("scenarios/baseline.toml").to_string_lossy(),
        &repo("scenarios/sanctions-pressure.toml").to_string_lossy(),
        "--as-of",
        "2026-02-28",
        "--accepted",
        "2000",
    ]);
    let k = &v["as_of"];
    assert!(k["a_kept"].as_u64().unwrap() >= 2000 && k["b_kept"].as_u64().unwrap() >= 2000);
    for r in v["rows"].as_array().unwrap() {
        assert_eq!(r["ci95"], r["ci95_independent"], "independent samples: one interval");
    }
    // Each side is the `run --as-of` of that scenario.
    let a = json(&["run", "--as-of", "2026-02-28", "--accepted", "2000"]);
    let signed_a = a["given"]["summary"]["ceasefire"]["signed"].as_f64().unwrap();
    let row = v["rows"].as_array().unwrap().iter().find(|r| r["measure"] == "signed").unwrap();
    assert_eq!(row["a"].as_f64().unwrap(), signed_a);
}
