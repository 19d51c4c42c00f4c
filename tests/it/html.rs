//! `negsim report` (the HTML page), `negsim sweep --html` and `negsim sensitivity --chart` (the
//! tornado SVG): well-formed XML, self-contained, every chart v2 draws
//! present and drawn from the run's numbers, user text escaped.
//!
//! The page's charts are, in order: the outcome probabilities, the calendar
//! (P(signed by) and P(in force) on each date), the meetings per month by
//! format, the signed terms against the red line (only when some trial
//! signed), and the use of each move; `--tornado` adds one more, `--given` a
//! chart of both distributions. `compare --html` draws a forest plot. Each test
//! runs `negsim run -f json` with the same flags beside the report and reads
//! the page against it.

use crate::common::negsim;
use crate::formats::{assert_reads_as_v2, json};
use roxmltree::{Document, Node};
use serde_json::Value;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// The titles of the page's charts, in order (each title's beginning).
const CHARTS: [&str; 5] = [
    "Outcome probabilities:",
    "The calendar: P(a ceasefire signed by the date)",
    "Meetings per month, by format",
    "Terms of the ceasefires signed",
    "Moves:",
];

/// Runs `negsim report` with `args`, writing into a temporary directory, and
/// returns the page.
fn report(args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("r.html");
    negsim().arg("report").arg("-o").arg(&path).args(args).arg("--quiet").assert().success().stdout("");
    std::fs::read_to_string(&path).expect("the page was written")
}

/// The summary of `negsim run ARGS -f json`: what the page of the same
/// flags shows.
fn summary(args: &[&str]) -> Value {
    json(&[&["run"][..], args, &["-f", "json"][..]].concat())
}

/// Parses a page or chart as XML (the DOCTYPE allowed), or fails the test.
fn parse(text: &str) -> Document<'_> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    Document::parse_with_options(text, options).unwrap_or_else(|e| panic!("not well-formed XML: {e}"))
}

/// The charts: `<svg>` elements in the SVG namespace.
fn charts<'a>(doc: &'a Document) -> Vec<Node<'a, 'a>> {
    doc.descendants().filter(|n| n.has_tag_name((SVG_NS, "svg"))).collect()
}

fn xhtml<'a>(doc: &'a Document, tag: &str) -> Vec<Node<'a, 'a>> {
    doc.descendants().filter(|n| n.has_tag_name((XHTML_NS, tag))).collect()
}

/// A chart's `<title>`.
fn title(svg: Node) -> String {
    svg.children().find(|c| c.has_tag_name((SVG_NS, "title"))).and_then(|t| t.text()).unwrap_or_default().to_string()
}

/// Every `<text>` of a chart, trimmed.
fn labels(svg: Node) -> Vec<String> {
    svg.descendants()
        .filter(|n| n.has_tag_name((SVG_NS, "text")))
        .map(|n| n.text().unwrap_or_default().trim().to_string())
        .collect()
}

/// Number of elements `tag` in a chart.
fn count(svg: Node, tag: &str) -> usize {
    svg.descendants().filter(|n| n.has_tag_name((SVG_NS, tag))).count()
}

