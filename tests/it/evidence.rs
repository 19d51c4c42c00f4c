//! Conditioning on evidence (`negsim run --given EXPR`, `--accepted N`,
//! `negsim report --given`), driven through the binary as a user drives it.
//!
//! What is covered:
//!
//! - the conditioned view is an addition: the rest of the report is the
//!   plain run byte for byte, and an always-true condition reports the plain
//!   run again;
//! - it counts exactly the trials a brute-force filter of `negsim trace`
//!   stories keeps (dates, meetings by format, moves, ceasefires in force on
//!   a day, meeting hours and formats, truces, outcomes), and agrees with
//!   the run's own figures (the calendar's signed-by shares, the driver
//!   attribution table, the outcome rules of the scenario);
//! - conditioning on a driver's range agrees, within sampling error, with
//!   drawing the driver in that range;
//! - `--accepted N` draws until N trials match, stops at the first check
//!   that has them, and gives the same bytes on one thread and on two;
//! - rare and impossible evidence is said plainly, on stderr and in the
//!   report;
//! - bad expressions and bad combinations of flags are refused with exit
//!   code 2, at their place, before any trial is played;
//! - the conditioned figures appear in every format (table, markdown, CSV,
//!   JSON, the HTML report) and are the JSON's figures.

use crate::common::*;
use predicates::prelude::*;
use serde_json::Value;
use std::time::Duration;

/// Standard output of a successful `negsim` run, quietly.
fn stdout(args: &[&str]) -> String {
    let out = negsim().args(args).arg("--quiet").assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8 output")
}

/// A successful run's JSON report.
fn json(args: &[&str]) -> Value {
    let text = stdout(&[args, &["-f", "json"]].concat());
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// Outcome counts of a report (a run's, or its `given.summary`).
fn counts(summary: &Value) -> Vec<u64> {
    summary["outcomes"].as_array().expect("outcomes").iter().map(|o| o["count"].as_u64().unwrap()).collect()
}

/// The `given` part of a report, the conditioned summary removed.
fn given_head(v: &Value) -> Value {
    let mut g = v["given"].clone();
    g.as_object_mut().expect("a given object").remove("summary");
    g
}

/// Asserts that `with` is `plain` with one contiguous piece of text
/// inserted, and returns that piece.
fn inserted<'a>(plain: &str, with: &'a str, what: &str) -> &'a str {
    let (p, w) = (plain.as_bytes(), with.as_bytes());
    let prefix = p.iter().zip(w).take_while(|(a, b)| a == b).count();
    let room = p.len().min(w.len()) - prefix;
    let suffix = p.iter().rev().zip(w.iter().rev()).take(room).take_while(|(a, b)| a == b).count();
    assert_eq!(
        prefix + suffix,
        p.len(),
        "{what}: the plain report is not the conditioned one minus one inserted section \
         (they part at byte {prefix}: {:?} against {:?})",
        String::from_utf8_lossy(&p[prefix..(prefix + 80).min(p.len())]),
        String::from_utf8_lossy(&w[prefix..(prefix + 80).min(w.len())]),
    );
    std::str::from_utf8(&w[prefix..w.len() - suffix]).expect("inserted text on character boundaries")
}

/// The report of an always-true condition is the plain run again, and the
/// rest of any conditioned report is the plain run byte for byte, in every
/// format: conditioning adds a section and changes nothing else.
#[test]
fn an_always_true_condition_changes_nothing_byte_for_byte() {
    let base = ["run", "-n", "3000"];
    for format in ["table", "markdown", "csv", "json"] {
        let plain = stdout(&[&base[..], &["-f", format]].concat());
        for expr in ["true", "signed_before(2026-06-01)"] {
            let with = stdout(&[&base[..], &["-f", format, "--given", expr]].concat());
            let added = inserted(&plain, &with, &format!("{format}, --given {expr}"));
            match format {
                "csv" => assert!(
                    added.lines().all(|l| l.contains(",given_outcome,") || l.contains(",given,accepted,"))
                        && added.contains(&format!("given `{expr}`")),
                    "{added}"
                ),
                "json" => assert!(added.contains("\"given\": {") && added.contains(expr), "{added}"),
                _ => assert!(added.contains(&format!("Given `{expr}`")), "{format}: {added}"),
            }
        }
    }
    // In JSON, the conditioned summary of an always-true condition is the
    // plain report, figure for figure. Besides `true`, identities the
    // language documents, which go through the recording of dates and
    // meetings during each trial.
    let plain = json(&base);
    for expr in [
        "true",
        "signed or not signed",
        "meetings(start, horizon) == meetings and signed_before(horizon) == signed",
        "in_force_on(horizon) == in_force and uses(time_exhaustion, horizon) == uses(time_exhaustion)",
    ] {
        let v = json(&[&base[..], &["--given", expr]].concat());
        let g = &v["given"];
        assert_eq!(
            (g["drawn"].as_u64(), g["accepted"].as_u64(), g["share"].as_f64()),
            (Some(3000), Some(3000), Some(1.0))
        );
        assert_eq!(g["warning"], Value::Null, "{expr}");
        assert_eq!(g["summary"], plain, "{expr}: the conditioned summary differs from the plain run");
    }
    // The CSV's conditioned rows repeat the plain outcome rows.
    let csv = stdout(&[&base[..], &["-f", "csv", "--given", "true"]].concat());
    let rows = |section: &str| -> Vec<String> {
        csv.lines()
            .filter(|l| l.split(',').nth(3) == Some(section))
            .map(|l| l.split(',').skip(4).take(5).collect::<Vec<_>>().join(","))
            .collect()
    };
    assert_eq!(rows("given_outcome"), rows("outcome"));
    assert_eq!(rows("outcome").len(), 7);
}

