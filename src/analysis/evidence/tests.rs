//! Tests of the `--given` language: refusals (message, column, underline,
//! advice), every name against the trial's own fields, the watch against an
//! independent recording of real trials, and robustness on arbitrary text.

use super::eval::{Cond, Num};
use super::*;
use crate::engine::{Happening, MeetingRecord, Observer, TruceKind, TruceRecord, keyed, play_indexed};
use crate::model::{Format, MAX_MEETINGS, State};
use crate::seeds;

fn baseline() -> Model {
    Model::baseline().unwrap()
}

fn parse(text: &str, model: &Model) -> Given {
    Given::parse(text, model).unwrap_or_else(|e| panic!("{text}: {e}"))
}

// ---------------------------------------------------------------------------
// Refusals.

/// One refused expression: the 1-based column of the problem and the width
/// of its underline (in characters), and words the message and the help
/// must contain.
struct Bad {
    expr: String,
    col: usize,
    width: usize,
    message: String,
    help: String,
}

fn bad(expr: impl Into<String>, col: usize, width: usize, message: impl Into<String>, help: impl Into<String>) -> Bad {
    Bad { expr: expr.into(), col, width, message: message.into(), help: help.into() }
}

/// The refused expressions of bad_expressions.txt (its header gives the
/// columns). A line that does not read fails the test rather than being
/// skipped, so a slip in the file cannot quietly drop a case.
fn written_out_bad_expressions() -> Vec<Bad> {
    const TABLE: &str = include_str!("bad_expressions.txt");
    let mut cases = Vec::new();
    for (i, line) in TABLE.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = format!("bad_expressions.txt:{}", i + 1);
        // The expression is a JSON string, so that its spaces, tabs and
        // quotes are written visibly; the other columns follow it.
        let mut stream = serde_json::Deserializer::from_str(line).into_iter::<String>();
        let Some(Ok(expr)) = stream.next() else { panic!("{at}: the line does not start with a JSON string") };
        let Some(rest) = line[stream.byte_offset()..].strip_prefix(" | ") else {
            panic!("{at}: expected ` | ` after the expression")
        };
        let fields: Vec<&str> = rest.split(" | ").map(str::trim).collect();
        let &[col, width, message, help] = fields.as_slice() else {
            panic!("{at}: expected 5 columns separated by ` | `, found {}", fields.len() + 1)
        };
        let number = |text: &str, what: &str| -> usize {
            text.parse().unwrap_or_else(|e| panic!("{at}: the {what} {text:?} is not a whole number: {e}"))
        };
        assert!(!message.is_empty() && !help.is_empty(), "{at}: the message and the help must say something");
        cases.push(bad(expr, number(col, "column"), number(width, "underline width"), message, help));
    }
    cases
}

/// The one problem of a refused expression, and the rendered error.
fn refusal(expr: &str, model: &Model) -> (Problem, String) {
    let err = match Given::parse(expr, model) {
        Ok(_) => panic!("{expr:?} was accepted"),
        Err(e) => e,
    };
    assert_eq!(err.problems().len(), 1, "{expr:?}: {err}");
    (err.problems()[0].clone(), err.to_string())
}

use crate::model::Problem;