/// The data lines of a chart (plotters draws a series as a polyline of
/// width 3; axes and ticks are width 1), each as its points.
fn series(svg: Node) -> Vec<Vec<(f64, f64)>> {
    svg.descendants()
        .filter(|n| n.has_tag_name((SVG_NS, "polyline")) && n.attribute("stroke-width") == Some("3"))
        .map(|n| {
            n.attribute("points")
                .unwrap_or_default()
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').expect("x,y");
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect()
}

/// All text a reader sees: text nodes outside `<style>`, entities resolved.
fn text(doc: &Document) -> String {
    doc.descendants()
        .filter(|n| n.is_text() && !n.parent().is_some_and(|p| p.has_tag_name((XHTML_NS, "style"))))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The cells of a table row (`th` and `td`), as text.
fn cells(row: Node) -> Vec<String> {
    row.children()
        .filter(|c| c.is_element())
        .map(|c| c.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect::<String>())
        .collect()
}

/// The body rows of a table.
fn rows<'a>(table: Node<'a, 'a>) -> Vec<Vec<String>> {
    table
        .descendants()
        .filter(|n| n.has_tag_name((XHTML_NS, "tbody")))
        .flat_map(|b| b.children().filter(|r| r.has_tag_name((XHTML_NS, "tr"))))
        .map(cells)
        .collect()
}

/// The key-figures table of the calendar section, as label -> value.
fn key_figures(doc: &Document) -> Vec<(String, String)> {
    let section = xhtml(doc, "section").into_iter().find(|s| s.attribute("id") == Some("calendar")).unwrap();
    let table = section.descendants().find(|n| n.has_tag_name((XHTML_NS, "table"))).expect("a table");
    rows(table).into_iter().map(|r| (r[0].clone(), r[1].clone())).collect()
}

fn pct(x: &Value) -> String {
    format!("{:.1} %", 100.0 * x.as_f64().unwrap())
}

/// Nothing is loaded from elsewhere: the only URLs are the namespaces, and
/// there is no script, stylesheet link, image or font reference.
fn assert_self_contained(page: &str, doc: &Document) {
    let mut rest = page;
    while let Some(at) = rest.find("http") {
        let tail = &rest[at..];
        assert!(
            tail.starts_with(SVG_NS)
                || tail.starts_with(XHTML_NS)
                || !(tail.starts_with("http://") || tail.starts_with("https://")),
            "external reference: {}",
            &tail[..tail.len().min(80)]
        );
        rest = &tail[4..];
    }
    for tag in ["script", "link", "img", "iframe", "object", "embed", "image", "use", "foreignObject"] {
        assert!(!doc.descendants().any(|n| n.tag_name().name() == tag), "found a <{tag}> element");
    }
    assert!(!page.contains("@import") && !page.contains("url(") && !page.contains("src="), "something is loaded");
}

/// Asserts the four charts of the page, in order, each titled and captioned.
fn assert_charts<'a>(doc: &'a Document, signed: bool) -> Vec<Node<'a, 'a>> {
    let svgs = charts(doc);
    let titles: Vec<String> = svgs.iter().map(|s| title(*s)).collect();
    // The terms are drawn only when something was signed.
    let expected: Vec<&str> = CHARTS.into_iter().filter(|c| signed || !c.starts_with("Terms")).collect();
    assert_eq!(svgs.len(), expected.len(), "{expected:?}: {titles:#?}");
    for (t, expected) in titles.iter().zip(expected) {
        assert!(t.starts_with(expected), "chart {t:?} where {expected:?} belongs");
    }
    for svg in &svgs {
        let figure = svg.parent().expect("in a figure");
        assert!(figure.has_tag_name((XHTML_NS, "figure")), "a chart outside a <figure>");
        let caption = figure.children().find(|c| c.has_tag_name((XHTML_NS, "figcaption")));
        assert!(caption.and_then(|c| c.text()).is_some_and(|t| !t.is_empty()), "a chart without a caption");
    }
    svgs
}

#[test]
fn report_is_well_formed_self_contained_and_draws_the_run() {
    let args = ["-n", "3000", "--seed", "4242"];
    let page = report(&args);
    let v = summary(&args);
    let doc = parse(&page);
    assert!(doc.root_element().has_tag_name((XHTML_NS, "html")), "root is <html> in the XHTML namespace");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<meta charset=\"utf-8\"/>"));
    assert_self_contained(&page, &doc);
    let all = text(&doc);
    assert_reads_as_v2("the page", &all);
    let ids: Vec<&str> = xhtml(&doc, "section").iter().filter_map(|s| s.attribute("id")).collect();
    assert_eq!(ids, ["outcomes", "calendar", "why", "tactics"]);
    for needle in [
        "4242",             // the seed
        "builtin:baseline", // the file
        "3000 trials",
        "2025-06-13 to 2026-12-31",
        "drivers drawn per trial",
        "Overrides: none",
        env!("CARGO_PKG_VERSION"),
        "a target for calibration, not an input",
        // the footer: where the published table comes from
        "GLOBSEC",
        "How the Kremlin Negotiates",
        "61 experts",
    ] {
        assert!(all.contains(needle), "the page lacks {needle:?}");
    }

    let svgs = assert_charts(&doc, true);
    let (outcomes, calendar, meetings, terms, moves) = (svgs[0], svgs[1], svgs[2], svgs[3], svgs[4]);
    // The terms: a bar and its printed share for every band from the
    // lowest with a signed trial to the highest.
    let bands: Vec<f64> = v["terms"]["bands"].as_array().unwrap().iter().map(|b| b.as_f64().unwrap()).collect();
    let used: Vec<usize> = (0..bands.len()).filter(|&b| bands[b] > 0.0).collect();
    let shown = labels(terms);
    let (lowest, highest) = (used[0], used[used.len() - 1]);
    for (b, &part) in bands.iter().enumerate().take(highest + 1).skip(lowest) {
        let band = format!("{}-{} %", 5 * b, 5 * b + 5);
        assert!(shown.contains(&band), "the band {band} in {shown:?}");
        let share = format!("{:.1} %", 100.0 * part);
        assert!(shown.contains(&share), "the share {share} of band {band} in {shown:?}");
    }
    assert!(count(terms, "rect") > highest - lowest, "a bar per band");
    let legends = |svg: Node, wanted: &[&str]| {
        let l = labels(svg);
        for w in ["Legend:"].iter().chain(wanted) {
            assert!(l.iter().any(|x| x == w), "{:?} lacks the label {w:?}: {l:?}", title(svg));
        }
        l
    };

    // 1. Outcomes: a bar, a label and a value per outcome.
    let l = legends(
        outcomes,
        &["simulated share of trials", "95 % interval", "published probability (GLOBSEC)", "share of trials (%)"],
    );
    let out = v["outcomes"].as_array().unwrap();
    for o in out {
        assert!(l.contains(&format!("{} {}", o["number"], o["id"].as_str().unwrap())), "no label for {}", o["id"]);
        let value = format!(
            "{:.1} % (published {:.0} %)",
            100.0 * o["probability"].as_f64().unwrap(),
            100.0 * o["published"].as_f64().unwrap()
        );
        assert!(l.contains(&value), "no value {value:?}");
    }
    assert_eq!(count(outcomes, "rect"), 1 + 1 + out.len(), "background, legend swatch, a bar per outcome");
    // The outcome table beside it.
    let tables = xhtml(&doc, "table");
    assert_eq!(tables.len(), 5, "outcomes, key figures, rules, drivers, moves and outcomes");
    let outcome_rows = rows(tables[0]);
    assert_eq!(outcome_rows.len(), out.len() + 2, "7 outcomes and the 2 families");
    for (r, o) in outcome_rows.iter().zip(out) {
        assert_eq!(r[1], o["id"].as_str().unwrap());
        assert_eq!((r[3].as_str(), r[4].as_str()), (pct(&o["published"]).as_str(), pct(&o["probability"]).as_str()));
    }

    // 2. The calendar: two lines, a point per date, a tick per month.
    let cal = v["calendar"].as_array().unwrap();
    let l = legends(
        calendar,
        &["signed on or before the date", "in force on the date", "share of trials (%)", "first of the month"],
    );
    // A tick per date: the month for the first of a month, the whole date
    // for the start and the horizon.
    for p in cal {
        let date = p["date"].as_str().unwrap();
        let tick = if date.ends_with("-01") { &date[..7] } else { date };
        assert!(l.contains(&tick.to_string()), "no tick for {date}");
    }
    let lines = series(calendar);
    assert_eq!(lines.len(), 2, "signed by, in force");
    assert!(lines.iter().all(|s| s.len() == cal.len()), "a point per calendar date");
    // SVG's y grows downwards: signed-by never falls, so its y never grows,
    // and it ends above (smaller y than) the in-force line.
    assert!(lines[0].windows(2).all(|w| w[1].1 <= w[0].1), "the signed-by line falls");
    assert!(lines[0].last().unwrap().1 < lines[1].last().unwrap().1, "in force above signed by");
    // The meetings chart: a bar segment per month and format that met.
    legends(meetings, &["US-Ukraine", "US-Russia", "Russia-Ukraine", "trilateral", "meetings per trial"]);
    let segments = cal.iter().flat_map(|p| p["meetings"].as_array().unwrap()).filter(|m| m.as_f64() > Some(0.0));
    assert_eq!(count(meetings, "rect"), 1 + 4 + segments.count(), "background, 4 swatches, the segments");
    // The key figures under them.
    let figures = key_figures(&doc);
    let figure = |label: &str| figures.iter().find(|(k, _)| k == label).map(|(_, x)| x.clone());
    assert_eq!(figure("Ceasefire signed by the horizon"), Some(pct(&v["ceasefire"]["signed"])));
    assert_eq!(figure("In force on 2026-12-31"), Some(pct(&v["ceasefire"]["in_force"])));
    let s = &v["signing"];
    let signing = format!(
        "median {} · p10 {} · p90 {}",
        s["p50"].as_str().unwrap(),
        s["p10"].as_str().unwrap(),
        s["p90"].as_str().unwrap()
    );
    assert_eq!(figure("First signature (signed trials)"), Some(signing));
    assert!(figure("First ceasefires collapsing within 30 days").is_some());
    for f in ["us_ua", "us_ru", "ru_ua", "trilateral"] {
        assert!(figure(&format!("{f} meetings")).is_some(), "no key figure for {f}");
    }
    assert!(figure("Truces declared").is_some());

    // 3. Rules and drivers.
    let rules = v["rules"].as_array().unwrap();
    let rule_rows = rows(tables[2]);
    assert_eq!(rule_rows.len(), rules.len());
    for (r, rule) in rule_rows.iter().zip(rules) {
        assert_eq!(r[1], rule["outcome"].as_str().unwrap());
        assert_eq!(r[2], pct(&rule["share"]));
    }
    let driver_rows = rows(tables[3]);
    let drivers = v["drivers"].as_array().unwrap();
    assert_eq!(driver_rows.len(), drivers.len());
    for (r, d) in driver_rows.iter().zip(drivers) {
        assert_eq!(r[0], d["id"].as_str().unwrap());
        assert_eq!(r.len(), 1 + 7);
    }

    // 4. Moves: a bar and a label per move in play; the moves switched off
    // are named under the chart instead.
    let l = legends(moves, &["share of trials in which the tactic was used at least once (%)"]);
    let tactics = v["tactics"].as_array().unwrap();
    let (active, off): (Vec<&Value>, Vec<&Value>) = tactics.iter().partition(|t| t["active"] == true);
    assert!(!off.is_empty(), "the baseline switches some moves off");
    for t in &active {
        assert!(l.contains(&t["id"].as_str().unwrap().to_string()), "no label for {}", t["id"]);
    }
    for t in &off {
        assert!(!l.contains(&t["id"].as_str().unwrap().to_string()), "a bar for {}, which is off", t["id"]);
        assert!(all.contains(t["id"].as_str().unwrap()), "{} is not named as off", t["id"]);
    }
    assert_eq!(count(moves, "rect"), 1 + 1 + active.len(), "background, legend swatch, a bar per move in play");
}