// ---------------------------------------------------------------------------
// Brute force: the stories `negsim trace` tells, filtered by hand.

/// A meeting of a traced trial.
struct Meeting {
    date: String,
    format: String,
    hours: f64,
    moves: Vec<String>,
    signed: bool,
}

/// What a brute-force filter needs of one traced trial.
struct Story {
    outcome: usize,
    /// The first ceasefire's date.
    signed: Option<String>,
    collapsed: Option<String>,
    meetings: u64,
    held: Vec<Meeting>,
    /// Monthly moves and other happenings, dated.
    happened: Vec<(String, String)>,
    /// Signings and collapses in order: (date, true for a signing).
    ceasefire_events: Vec<(String, bool)>,
    truce_hours: Vec<f64>,
}

impl Story {
    /// Trial `k` of a run with `seed`, from `negsim trace -f jsonl`.
    fn of(k: u64, seed: &str) -> Story {
        // `trace` plays one trial and shows no progress: it has no --quiet.
        let out = negsim()
            .args(["trace", "--trial", &k.to_string(), "--seed", seed, "-f", "jsonl"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).expect("UTF-8 output");
        let mut story = Story {
            outcome: 0,
            signed: None,
            collapsed: None,
            meetings: 0,
            held: Vec::new(),
            happened: Vec::new(),
            ceasefire_events: Vec::new(),
            truce_hours: Vec::new(),
        };
        let string = |v: &Value| v.as_str().map(str::to_string);
        for line in text.lines() {
            let e: Value = serde_json::from_str(line).unwrap_or_else(|err| panic!("trial {k}: {err}: {line}"));
            let date = string(&e["date"]).unwrap_or_default();
            match e["event"].as_str().unwrap() {
                "meeting" => {
                    let signed = !e["signed"].is_null();
                    if signed {
                        story.ceasefire_events.push((date.clone(), true));
                    }
                    story.held.push(Meeting {
                        date,
                        format: string(&e["format"]).unwrap(),
                        hours: e["hours"].as_f64().unwrap(),
                        moves: e["moves"].as_array().unwrap().iter().filter_map(string).collect(),
                        signed,
                    });
                }
                "happened" => {
                    let what = string(&e["what"]).unwrap();
                    if what == "collapsed" {
                        story.ceasefire_events.push((date.clone(), false));
                    }
                    story.happened.push((date, what));
                }
                "truce" => story.truce_hours.push(e["held_hours"].as_f64().unwrap()),
                "outcome" => {
                    story.outcome = e["outcome"].as_u64().unwrap() as usize;
                    story.signed = string(&e["signed"]);
                    story.collapsed = string(&e["collapsed"]);
                    story.meetings = e["meetings"].as_u64().unwrap();
                }
                _ => {}
            }
        }
        assert!((1..=7).contains(&story.outcome), "trial {k} has no outcome");
        assert_eq!(story.held.len() as u64, story.meetings, "trial {k}: meetings told and counted");
        story
    }

    /// Meetings of `format` held on or before `last` (dates as text sort
    /// as dates).
    fn meetings_of(&self, format: &str, last: &str) -> usize {
        self.held.iter().filter(|m| m.format == format && m.date.as_str() <= last).count()
    }

    /// Times `id` happened, at meetings or monthly, on or before `last`.
    fn uses(&self, id: &str, last: &str) -> usize {
        let at_meetings = self.held.iter().filter(|m| m.date.as_str() <= last && m.moves.iter().any(|x| x == id));
        let monthly = self.happened.iter().filter(|(d, what)| d.as_str() <= last && what == id);
        at_meetings.count() + monthly.count()
    }

    /// A ceasefire was in force at the end of `day`: signed on or before
    /// it, and not collapsed on or before it.
    fn in_force_on(&self, day: &str) -> bool {
        let mut since: Option<&str> = None;
        for (date, signing) in &self.ceasefire_events {
            if *signing {
                since = Some(date);
            } else if let Some(s) = since.take()
                && s <= day
                && day < date.as_str()
            {
                return true;
            }
        }
        since.is_some_and(|s| s <= day)
    }
}

/// Each expression, and the same condition written by hand over a story.
type Filter = (&'static str, fn(&Story) -> bool);

/// The conditioned counts are those of a brute-force filter: every trial
/// of a small run is traced (`negsim trace --trial K` replays trial K of
/// `negsim run` with the same seed), the condition is checked by hand on
/// the story, and the trials kept must be exactly the ones `--given`
/// accepted, outcome by outcome. The terms cover what the engine records
/// during a trial (meetings by format and date, moves up to a date,
/// ceasefires in force at the end of a day, meeting hours and formats,
/// truces) and what the trial keeps (outcome, dates, counts).
#[test]
fn conditioning_agrees_with_a_brute_force_filter_of_traced_trials() {
    const TRIALS: u64 = 300;
    const SEED: &str = "7";
    let stories: Vec<Story> = (0..TRIALS).map(|k| Story::of(k, SEED)).collect();
    let filters: [Filter; 8] = [
        ("signed_before(2026-10-01)", |s| s.signed.as_deref().is_some_and(|d| d <= "2026-10-01")),
        ("meetings(us_ru, start, 2025-12-31) >= 6", |s| s.meetings_of("us_ru", "2025-12-31") >= 6),
        ("uses(time_exhaustion, 2026-03-31) >= 2", |s| s.uses("time_exhaustion", "2026-03-31") >= 2),
        ("in_force_on(2026-09-30)", |s| s.in_force_on("2026-09-30")),
        ("hours(2) < 3 or format(1) == us_ru", |s| {
            s.held.get(1).is_some_and(|m| m.hours < 3.0) || s.held.first().is_some_and(|m| m.format == "us_ru")
        }),
        ("longest_truce > 72", |s| s.truce_hours.iter().any(|&h| h > 72.0)),
        ("outcome == fragile-ceasefire or collapsed", |s| s.outcome == 6 || s.collapsed.is_some()),
        ("not signed and meetings >= 45", |s| !s.held.iter().any(|m| m.signed) && s.meetings >= 45),
    ];
    let n = TRIALS.to_string();
    for (expr, keep) in filters {
        let mut expected = vec![0_u64; 7];
        for s in stories.iter().filter(|s| keep(s)) {
            expected[s.outcome - 1] += 1;
        }
        let kept: u64 = expected.iter().sum();
        assert!(0 < kept && kept < TRIALS, "`{expr}` keeps {kept} of {TRIALS} traced trials: it tests nothing");
        let v = json(&["run", "-n", &n, "--seed", SEED, "--given", expr]);
        assert_eq!(v["given"]["accepted"].as_u64(), Some(kept), "`{expr}`: accepted trials");
        assert_eq!(counts(&v["given"]["summary"]), expected, "`{expr}`: outcomes of the accepted trials");
    }
}

/// The accepted count is a figure the run reports itself: the calendar's
/// share signed by a date is `signed_before(date)`, the ceasefire shares
/// are `signed`, `in_force` and `collapsed`, and conditioning on a driver's
/// top fifth gives exactly the row of the driver attribution table for it
/// (the table bins trials by the quantile of the driver's draw, and the
/// red line is uniform on [0.45, 0.65], so its top fifth is 0.61 and up).
#[test]
fn the_accepted_count_is_the_runs_own_figure() {
    let n = 5000_u64;
    let args = ["run", "-n", "5000", "-s", "3"];
    let of_all = |share: f64| (share * n as f64).round() as u64;
    let plain = json(&args);
    let calendar = plain["calendar"].as_array().unwrap();
    assert!(calendar.len() > 12, "a calendar point per month");
    let mut seen = Vec::new();
    for point in calendar.iter().filter(|p| p["date"].as_str().unwrap() >= "2026-02-01").step_by(3) {
        let date = point["date"].as_str().unwrap();
        let v = json(&[&args[..], &["--given", &format!("signed_before({date})")]].concat());
        let accepted = v["given"]["accepted"].as_u64().unwrap();
        assert_eq!(accepted, of_all(point["signed_by"].as_f64().unwrap()), "signed by {date}");
        seen.push(accepted);
        // Both read the end of the day: a ceasefire signed on a month's
        // first day is in force on it in the calendar too.
        let v = json(&[&args[..], &["--given", &format!("in_force_on({date})")]].concat());
        let in_force = v["given"]["accepted"].as_u64().unwrap();
        assert_eq!(in_force, of_all(point["in_force"].as_f64().unwrap()), "in force on {date}");
    }
    assert!(seen.windows(2).all(|w| w[0] < w[1]) && seen[0] > 0, "signed-by counts grow: {seen:?}");
    for (expr, key) in [("signed", "signed"), ("in_force_on(horizon)", "in_force"), ("collapsed", "collapsed")] {
        let v = json(&[&args[..], &["--given", expr]].concat());
        assert_eq!(v["given"]["accepted"].as_u64(), Some(of_all(plain["ceasefire"][key].as_f64().unwrap())), "{expr}");
    }
    let v = json(&[&args[..], &["--given", "driver(red_line) >= 0.61"]].concat());
    let top = plain["drivers"].as_array().unwrap().iter().find(|d| d["id"] == "red_line").unwrap()["quintiles"][4]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect::<Vec<_>>();
    let given: Vec<f64> = v["given"]["summary"]["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["probability"].as_f64().unwrap())
        .collect();
    assert_eq!(given, top, "the top fifth of the red line, conditioned and in the attribution table");
}

/// The outcome rules of the scenario are read on the horizon date, first
/// match first: rules 1-3 name every trial with a ceasefire in force (5, 7
/// or 6), rule 4 the acceptable ones that collapsed (6), and no rule for
/// outcomes 5-7 matches without a signature. Conditioning must respect
/// that exactly.
#[test]
fn conditioning_follows_the_scenarios_outcome_rules() {
    let args = ["run", "-n", "4000"];
    let plain = json(&args);
    let rule_counts = |summary: &Value| -> Vec<u64> {
        summary["rules"].as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).collect()
    };
    let v = json(&[&args[..], &["--given", "in_force"]].concat());
    let c = counts(&v["given"]["summary"]);
    assert!(c[..4].iter().all(|&k| k == 0) && c[4..].iter().all(|&k| k > 0), "in force: {c:?}");
    let r = rule_counts(&v["given"]["summary"]);
    assert!(r[3..].iter().all(|&k| k == 0), "only rules 1-3 name trials in force: {r:?}");
    // The trials in force are all those rules 1-3 name in the plain run.
    assert_eq!(r[..3], rule_counts(&plain)[..3]);

    let v = json(&[&args[..], &["--given", "not signed"]].concat());
    let c = counts(&v["given"]["summary"]);
    assert!(c[4..].iter().all(|&k| k == 0) && c[..4].iter().all(|&k| k > 0), "not signed: {c:?}");

    // An outcome by id: its own trials, all of them, nothing else.
    let v = json(&[&args[..], &["--given", "outcome == durable-peace"]].concat());
    let mut only = vec![0; 7];
    only[6] = counts(&plain)[6];
    assert!(only[6] > 0);
    assert_eq!(counts(&v["given"]["summary"]), only);
}

/// Conditioning on a driver's range is the same as drawing the driver in
/// that range: the red line is uniform on [0.45, 0.65] and drawn
/// independently of the other drivers, so the trials with it at 0.61 or
/// more are distributed as a run with `drivers.red_line.min = 0.61`. The
/// two estimates come from different trials; each outcome's difference is
/// held to 4 standard errors of the difference of two independent shares
/// (a chance failure about once in 16 000 outcomes, and the seeds are
/// fixed). The two runs share every other random number trial by trial,
/// which only makes the true difference smaller: the test is conservative.
/// A conditioning that picked the wrong trials fails it: outcome 5
/// (terms past the red line) falls from about 11 % to near 0 here.
#[test]
fn conditioning_on_a_driver_agrees_with_drawing_it_there() {
    let given = json(&["run", "-n", "20000", "--given", "driver(red_line) >= 0.61"]);
    let accepted = given["given"]["accepted"].as_u64().unwrap();
    // A fifth of the trials, within 4 standard errors.
    let (fifth, se) = share(accepted, 20_000);
    assert!((fifth - 0.2).abs() < 4.0 * se, "{accepted} of 20000 have the red line in its top fifth");
    let direct = json(&["run", "-n", "20000", "--set", "drivers.red_line.min=0.61"]);
    let (a, b) = (counts(&given["given"]["summary"]), counts(&direct));
    for k in 0..7 {
        let (pa, pb) = (a[k] as f64 / accepted as f64, b[k] as f64 / 20_000.0);
        let p = (a[k] + b[k]) as f64 / (accepted + 20_000) as f64;
        let se = (p * (1.0 - p) * (1.0 / accepted as f64 + 1.0 / 20_000.0)).sqrt();
        assert!((pa - pb).abs() <= 4.0 * se, "outcome {}: given {pa:.4}, drawn there {pb:.4} (se {se:.5})", k + 1);
    }
    // The test has power: against the plain run, the conditioned share of
    // outcome 5 falls by far more than 4 standard errors.
    let plain = counts(&json(&["run", "-n", "20000"]));
    assert_moves("outcome 5 given a high red line", share(plain[4], 20_000), share(a[4], accepted), false, 4.0);
}

/// `--accepted N` draws blocks of trials until N match, checking every
/// 16 blocks of 4096 (65 536 trials) so that where it stops depends on the
/// seed alone: the same bytes on one thread and on two. It stops at the
/// first check with enough: a cap of one check has too few, the run stops
/// at two checks, and what it reports is a plain `--given` run of that
/// many trials.
#[test]
fn accepted_draws_until_enough_match_the_same_on_any_thread_count() {
    let expr = "signed_before(2026-04-01)";
    let args = ["run", "-n", "1000000", "--given", expr, "--accepted", "1500", "-f", "json"];
    let one = stdout(&[&args[..], &["-j", "1"]].concat());
    let two = stdout(&[&args[..], &["-j", "2"]].concat());
    assert!(one == two, "--accepted gives different reports on one thread and on two");
    let v: Value = serde_json::from_str(&one).unwrap();
    let g = given_head(&v);
    assert_eq!((g["requested"].as_u64(), g["reached"].as_bool()), (Some(1500), Some(true)), "{g}");
    assert!(g["accepted"].as_u64().unwrap() >= 1500, "{g}");
    assert_eq!(v["trials"], g["drawn"]);
    assert_eq!(g["drawn"].as_u64(), Some(2 * 65_536), "{g}");
    assert_eq!(g["warning"], Value::Null);
    // One check's worth is not enough: the cap says so.
    let capped = json(&["run", "-n", "65536", "--given", expr, "--accepted", "1500"]);
    let c = given_head(&capped);
    assert_eq!((c["drawn"].as_u64(), c["reached"].as_bool()), (Some(65_536), Some(false)), "{c}");
    assert!(c["accepted"].as_u64().unwrap() < 1500, "{c}");
    assert!(c["warning"].as_str().unwrap().contains("cap of 65536 trials was reached"), "{c}");
    // The report is that of a plain --given run of as many trials.
    let mut fixed = json(&["run", "-n", "131072", "--given", expr]);
    let mut stopped = v.clone();
    for r in [&mut fixed, &mut stopped] {
        let g = r["given"].as_object_mut().unwrap();
        g.remove("requested");
        g.remove("reached");
    }
    assert_eq!(stopped, fixed);
}

/// Evidence that never or rarely happens is said plainly, on stderr and in
/// the report, and the run still succeeds with the plain figures.
#[test]
fn rare_and_impossible_evidence_is_said_plainly() {
    // A ceasefire in force was signed (the documented identity), and a move
    // with probability 0 in the baseline never happens: nothing matches.
    for expr in ["in_force and not signed", "uses(territorial_precondition) > 0"] {
        negsim()
            .args(["run", "-n", "3000", "--quiet", "--given", expr])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("Given `{expr}`: 0 of 3000 trials match")))
            .stdout(predicate::str::contains(format!("warning: no trial out of 3000 matches `{expr}`")))
            .stderr(predicate::str::contains(format!("warning: no trial out of 3000 matches `{expr}`")));
        let v = json(&["run", "-n", "3000", "--given", expr]);
        assert_eq!(v["given"]["accepted"], 0);
        assert_eq!(v["given"]["summary"], Value::Null);
        assert!(v["given"]["warning"].as_str().unwrap().contains("nothing to condition on"));
        let md = stdout(&["run", "-n", "3000", "-f", "markdown", "--given", expr]);
        assert!(md.contains("0 of 3000 trials match") && md.contains("**Warning:** no trial"), "{md}");
    }
    // Few matches: a signature in 2025 is rare (the calendar's signed-by
    // share on 2026-01-01 is about 0.1 %), and the count is said.
    let v = json(&["run", "-n", "20000", "--given", "signed_before(2025-12-31)"]);
    let k = v["given"]["accepted"].as_u64().unwrap();
    assert!(0 < k && k < 1000, "{k}");
    let warning =
        format!("only {k} of 20000 trials match `signed_before(2025-12-31)`: this answer rests on few trials");
    assert!(v["given"]["warning"].as_str().unwrap().starts_with(&warning), "{}", v["given"]);
    negsim()
        .args(["run", "-n", "20000", "--quiet", "--given", "signed_before(2025-12-31)"])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!("warning: {warning}")))
        .stdout(predicate::str::contains(format!("warning: {warning}")));
    // With enough matches there is no warning at all.
    negsim()
        .args(["run", "-n", "5000", "--quiet", "--given", "signed"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty())
        .stdout(predicate::str::contains("warning").not());
}

