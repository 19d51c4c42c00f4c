//! `negsim` driven the way a user drives it: the table a person reads, the
//! JSON a script reads, flags, files, exit codes.

use crate::common::*;
use crate::formats::{assert_keys, assert_reads_as_v2, json, keys, stdout};
use predicates::prelude::*;
use serde_json::Value;

/// The baseline file's `[simulation]` table.
fn baseline_simulation() -> toml::Table {
    let text = std::fs::read_to_string(repo("scenarios/baseline.toml")).unwrap();
    let file: toml::Table = text.parse().expect("the baseline is TOML");
    file["simulation"].as_table().expect("[simulation]").clone()
}

/// The published probabilities, read from the seed file (not from negsim):
/// the JSON's `prior` must be exactly these.
fn published() -> Vec<(String, f64)> {
    let text = std::fs::read_to_string(repo("seeds/globsec-2025.toml")).unwrap();
    let file: toml::Table = text.parse().expect("the seed table is TOML");
    file["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap().to_string(), s["probability_percent"].as_integer().unwrap() as f64 / 100.0))
        .collect()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// A share as the reports print it.
fn pct(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

/// `(year, month)` of a `YYYY-MM-DD` date.
fn year_month(date: &str) -> (u32, u32) {
    (date[0..4].parse().unwrap(), date[5..7].parse().unwrap())
}

#[test]
fn bare_run_uses_the_embedded_baseline_identical_to_the_file() {
    let mut embedded = json(&["run", "-n", "3000", "-f", "json"]);
    let mut file = json(&["run", "scenarios/baseline.toml", "-n", "3000", "-f", "json"]);
    assert_eq!(embedded["file"], "builtin:baseline");
    assert_eq!(file["file"], "scenarios/baseline.toml");
    // Everything but where it was read from is the same.
    embedded.as_object_mut().unwrap().remove("file");
    file.as_object_mut().unwrap().remove("file");
    assert_eq!(embedded, file);
    // The embedded text is the file, byte for byte.
    assert_eq!(negsim::model::load::BASELINE_TOML, std::fs::read_to_string(repo("scenarios/baseline.toml")).unwrap());
}

#[test]
fn negsim_with_no_command_runs_the_baseline_with_its_trials_and_seed() {
    let sim = baseline_simulation();
    let header = format!(
        "negsim {} · baseline (builtin:baseline) · {} trials · seed {}\n",
        env!("CARGO_PKG_VERSION"),
        sim["trials"].as_integer().unwrap(),
        sim["seed"].as_integer().unwrap()
    );
    negsim()
        .assert()
        .success()
        .stdout(predicate::str::starts_with(header))
        .stdout(predicate::str::contains("\n7 durable-peace "));
}

/// The keys of a run's JSON, pinned: a rename or a removal breaks scripts,
/// so it must fail here first and be done on purpose. (`prior` is the
/// published probability, under its v1 name.)
#[test]
fn json_carries_the_keys_scripts_rely_on() {
    let v = json(&["run", "-n", "5000", "-s", "99", "-f", "json"]);
    assert_keys(
        "the summary",
        &v,
        &[
            "negsim",
            "scenario",
            "description",
            "file",
            "seed",
            "trials",
            "scheme",
            "overrides",
            "central_drivers",
            "start",
            "horizon",
            "outcomes",
            "families",
            "ceasefire",
            "signing",
            "durability",
            "calendar",
            "meetings",
            "truces",
            "rules",
            "drivers",
            "tactics",
            "terms",
        ],
    );
    assert_eq!(v["seed"], 99);
    assert_eq!(v["trials"], 5000);
    assert_eq!(v["negsim"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["scheme"], negsim::engine::SCHEME);
    assert_eq!(v["central_drivers"], false);
    assert_eq!(v["overrides"], serde_json::json!([]));
    let sim = baseline_simulation();
    let (start, horizon) = (v["start"].as_str().unwrap(), v["horizon"].as_str().unwrap());
    assert_eq!(start, sim["start"].to_string());
    assert_eq!(horizon, sim["horizon"].to_string());
    let n = 5000.0;

    // Outcomes: counts add up to the trials, the shares are the counts', the
    // interval holds the share, `prior` is the published table.
    let outcomes = v["outcomes"].as_array().unwrap();
    let published = published();
    assert_eq!(outcomes.len(), published.len());
    let mut total = 0;
    for (i, (o, (id, p))) in outcomes.iter().zip(&published).enumerate() {
        assert_keys("an outcome", o, &["id", "number", "title", "published", "count", "probability", "ci95"]);
        assert_eq!(o["number"], i as u64 + 1);
        assert_eq!(o["id"].as_str(), Some(id.as_str()));
        assert_eq!(f(&o["published"]), *p, "{id}: published");
        assert!(!o["title"].as_str().unwrap().is_empty());
        let count = o["count"].as_u64().unwrap();
        total += count;
        let share = f(&o["probability"]);
        assert_eq!(share, count as f64 / n);
        let (lo, hi) = (f(&o["ci95"][0]), f(&o["ci95"][1]));
        assert!(0.0 <= lo && lo <= share && share <= hi && hi <= 1.0, "{id}: {lo} {share} {hi}");
    }
    assert_eq!(total, 5000);
    for (family, range) in [("military", 0..4), ("negotiated", 4..7)] {
        let fam = &v["families"][family];
        assert_keys(family, fam, &["published", "probability", "ci95"]);
        let k: u64 = outcomes[range.clone()].iter().map(|o| o["count"].as_u64().unwrap()).sum();
        assert_eq!(f(&fam["probability"]), k as f64 / n, "{family}");
        let prior: f64 = published[range].iter().map(|(_, p)| p).sum();
        assert!((f(&fam["published"]) - prior).abs() < 1e-12, "{family}: published");
    }
    assert_keys("families", &v["families"], &["military", "negotiated"]);

    // Ceasefires: shares of all trials, none above the share signed.
    let c = &v["ceasefire"];
    assert_keys(
        "ceasefire",
        c,
        &["signed", "in_force", "collapsed", "above_red_line", "reversed", "us_left", "mobilised", "hybrid"],
    );
    let signed = f(&c["signed"]);
    assert!(0.0 < signed && signed < 1.0, "the baseline signs in some trials, not all: {signed}");
    for k in ["in_force", "collapsed", "above_red_line"] {
        assert!(0.0 <= f(&c[k]) && f(&c[k]) <= signed, "{k} is part of signed");
    }
    for k in ["reversed", "us_left", "mobilised", "hybrid"] {
        assert!((0.0..=1.0).contains(&f(&c[k])), "{k}");
    }
    // The first signature's date: quantiles in order, inside the span.
    let s = &v["signing"];
    assert_keys("signing", s, &["p10", "p25", "p50", "p75", "p90"]);
    let dates: Vec<&str> = ["p10", "p25", "p50", "p75", "p90"].iter().map(|k| s[k].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert!(start <= dates[0] && dates[4] <= horizon, "{dates:?}");
    let d = &v["durability"];
    assert_keys("durability", d, &["collapsed_within_30_days", "median_days"]);
    assert!((0.0..=1.0).contains(&f(&d["collapsed_within_30_days"])));
    assert!(d["median_days"].is_null() || f(&d["median_days"]) >= 0.0);

    // The calendar: the start, then the first of each month to the horizon;
    // signed-by never falls and ends at most at the horizon's share; the
    // months' meetings add up to the span's, format by format.
    let calendar = v["calendar"].as_array().unwrap();
    assert_eq!(calendar[0]["date"], start);
    let mut previous: Option<&Value> = None;
    for p in calendar {
        assert_keys("a calendar point", p, &["date", "signed_by", "in_force", "meetings"]);
        let date = p["date"].as_str().unwrap();
        if let Some(q) = previous {
            let (y, m) = year_month(q["date"].as_str().unwrap());
            let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            assert_eq!((year_month(date), &date[8..]), (next, "01"), "the first of the next month");
            assert!(f(&q["signed_by"]) <= f(&p["signed_by"]), "signed-by falls at {date}");
        }
        assert!(f(&p["in_force"]) <= f(&p["signed_by"]), "{date}");
        assert_eq!(p["meetings"].as_array().unwrap().len(), 4, "one mean per format");
        previous = Some(p);
    }
    let last = calendar.last().unwrap()["date"].as_str().unwrap();
    let (y, m) = year_month(last);
    assert!(last <= horizon && year_month(horizon) == (y, m), "the calendar runs to the horizon's month: {last}");
    assert!(f(&calendar.last().unwrap()["signed_by"]) <= signed);

    let m = &v["meetings"];
    assert_keys("meetings", m, &["per_trial", "p50", "p10", "p90", "by_format"]);
    assert!(m["p10"].as_u64() <= m["p50"].as_u64() && m["p50"].as_u64() <= m["p90"].as_u64());
    let formats = m["by_format"].as_array().unwrap();
    let names: Vec<&str> = formats.iter().map(|x| x["format"].as_str().unwrap()).collect();
    assert_eq!(names, ["us_ua", "us_ru", "ru_ua", "trilateral"]);
    let mut sum = 0.0;
    for (i, x) in formats.iter().enumerate() {
        assert_keys("a format's meetings", x, &["format", "per_trial", "hours"]);
        let by_month: f64 = calendar.iter().map(|p| f(&p["meetings"][i])).sum();
        assert!((by_month - f(&x["per_trial"])).abs() < 1e-9, "{}: months {by_month} against the span", names[i]);
        assert!(f(&x["hours"]) > 0.0, "{}: hours of a meeting", names[i]);
        sum += f(&x["per_trial"]);
    }
    assert!((sum - f(&m["per_trial"])).abs() < 1e-9, "the formats add up to all meetings");

    let t = &v["truces"];
    assert_keys(
        "truces",
        t,
        &["per_trial", "holiday", "energy", "trials_with_truce", "longest_hours_p50", "longest_hours_p90"],
    );
    assert!((f(&t["per_trial"]) - f(&t["holiday"]) - f(&t["energy"])).abs() < 1e-9, "holiday + energy");
    assert!(t["longest_hours_p50"].as_u64() <= t["longest_hours_p90"].as_u64());

    // Rules: every trial classified by one rule, and the rules of an outcome
    // hold its trials.
    let rules = v["rules"].as_array().unwrap();
    let mut by_outcome = std::collections::BTreeMap::new();
    for (i, r) in rules.iter().enumerate() {
        assert_keys("a rule", r, &["rule", "outcome", "note", "count", "share"]);
        assert_eq!(r["rule"], i as u64 + 1);
        assert_eq!(f(&r["share"]), r["count"].as_u64().unwrap() as f64 / n);
        *by_outcome.entry(r["outcome"].as_str().unwrap()).or_insert(0) += r["count"].as_u64().unwrap();
    }
    for o in outcomes {
        assert_eq!(by_outcome.get(o["id"].as_str().unwrap()).copied().unwrap_or(0), o["count"].as_u64().unwrap());
    }

    // Drivers: per quintile a distribution over the outcomes; per outcome
    // the top-minus-bottom difference inside its interval.
    let drivers = v["drivers"].as_array().unwrap();
    assert!(!drivers.is_empty(), "the baseline draws drivers");
    for dr in drivers {
        assert_keys("a driver", dr, &["id", "key", "quintiles", "effect"]);
        let quintiles = dr["quintiles"].as_array().unwrap();
        assert_eq!(quintiles.len(), 5);
        for q in quintiles {
            let shares: Vec<f64> = q.as_array().unwrap().iter().map(f).collect();
            assert_eq!(shares.len(), 7);
            assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{}: a quintile's shares", dr["id"]);
        }
        let effect = dr["effect"].as_array().unwrap();
        for (i, (e, o)) in effect.iter().zip(outcomes).enumerate() {
            assert_keys("a driver's effect", e, &["outcome", "diff", "ci95"]);
            assert_eq!(e["outcome"], o["id"]);
            let diff = f(&e["diff"]);
            assert!((diff - (f(&quintiles[4][i]) - f(&quintiles[0][i]))).abs() < 1e-12, "top minus bottom fifth");
            assert!(f(&e["ci95"][0]) <= diff && diff <= f(&e["ci95"][1]));
        }
        assert_eq!(effect.len(), 7);
    }

    let tactics = v["tactics"].as_array().unwrap();
    assert!(tactics.iter().filter(|t| t["active"] == true).count() >= 15, "the baseline's moves are in play");
    for t in tactics {
        assert_keys(
            "a move",
            t,
            &["id", "actor", "active", "uses", "trials_used", "per_trial", "share_of_trials", "effect"],
        );
        let (uses, used) = (t["uses"].as_u64().unwrap(), t["trials_used"].as_u64().unwrap());
        // The effect on each outcome, or none when either group is too small.
        let effect = t["effect"].as_array().unwrap();
        assert!(effect.is_empty() || effect.len() == 7, "{t}");
        for e in effect {
            assert_keys("a move's effect", e, &["outcome", "diff", "ci95"]);
            assert!(f(&e["ci95"][0]) <= f(&e["diff"]) && f(&e["diff"]) <= f(&e["ci95"][1]), "{e}");
        }
        assert!(used <= uses && used <= 5000, "{t}");
        assert_eq!(f(&t["per_trial"]), uses as f64 / n);
        assert_eq!(f(&t["share_of_trials"]), used as f64 / n);
        assert!(["russia", "ukraine", "us", "europe"].contains(&t["actor"].as_str().unwrap()), "{t}");
        if t["active"] == false {
            assert_eq!(uses, 0, "a move not in play was used: {t}");
        }
    }
}

/// `--given` adds a `given` object holding the report of the trials that
/// match, itself a summary with the same keys.
#[test]
fn json_with_given_nests_the_conditioned_summary() {
    let v = json(&["run", "-n", "4000", "-s", "3", "-f", "json", "--given", "not signed"]);
    let g = &v["given"];
    assert_keys("given", g, &["expression", "drawn", "accepted", "share", "share_ci95", "summary"]);
    assert_eq!(g["expression"], "not signed");
    let (drawn, accepted) = (g["drawn"].as_u64().unwrap(), g["accepted"].as_u64().unwrap());
    assert_eq!(drawn, 4000);
    let signed = (f(&v["ceasefire"]["signed"]) * 4000.0).round() as u64;
    assert_eq!(accepted, drawn - signed, "the trials that match are those that signed nothing");
    let summary = &g["summary"];
    let mut whole = keys(&v);
    assert!(whole.remove("given"));
    assert_eq!(keys(summary), whole, "the conditioned report is a summary like the whole");
    assert_eq!(summary["trials"].as_u64(), Some(accepted));
    assert_eq!(f(&summary["ceasefire"]["signed"]), 0.0);
    assert!(summary["signing"].is_null(), "no signature among trials that signed nothing");
    let table = stdout(&["run", "-n", "4000", "-s", "3", "--given", "not signed"]);
    assert!(table.contains(&format!("Given `not signed`: {accepted} of 4000 trials match")), "{table}");
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_any_number_of_threads() {
    let run = |threads: &str, seed: &str| stdout(&["run", "-n", "20000", "-s", seed, "-j", threads, "-f", "json"]);
    let one = run("1", "5");
    assert_eq!(one, run("2", "5"));
    assert_eq!(one, run("3", "5"));
    assert_ne!(one, run("2", "6"), "another seed gives another run");
}

/// The table shows every section of v2's report, with the numbers of the
/// same run's JSON.
#[test]
fn the_table_shows_outcomes_ceasefire_calendar_meetings_truces_rules_drivers_and_moves() {
    let args = ["run", "-n", "3000", "-s", "5"];
    let text = stdout(&args);
    let v = json(&[&args[..], &["-f", "json"][..]].concat());
    assert_reads_as_v2("the table", &text);
    let lines: Vec<&str> = text.lines().collect();
    let line = |prefix: &str| -> &str {
        lines.iter().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no line {prefix:?} in\n{text}"))
    };
    let (start, horizon) = (v["start"].as_str().unwrap(), v["horizon"].as_str().unwrap());
    assert!(lines[0].contains("baseline (builtin:baseline) · 3000 trials · seed 5"), "{}", lines[0]);
    assert_eq!(lines[1], format!("from {start} to {horizon} · drivers drawn per trial"));

    // Outcomes: published, simulated, interval, difference.
    let head = line("Outcome on ");
    for needle in [horizon, "published", "simulated", "95% interval", "diff"] {
        assert!(head.contains(needle), "{head}");
    }
    for o in v["outcomes"].as_array().unwrap() {
        let l = line(&format!("{} {} ", o["number"], o["id"].as_str().unwrap()));
        let (prior, p) = (f(&o["published"]), f(&o["probability"]));
        let diff = format!("{:+.1} pp", 100.0 * (p - prior));
        let diff = if diff[1..].starts_with("0.0 ") { diff[1..].to_string() } else { diff };
        for cell in [
            pct(prior),
            pct(p),
            format!("[{:>5.1}, {:>5.1}] %", 100.0 * f(&o["ci95"][0]), 100.0 * f(&o["ci95"][1])),
            diff,
        ] {
            assert!(l.contains(&cell), "{cell:?} not in {l:?}");
        }
    }
    for family in ["  military (1-4)", "  negotiated (5-7)"] {
        line(family);
    }

    // Ceasefire, signing dates, durability.
    let c = &v["ceasefire"];
    let l = line("Ceasefire ");
    for cell in [
        format!("signed {}", pct(f(&c["signed"]))),
        format!("in force on {horizon} {}", pct(f(&c["in_force"]))),
        format!("collapsed {}", pct(f(&c["collapsed"]))),
        format!("past Ukraine's red line {}", pct(f(&c["above_red_line"]))),
    ] {
        assert!(l.contains(&cell), "{cell:?} not in {l:?}");
    }
    let l = lines[lines.iter().position(|l| l.starts_with("Ceasefire ")).unwrap() + 1];
    for cell in [
        format!("draft reversed {}", pct(f(&c["reversed"]))),
        format!("US walked away {}", pct(f(&c["us_left"]))),
        format!("Russia mobilised {}", pct(f(&c["mobilised"]))),
        format!("hybrid-war escalation {}", pct(f(&c["hybrid"]))),
    ] {
        assert!(l.contains(&cell), "{cell:?} not in {l:?}");
    }
    let s = &v["signing"];
    let l = line("Signed ");
    let dates = format!(
        "first signature: p10 {}   median {}   p90 {}",
        s["p10"].as_str().unwrap(),
        s["p50"].as_str().unwrap(),
        s["p90"].as_str().unwrap()
    );
    assert!(l.contains(&dates), "{l}");
    let d = &v["durability"];
    let l = line("Durability ");
    assert!(l.contains(&format!("{} collapse within 30 days", pct(f(&d["collapsed_within_30_days"])))), "{l}");
    if let Some(days) = d["median_days"].as_f64() {
        assert!(l.contains(&format!("half hold {days:.0} days")), "{l}");
    }

    // The calendar: a row per date, then the horizon.
    let l = line("Date ");
    for needle in ["signed by", "in force", "US-UA", "US-RU", "RU-UA", "tri"] {
        assert!(l.contains(needle), "{l}");
    }
    for p in v["calendar"].as_array().unwrap() {
        let l = line(&format!("{} ", p["date"].as_str().unwrap()));
        assert!(l.contains(&pct(f(&p["signed_by"]))) && l.contains(&pct(f(&p["in_force"]))), "{l}");
        assert!(l.trim_end().ends_with(&format!("{:.2}", f(&p["meetings"][3]))), "{l}");
    }
    let l = line(&format!("{horizon} "));
    assert!(l.contains(&pct(f(&c["signed"]))) && l.contains(&pct(f(&c["in_force"]))), "{l}");

    // Meetings and truces.
    let m = &v["meetings"];
    assert!(line("Meetings ").contains(&format!(
        "{:.1} per trial (median {}, p10 {}, p90 {})",
        f(&m["per_trial"]),
        m["p50"],
        m["p10"],
        m["p90"]
    )));
    let l = lines[lines.iter().position(|l| l.starts_with("Meetings ")).unwrap() + 1];
    for x in m["by_format"].as_array().unwrap() {
        let cell = format!("{} {:.1}, {:.1} h", x["format"].as_str().unwrap(), f(&x["per_trial"]), f(&x["hours"]));
        assert!(l.contains(&cell), "{cell:?} not in {l:?}");
    }
    let t = &v["truces"];
    let l = line("Truces ");
    assert!(
        l.contains(&format!(
            "{:.2} per trial (holiday {:.2}, energy {:.2})",
            f(&t["per_trial"]),
            f(&t["holiday"]),
            f(&t["energy"])
        )),
        "{l}"
    );
    assert!(l.contains(&format!("{} of trials declare one", pct(f(&t["trials_with_truce"])))), "{l}");

    // Rules, drivers, moves.
    let l = line("Rule ");
    assert!(l.contains("outcome") && l.contains("trials") && l.contains("why"), "{l}");
    for r in v["rules"].as_array().unwrap() {
        let l = line(&format!("{:<6} {} ", r["rule"].as_u64().unwrap(), r["outcome"].as_str().unwrap()));
        assert!(l.contains(&pct(f(&r["share"]))), "{l}");
    }
    line("Drivers: ");
    for dr in v["drivers"].as_array().unwrap() {
        let l = line(&format!("{} ", dr["id"].as_str().unwrap()));
        assert_eq!(l.split_whitespace().count(), 1 + 7, "a driver and its 7 differences: {l:?}");
    }
    let l = line("Move ");
    assert!(l.contains("actor") && l.contains("uses/trial") && l.contains("trials used"), "{l}");
    let mut off = Vec::new();
    for t in v["tactics"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        if t["active"] == true {
            let l = line(&format!("{id} "));
            assert!(l.contains(&format!("{:.3}", f(&t["per_trial"]))), "{l}");
        } else {
            off.push(id);
        }
    }
    if !off.is_empty() {
        line(&format!("not in play in this scenario (probability 0): {}", off.join(", ")));
    }
}

#[test]
fn flags_override_the_file() {
    let v = json(&["run", "--trials", "1_234", "--seed", "18446744073709551615", "-f", "json"]);
    assert_eq!(v["trials"], 1234);
    assert_eq!(v["seed"], u64::MAX);
    let v = json(&["run", "-n", "500", "-f", "json", "--set", "ukraine.max_concession=0.5", "--central-drivers"]);
    assert_eq!(v["overrides"], serde_json::json!(["ukraine.max_concession=0.5"]));
    assert_eq!(v["central_drivers"], true);
    let text = stdout(&["run", "-n", "500", "--set", "ukraine.max_concession=0.5", "--central-drivers"]);
    assert!(text.contains("overrides: ukraine.max_concession=0.5"), "{text}");
    assert!(text.contains("drivers fixed at their central values"), "{text}");
}

#[test]
fn output_goes_whole_to_the_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    negsim().args(["run", "-n", "2000", "-f", "json", "-o"]).arg(&path).assert().success().stdout("");
    let written = std::fs::read(&path).unwrap();
    let direct = negsim().args(["run", "-n", "2000", "-f", "json"]).assert().success().get_output().stdout.clone();
    assert_eq!(written, direct);
    // Only the report is left in the directory: no temporary files.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn an_output_path_in_a_missing_directory_fails_with_exit_1() {
    negsim()
        .args(["run", "-n", "100", "-o", "/nonexistent-dir/x/out.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot write /nonexistent-dir/x/out.txt"));
}

#[test]
fn bad_flags_exit_2_with_a_message() {
    for (args, needle) in [
        (vec!["run", "--trials", "0"], "trials are whole numbers from 1"),
        (vec!["run", "--trials", "many"], "invalid value 'many' for '--trials"),
        (vec!["run", "--format", "xml"], "invalid value 'xml'"),
        (vec!["run", "--threads", "0"], "--threads"),
        (vec!["run", "--seed=-1"], "invalid value '-1' for '--seed"),
        (vec!["run", "--set", "simulation.max_rounds=1"], "unknown key `max_rounds`"),
        (vec!["trace"], "--trial"),
        (vec!["frobnicate"], "is not a negsim command"),
        (vec!["validate"], "required"),
    ] {
        negsim().args(&args).assert().code(2).stderr(predicate::str::contains(needle));
    }
}

#[test]
fn validate_accepts_every_shipped_scenario() {
    let mut cmd = negsim();
    cmd.arg("validate");
    let mut n = 0;
    for entry in std::fs::read_dir(repo("scenarios")).unwrap() {
        cmd.arg(entry.unwrap().path());
        n += 1;
    }
    assert!(n >= 5);
    let out = cmd.assert().success().get_output().stdout.clone();
    assert_eq!(String::from_utf8(out).unwrap().lines().filter(|l| l.starts_with("ok: ")).count(), n);
}

#[test]
fn every_shipped_variant_runs() {
    for name in ["us-withdrawal", "sanctions-pressure", "anchorage-formula", "political-control-trade"] {
        let path = format!("scenarios/{name}.toml");
        let v = json(&["run", &path, "-n", "2000", "-f", "json"]);
        assert_eq!(v["scenario"], name);
        assert_eq!(v["file"], path.as_str());
    }
}

#[test]
fn help_describes_the_commands() {
    let help = stdout(&["--help"]);
    for command in ["run", "compare", "sweep", "sensitivity", "trace", "report", "validate", "Exit codes"] {
        assert!(help.contains(command), "--help lacks {command:?}");
    }
    let run = stdout(&["run", "--help"]);
    for flag in ["--trials", "--seed", "--threads", "--set", "--central-drivers", "--format", "--output"] {
        assert!(run.contains(flag), "run --help lacks {flag}");
    }
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("negsim"))
        .args(["run", "-n", "20000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is written
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