#[test]
fn report_with_tornado_has_a_fifth_chart_naming_the_target() {
    let page = report(&["-n", "300", "-s", "1", "--tornado", "negotiated"]);
    let doc = parse(&page);
    assert_self_contained(&page, &doc);
    let svgs = charts(&doc);
    assert_eq!(svgs.len(), 6, "the report's five charts and the tornado");
    let tornado = svgs[5];
    assert!(title(tornado).starts_with("Sensitivity of negotiated share"), "{}", title(tornado));
    let section = xhtml(&doc, "section").into_iter().find(|s| s.attribute("id") == Some("tornado"));
    assert!(section.is_some_and(|s| s.descendants().any(|n| n == tornado)), "the tornado is in its own section");
    let all = text(&doc);
    assert!(all.contains("Sensitivity (tornado)"));
    assert!(all.contains("negotiated share"), "the target is named");
    assert!(all.contains("300 trials per run"));
    let l = labels(tornado);
    for needle in ["parameter × (1 − 20 %)", "parameter × (1 + 20 %)", "swing"] {
        assert!(l.iter().any(|x| x == needle), "the tornado lacks {needle:?}");
    }
    assert!(l.iter().any(|x| x.starts_with("as is: ")), "the base value is marked");
    assert!(l.iter().any(|x| x.starts_with("ukraine.max_concession = ")), "parameter names label the bars");
    assert_reads_as_v2("the tornado page", &all);
}