/// Bad expressions are refused before any trial is played: exit code 2,
/// nothing on stdout, the place in the expression named (`--given:1:COL`)
/// and underlined, with advice. A run of 100 million trials would take
/// many minutes; the refusal must come within seconds.
#[test]
fn bad_expressions_are_refused_before_any_work_at_their_place() {
    let cases: &[(&str, &str, &str)] = &[
        ("meetings > and signed", "--given:1:12", "expected a number after `>`, found `and`"),
        ("signed_before(2026-02-30)", "--given:1:15", "February 2026 has 28 days"),
        ("signed_before(2027-01-01)", "--given:1:15", "after the scenario's horizon, 2026-12-31"),
        ("signed_before(2025-06-01)", "--given:1:15", "before the scenario's start, 2025-06-13"),
        ("uses(bluffin) > 0", "--given:1:6", "did you mean `bluffing`?"),
        ("meetings(us_rus) > 1", "--given:1:10", "did you mean `us_ru`?"),
        ("driver(red_lines) > 0.5", "--given:1:8", "unknown driver `red_lines`"),
        ("not meetings > 3", "--given:1:1", "`not (meetings > 3)`"),
        ("signed == 1", "--given:1:11", "`signed` is a condition (true or false), but `1` is a number"),
        ("outcome == 8", "--given:1:12", "outcomes are numbered 1 to 7"),
        ("signed_date > 30", "--given:1:15", "`signed_date` is a date, but `30` is a number"),
        ("(signed", "--given:1:8", "expected `)` to close the `(` at column 1"),
        ("", "--given:1:1", "the expression is empty"),
    ];
    for (expr, place, message) in cases {
        let out = negsim()
            .args(["run", "-n", "100000000", "--quiet", "--given", expr])
            .timeout(Duration::from_secs(30))
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(*place))
            .stderr(predicate::str::contains(*message))
            .stderr(predicate::str::contains("help: "))
            .get_output()
            .stderr
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("error: "), "{expr:?}: {text}");
        assert!(text.contains('^'), "{expr:?}: the place is underlined: {text}");
    }
    // Dates are checked against the scenario actually run.
    negsim()
        .args(["run", "-n", "100000000", "--quiet", "--set", "simulation.horizon=2026-06-30"])
        .args(["--given", "signed_before(2026-12-01)"])
        .timeout(Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("after the scenario's horizon, 2026-06-30"));
    // The HTML report checks the expression the same way, and writes nothing.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("r.html");
    negsim()
        .args(["report", "-n", "100000000", "--quiet", "--given", "uses(bluffin) > 0", "-o"])
        .arg(&page)
        .timeout(Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `bluffing`?"));
    assert!(!page.exists());
    // Flags that do not go with --given.
    let flags: &[(&[&str], &str)] = &[
        (&["run", "--accepted", "5"], "--given"),
        (&["run", "--given", "signed", "--accepted", "0"], "--accepted takes a whole number"),
        (
            &["run", "--given", "signed", "--shard", "1/2"],
            "--given and --as-of do not combine with --shard or --precision",
        ),
        (
            &["run", "--given", "signed", "--precision", "0.01"],
            "--given and --as-of do not combine with --shard or --precision",
        ),
        // compare has no conditioned view: the flag is refused, not ignored.
        (&["compare", "scenarios/baseline.toml", "--given", "signed"], "--given"),
    ];
    for (args, needle) in flags {
        negsim()
            .current_dir(repo(""))
            .args(*args)
            .args(["-n", "100000000"])
            .timeout(Duration::from_secs(30))
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(*needle));
    }
}

