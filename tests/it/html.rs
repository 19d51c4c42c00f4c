//! `negsim report` (the HTML page) and `negsim sensitivity --chart` (the
//! tornado SVG): well-formed XML, self-contained, every chart present, user
//! text escaped.

use crate::common::negsim;
use std::path::Path;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

const OUTCOME_IDS: [&str; 7] = [
    "hybrid-world-war",
    "supported-attrition",
    "russian-breakthrough",
    "mutual-exhaustion",
    "unacceptable-ceasefire",
    "fragile-ceasefire",
    "durable-peace",
];

/// Runs `negsim report` with `args`, writing into a temporary directory, and
/// returns the page.
fn report(args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("r.html");
    negsim().arg("report").arg("-o").arg(&path).args(args).arg("--quiet").assert().success();
    std::fs::read_to_string(&path).expect("the page was written")
}

/// Parses a page or chart as XML (the DOCTYPE allowed), or fails the test.
fn parse(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    roxmltree::Document::parse_with_options(text, options).unwrap_or_else(|e| panic!("not well-formed XML: {e}"))
}

/// Number of `<svg>` elements (in the SVG namespace).
fn charts(doc: &roxmltree::Document) -> usize {
    doc.descendants().filter(|n| n.has_tag_name((SVG_NS, "svg"))).count()
}

/// All text of the document, markup removed and entities resolved.
fn text(doc: &roxmltree::Document) -> String {
    doc.descendants().filter_map(|n| n.text()).collect::<Vec<_>>().join(" ")
}

/// Nothing is loaded from elsewhere: the only URLs are the namespaces, and
/// there is no script, stylesheet link, image or font reference.
fn assert_self_contained(page: &str, doc: &roxmltree::Document) {
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
    for tag in ["script", "link", "img", "iframe", "object", "image", "use"] {
        assert!(!doc.descendants().any(|n| n.tag_name().name() == tag), "found a <{tag}> element");
    }
    assert!(!page.contains("@import") && !page.contains("url("), "the CSS loads something");
}

#[test]
fn report_is_well_formed_self_contained_and_has_four_charts() {
    let page = report(&["-n", "3000", "--seed", "4242"]);
    let doc = parse(&page);
    let root = doc.root_element();
    assert!(root.has_tag_name((XHTML_NS, "html")), "root is <html> in the XHTML namespace");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<meta charset=\"utf-8\"/>"));
    assert_eq!(charts(&doc), 4, "outcomes, world -> outcome, rounds to signature, tactics");
    assert_self_contained(&page, &doc);

    let all = text(&doc);
    for needle in [
        "4242",             // the seed
        "builtin:baseline", // the file
        "3000 trials",
        "baseline", // the scenario
        env!("CARGO_PKG_VERSION"),
        // axis labels, with units
        "share of trials (%)",
        "round of signature (rounds of talks)",
        "share of signed trials (%)",
        "share of trials in which the tactic was used at least once (%)",
        "starting world (its probability)",
        // legends
        "Legend:",
        "simulated share of trials",
        "95 % interval",
        "published probability (GLOBSEC)",
        "the row's trials",
        // the text table and the footer
        "published",
        "simulated",
        "GLOBSEC",
        "How the Kremlin Negotiates",
    ] {
        assert!(all.contains(needle), "the page lacks {needle:?}");
    }
    for id in OUTCOME_IDS {
        assert!(all.contains(id), "the page lacks outcome {id}");
    }
    // Every chart has a title, and a caption follows it.
    for svg in doc.descendants().filter(|n| n.has_tag_name((SVG_NS, "svg"))) {
        assert!(svg.children().any(|c| c.has_tag_name((SVG_NS, "title"))), "a chart has no <title>");
    }
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name((XHTML_NS, "figcaption"))).count(), 4);
}

#[test]
fn report_with_tornado_has_a_fifth_chart_naming_the_target() {
    let page = report(&["-n", "2000", "--tornado", "negotiated"]);
    let doc = parse(&page);
    assert_eq!(charts(&doc), 5);
    assert_self_contained(&page, &doc);
    let all = text(&doc);
    assert!(all.contains("Sensitivity (tornado)"));
    assert!(all.contains("negotiated share"), "the target is named");
    assert!(all.contains("parameter × (1 − 20 %)") && all.contains("parameter × (1 + 20 %)"), "delta stated");
    assert!(all.contains("as is:"), "the base value is marked");
    assert!(all.contains("ukraine.max_concession"), "parameter names label the bars");
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

#[test]
fn no_signature_says_so_and_keeps_the_chart() {
    let page = report(&["-n", "500", "--set", "simulation.max_rounds=1"]);
    let doc = parse(&page);
    assert_eq!(charts(&doc), 4);
    assert!(text(&doc).contains("No ceasefire was signed"));
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
    negsim()
        .args(["sensitivity", "-n", "1000", "--param", "russia.pain.front", "--param", "ukraine.red_line", "--quiet"])
        .arg("--chart")
        .arg(&path)
        .assert()
        .success();
    let svg = std::fs::read_to_string(Path::new(&path)).expect("the chart was written");
    let doc = parse(&svg);
    assert!(doc.root_element().has_tag_name((SVG_NS, "svg")));
    assert_self_contained(&svg, &doc);
    let all = text(&doc);
    for needle in
        ["russia.pain.front", "ukraine.red_line", "negotiated share", "±20 %", "1000 trials per run", "Legend:"]
    {
        assert!(all.contains(needle), "the chart lacks {needle:?}");
    }
}