#[test]
fn scenario_name_and_overrides_are_escaped() {
    let page = report(&["-n", "500", "--set", "name=\"A<&>B \\\"q\\\"\""]);
    assert!(!page.contains("A<&>B"), "the raw name leaked into the markup");
    assert!(page.contains("A&lt;&amp;&gt;B"));
    let doc = parse(&page);
    let title = doc.descendants().find(|n| n.has_tag_name((XHTML_NS, "title"))).and_then(|n| n.text());
    assert_eq!(title, Some("negsim report: A<&>B \"q\""));
    let all = text(&doc);
    assert!(all.contains("name=\"A<&>B \\\"q\\\"\""), "the override is shown as given");
}

/// Only Russia-Ukraine and trilateral meetings can sign (the engine's
/// `Format::can_sign`); with neither meeting, nothing is signed. The page
/// says 0.0 % signed, drops the signature dates it cannot have, and still
/// draws the calendar, its two lines flat at zero.
#[test]
fn no_signature_shows_zero_and_keeps_the_calendar_chart() {
    let args = ["-n", "500", "-s", "2", "--set", "meetings.ru_ua.rate=0", "--set", "meetings.trilateral.rate=0"];
    let v = summary(&args);
    assert_eq!(v["ceasefire"]["signed"], 0.0, "the premise: no trial signs");
    assert!(v["signing"].is_null());
    let page = report(&args);
    let doc = parse(&page);
    assert_self_contained(&page, &doc);
    let svgs = assert_charts(&doc, false);
    let lines = series(svgs[1]);
    assert_eq!(lines.len(), 2, "both lines are drawn");
    let cal = v["calendar"].as_array().unwrap().len();
    for line in &lines {
        assert_eq!(line.len(), cal);
        assert!(line.iter().all(|p| p.1 == line[0].1), "a line off zero: {line:?}");
    }
    assert_eq!(lines[0], lines[1], "signed-by and in-force are the same zero line");
    let figures = key_figures(&doc);
    let figure = |label: &str| figures.iter().find(|(k, _)| k == label).map(|(_, x)| x.clone());
    assert_eq!(figure("Ceasefire signed by the horizon").as_deref(), Some("0.0 %"));
    assert_eq!(figure("In force on 2026-12-31").as_deref(), Some("0.0 %"));
    assert_eq!(figure("First signature (signed trials)"), None, "no dates of signatures that never happened");
    assert_eq!(figure("First ceasefires collapsing within 30 days"), None);
    assert_eq!(figure("ru_ua meetings").as_deref(), Some("0.00 per trial"));
    let outcome_rows = rows(xhtml(&doc, "table")[0]);
    for r in &outcome_rows[4..7] {
        assert_eq!(r[4], "0.0 %", "a negotiated outcome without a signature: {r:?}");
    }
    assert_reads_as_v2("the page", &text(&doc));
}