/// The conditioned figures appear in every format, and they are the JSON's
/// figures: the count matched, each outcome's conditioned share (CSV to 12
/// significant digits, the tables to a tenth of a percent), and the warning
/// when the answer rests on few trials.
#[test]
fn conditioned_figures_appear_in_every_format() {
    let expr = "signed_before(2026-06-01)";
    let base = ["run", "-n", "5000", "--given", expr];
    let v = json(&base);
    let g = &v["given"];
    let accepted = g["accepted"].as_u64().unwrap();
    assert!(accepted > 100 && accepted < 1000, "{accepted}: the warning for few trials shows too");
    let matched = format!("{accepted} of 5000 trials match");
    let warning = g["warning"].as_str().unwrap().to_string();
    let outcomes = g["summary"]["outcomes"].as_array().unwrap().clone();
    let pct = |o: &Value| format!("{:.1} %", 100.0 * o["probability"].as_f64().unwrap());
    let id = |o: &Value| o["id"].as_str().unwrap().to_string();

    let table = stdout(&[&base[..], &["-f", "table"]].concat());
    assert!(table.contains(&format!("Given `{expr}`: {matched}")), "{table}");
    assert!(table.contains(&format!("warning: {warning}")), "{table}");
    let md = stdout(&[&base[..], &["-f", "markdown"]].concat());
    assert!(md.contains(&format!("### Given `{expr}`")) && md.contains(&matched), "{md}");
    assert!(md.contains(&format!("**Warning:** {warning}")), "{md}");
    for o in &outcomes {
        // The row of the outcome in the conditioned section: the all-trials
        // share, then the conditioned one.
        let all = v["outcomes"].as_array().unwrap().iter().find(|p| p["id"] == o["id"]).unwrap();
        let in_table = table.lines().skip_while(|l| !l.starts_with("Given")).find(|l| l.contains(&id(o))).unwrap();
        let words: Vec<&str> = in_table.split_whitespace().collect();
        assert_eq!(words[2..6].join(" "), format!("{} {}", pct(all), pct(o)), "{in_table}");
        let row = format!("| {} | {} | {} | {} |", o["number"], id(o), pct(all), pct(o));
        assert!(md.contains(&row), "no `{row}` in the markdown");
    }

    let csv = stdout(&[&base[..], &["-f", "csv"]].concat());
    let rows: Vec<Vec<&str>> =
        csv.lines().map(|l| l.split(',').collect::<Vec<_>>()).filter(|c| c[3] == "given_outcome").collect();
    assert_eq!(rows.len(), 7, "{csv}");
    for (row, o) in rows.iter().zip(&outcomes) {
        assert_eq!(row[4], id(o));
        let close = |cell: &str, x: f64| (cell.parse::<f64>().unwrap() - x).abs() <= 1e-11 * x.abs().max(1e-3);
        assert!(close(row[6], o["probability"].as_f64().unwrap()), "{row:?} against {o}");
        assert!(close(row[7], o["ci95"][0].as_f64().unwrap()) && close(row[8], o["ci95"][1].as_f64().unwrap()));
    }

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.html");
    negsim().args(["report", "-n", "5000", "--quiet", "--given", expr, "-o"]).arg(&path).assert().success();
    let html = std::fs::read_to_string(&path).unwrap();
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    let doc = roxmltree::Document::parse_with_options(&html, options).expect("well-formed XML");
    let section = doc
        .descendants()
        .find(|n| n.has_tag_name("section") && n.attribute("id") == Some("given"))
        .expect("a section for the evidence");
    let text: String = section.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
    assert!(text.contains(expr) && text.contains(&matched) && text.contains(&warning), "{text}");
    let rows: Vec<Vec<String>> = section
        .descendants()
        .filter(|n| n.has_tag_name("tr"))
        .map(|tr| {
            let cell = |c: roxmltree::Node| c.descendants().filter(|t| t.is_text()).filter_map(|t| t.text()).collect();
            tr.children().filter(|c| c.is_element()).map(cell).collect()
        })
        .filter(|cells: &Vec<String>| cells.first().is_some_and(|c| c.parse::<u32>().is_ok()))
        .collect();
    assert_eq!(rows.len(), 7);
    for (row, o) in rows.iter().zip(&outcomes) {
        assert_eq!((row[1].as_str(), row[3].as_str()), (id(o).as_str(), pct(o).as_str()), "{row:?}");
    }
    // The section draws both distributions: each outcome's label prints
    // its share among all trials, then among those that match.
    let chart = section.descendants().find(|n| n.has_tag_name("svg")).expect("a chart in the section");
    let labels: Vec<String> = chart
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect();
    for (row, o) in rows.iter().zip(&outcomes) {
        let label = format!("{} / {}", row[2], pct(o));
        assert!(labels.contains(&label), "{label} in {labels:?}");
    }
}