#[test]
fn bad_expressions_are_refused_at_their_column_with_advice() {
    let model = baseline();
    let rules = model.rules.len();
    let deep = format!("{}signed{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1));
    let nots = format!("{}signed", "not ".repeat(MAX_DEPTH + 1));
    let huge = format!("meetings > 1{}", "0".repeat(400));
    // The cases built from a limit or from the model; the rest, written
    // out, are in bad_expressions.txt.
    let mut cases = vec![
        bad(deep, MAX_DEPTH + 1, 1, "nests more than 64 levels", "remove redundant parentheses"),
        bad(nots, 4 * MAX_DEPTH + 1, 3, "nests more than 64 levels", "`not not x` is `x`"),
        bad(
            "rule == 0",
            9,
            1,
            format!("rules are numbered 1 to {rules}, so `0` never matches"),
            format!("from 1 to {rules}"),
        ),
        bad("hours(0) > 1", 7, 1, "meetings are numbered from 1", format!("from 1 to {MAX_MEETINGS}")),
        bad(
            format!("hours({}) > 1", MAX_MEETINGS + 1),
            7,
            4,
            format!("meeting {} is never held: a trial holds at most {MAX_MEETINGS} meetings", MAX_MEETINGS + 1),
            "as in `hours(3)`",
        ),
        bad(huge, 12, 401, "is too large", "at most 300 digits"),
    ];
    cases.extend(written_out_bad_expressions());
    assert!(cases.len() >= 50, "{} cases", cases.len());
    for c in &cases {
        let (problem, rendered) = refusal(&c.expr, &model);
        let at = format!("{GIVEN_FILE}:1:{}", c.col);
        assert_eq!(problem.location.as_deref(), Some(at.as_str()), "{:?}: wrong place\n{rendered}", c.expr);
        assert!(problem.message.contains(&c.message), "{:?}: message lacks {:?}:\n{rendered}", c.expr, c.message);
        let help = problem.help.clone().unwrap_or_default();
        assert!(help.contains(&c.help), "{:?}: help lacks {:?}:\n{rendered}", c.expr, c.help);
        if c.expr.chars().count() > crate::model::error::MAX_SHOWN_LINE {
            // Too long to show: the place alone names it, on the first line
            // (model::error), and the advice follows.
            assert!(rendered.starts_with(&format!("error: {at}: ")), "{:?}:\n{rendered}", c.expr);
            assert!(!rendered.contains("1 │"), "{:?}: a line this long is not quoted:\n{rendered}", c.expr);
            assert!(rendered.contains(&format!("= help: {help}")), "{:?}:\n{rendered}", c.expr);
            continue;
        }
        // Rendered by codespan: the place, the expression, the underline
        // below the problem, the advice.
        assert!(rendered.starts_with(&format!("error: {}\n", problem.message)), "{:?}:\n{rendered}", c.expr);
        assert!(rendered.contains(&format!("┌─ {at}\n")), "{:?}:\n{rendered}", c.expr);
        assert!(rendered.contains(&format!("= help: {help}")), "{:?}:\n{rendered}", c.expr);
        let lines: Vec<&str> = rendered.lines().collect();
        let source = lines.iter().position(|l| l.starts_with("1 │")).unwrap_or_else(|| panic!("{rendered}"));
        let carets = lines[source + 1];
        let first = carets.chars().position(|ch| ch == '^').unwrap_or_else(|| panic!("no underline:\n{rendered}"));
        let width = carets.chars().filter(|&ch| ch == '^').count();
        assert_eq!(width, c.width, "{:?}: underline width\n{rendered}", c.expr);
        if !c.expr.contains('\t') {
            // Codespan expands tabs; elsewhere a column is a character.
            assert_eq!(first, "1 │ ".chars().count() + c.col - 1, "{:?}: underline place\n{rendered}", c.expr);
        }
    }
}

#[test]
fn the_rendered_error_reads_as_documented() {
    let err = Given::parse("meetings > and signed", &baseline()).unwrap_err();
    let expected = "error: expected a number after `>`, found `and`
  ┌─ --given:1:12
  │
1 │ meetings > and signed
  │            ^^^
  │
  = help: write a number (`3`, `1.5`) or a figure such as `meetings`";
    assert_eq!(err.to_string(), expected);
    // The module documentation shows the same text.
    let doc = include_str!("mod.rs");
    let shown: String = expected.lines().map(|l| format!("//! {l}\n").replace("//! \n", "//!\n")).collect();
    assert!(doc.contains(&shown), "the module documentation shows another rendering");
}

#[test]
fn too_long_expressions_are_refused_and_the_limit_is_exact() {
    let model = baseline();
    let mut at_limit = "signed or ".repeat(99) + "in_force";
    at_limit.push_str(&" ".repeat(MAX_LEN - at_limit.chars().count()));
    assert_eq!(at_limit.chars().count(), MAX_LEN);
    parse(&at_limit, &model);
    // Counted in characters: 1000 two-byte characters are not too long.
    let wide = format!("signé{}", " ".repeat(MAX_LEN - 5));
    let (problem, _) = refusal(&wide, &model);
    assert!(problem.message.contains("is not a name"), "{problem:?}");

    let long = at_limit + "x";
    let (problem, rendered) = refusal(&long, &model);
    assert_eq!(problem.message, "the expression is 1001 characters long, more than the 1000 allowed");
    assert_eq!(problem.location.as_deref(), Some("--given:1:1001"));
    assert!(problem.help.as_deref().unwrap_or("").contains("fewer"), "{problem:?}");
    assert!(rendered.len() < 300, "the expression is not echoed whole:\n{rendered}");
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let model = baseline();
    parse(&format!("{}signed{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH)), &model);
    parse(&format!("{}signed", "not ".repeat(MAX_DEPTH)), &model);
    for text in ["(".repeat(MAX_LEN), "!".repeat(MAX_LEN), "not ".repeat(MAX_LEN / 4), "(!".repeat(MAX_LEN / 2)] {
        let (problem, _) = refusal(&text, &model);
        assert!(problem.message.contains("nests more than 64"), "{problem:?}");
    }
}

#[test]
fn a_multi_line_expression_is_located_by_line() {
    let (problem, rendered) = refusal("signed and\n  meetings > x", &baseline());
    assert_eq!(problem.location.as_deref(), Some("--given:2:14"), "{rendered}");
    assert!(rendered.contains("2 │   meetings > x"), "{rendered}");
    let (problem, _) = refusal("(signed\n and in_force", &baseline());
    assert!(problem.message.contains("`(` at column 1"), "{problem:?}");
}

// ---------------------------------------------------------------------------
// Meaning, on trials set by hand.

/// A played trial, then set by hand.
fn hand_trial(model: &Model) -> Trial {
    let mut t = play_indexed(model, keyed(1), 0, &mut ());
    t.outcome = 5;
    t.rule = 2;
    t.signed_day = Some(100);
    t.ceasefires = 2;
    t.terms = Some(0.4);
    t.above_red_line = false;
    t.in_force = true;
    t.collapsed_day = Some(150);
    t.days_in_force = 300;
    t.reversals = 2;
    t.us_left_day = None;
    t.mobilised_day = Some(20);
    t.escalation_peak = 0.75;
    t.hybrid = false;
    t.meetings = 10;
    t.by_format = [4, 3, 2, 1];
    t.hours = 37.5;
    t.hours_by_format = [10.0, 12.5, 9.0, 6.0];
    t.truces = 3;
    t.truces_by_kind = [1, 2];
    t.longest_truce_hours = 96.0;
    t.shocks = 4;
    t.deadlines = 1;
    t.tactic_uses = [0; crate::model::MAX_TACTICS];
    t.tactic_uses[model.tactic_index("time_exhaustion").unwrap()] = 3;
    let resolve = model.drivers.iter().position(|d| d.id == "us_resolve").unwrap();
    t.drivers[resolve] = 0.625;
    t
}

fn unsigned(t: &Trial) -> Trial {
    Trial {
        signed_day: None,
        ceasefires: 0,
        terms: None,
        in_force: false,
        collapsed_day: None,
        days_in_force: 0,
        mobilised_day: None,
        ..t.clone()
    }
}

/// The day number of a date of the baseline's span.
fn day(model: &Model, date: &str) -> u32 {
    crate::model::Date::parse(date).unwrap().days_after(model.settings.start) as u32
}

#[test]
fn every_name_reads_its_field() {
    let model = baseline();
    let t = hand_trial(&model);
    let signed = model.settings.date(100).to_string();
    let cases: &[(&str, bool)] = &[
        ("true", true),
        ("false", false),
        ("outcome == 6", true),
        ("outcome == fragile-ceasefire", true),
        ("outcome != fragile-ceasefire", false),
        ("outcome == durable-peace", false),
        ("outcome >= 6 and outcome < 7", true),
        ("rule == 3", true),
        ("signed", true),
        ("in_force", true),
        ("collapsed", true),
        ("above_red_line", false),
        ("reversed", true),
        ("us_left", false),
        ("mobilised", true),
        ("hybrid", false),
        ("ceasefires == 2", true),
        ("reversals == 2", true),
        ("meetings == 10", true),
        ("hours == 37.5", true),
        ("hours < 37.5", false),
        ("terms == 0.4", true),
        ("terms > 0.5", false),
        ("days_in_force == 300", true),
        ("escalation_peak == 0.75", true),
        ("truces == 3", true),
        ("shocks == 4", true),
        ("deadlines == 1", true),
        ("longest_truce == 96", true),
        ("longest_truce > 72", true),
        ("signed_day == 100", true),
        ("collapsed_day == 150", true),
        ("mobilised_day == 20", true),
        ("us_left_day >= 0", false),
        ("meetings(us_ua) == 4 and meetings(us_ru) == 3 and meetings(ru_ua) == 2 and meetings(trilateral) == 1", true),
        ("hours(us_ua) == 10 and hours(us_ru) == 12.5 and hours(ru_ua) == 9 and hours(trilateral) == 6", true),
        ("truces(holiday) == 1 and truces(energy) == 2", true),
        ("uses(time_exhaustion) == 3", true),
        ("uses(shortened_talks) == 0", true),
        ("driver(us_resolve) == 0.625", true),
        ("signed == in_force", true),
        ("signed != mobilised", false),
        ("2 < 3", true),
        ("start < horizon", true),
        ("2025-06-13 == start and 2026-12-31 == horizon", true),
        ("signed_before(horizon)", true),
        ("signed_before(start)", false),
        ("collapsed_date > signed_date", true),
        ("mobilised_date < signed_date", true),
        ("us_left_date <= horizon", false),
    ];
    for &(text, want) in cases {
        let e = parse(text, &model);
        assert_eq!(e.matches(&t, &e.watch()), want, "{text}");
    }
    // Dates around the signing day.
    let day_before = model.settings.date(99).to_string();
    for (text, want) in [
        (format!("signed_date == {signed}"), true),
        (format!("signed_date < {signed}"), false),
        (format!("signed_date <= {signed}"), true),
        (format!("signed_before({signed})"), true),
        (format!("signed_before({day_before})"), false),
        (format!("signed_date > {day_before}"), true),
    ] {
        let e = parse(&text, &model);
        assert_eq!(e.matches(&t, &e.watch()), want, "{text}");
    }
}

#[test]
fn precedence_is_not_then_comparison_then_and_then_or() {
    let model = baseline();
    let base = hand_trial(&model);
    type Truth = fn(bool, bool, bool) -> bool;
    let cases: [(&str, Truth); 8] = [
        ("signed or in_force and hybrid", |s, f, h| s || (f && h)),
        ("signed and in_force or hybrid", |s, f, h| (s && f) || h),
        ("not signed and in_force", |s, f, _| !s && f),
        ("!signed || in_force && !hybrid", |s, f, h| !s || (f && !h)),
        ("not (signed or in_force) and hybrid", |s, f, h| !(s || f) && h),
        ("signed == in_force and hybrid", |s, f, h| (s == f) && h),
        ("not signed == in_force", |s, f, _| s != f), // (not signed) == in_force
        ("not not signed or false", |s, _, _| s),
    ];
    for (text, truth) in cases {
        let e = parse(text, &model);
        for bits in 0..8 {
            let (s, f, h) = (bits & 1 != 0, bits & 2 != 0, bits & 4 != 0);
            let t = Trial { ceasefires: u32::from(s), in_force: f, hybrid: h, ..base.clone() };
            assert_eq!(e.matches(&t, &e.watch()), truth(s, f, h), "{text} with signed {s} in_force {f} hybrid {h}");
        }
    }
}

#[test]
fn comparisons_with_missing_figures_are_false() {
    let model = baseline();
    let t = unsigned(&hand_trial(&model));
    for text in [
        "signed_day <= 1000",
        "signed_day != 10",
        "signed_date >= start",
        "signed_date != horizon",
        "terms < 2",
        "terms != 0.4",
        "collapsed_date <= horizon",
        "us_left_day >= 0",
        "signed_before(horizon)",
        "hours(5) >= 0 or hours(5) != 1",
        "format(3) == us_ru or format(3) != us_ru",
    ] {
        let e = parse(text, &model);
        assert!(!e.matches(&t, &e.watch()), "{text} on an unsigned trial");
    }
    for text in ["not (signed_day == 10)", "not (terms > 0)", "not signed", "not (hours(5) > 0)"] {
        let e = parse(text, &model);
        assert!(e.matches(&t, &e.watch()), "{text} on an unsigned trial");
    }
}

fn meeting(number: u32, day: f64, format: Format, hours: f64, fired: u64, signed: bool, state: State) -> MeetingRecord {
    MeetingRecord {
        number,
        day,
        format,
        hours,
        fired,
        europeans: false,
        draft_formed: None,
        draft_reversed: false,
        signed: signed.then_some(0.4),
        state,
    }
}

#[test]
fn the_watch_records_what_the_expression_names_and_resets_each_trial() {
    let model = baseline();
    let t = hand_trial(&model);
    let s = t.state;
    let te = model.tactic_index("time_exhaustion").unwrap();
    let rs = model.tactic_index("refinery_strikes").unwrap();
    let d = |day: u32| model.settings.date(day).to_string();
    let text = format!(
        "hours(2) == 1.5 and format(2) == ru_ua and format(1) != ru_ua \
         and uses(time_exhaustion, {}) == 1 and uses(time_exhaustion, {}) == 2 and uses(time_exhaustion, {}) == 3 \
         and uses(refinery_strikes, {}) == 1 \
         and meetings({}, {}) == 2 and meetings(us_ru, start, {}) == 1 and meetings(ru_ua, {}, horizon) == 0",
        d(10),
        d(39),
        d(40),
        d(12),
        d(10),
        d(30),
        d(30),
        d(31),
    );
    let e = parse(&text, &model);
    assert!(e.needs_watch());
    let mut w = e.watch();
    let feed = |w: &mut Watch| {
        w.start(&[], &s);
        w.meeting(&meeting(1, 10.25, Format::UsRu, 4.0, 1 << te, false, s));
        w.happened(12.0, Happening::Move { tactic: rs }, &s);
        w.meeting(&meeting(2, 30.9, Format::RuUa, 1.5, 1 << te, false, s));
        w.meeting(&meeting(3, 40.5, Format::UsUa, 2.0, 1 << te, false, s));
        w.happened(41.0, Happening::Move { tactic: rs }, &s);
    };
    feed(&mut w);
    assert!(e.matches(&t, &w));
    // A new trial starts: nothing of the last one is left.
    w.start(&[], &s);
    assert!(!e.matches(&t, &w));
    for zero in ["uses(time_exhaustion, horizon) == 0", "meetings(start, horizon) == 0"] {
        let z = parse(zero, &model);
        let mut wz = z.watch();
        feed(&mut wz);
        assert!(!z.matches(&t, &wz), "{zero} after a trial with meetings");
        wz.start(&[], &s);
        assert!(z.matches(&t, &wz), "{zero}: counts reset");
    }
    let probe = parse("hours(3) >= 0", &model);
    let mut w = probe.watch();
    feed(&mut w);
    assert!(probe.matches(&t, &w));
    w.start(&[], &s);
    w.meeting(&meeting(1, 1.0, Format::UsUa, 2.0, 0, false, s));
    w.meeting(&meeting(2, 2.0, Format::UsUa, 2.0, 0, false, s));
    assert!(!probe.matches(&t, &w), "meeting 3 of the last trial is forgotten");
}

#[test]
fn in_force_on_follows_signatures_and_collapses() {
    let model = baseline();
    let t = hand_trial(&model);
    let s = t.state;
    let days = model.settings.days;
    // Signed on day 10 (late in the day), collapsed on day 20; signed again
    // on day 30, in force to the horizon. Also signed and collapsed within
    // day 5 (never in force at a day's end).
    let script = |w: &mut Watch| {
        w.start(&[], &s);
        w.meeting(&meeting(1, 5.2, Format::RuUa, 3.0, 0, true, s));
        w.happened(5.8, Happening::Collapsed, &s);
        w.meeting(&meeting(2, 10.9, Format::RuUa, 3.0, 0, true, s));
        w.happened(20.5, Happening::Collapsed, &s);
        w.meeting(&meeting(3, 30.1, Format::Trilateral, 3.0, 0, true, s));
    };
    let expect = |d: u32| (10..20).contains(&d) || d >= 30;
    for d in [0, 4, 5, 6, 9, 10, 11, 19, 20, 21, 29, 30, 31, 200, days] {
        let e = parse(&format!("in_force_on({})", model.settings.date(d)), &model);
        let mut w = e.watch();
        script(&mut w);
        assert_eq!(e.matches(&t, &w), expect(d), "day {d}");
        // The same without the last signature: nothing is in force after
        // day 20.
        w.start(&[], &s);
        w.meeting(&meeting(2, 10.9, Format::RuUa, 3.0, 0, true, s));
        w.happened(20.5, Happening::Collapsed, &s);
        assert_eq!(e.matches(&t, &w), (10..20).contains(&d), "day {d}, one ceasefire");
        w.start(&[], &s);
        assert!(!e.matches(&t, &w), "day {d}: reset");
    }
}

#[test]
fn probes_are_shared_and_the_watch_is_sized_once() {
    let model = baseline();
    let e = parse(
        "hours(3) > 1 and format(3) == us_ru and hours(7) > 0 or uses(bluffing, horizon) > uses(bluffing, horizon) \
         or in_force_on(2026-01-01) == in_force_on(2026-01-01) or meetings(start, horizon) > meetings(start, horizon)",
        &model,
    );
    assert_eq!(e.probes.meetings, [3, 7]);
    assert_eq!(e.probes.uses_by.len(), 1);
    assert_eq!(e.probes.in_force_on.len(), 1);
    assert_eq!(e.probes.between.len(), 1);
    let w = e.watch();
    let dbg = format!("{w:?}");
    assert!(dbg.contains("meeting_slot: [0, 0, 0, 1, 0, 0, 0, 2]"), "{dbg}");
}

#[test]
fn an_expression_reading_only_the_trial_needs_no_watch() {
    let model = baseline();
    let e = parse(
        "meetings > 3 and uses(bluffing) > 0 or signed_before(2026-01-01) or meetings(us_ru) > 2 or hours(us_ua) > 4",
        &model,
    );
    assert!(!e.needs_watch());
    for text in ["hours(1) > 0", "format(1) == us_ru", "meetings(start, horizon) > 0", "uses(bluffing, horizon) > 0"] {
        assert!(parse(text, &model).needs_watch(), "{text}");
    }
    assert!(parse("in_force_on(horizon)", &model).needs_watch());
    let key = keyed(3);
    let unused = e.watch();
    for i in 0..200 {
        let mut watch = e.watch();
        let t = play_indexed(&model, key, i, &mut watch);
        assert_eq!(e.matches(&t, &watch), e.matches(&t, &unused));
    }
}

#[test]
fn text_is_trimmed_and_spacing_is_free() {
    let model = baseline();
    let e = parse("  meetings>3&&!signed_before(2026-01-01)\t", &model);
    assert_eq!(e.text(), "meetings>3&&!signed_before(2026-01-01)");
    let spaced = parse("meetings > 3 and not signed_before( 2026-01-01 )", &model);
    let key = keyed(5);
    let mut differ = [0; 2];
    for i in 0..300 {
        let t = play_indexed(&model, key, i, &mut ());
        let m = e.matches(&t, &e.watch());
        assert_eq!(m, spaced.matches(&t, &spaced.watch()));
        differ[usize::from(m)] += 1;
    }
    assert!(differ[0] > 0 && differ[1] > 0, "{differ:?}");
}

// ---------------------------------------------------------------------------
// Meaning, on real trials, against an independent recording.

/// Everything the engine tells an observer, kept whole.
#[derive(Default)]
struct Recorder {
    meetings: Vec<MeetingRecord>,
    happenings: Vec<(f64, Happening)>,
    truces: Vec<TruceRecord>,
}

impl Observer for Recorder {
    fn start(&mut self, _: &[f64], _: &State) {
        self.meetings.clear();
        self.happenings.clear();
        self.truces.clear();
    }
    fn meeting(&mut self, r: &MeetingRecord) {
        self.meetings.push(*r);
    }
    fn truce(&mut self, r: &TruceRecord) {
        self.truces.push(*r);
    }
    fn happened(&mut self, day: f64, what: Happening, _: &State) {
        self.happenings.push((day, what));
    }
}

impl Recorder {
    fn uses(&self, tactic: usize, last: u32) -> u32 {
        let at_meetings =
            self.meetings.iter().filter(|m| m.fired & (1 << tactic) != 0 && m.day.floor() <= f64::from(last)).count();
        let monthly = self
            .happenings
            .iter()
            .filter(|(d, h)| *h == Happening::Move { tactic } && d.floor() <= f64::from(last))
            .count();
        (at_meetings + monthly) as u32
    }

    fn meetings_between(&self, formats: &[Format], from: u32, to: u32) -> u32 {
        let (from, to) = (f64::from(from), f64::from(to));
        self.meetings.iter().filter(|m| formats.contains(&m.format) && (from..=to).contains(&m.day.floor())).count()
            as u32
    }

    /// Whether a ceasefire was in force at the end of day `d`: from the
    /// days of every signature and collapse, in the order they came.
    fn in_force_on(&self, d: u32) -> bool {
        let mut events: Vec<(f64, bool)> =
            self.meetings.iter().filter(|m| m.signed.is_some()).map(|m| (m.day, true)).collect();
        events.extend(self.happenings.iter().filter(|h| h.1 == Happening::Collapsed).map(|h| (h.0, false)));
        events.sort_by(|a, b| a.0.total_cmp(&b.0));
        let end_of_day = f64::from(d) + 1.0;
        let mut in_force = false;
        for (at, signed) in events {
            if at.floor() < end_of_day {
                in_force = signed;
            }
        }
        in_force
    }
}

struct Both<'a>(&'a mut Watch, &'a mut Recorder);

impl Observer for Both<'_> {
    fn start(&mut self, drivers: &[f64], state: &State) {
        self.0.start(drivers, state);
        self.1.start(drivers, state);
    }
    fn month(&mut self, day: u32, state: &State) {
        self.0.month(day, state);
        self.1.month(day, state);
    }
    fn meeting(&mut self, r: &MeetingRecord) {
        self.0.meeting(r);
        self.1.meeting(r);
    }
    fn truce(&mut self, r: &TruceRecord) {
        self.0.truce(r);
        self.1.truce(r);
    }
    fn happened(&mut self, day: f64, what: Happening, state: &State) {
        self.0.happened(day, what, state);
        self.1.happened(day, what, state);
    }
}

const TRIALS: u64 = 2000;

/// Plays the baseline's trials with the expression's watch and a recorder,
/// and calls `check` on each.
fn each_trial(model: &Model, given: &Given, mut check: impl FnMut(u64, &Trial, &Watch, &Recorder)) {
    let key = keyed(20_250_613);
    let mut watch = given.watch();
    let mut rec = Recorder::default();
    for i in 0..TRIALS {
        let t = play_indexed(model, key, i, &mut Both(&mut watch, &mut rec));
        check(i, &t, &watch, &rec);
    }
}

/// The number a term reads, from `TERM > 1` parsed.
fn term(text: &str, model: &Model) -> (Given, Num) {
    let given = parse(&format!("{text} > 1"), model);
    match &given.cond {
        Cond::Cmp(num, _, _) => {
            let num = num.clone();
            (given, num)
        }
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn numbers_equal_the_trials_own_fields_and_an_independent_recording() {
    let model = baseline();
    let d = |s: &str| day(&model, s);
    let all = Format::ALL;
    let (september, march) = (d("2025-09-01"), d("2026-03-31"));
    type Want = Box<dyn Fn(&Trial, &Recorder) -> Option<f64>>;
    let mut cases: Vec<(String, Want)> = Vec::new();
    for f in all {
        let i = f as usize;
        cases.push((format!("meetings({})", f.key()), Box::new(move |t, _| Some(f64::from(t.by_format[i])))));
        cases.push((format!("hours({})", f.key()), Box::new(move |t, _| Some(t.hours_by_format[i]))));
        cases.push((
            format!("meetings({}, 2025-09-01, 2026-03-31)", f.key()),
            Box::new(move |_, r| Some(f64::from(r.meetings_between(&[f], september, march)))),
        ));
    }
    let (a, b) = (day(&model, "2025-07-01"), day(&model, "2025-12-31"));
    cases.push((
        "meetings(2025-07-01, 2025-12-31)".into(),
        Box::new(move |_, r| Some(f64::from(r.meetings_between(&all, a, b)))),
    ));
    cases.push(("meetings(start, horizon)".into(), Box::new(|t, _| Some(f64::from(t.meetings)))));
    for n in [1, 2, 5, 20] {
        let k = n as usize - 1;
        cases.push((format!("hours({n})"), Box::new(move |_, r| r.meetings.get(k).map(|m| m.hours))));
    }
    cases.push(("truces(holiday)".into(), Box::new(|t, _| Some(f64::from(t.truces_by_kind[0])))));
    cases.push((
        "truces(energy)".into(),
        Box::new(|_, r| Some(r.truces.iter().filter(|x| x.kind == crate::engine::TruceKind::Energy).count() as f64)),
    ));
    cases.push((
        "longest_truce".into(),
        Box::new(|_, r| Some(r.truces.iter().map(|x| x.held_hours).fold(0.0, f64::max))),
    ));
    cases.push(("hours".into(), Box::new(|_, r| Some(r.meetings.iter().map(|m| m.hours).sum::<f64>()))));
    for (j, tactic) in model.tactics.iter().enumerate() {
        let last = day(&model, "2025-12-31");
        cases.push((format!("uses({})", tactic.id), Box::new(move |t, _| Some(f64::from(t.tactic_uses[j])))));
        cases
            .push((format!("uses({}, 2025-12-31)", tactic.id), Box::new(move |_, r| Some(f64::from(r.uses(j, last))))));
    }
    for (j, driver) in model.drivers.iter().enumerate() {
        cases.push((format!("driver({})", driver.id), Box::new(move |t, _| Some(t.drivers[j]))));
    }
    type Field = fn(&Trial) -> Option<u32>;
    let days: [(&str, Field); 4] = [
        ("signed", |t| t.signed_day),
        ("collapsed", |t| t.collapsed_day),
        ("us_left", |t| t.us_left_day),
        ("mobilised", |t| t.mobilised_day),
    ];
    for (name, field) in days {
        cases.push((format!("{name}_day"), Box::new(move |t, _| field(t).map(f64::from))));
    }
    cases.push(("outcome".into(), Box::new(|t, _| Some((t.outcome + 1) as f64))));
    cases.push(("rule".into(), Box::new(|t, _| Some((t.rule + 1) as f64))));
    cases.push(("terms".into(), Box::new(|_, r| r.meetings.iter().rev().find_map(|m| m.signed))));

    for (text, want) in &cases {
        let (given, num) = term(text, &model);
        let mut values = std::collections::BTreeSet::new();
        each_trial(&model, &given, |i, t, w, r| {
            let got = num.value_for_test(t, w);
            assert_eq!(got, want(t, r), "{text}, trial {i}");
            values.insert(got.map(f64::to_bits));
        });
        // Moves that never happen in the baseline read 0 throughout, as
        // they should; every other term must vary, or it tests nothing.
        let never = text.starts_with("uses(") && values.len() == 1;
        assert!(values.len() > 1 || never, "{text} takes one value in {TRIALS} trials: {values:?}");
    }
    // Most moves do happen: the uses(...) cases test something.
    let (given, _) = term("meetings", &model);
    let mut seen = [false; crate::model::MAX_TACTICS];
    each_trial(&model, &given, |_, t, _, _| {
        for (s, &u) in seen.iter_mut().zip(&t.tactic_uses) {
            *s |= u > 0;
        }
    });
    assert!(seen.iter().filter(|&&s| s).count() * 2 > model.tactics.len(), "{seen:?}");
}

#[test]
fn meetings_format_and_dates_match_an_independent_recording() {
    let model = baseline();
    let d = |s: &str| day(&model, s);
    type Truth = Box<dyn Fn(&Trial, &Recorder) -> bool>;
    let mid = d("2026-03-31");
    let june = d("2026-06-30");
    let new_year = d("2026-01-01");
    let october = d("2025-10-31");
    let april = d("2026-04-30");
    let (september, december) = (d("2025-09-01"), d("2025-12-31"));
    let ultimatum = model.tactic_index("us_ultimatum").unwrap();
    let fragile = seeds::scenario_index("fragile-ceasefire").unwrap();
    let resolve = model.drivers.iter().position(|x| x.id == "us_resolve").unwrap();
    let cases: Vec<(&str, Truth)> = vec![
        ("in_force_on(2026-03-31)", Box::new(move |_, r| r.in_force_on(mid))),
        ("in_force_on(2026-06-30) and not in_force", Box::new(move |t, r| r.in_force_on(june) && !t.in_force)),
        ("signed_date <= 2026-06-30", Box::new(move |t, _| t.signed_day.is_some_and(|s| s <= june))),
        ("not signed_before(2026-01-01)", Box::new(move |t, _| t.signed_day.is_none_or(|s| s > new_year))),
        ("collapsed", Box::new(|_, r| r.happenings.iter().any(|h| h.1 == Happening::Collapsed))),
        ("collapsed_date < 2026-06-30", Box::new(move |t, _| t.collapsed_day.is_some_and(|c| c < june))),
        (
            "us_left_date <= 2025-10-31",
            Box::new(move |_, r| {
                r.happenings.iter().any(|h| h.1 == Happening::UsLeft && h.0.floor() <= f64::from(october))
            }),
        ),
        ("format(1) == us_ru", Box::new(|_, r| r.meetings.first().is_some_and(|m| m.format == Format::UsRu))),
        (
            "format(2) != format(3)",
            Box::new(|_, r| match (r.meetings.get(1), r.meetings.get(2)) {
                (Some(a), Some(b)) => a.format != b.format,
                _ => false,
            }),
        ),
        ("hours(1) < 4", Box::new(|_, r| r.meetings.first().is_some_and(|m| m.hours < 4.0))),
        (
            "meetings(2025-09-01, 2025-12-31) >= 3",
            Box::new(move |_, r| r.meetings_between(&Format::ALL, september, december) >= 3),
        ),
        (
            "meetings(us_ru, start, 2025-12-31) >= 2 and meetings(trilateral) == 0",
            Box::new(move |t, r| r.meetings_between(&[Format::UsRu], 0, december) >= 2 && t.by_format[3] == 0),
        ),
        ("uses(us_ultimatum, 2025-12-31) >= 1", Box::new(move |_, r| r.uses(ultimatum, december) >= 1)),
        ("longest_truce > 72", Box::new(|_, r| r.truces.iter().any(|x| x.held_hours > 72.0))),
        (
            "truces(holiday, 2026-01-01, 2026-04-30) >= 1",
            Box::new(move |_, r| {
                let (from, to) = (f64::from(new_year), f64::from(april));
                r.truces.iter().any(|x| x.kind == TruceKind::Holiday && (from..=to).contains(&x.day.floor()))
            }),
        ),
        (
            "truces(energy, start, 2025-12-31) >= 1",
            Box::new(move |_, r| {
                r.truces.iter().any(|x| x.kind == TruceKind::Energy && x.day.floor() <= f64::from(december))
            }),
        ),
        ("outcome == fragile-ceasefire", Box::new(move |t, _| t.outcome == fragile)),
        ("driver(us_resolve) > 0.5", Box::new(move |t, _| t.drivers[resolve] > 0.5)),
        ("rule == 3 or rule == 8", Box::new(|t, _| t.rule == 2 || t.rule == 7)),
    ];
    for (text, truth) in cases {
        let e = parse(text, &model);
        let mut hits = 0;
        each_trial(&model, &e, |i, t, w, r| {
            let want = truth(t, r);
            assert_eq!(e.matches(t, w), want, "{text}, trial {i}");
            hits += usize::from(want);
        });
        assert!(0 < hits && hits < TRIALS as usize, "{text} holds in {hits} of {TRIALS} trials: it tests nothing");
    }
}

#[test]
fn identities_hold_in_every_trial() {
    let model = baseline();
    let mut identities: Vec<String> = [
        "true",
        "signed_before(horizon) == signed",
        "in_force_on(horizon) == in_force",
        "meetings(start, horizon) == meetings",
        "signed == (ceasefires > 0)",
        "collapsed == (collapsed_date >= start)",
        "signed == (signed_date <= horizon)",
        "not in_force or signed",
        "(hours(1) >= 0) == (meetings >= 1)",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for f in Format::ALL {
        identities.push(format!("meetings({0}, start, horizon) == meetings({0})", f.key()));
    }
    for t in &model.tactics {
        identities.push(format!("uses({0}, horizon) == uses({0})", t.id));
    }
    for text in &identities {
        let e = parse(text, &model);
        each_trial(&model, &e, |i, t, w, _| assert!(e.matches(t, w), "{text} fails in trial {i}"));
    }
    // The sides of the identities vary: they compare something.
    for side in ["signed", "in_force", "collapsed", "meetings > 20", "meetings(us_ru) > 3"] {
        let e = parse(side, &model);
        let mut hits = 0;
        each_trial(&model, &e, |_, t, w, _| hits += usize::from(e.matches(t, w)));
        assert!(0 < hits && hits < TRIALS as usize, "{side} holds in {hits} trials");
    }
}

#[test]
fn not_x_and_x_partition_the_trials() {
    let model = baseline();
    for x in [
        "signed",
        "in_force_on(2026-06-30)",
        "format(2) == us_ua",
        "hours(3) > 3",
        "meetings(us_ua, 2025-07-01, 2025-09-30) >= 1",
        "outcome == durable-peace or us_left",
    ] {
        let (e, n) = (parse(x, &model), parse(&format!("not ({x})"), &model));
        let mut w_e = e.watch();
        let mut w_n = n.watch();
        let mut hits = 0;
        let key = keyed(99);
        for i in 0..TRIALS {
            let t = play_indexed(&model, key, i, &mut w_e);
            let again = play_indexed(&model, key, i, &mut w_n);
            assert_eq!(t, again);
            assert_ne!(e.matches(&t, &w_e), n.matches(&t, &w_n), "{x}, trial {i}");
            hits += usize::from(e.matches(&t, &w_e));
        }
        assert!(0 < hits && hits < TRIALS as usize, "{x} holds in {hits} trials");
    }
}

// ---------------------------------------------------------------------------
// Robustness.

/// SplitMix64: a fixed, dependency-free stream of numbers for the fuzz loop.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Checks one text: parsing does not panic; a refusal is located inside
/// the text (or just past it) and renders; an expression that parses
/// evaluates on a few trials.
fn check_any(text: &str, model: &Model, trials: &[Trial]) -> bool {
    match Given::parse(text, model) {
        Err(err) => {
            assert_eq!(err.problems().len(), 1, "{text:?}");
            let p = &err.problems()[0];
            let at = p.location.as_deref().unwrap_or_else(|| panic!("{text:?}: no place"));
            let mut parts = at.rsplitn(3, ':');
            let col: usize = parts.next().and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("{at}"));
            let line: usize = parts.next().and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("{at}"));
            assert_eq!(parts.next(), Some(GIVEN_FILE), "{text:?}: {at}");
            let lines: Vec<&str> = text.split('\n').collect();
            assert!(line >= 1 && line <= lines.len(), "{text:?}: line {line}");
            assert!(col >= 1 && col <= lines[line - 1].chars().count() + 1, "{text:?}: column {col}");
            let rendered = err.to_string();
            assert!(rendered.contains(GIVEN_FILE) && rendered.contains("help: "), "{text:?}:\n{rendered}");
            false
        }
        Ok(given) => {
            let key = keyed(1);
            let mut watch = given.watch();
            for (i, t) in (0..).zip(trials) {
                let played = play_indexed(model, key, i, &mut watch);
                assert_eq!(&played, t);
                given.matches(&played, &watch);
            }
            true
        }
    }
}

#[test]
fn parsing_never_panics_on_arbitrary_text() {
    let model = baseline();
    let key = keyed(1);
    let trials: Vec<Trial> = (0..3).map(|i| play_indexed(&model, key, i, &mut ())).collect();
    let mut mix = Mix(0x5eed);
    // Raw bytes, as the command line may pass them.
    for _ in 0..3000 {
        let len = mix.below(40);
        let bytes: Vec<u8> = (0..len).map(|_| mix.next() as u8).collect();
        check_any(&String::from_utf8_lossy(&bytes), &model, &trials);
    }
    // Soups of the language's own pieces, which get deeper into the parser.
    let pieces = [
        "signed",
        "in_force",
        "not",
        "!",
        "and",
        "or",
        "&&",
        "||",
        "(",
        ")",
        ",",
        "==",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "=",
        "3",
        "0",
        "1.5",
        "4001",
        "2026-01-01",
        "2026-02-30",
        "2025-06-13",
        "2030-01-01",
        "start",
        "horizon",
        "meetings",
        "hours",
        "format",
        "uses",
        "driver",
        "truces",
        "signed_before",
        "in_force_on",
        "signed_date",
        "signed_day",
        "outcome",
        "rule",
        "us_ru",
        "trilateral",
        "holiday",
        "bluffing",
        "us_resolve",
        "durable-peace",
        "terms",
        "longest_truce",
        "é",
        "☃",
        "\"",
        "-",
        ".",
        " ",
        "\t",
        "\n",
        "true",
        "x",
    ];
    for _ in 0..10_000 {
        let n = 1 + mix.below(12);
        let mut text = String::new();
        for _ in 0..n {
            text.push_str(pieces[mix.below(pieces.len())]);
            if mix.below(3) > 0 {
                text.push(' ');
            }
        }
        check_any(&text, &model, &trials);
    }
    // Expressions from the grammar, some of them then broken by a deleted,
    // repeated or replaced piece.
    let (mut parsed, mut refused) = (0, 0);
    for _ in 0..10_000 {
        let mut out = Vec::new();
        grow(&mut mix, 0, &mut out);
        match mix.below(4) {
            0 if !out.is_empty() => {
                out.remove(mix.below(out.len()));
            }
            1 if !out.is_empty() => {
                let i = mix.below(out.len());
                out.insert(i, out[i]);
            }
            2 if !out.is_empty() => {
                let i = mix.below(out.len());
                out[i] = pieces[mix.below(pieces.len())];
            }
            _ => {}
        }
        let sep = if mix.below(4) == 0 { "" } else { " " };
        if check_any(&out.join(sep), &model, &trials) {
            parsed += 1;
        } else {
            refused += 1;
        }
    }
    assert!(parsed > 2000 && refused > 2000, "{parsed} parsed, {refused} refused: the loop reaches little");
}

/// Appends the pieces of a random condition of the language to `out`.
fn grow(mix: &mut Mix, depth: usize, out: &mut Vec<&'static str>) {
    const FLAGS: [&str; 6] = ["signed", "in_force", "collapsed", "hybrid", "true", "us_left"];
    const NUMBERS: [&str; 12] = [
        "meetings",
        "3",
        "1.5",
        "hours(2)",
        "meetings(us_ru)",
        "meetings(2025-07-01, horizon)",
        "meetings(trilateral, start, 2026-01-01)",
        "uses(bluffing, 2026-01-01)",
        "driver(us_resolve)",
        "truces(energy)",
        "terms",
        "signed_day",
    ];
    const DATES: [&str; 5] = ["signed_date", "start", "horizon", "2026-01-01", "2025-06-13"];
    const OPS: [&str; 6] = ["==", "!=", "<", "<=", ">", ">="];
    let pick = |mix: &mut Mix, from: &[&'static str]| from[mix.below(from.len())];
    match if depth > 3 { mix.below(4) } else { mix.below(9) } {
        0 => out.push(pick(mix, &FLAGS)),
        1 => out.extend([pick(mix, &NUMBERS), pick(mix, &OPS), pick(mix, &NUMBERS)]),
        2 => out.extend([pick(mix, &DATES), pick(mix, &OPS), pick(mix, &DATES)]),
        3 => out.extend([pick(mix, &["signed_before(", "in_force_on("]), pick(mix, &DATES), ")"]),
        4 => {
            out.push(pick(mix, &["not", "!"]));
            out.push("(");
            grow(mix, depth + 1, out);
            out.push(")");
        }
        5 | 6 => {
            grow(mix, depth + 1, out);
            out.push(pick(mix, &["and", "or", "&&", "||", "=="]));
            grow(mix, depth + 1, out);
        }
        7 => {
            out.push("(");
            grow(mix, depth + 1, out);
            out.push(")");
        }
        _ => out.extend(match mix.below(2) {
            0 => ["format(1)", pick(mix, &["==", "!="]), pick(mix, &["us_ru", "us_ua", "trilateral"])],
            _ => ["outcome", pick(mix, &["==", "!="]), pick(mix, &["durable-peace", "3", "fragile-ceasefire"])],
        }),
    }
}

#[test]
fn every_prefix_of_valid_expressions_parses_or_points_inside_it() {
    let model = baseline();
    let key = keyed(1);
    let trials: Vec<Trial> = (0..2).map(|i| play_indexed(&model, key, i, &mut ())).collect();
    let valid = [
        "meetings > 3 and not signed_before(2026-01-01)",
        "uses(time_exhaustion, 2025-12-31) >= 1 && hours(3) < 2 || format(1) == us_ru",
        "(outcome == mutual-exhaustion or outcome != durable-peace) and !(terms <= 0.5)",
        "meetings(us_ru, start, 2026-03-31) > meetings(2025-07-01, horizon) or in_force_on(2026-06-30)",
        "driver(us_resolve) > 0.25 and truces(energy) >= 1 and signed_date <= 2026-06-30",
    ];
    for full in valid {
        parse(full, &model);
        let len = full.chars().count();
        for cut in 1..len {
            let text: String = full.chars().take(cut).collect();
            check_any(&text, &model, &trials);
        }
    }
}