#[test]
fn same_run_gives_the_same_bytes() {
    let a = report(&["-n", "800", "--seed", "7"]);
    let b = report(&["-n", "800", "--seed", "7", "--threads", "1"]);
    assert!(a == b, "two runs of the same summary differ");
}

#[test]
fn sensitivity_chart_is_a_well_formed_svg() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("t.svg");
    let args =
        ["sensitivity", "-n", "1000", "-s", "1", "--param", "ukraine.max_concession", "--param", "russia.pain.front"];
    negsim().args(args).arg("--quiet").arg("--chart").arg(&path).assert().success();
    let v = json(&[&args[..], &["-f", "json"][..]].concat());
    let svg = std::fs::read_to_string(&path).expect("the chart was written");
    let doc = parse(&svg);
    let root = doc.root_element();
    assert!(root.has_tag_name((SVG_NS, "svg")));
    assert_self_contained(&svg, &doc);
    assert!(title(root).starts_with("Sensitivity of negotiated share (outcomes 5-7)"), "{}", title(root));
    let l = labels(root);
    let all = l.join("\n");
    for needle in ["negotiated share", "±20 %", "1000 trials per run", "seed 1", "Legend:", "swing"] {
        assert!(all.contains(needle), "the chart lacks {needle:?}:\n{all}");
    }
    // A labelled bar pair and a swing per parameter, as in the JSON.
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for r in rows {
        let name = format!("{} = {}", r["key"].as_str().unwrap(), r["value"].as_f64().unwrap());
        assert!(l.contains(&name), "no label {name:?}:\n{all}");
        let swing = format!("{:+.1} pp", 100.0 * r["swing"].as_f64().unwrap());
        assert!(l.contains(&swing), "no swing {swing:?}:\n{all}");
    }
    assert_eq!(count(root, "rect"), 1 + 2 + 2 * rows.len(), "background, 2 swatches, 2 bars per parameter");
}