/// The trial numbers and final outcomes of a `negsim trace -f jsonl` output
/// that may hold several stories.
fn traced(args: &[&str]) -> Vec<(u64, u64)> {
    let text = stdout(&[&["trace", "-f", "jsonl"], args].concat());
    let events: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let starts: Vec<u64> =
        events.iter().filter(|e| e["event"] == "start").map(|e| e["trial"].as_u64().unwrap()).collect();
    let outcomes: Vec<u64> =
        events.iter().filter(|e| e["event"] == "outcome").map(|e| e["outcome"].as_u64().unwrap()).collect();
    assert_eq!(starts.len(), outcomes.len(), "every story ends with its outcome");
    starts.into_iter().zip(outcomes).collect()
}

/// `negsim trace --given EXPR --first N` tells exactly the first N trials
/// that match: against a brute-force filter of 300 traced trials, and, for
/// a rare path whose first 100 matches reach past the first block of 4096
/// trials, by counting: `run --given` accepts exactly 100 of the trials up
/// to the last one told, and 99 of those before it. The trials found do
/// not depend on the threads.
#[test]
fn trace_given_tells_the_first_matching_trials() {
    let stories: Vec<Story> = (0..300).map(|k| Story::of(k, "7")).collect();
    let expr = "outcome == fragile-ceasefire or collapsed";
    let want: Vec<u64> = stories
        .iter()
        .enumerate()
        .filter(|(_, s)| s.outcome == 6 || s.collapsed.is_some())
        .map(|(k, _)| k as u64)
        .take(3)
        .collect();
    assert_eq!(want.len(), 3, "the filter must find three trials to test anything");
    let got = traced(&["--given", expr, "--first", "3", "-n", "300", "--seed", "7"]);
    assert_eq!(got.iter().map(|t| t.0).collect::<Vec<_>>(), want);

    let rare = "outcome == russian-breakthrough and mobilised";
    let found = traced(&["--given", rare, "--first", "100", "-n", "20000", "-j", "2"]);
    assert_eq!(found.len(), 100);
    assert!(found.iter().all(|&(_, outcome)| outcome == 3), "every trial told ends in a Russian breakthrough");
    assert!(found.windows(2).all(|w| w[0].0 < w[1].0), "in order, each once");
    let last = found[99].0;
    assert!(last >= 4096, "the search must cross a block boundary to test the merge (last found {last})");
    let accepted = |n: u64| json(&["run", "-n", &n.to_string(), "--given", rare])["given"]["accepted"].as_u64();
    assert_eq!(accepted(last + 1), Some(100));
    assert_eq!(accepted(last), Some(99));
    let one_thread = traced(&["--given", rare, "--first", "100", "-n", "20000", "-j", "1"]);
    assert_eq!(one_thread, found);
}