/// Runs `negsim sweep ARGS --html PAGE -f json`: the page and the JSON of
/// the same sweep.
fn sweep_page(args: &[&str]) -> (String, Value) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.html");
    let out = negsim()
        .arg("sweep")
        .args(args)
        .arg("--html")
        .arg(&path)
        .args(["-f", "json", "--quiet"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("JSON");
    (std::fs::read_to_string(&path).expect("the page was written"), v)
}

/// `sweep --html`: for one parameter a line chart (a line and a marker per
/// outcome and the negotiated family at every value), for a grid of two a
/// heat map per measure whose cells print the sweep's own figures; both
/// with the table of every point, self-contained and well-formed.
#[test]
fn sweep_pages_draw_the_sweep() {
    let (page, v) = sweep_page(&["--set-range", "us.pressure=0:0.15:4", "-n", "2000"]);
    let doc = parse(&page);
    assert_self_contained(&page, &doc);
    let svgs = charts(&doc);
    assert_eq!(svgs.len(), 1);
    assert_eq!(title(svgs[0]), "Outcomes over us.pressure");
    assert_eq!(count(svgs[0], "circle"), 8 * 4, "a marker per measure and value");
    let table = xhtml(&doc, "table")[0];
    let json_rows = v["rows"].as_array().unwrap();
    for (row, r) in rows(table).iter().zip(json_rows) {
        assert_eq!(row[0], r["value"].as_str().unwrap());
        let figures: Vec<String> = r["estimates"].as_array().unwrap().iter().map(|e| pct(&e["probability"])).collect();
        assert_eq!(row[1..11], figures[..], "the table row of {}", r["value"]);
    }

    let (page, v) = sweep_page(&[
        "--set-range",
        "us.pressure=0,0.15",
        "--set-range",
        "ukraine.max_concession=0.35:0.5:3",
        "-n",
        "2000",
    ]);
    let doc = parse(&page);
    assert_self_contained(&page, &doc);
    let svgs = charts(&doc);
    let json_rows = v["rows"].as_array().unwrap();
    let measures: Vec<&str> =
        json_rows[0]["estimates"].as_array().unwrap().iter().map(|e| e["measure"].as_str().unwrap()).collect();
    assert_eq!(svgs.len(), measures.len(), "a heat map per measure");
    for (m, (svg, measure)) in svgs.iter().zip(&measures).enumerate() {
        assert_eq!(title(*svg), format!("{measure} over us.pressure x ukraine.max_concession"));
        let shown = labels(*svg);
        for r in json_rows {
            let cell = pct(&r["estimates"][m]["probability"]);
            assert!(shown.contains(&cell), "{measure}: the cell of {} ({cell}) in {shown:?}", r["value"]);
        }
        assert!(count(*svg, "rect") >= json_rows.len(), "{measure}: a cell per point");
    }
    assert_eq!(rows(xhtml(&doc, "table")[0]).len(), 6);
}

/// `compare --html`: a forest plot with a marker per share, each printing
/// the comparison's own difference, and the table of every measure.
#[test]
fn compare_pages_draw_the_paired_differences() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("c.html");
    let base = crate::common::repo("scenarios/baseline.toml");
    let out = negsim()
        .arg("compare")
        .arg(&base)
        .args(["--set-b", "us.pressure=0.15", "-n", "3000", "-s", "8", "--html"])
        .arg(&path)
        .args(["-f", "json", "--quiet"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("JSON");
    let page = std::fs::read_to_string(&path).expect("the page was written");
    let doc = parse(&page);
    assert_self_contained(&page, &doc);
    let svgs = charts(&doc);
    assert_eq!(svgs.len(), 1);
    assert_eq!(title(svgs[0]), "Paired differences B - A, with their 95 % intervals");
    let json_rows = v["rows"].as_array().unwrap();
    let shares: Vec<&Value> = json_rows.iter().filter(|r| r["kind"] == "share").collect();
    assert_eq!(count(svgs[0], "circle"), shares.len(), "a marker per share");
    let shown = labels(svgs[0]);
    for r in &shares {
        let diff = 100.0 * r["diff"].as_f64().unwrap();
        let label = if diff.abs() < 0.005 { "0.00 pp".to_string() } else { format!("{diff:+.2} pp") };
        assert!(shown.contains(&label), "{}: {label} in {shown:?}", r["measure"]);
    }
    let table = rows(xhtml(&doc, "table")[0]);
    assert_eq!(table.len(), json_rows.len(), "a row per measure");
    assert!(text(&doc).contains("us.pressure=0.15"), "B's override is named");
}