/// No match is a failure said in words (exit 1), not an empty success; too
/// few matches are told with a note; `--first` belongs to `--given`, and
/// with `--trial`, `-n` names the run the trial is said to belong to.
#[test]
fn trace_given_says_when_too_few_trials_match() {
    negsim()
        .args(["trace", "--given", "outcome == durable-peace and meetings < 2", "-n", "3000", "-q"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("error: no trial among trials 0 to 2999 (seed 20250613) matches"))
        .stderr(predicate::str::contains("search more trials with -n"));
    let found = traced(&["--given", "outcome == durable-peace", "--first", "50", "-n", "300"]);
    assert!(!found.is_empty() && found.len() < 50, "300 trials hold a few durable peaces, not 50");
    negsim()
        .args(["trace", "--given", "outcome == durable-peace", "--first", "50", "-n", "300", "-q"])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!("note: only {} of trials 0 to 299 match", found.len())));
    negsim()
        .args(["trace", "--trial", "3", "--first", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with").and(predicate::str::contains("--first <N>")));
    // With --trial, -n is the run the trial is said to belong to, or not.
    negsim()
        .args(["trace", "--trial", "3", "-n", "3"])
        .assert()
        .success()
        .stderr(predicate::str::contains("note: trial 3 is not part of a run of 3 trials"));
    negsim().args(["trace", "--trial", "3", "-n", "4"]).assert().success().stderr("");
    negsim()
        .args(["trace", "--given", "signed", "--first", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("from 1 to 100"));
}
