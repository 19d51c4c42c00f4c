//! The HTML report: one self-contained page with SVG charts.
//!
//! The page loads nothing from the network: the CSS is inline, there is no
//! JavaScript, and every chart is an inline `<svg>`. It is written as
//! XHTML-compatible HTML5 (every element closed, attributes quoted, text
//! escaped), so an XML parser reads the page and each chart; the same summary
//! always gives the same bytes (no timestamps).
//!
//! The charts are drawn with `plotters` and its SVG backend, built with no
//! font feature: plotters then sizes text with a crude built-in estimate and
//! writes it as SVG `<text>` for the viewer's own sans-serif font, so neither
//! building nor running needs a font file or fontconfig. Axis labels and the
//! category names of bar charts are placed by plotters; legends, value labels
//! and the heat map's colour scale are drawn here with plotters elements.
//! plotters escapes the text it writes; we also drop the few characters XML
//! does not allow at all (control characters) from anything user-supplied.

mod backtest;
mod compare;
mod sobol;
mod sweep;
mod uncertain;
pub use backtest::backtest_page;
pub use compare::compare_page;
pub use sobol::sobol_svg;
pub use sweep::sweep_page;

use super::cells::{pct, pp, share_rows, signed};
use crate::results::{ScenarioLabel, Sensitivity, SignedTerms, Summary, TacticUse};
use crate::seeds;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::fmt::Write;

/// Width of every chart, pixels (the page scales them down to fit).
const WIDTH: u32 = 900;

const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
const GRID_LIGHT: RGBColor = RGBColor(0xF0, 0xF0, 0xF0);
/// Simulated shares.
const BAR: RGBColor = RGBColor(0x44, 0x77, 0xAA);
/// Published prior.
const PRIOR: RGBColor = RGBColor(0xEE, 0x77, 0x33);
/// Tactic use.
const TACTIC: RGBColor = RGBColor(0x22, 0x88, 0x77);
/// Tornado: the parameter moved down, and up.
const LOW: RGBColor = RGBColor(0x33, 0xBB, 0xEE);
const HIGH: RGBColor = RGBColor(0xCC, 0x33, 0x11);

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), Box<dyn std::error::Error>>;

/// The start of every page, up to its `<h1>`: the XHTML-compatible
/// prologue, the generator, the title and the inline style.
fn head(out: &mut String, title: &str, negsim: &str) {
    out.push_str("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
    out.push_str("<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    let _ = writeln!(out, "<meta name=\"generator\" content=\"negsim {}\"/>", esc(negsim));
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    let _ = writeln!(out, "<style>\n{CSS}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", esc(title));
}

/// The self-contained HTML page of a run: header, outcome table, the charts
/// (outcomes, world to outcome, rounds to signature, tactics, and the tornado
/// when one was asked for) and the source of the published table.
pub fn page(summary: &Summary, tornado: Option<&Sensitivity>) -> String {
    let s = summary;
    let mut out = String::new();
    let title = format!("negsim report: {}", s.scenario);
    head(&mut out, &title, s.negsim);
    let _ = writeln!(
        out,
        "<p class=\"meta\">Scenario <strong>{}</strong> from <code>{}</code> · {} to {} · seed <code>{}</code> · {} trials · \
         seeding scheme <code>{}</code> · {} · negsim {}</p>",
        esc(&s.scenario),
        esc(&s.file),
        esc(&s.start),
        esc(&s.horizon),
        s.seed,
        s.trials,
        esc(s.scheme),
        if s.central_drivers { "drivers fixed at their central values" } else { "drivers drawn per trial" },
        esc(s.negsim)
    );
    if s.overrides.is_empty() {
        out.push_str("<p class=\"meta\">Overrides: none (the scenario file as it is).</p>\n");
    } else {
        out.push_str("<p class=\"meta\">Overrides:");
        for o in &s.overrides {
            let _ = write!(out, " <code>{}</code>", esc(o));
        }
        out.push_str("</p>\n");
    }
    if let Some(p) = &s.precision {
        let _ = if p.reached {
            writeln!(
                out,
                "<p class=\"meta\">Precision reached: every outcome's 95 % interval within ±{:.3} pp (target ±{:.3} pp).</p>",
                100.0 * p.achieved,
                100.0 * p.target
            )
        } else {
            writeln!(
                out,
                "<p class=\"meta warn\">Precision NOT reached: the cap of {} trials was hit with the widest interval at \
                 ±{:.3} pp (target ±{:.3} pp).</p>",
                p.cap,
                100.0 * p.achieved,
                100.0 * p.target
            )
        };
    }
    if !s.description.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(&s.description));
    }
    let _ = writeln!(
        out,
        "<p>Each trial starts from the situation on {}, draws the scenario's uncertain drivers, and plays the war \
         and the talks day by day to {}, when the rules read which of the seven published scenarios it ended in. \
         <em>Published</em> is the expert table (a target for calibration, not an input); <em>simulated</em> is the \
         share of trials that ended there, with its 95 % Wilson interval (Monte Carlo error only).</p>",
        esc(&s.start),
        esc(&s.horizon)
    );
    out.push_str("</header>\n<main>\n");

    // 1. Outcomes.
    out.push_str("<section id=\"outcomes\">\n<h2>1. Outcome probabilities</h2>\n");
    figure(
        &mut out,
        &outcomes_svg(s),
        "Bars: share of trials ending in each outcome; whiskers: its 95 % interval; diamonds: the published \
         probability.",
    );
    outcome_table(&mut out, s);
    out.push_str("</section>\n");
    given_section(&mut out, s);
    uncertain::uncertainty_section(&mut out, s);

    // 2. The calendar.
    out.push_str("<section id=\"calendar\">\n<h2>2. The calendar</h2>\n");
    figure(
        &mut out,
        &calendar_svg(s),
        &if s.ceasefire.signed > 0.0 {
            format!(
                "Share of trials with a ceasefire signed on or before each date (the upper line) and with one in force \
                 at the end of that date (the lower line), on the start date, the first of each month, and the \
                 horizon, from {} to {}.",
                s.start, s.horizon
            )
        } else {
            format!("No trial signed a ceasefire from {} to {}: both lines stay at zero.", s.start, s.horizon)
        },
    );
    figure(&mut out, &meetings_svg(s), "Mean meetings per trial in each month, by format, stacked.");
    key_figures(&mut out, s);
    if let Some(t) = &s.terms {
        figure(
            &mut out,
            &terms_svg(t),
            &format!(
                "The terms of the last ceasefire signed in each signed trial, as a share of Russia's maximal demands, \
                 in bands of five points: median {:.0} %; {} of them were past that trial's red line (a driver drawn \
                 per trial).",
                100.0 * t.p50,
                pct(t.past_red_line)
            ),
        );
    }
    out.push_str("</section>\n");

    // 3. Why: rules and drivers.
    out.push_str("<section id=\"why\">\n<h2>3. Why trials end where they do</h2>\n");
    rules_table(&mut out, s);
    drivers_table(&mut out, s);
    move_effects_table(&mut out, s);
    out.push_str("</section>\n");

    // 4. Moves.
    out.push_str("<section id=\"tactics\">\n<h2>4. Moves</h2>\n");
    figure(
        &mut out,
        &tactics_svg(s),
        "Share of trials in which each move was made at least once (bar), with its mean uses per trial printed \
         after it; largest share first.",
    );
    let off: Vec<String> =
        s.tactics.iter().filter(|t| !t.active).map(|t| format!("<code>{}</code>", esc(&t.id))).collect();
    if !off.is_empty() {
        let _ =
            writeln!(out, "<p class=\"meta\">Not in play (probability 0 in this scenario): {}.</p>", off.join(", "));
    }
    out.push_str("</section>\n");

    // 5. Tornado.
    if let Some(t) = tornado {
        out.push_str("<section id=\"tornado\">\n<h2>5. Sensitivity (tornado)</h2>\n");
        let _ = writeln!(
            out,
            "<p class=\"meta\">Target: <strong>{}</strong>, {:.1} % as the scenario is. Each parameter moved down and up \
             by {:.0} % of its value (kept in range), {} trials per run, seed {}, the same random numbers in every \
             run. {} parameters shown{}.</p>",
            esc(&t.target),
            100.0 * t.base,
            100.0 * t.delta,
            t.trials,
            t.seed,
            t.rows.len(),
            if t.skipped_zero.is_empty() {
                String::new()
            } else {
                format!("; {} parameters at 0 left out (a relative move leaves them at 0)", t.skipped_zero.len())
            }
        );
        figure(
            &mut out,
            &tornado_chart(t, false),
            &format!(
                "Each bar starts at the target's value as the scenario is (vertical line) and ends at its value with \
                 the parameter {:.0} % lower (upper half) or higher (lower half); largest swing first.",
                100.0 * t.delta
            ),
        );
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n");

    // Footer.
    let src = &seeds::scenario_table().source;
    let _ = writeln!(
        out,
        "<footer>\n<p>Published probabilities: {} ({} experts), as reproduced in {}.</p>\n<p>Written by negsim {}. \
         The same scenario, overrides, seed and trials give the same page.</p>\n</footer>",
        esc(&src.original),
        src.experts,
        esc(&src.document),
        esc(s.negsim)
    );
    out.push_str("</body>\n</html>\n");
    out
}

/// The tornado chart alone, as a standalone SVG file, titled with the
/// target, scenario, delta, trials and seed.
pub fn tornado_svg(s: &Sensitivity) -> String {
    tornado_chart(s, true)
}

const CSS: &str = "body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif; \
color: #222; background: #fff; max-width: 960px; margin: 0 auto; padding: 1em 1.5em 2em; line-height: 1.45; }
h1 { font-size: 1.6em; margin: 0.4em 0 0.3em; }
h2 { font-size: 1.25em; margin: 1.6em 0 0.5em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
.meta { color: #444; font-size: 0.95em; margin: 0.3em 0; }
.warning { color: #8a1c00; background: #fff3e6; padding: 0.4em 0.6em; border-left: 4px solid #d9480f; }
.warn { color: #a40; font-weight: bold; }
code { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 0.92em; background: #f4f4f4; padding: 0 0.2em; }
figure { margin: 0.8em 0 1.2em; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 0.92em; margin-top: 0.3em; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.93em; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #e4e4e4; text-align: left; }
th { border-bottom: 2px solid #bbb; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.family td { color: #444; font-style: italic; }
footer { margin-top: 2.5em; padding-top: 0.6em; border-top: 1px solid #ddd; color: #555; font-size: 0.88em; }
";

/// Escapes text for HTML and XML (element content and quoted attributes),
/// and replaces the characters XML 1.0 does not allow.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Replaces characters XML 1.0 does not allow (control characters other
/// than tab and newlines, U+FFFE, U+FFFF) with U+FFFD. For text handed to
/// plotters, which escapes markup characters itself.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

fn figure(out: &mut String, svg: &str, caption: &str) {
    let _ = write!(out, "<figure>\n{svg}<figcaption>{}</figcaption>\n</figure>\n", esc(caption));
}

/// A cell of a table row, by how it is shown.
enum Td<'a> {
    /// Text.
    Text(&'a str),
    /// An id or an expression, in `<code>`.
    Code(&'a str),
    /// A figure, right-aligned.
    Num(&'a str),
}

/// Writes one table row. Every cell is escaped here, so that no row can
/// forget to, and the markup of a cell is written once.
fn tr(out: &mut String, cells: &[Td]) {
    out.push_str("<tr>");
    for cell in cells {
        let _ = match cell {
            Td::Text(text) => write!(out, "<td>{}</td>", esc(text)),
            Td::Code(text) => write!(out, "<td><code>{}</code></td>", esc(text)),
            Td::Num(text) => write!(out, "<td class=\"num\">{}</td>", esc(text)),
        };
    }
    out.push_str("</tr>\n");
}

fn outcome_table(out: &mut String, s: &Summary) {
    out.push_str(
        "<table>\n<thead><tr><th>#</th><th>outcome</th><th>title</th><th class=\"num\">published</th>\
         <th class=\"num\">simulated</th><th class=\"num\">95 % interval</th><th class=\"num\">diff</th></tr></thead>\n<tbody>\n",
    );
    for r in share_rows(s) {
        let name = if r.family {
            format!("<tr class=\"family\"><td></td><td colspan=\"2\">{} ({})</td>", esc(&r.id), esc(&r.number))
        } else {
            format!(
                "<tr><td class=\"num\">{}</td><td><code>{}</code></td><td>{}</td>",
                esc(&r.number),
                esc(&r.id),
                esc(&r.title)
            )
        };
        let _ = writeln!(
            out,
            "{name}<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">[{}, {}] %</td>\
             <td class=\"num\">{}</td></tr>",
            r.published, r.simulated, r.interval[0], r.interval[1], r.diff
        );
    }
    out.push_str(
        "</tbody>\n</table>\n<p class=\"meta\">diff: simulated minus published, in percentage points (pp).</p>\n",
    );
}

/// The distribution among the trials that match `--given`, beside all.
fn given_section(out: &mut String, s: &Summary) {
    let Some(g) = &s.given else { return };
    if let Some(a) = &s.as_of {
        let _ = writeln!(
            out,
            "<section id=\"given\">\n<h2>Forecast as of {}</h2>\n<p class=\"meta\">{} of {} trials agree with the \
             record up to {} ({}); effective sample size {}. The forecast is the outcome shares among them, beside \
             those of all trials. Kept only trials with:</p>",
            esc(&a.date),
            g.accepted,
            g.drawn,
            esc(&a.date),
            pct(g.share),
            a.effective_sample_size
        );
        out.push_str(
            "<table>\n<thead><tr><th>condition</th><th>expression</th><th>record</th></tr></thead>\n<tbody>\n",
        );
        for c in &a.conditions {
            tr(out, &[Td::Text(&c.what), Td::Code(&c.expression), Td::Text(&c.source)]);
        }
        out.push_str("</tbody>\n</table>\n");
    } else {
        let _ = writeln!(
            out,
            "<section id=\"given\">\n<h2>Given <code>{}</code></h2>\n<p class=\"meta\">{} of {} trials match ({}): \
             the outcome shares among them, beside those of all trials.</p>",
            esc(&g.expression),
            g.accepted,
            g.drawn,
            pct(g.share)
        );
    }
    if let Some(w) = &g.warning {
        let _ = writeln!(out, "<p class=\"warning\"><strong>Warning:</strong> {}</p>", esc(w));
    }
    if let Some(c) = &g.summary {
        figure(
            out,
            &given_svg(s, c),
            "Each outcome's share among all trials (upper bar) and among the trials that match (lower bar, with its \
             95 % interval).",
        );
        out.push_str(
            "<table>\n<thead><tr><th>#</th><th>outcome</th><th class=\"num\">all trials</th><th class=\"num\">given</th>\
             <th class=\"num\">95 % interval (given)</th><th class=\"num\">change</th></tr></thead>\n<tbody>\n",
        );
        for (o, go) in s.outcomes.iter().zip(&c.outcomes) {
            tr(
                out,
                &[
                    Td::Num(&o.number.to_string()),
                    Td::Code(&o.id),
                    Td::Num(&pct(o.probability)),
                    Td::Num(&pct(go.probability)),
                    Td::Num(&format!("[{:.1}, {:.1}] %", 100.0 * go.ci95[0], 100.0 * go.ci95[1])),
                    Td::Num(&pp(go.probability - o.probability, 1)),
                ],
            );
        }
        out.push_str("</tbody>\n</table>\n");
        if let Some(a) = &s.as_of {
            let _ = writeln!(
                out,
                "<table>\n<thead><tr><th>date</th><th class=\"num\">signed by: all trials</th>\
                 <th class=\"num\">signed by: as of {}</th><th class=\"num\">in force: as of {}</th></tr></thead>\n<tbody>",
                esc(&a.date),
                esc(&a.date)
            );
            let rows = s.calendar.iter().zip(&c.calendar).filter(|(p, _)| p.date.as_str() > a.date.as_str());
            let last = [(s.horizon.as_str(), s.ceasefire.signed, c.ceasefire.signed, c.ceasefire.in_force)];
            for (date, all, signed, in_force) in
                rows.map(|(p, q)| (p.date.as_str(), p.signed_by, q.signed_by, q.in_force)).chain(last)
            {
                tr(out, &[Td::Text(date), Td::Num(&pct(all)), Td::Num(&pct(signed)), Td::Num(&pct(in_force))]);
            }
            out.push_str("</tbody>\n</table>\n");
        }
    }
    out.push_str("</section>\n");
}

fn key_figures(out: &mut String, s: &Summary) {
    let c = &s.ceasefire;
    let mut rows = vec![
        ("Ceasefire signed by the horizon".to_string(), pct(c.signed)),
        (format!("In force on {}", s.horizon), pct(c.in_force)),
        ("Collapsed".into(), pct(c.collapsed)),
        ("Last terms past Ukraine's red line".into(), pct(c.above_red_line)),
        ("Draft reversed at least once".into(), pct(c.reversed)),
        ("US walked away".into(), pct(c.us_left)),
        ("Russia mobilised fully".into(), pct(c.mobilised)),
        ("Escalation reached the hybrid-war level".into(), pct(c.hybrid)),
    ];
    match &s.signing {
        Some(d) => rows.push((
            "First signature (signed trials)".into(),
            format!("median {} · p10 {} · p90 {}", d.p50, d.p10, d.p90),
        )),
        None => rows.push(("First signature".into(), "no trial signed a ceasefire".into())),
    }
    if let Some(w) = s.durability.collapsed_within_30_days {
        rows.push(("First ceasefires collapsing within 30 days".into(), pct(w)));
    }
    if s.signing.is_some() {
        rows.push((
            "Days a first ceasefire holds (median)".into(),
            s.durability
                .median_days
                .map_or_else(|| "more than half still hold on the horizon".to_string(), |d| format!("{d:.0} days")),
        ));
    }
    rows.push((
        "Meetings per trial".into(),
        format!(
            "{:.1} (median {}, p10 {}, p90 {})",
            s.meetings.per_trial, s.meetings.p50, s.meetings.p10, s.meetings.p90
        ),
    ));
    for f in &s.meetings.by_format {
        rows.push((
            format!("{} meetings", f.format),
            format!("{:.2} per trial{}", f.per_trial, f.hours.map_or_else(String::new, |h| format!(", {h:.1} h each"))),
        ));
    }
    rows.push((
        "Truces declared".into(),
        format!("{:.2} per trial (holiday {:.2}, energy {:.2})", s.truces.per_trial, s.truces.holiday, s.truces.energy),
    ));
    out.push_str("<h3>Ceasefires, meetings and truces</h3>\n<table>\n<tbody>\n");
    for (k, v) in rows {
        let _ = writeln!(out, "<tr><th>{}</th><td class=\"num\">{}</td></tr>", esc(&k), esc(&v));
    }
    out.push_str("</tbody>\n</table>\n<p class=\"meta\">Shares are of all trials unless said otherwise.</p>\n");
}

fn rules_table(out: &mut String, s: &Summary) {
    out.push_str(
        "<h3>Rules</h3>\n<table>\n<thead><tr><th class=\"num\">rule</th><th>outcome</th><th class=\"num\">trials</th><th>why</th></tr></thead>\n<tbody>\n",
    );
    for r in &s.rules {
        tr(out, &[Td::Num(&r.rule.to_string()), Td::Code(&r.outcome), Td::Num(&pct(r.share)), Td::Text(&r.note)]);
    }
    out.push_str("</tbody>\n</table>\n");
}

fn drivers_table(out: &mut String, s: &Summary) {
    if s.drivers.is_empty() {
        return;
    }
    out.push_str(
        "<h3>Drivers</h3>\n<p class=\"meta\">Each outcome's share among the fifth of trials with the driver highest, \
         minus its share among the fifth with it lowest, in percentage points; bold where the 95 % interval of the \
         difference excludes zero.</p>\n<table>\n<thead><tr><th>driver</th>",
    );
    for o in &s.outcomes {
        let _ = write!(out, "<th class=\"num\">{}</th>", o.number);
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for d in &s.drivers {
        let _ = write!(out, "<tr><td><code>{}</code></td>", esc(&d.id));
        for e in &d.effect {
            let strong = e.ci95[0] > 0.0 || e.ci95[1] < 0.0;
            let cell = signed(100.0 * e.diff, 1);
            if strong {
                let _ = write!(out, "<td class=\"num\"><strong>{cell}</strong></td>");
            } else {
                let _ = write!(out, "<td class=\"num\">{cell}</td>");
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Which moves go with which outcomes (moves that happened in some trials
/// and not in others).
fn move_effects_table(out: &mut String, s: &Summary) {
    let rows: Vec<_> = s.tactics.iter().filter(|t| t.active && !t.effect.is_empty()).collect();
    if rows.is_empty() {
        return;
    }
    out.push_str(
        "<h3>Moves and outcomes</h3>\n<p class=\"meta\">Each outcome's share among the trials in which the move \
         happened at least once, minus its share among those in which it never did, in percentage points; bold where \
         the 95 % interval of the difference excludes zero. An association, not an effect: trials with more meetings \
         have more chances for a move, and some moves happen only under a ceasefire.</p>\n<table>\n<thead><tr><th>move</th>",
    );
    for o in &s.outcomes {
        let _ = write!(out, "<th class=\"num\">{}</th>", o.number);
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for t in rows {
        let _ = write!(out, "<tr><td><code>{}</code></td>", esc(&t.id));
        for e in &t.effect {
            let cell = signed(100.0 * e.diff, 1);
            if e.ci95[0] > 0.0 || e.ci95[1] < 0.0 {
                let _ = write!(out, "<td class=\"num\"><strong>{cell}</strong></td>");
            } else {
                let _ = write!(out, "<td class=\"num\">{cell}</td>");
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

// ---- Charts -------------------------------------------------------------

/// A text style of `px` pixels (plotters writes `font-size` as the size
/// divided by 1.24).
fn font(px: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::SansSerif, px * 1.24, FontStyle::Normal).color(&INK)
}

fn bold(px: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::SansSerif, px * 1.24, FontStyle::Bold).color(&INK)
}

fn left(style: TextStyle<'static>) -> TextStyle<'static> {
    style.pos(Pos::new(HPos::Left, VPos::Center))
}

/// Rough width of `text` in a sans-serif font of `px` pixels, for layout.
fn text_width(text: &str, px: f64) -> i32 {
    (text.chars().count() as f64 * px * 0.58).ceil() as i32
}

/// Renders one chart; on a drawing error (not expected: the backend writes
/// to a string), a chart that says so.
fn svg(width: u32, height: u32, title: &str, draw: impl FnOnce(&Area) -> Drawn) -> String {
    let mut buf = String::new();
    let result = {
        let root = SVGBackend::with_string(&mut buf, (width, height)).into_drawing_area();
        let drawn = root.fill(&WHITE).map_err(Into::into).and_then(|()| draw(&root));
        drawn.and_then(|()| root.present().map_err(Into::into))
    };
    if let Err(e) = result {
        buf = format!(
            "<svg width=\"{width}\" height=\"60\" viewBox=\"0 0 {width} 60\" xmlns=\"http://www.w3.org/2000/svg\">\n\
             <text x=\"10\" y=\"30\" font-family=\"sans-serif\" font-size=\"13\">chart could not be drawn: {}</text>\n</svg>\n",
            esc(&e.to_string())
        );
    }
    // A title for screen readers and tooltips, right after the opening tag.
    let at = buf.find('>').map_or(buf.len(), |i| i + 1);
    buf.insert_str(at, &format!("\n<title>{}</title>", esc(title)));
    buf.replacen("<svg ", "<svg role=\"img\" ", 1)
}

/// The house frame of every chart: margins and label areas (`x_area`
/// below the plot, `y_area` left of it, `right` for values printed past
/// the bars).
fn frame<'a, 'b>(plot: &'a Area<'b>, x_area: u32, y_area: u32, right: u32) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut builder = ChartBuilder::on(plot);
    builder.margin_left(10).margin_right(right).margin_bottom(10).x_label_area_size(x_area).y_label_area_size(y_area);
    builder
}

/// The house style of every chart's mesh: light grid, muted axes, the
/// label fonts.
fn house_style<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB> {
    mesh.bold_line_style(GRID)
        .light_line_style(GRID_LIGHT)
        .max_light_lines(1)
        .axis_style(MUTED)
        .label_style(font(12.5))
        .axis_desc_style(font(13.5))
}

/// The frame of a horizontal bar chart (outcomes, moves, tornado): one row
/// per name, the first name at the top, percentages along the x axis.
struct Bars<'n> {
    /// Range of the x axis, in percent.
    x: std::ops::Range<f64>,
    /// Row labels, bottom row first (as plotters counts).
    names: &'n [String],
    /// Width of the label column, in pixels.
    label_width: u32,
    /// Room to the right of the plot, in pixels (for values printed there).
    margin_right: u32,
    /// What the x axis shows.
    x_desc: String,
    /// What the rows are.
    y_desc: &'static str,
    /// How many x ticks.
    x_labels: usize,
}

type BarChart<'a> = ChartContext<
    'a,
    SVGBackend<'a>,
    Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordi32>,
    >,
>;

/// The row labels of the outcomes, bottom row first: segment k holds
/// outcome n-1-k, so outcome 1 is on top, as in the tables.
fn outcome_names(s: &Summary) -> Vec<String> {
    s.outcomes.iter().rev().map(|o| clean(&format!("{} {}", o.number, o.id))).collect()
}

impl<'n> Bars<'n> {
    /// A row per outcome (from [`outcome_names`]) over 0 to `xmax` percent.
    fn outcomes(names: &'n [String], xmax: f64) -> Bars<'n> {
        Bars {
            x: 0.0..xmax,
            names,
            label_width: 240,
            margin_right: 30,
            x_desc: "share of trials (%)".into(),
            y_desc: "outcome",
            x_labels: 10,
        }
    }

    /// Builds the chart on `plot` and draws its mesh and labels.
    fn draw<'a>(&self, plot: &Area<'a>) -> Result<BarChart<'a>, Box<dyn std::error::Error>> {
        let n = self.names.len();
        let last = n as i32 - 1;
        // One row needs a range of two values: plotters labels no segment
        // of 0..0.
        let mut chart = frame(plot, 55, self.label_width, self.margin_right)
            .build_cartesian_2d(self.x.clone(), (0..last.max(1)).into_segmented())?;
        house_style(chart.configure_mesh().disable_y_mesh())
            .x_desc(self.x_desc.as_str())
            .y_desc(self.y_desc)
            .x_labels(self.x_labels)
            .x_label_formatter(&|v| pct_tick(*v))
            .y_labels(n)
            .y_label_formatter(&|v| category(v, self.names))
            .draw()?;
        Ok(chart)
    }
}

/// The two header lines of a standalone chart: what it shows for which
/// scenario, then how it was run, with the run's overrides when it had any.
fn chart_header(
    top: &Area,
    what: &str,
    scenario: &ScenarioLabel,
    mut run: String,
) -> Result<(), Box<dyn std::error::Error>> {
    let title = format!("{what} · scenario {} ({})", scenario.scenario, scenario.file);
    top.draw(&Text::new(clean(&title), (20, 20), left(bold(15.0))))?;
    if !scenario.overrides.is_empty() {
        let _ = write!(run, " · overrides: {}", scenario.overrides.join("  "));
    }
    top.draw(&Text::new(clean(&run), (20, 44), left(font(12.5).color(&MUTED))))?;
    Ok(())
}

/// A chart holding only a message (no data to draw).
fn message_svg(title: &str, message: &str) -> String {
    svg(WIDTH, 90, title, |root| {
        root.draw(&Text::new(
            clean(message),
            (WIDTH as i32 / 2, 45),
            font(15.0).color(&MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
        ))?;
        Ok(())
    })
}

/// What a legend entry shows.
enum Key {
    Bar(RGBColor),
    Whisker,
    Diamond,
    Line(RGBColor),
}

/// A 95 % interval drawn in pixels: a line from `x0` to `x1` at `y` with
/// an end tick `half` pixels up and down at each end. For charts that place
/// their marks in pixels (Sobol, uncertainty), where plotters' element
/// offsets cannot span two data points.
fn pixel_whisker(root: &Area, x0: i32, x1: i32, y: i32, half: i32) -> Drawn {
    let style = INK.stroke_width(2);
    root.draw(&PathElement::new(vec![(x0, y), (x1, y)], style))?;
    for end in [x0, x1] {
        root.draw(&PathElement::new(vec![(end, y - half), (end, y + half)], style))?;
    }
    Ok(())
}

/// A legend in one row, from `x0`, centred vertically in `area`.
fn legend(area: &Area, x0: i32, items: &[(Key, String)]) -> Drawn {
    let y = area.dim_in_pixel().1 as i32 / 2;
    let mut x = x0;
    area.draw(&Text::new("Legend:", (x, y), left(bold(12.0))))?;
    x += text_width("Legend:", 12.0) + 12;
    for (key, label) in items {
        match key {
            Key::Bar(c) => area.draw(&Rectangle::new([(x, y - 7), (x + 20, y + 7)], c.filled()))?,
            Key::Whisker => {
                let s = INK.stroke_width(2);
                area.draw(&PathElement::new(vec![(x, y), (x + 20, y)], s))?;
                area.draw(&PathElement::new(vec![(x, y - 6), (x, y + 6)], s))?;
                area.draw(&PathElement::new(vec![(x + 20, y - 6), (x + 20, y + 6)], s))?;
            }
            Key::Diamond => {
                let (cx, r) = (x + 10, 7);
                area.draw(&Polygon::new(vec![(cx, y - r), (cx + r, y), (cx, y + r), (cx - r, y)], PRIOR.filled()))?;
                area.draw(&PathElement::new(
                    vec![(cx, y - r), (cx + r, y), (cx, y + r), (cx - r, y), (cx, y - r)],
                    INK.stroke_width(1),
                ))?;
            }
            Key::Line(c) => area.draw(&PathElement::new(vec![(x + 10, y - 9), (x + 10, y + 9)], c.stroke_width(2)))?,
        }
        let label = clean(label);
        area.draw(&Text::new(label.clone(), (x + 26, y), left(font(12.0))))?;
        x += 26 + text_width(&label, 12.0) + 22;
    }
    Ok(())
}

/// A round upper bound for an axis in percent.
fn nice_max(x: f64) -> f64 {
    let step = if x <= 10.0 {
        1.0
    } else if x <= 50.0 {
        5.0
    } else {
        10.0
    };
    ((x / step).ceil() * step).clamp(1.0, 100.0)
}

/// Tick label for a percent axis.
fn pct_tick(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 { format!("{v:.0} %") } else { format!("{v:.1} %") }
}

/// The upper edge of segment `k` of `0..=last`.
fn next(k: i32, last: i32) -> SegmentValue<i32> {
    if k >= last { SegmentValue::Last } else { SegmentValue::Exact(k + 1) }
}

/// The category label of a segment centre: `names[k]`, else nothing.
fn category(v: &SegmentValue<i32>, names: &[String]) -> String {
    match v {
        SegmentValue::CenterOf(k) => usize::try_from(*k).ok().and_then(|k| names.get(k)).cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

fn outcomes_svg(s: &Summary) -> String {
    let n = s.outcomes.len();
    if n == 0 {
        return message_svg("Outcome probabilities", "No outcomes.");
    }
    let last = n as i32 - 1;
    let height = 50 + 44 * n as u32 + 70;
    let title =
        "Outcome probabilities: simulated share of trials with its 95 % interval, and the published probability";
    svg(WIDTH, height, title, |root| {
        let (top, plot) = root.split_vertically(50);
        legend(
            &top,
            20,
            &[
                (Key::Bar(BAR), "simulated share of trials".into()),
                (Key::Whisker, "95 % interval".into()),
                (Key::Diamond, "published probability (GLOBSEC)".into()),
            ],
        )?;
        let top_value = s.outcomes.iter().map(|o| o.ci95[1].max(o.published)).fold(0.0, f64::max);
        let xmax = nice_max(100.0 * top_value * 1.2);
        let names = outcome_names(s);
        let mut chart = Bars::outcomes(&names, xmax).draw(&plot)?;
        for (i, o) in s.outcomes.iter().enumerate() {
            let k = last - i as i32;
            let c = SegmentValue::CenterOf(k);
            let mut bar =
                Rectangle::new([(0.0, SegmentValue::Exact(k)), (100.0 * o.probability, next(k, last))], BAR.filled());
            bar.set_margin(10, 10, 0, 0);
            chart.draw_series(std::iter::once(bar))?;
            let (lo, hi) = (100.0 * o.ci95[0], 100.0 * o.ci95[1]);
            let whisker = INK.stroke_width(2);
            chart.draw_series(std::iter::once(PathElement::new(vec![(lo, c.clone()), (hi, c.clone())], whisker)))?;
            for end in [lo, hi] {
                chart.draw_series(std::iter::once(
                    EmptyElement::at((end, c.clone())) + PathElement::new(vec![(0, -7), (0, 7)], whisker),
                ))?;
            }
            let r = 7;
            chart.draw_series(std::iter::once(
                EmptyElement::at((100.0 * o.published, c.clone()))
                    + Polygon::new(vec![(0, -r), (r, 0), (0, r), (-r, 0)], PRIOR.filled())
                    + PathElement::new(vec![(0, -r), (r, 0), (0, r), (-r, 0), (0, -r)], INK.stroke_width(1)),
            ))?;
            let end = hi.max(100.0 * o.published);
            chart.draw_series(std::iter::once(
                EmptyElement::at((end, c.clone()))
                    + Text::new(
                        format!("{:.1} % (published {:.0} %)", 100.0 * o.probability, 100.0 * o.published),
                        (12, 0),
                        left(font(12.0)),
                    ),
            ))?;
        }
        Ok(())
    })
}

/// Axis labels of the calendar: the month (`2026-03`) for the first of a
/// month, the whole date for the start and the horizon, which fall on
/// other days (`2026-12-31` would otherwise read as a second `2026-12`).
fn calendar_labels(s: &Summary) -> Vec<String> {
    s.calendar.iter().map(|p| if p.date.ends_with("-01") { p.date[..7].to_string() } else { p.date.clone() }).collect()
}

fn calendar_svg(s: &Summary) -> String {
    let title = "The calendar: P(a ceasefire signed by the date) and P(one in force on the date)";
    let n = s.calendar.len();
    if n < 2 {
        return message_svg(title, "The span is shorter than a month: there is no calendar to draw.");
    }
    let labels = calendar_labels(s);
    let top = s.calendar.iter().map(|p| p.signed_by.max(p.in_force)).fold(s.ceasefire.signed, f64::max);
    let ymax = nice_max((100.0 * top * 1.15).max(5.0));
    svg(WIDTH, 400, title, |root| {
        let (head, plot) = root.split_vertically(44);
        legend(
            &head,
            20,
            &[(Key::Bar(BAR), "signed on or before the date".into()), (Key::Bar(PRIOR), "in force on the date".into())],
        )?;
        let last = n as i32 - 1;
        let mut chart = frame(&plot, 70, 80, 30).build_cartesian_2d(0..last, 0f64..ymax)?;
        house_style(chart.configure_mesh().disable_x_mesh())
            .x_desc("first of the month")
            .y_desc("share of trials (%)")
            .x_labels(n.min(20))
            .x_label_formatter(&|i| labels.get(*i as usize).cloned().unwrap_or_default())
            .y_labels(8)
            .y_label_formatter(&|v| pct_tick(*v))
            .draw()?;
        let signed: Vec<(i32, f64)> =
            s.calendar.iter().enumerate().map(|(i, p)| (i as i32, 100.0 * p.signed_by)).collect();
        let in_force: Vec<(i32, f64)> =
            s.calendar.iter().enumerate().map(|(i, p)| (i as i32, 100.0 * p.in_force)).collect();
        chart.draw_series(LineSeries::new(signed, BAR.stroke_width(3)))?;
        chart.draw_series(LineSeries::new(in_force, PRIOR.stroke_width(3)))?;
        Ok(())
    })
}

fn meetings_svg(s: &Summary) -> String {
    let title = "Meetings per month, by format (mean per trial)";
    let n = s.calendar.len();
    if n == 0 {
        return message_svg(title, "No calendar.");
    }
    let colours = [BAR, PRIOR, TACTIC, HIGH];
    let labels = calendar_labels(s);
    let top = s.calendar.iter().map(|p| p.meetings.iter().sum::<f64>()).fold(0.0, f64::max);
    let ymax = nice_max((top * 1.15).max(0.5));
    svg(WIDTH, 400, title, |root| {
        let (head, plot) = root.split_vertically(44);
        legend(
            &head,
            20,
            &[
                (Key::Bar(colours[0]), "US-Ukraine".into()),
                (Key::Bar(colours[1]), "US-Russia".into()),
                (Key::Bar(colours[2]), "Russia-Ukraine".into()),
                (Key::Bar(colours[3]), "trilateral".into()),
            ],
        )?;
        let last = n as i32 - 1;
        let mut chart = frame(&plot, 70, 80, 30).build_cartesian_2d((0..last).into_segmented(), 0f64..ymax)?;
        house_style(chart.configure_mesh().disable_x_mesh())
            .x_desc("month beginning")
            .y_desc("meetings per trial")
            .x_labels(n.min(20))
            .x_label_formatter(&|v| category(v, &labels))
            .y_labels(8)
            .draw()?;
        for (i, p) in s.calendar.iter().enumerate() {
            let mut base = 0.0;
            for (f, &m) in p.meetings.iter().enumerate() {
                if m > 0.0 {
                    let x = i as i32;
                    let mut bar = Rectangle::new(
                        [(SegmentValue::Exact(x), base), (next(x, last), base + m)],
                        colours[f].filled(),
                    );
                    bar.set_margin(0, 0, 2, 2);
                    chart.draw_series(std::iter::once(bar))?;
                }
                base += m;
            }
        }
        Ok(())
    })
}

fn tactics_svg(s: &Summary) -> String {
    let title = "Moves: share of trials in which each move was made at least once";
    // Moves switched off (probability 0) cannot happen: they are listed under
    // the chart, not drawn as empty bars.
    let mut order: Vec<&TacticUse> = s.tactics.iter().filter(|t| t.active).collect();
    if order.is_empty() {
        return message_svg(title, "No move is in play in this scenario.");
    }
    order.sort_by(|a, b| b.share_of_trials.total_cmp(&a.share_of_trials).then(b.per_trial.total_cmp(&a.per_trial)));
    let n = order.len();
    let last = n as i32 - 1;
    let names: Vec<String> = (0..n).map(|k| clean(&order[n - 1 - k].id)).collect();
    let label_width = names.iter().map(|l| text_width(l, 12.5)).max().unwrap_or(0).clamp(120, 400) + 50;
    let height = 50 + 28 * n as u32 + 70;
    svg(WIDTH, height, title, |root| {
        let (head, plot) = root.split_vertically(50);
        legend(
            &head,
            20,
            &[(Key::Bar(TACTIC), "share of trials in which it was used (printed: share · mean uses per trial)".into())],
        )?;
        let mut chart = Bars {
            x: 0f64..100.0,
            names: &names,
            label_width: label_width as u32,
            margin_right: 30,
            x_desc: "share of trials in which the tactic was used at least once (%)".into(),
            y_desc: "tactic",
            x_labels: 11,
        }
        .draw(&plot)?;
        for (i, t) in order.iter().enumerate() {
            let k = last - i as i32;
            let v = 100.0 * t.share_of_trials;
            let mut bar = Rectangle::new([(0.0, SegmentValue::Exact(k)), (v, next(k, last))], TACTIC.filled());
            bar.set_margin(5, 5, 0, 0);
            chart.draw_series(std::iter::once(bar))?;
            let text = format!("{:.1} % · {:.2} uses per trial", v, t.per_trial);
            // Inside long bars (white), after short ones.
            let inside = v > 70.0;
            let (dx, style) = if inside {
                (-8, font(12.0).color(&WHITE).pos(Pos::new(HPos::Right, VPos::Center)))
            } else {
                (8, left(font(12.0)))
            };
            chart.draw_series(std::iter::once(
                EmptyElement::at((v, SegmentValue::CenterOf(k))) + Text::new(text, (dx, 0), style),
            ))?;
        }
        Ok(())
    })
}

fn tornado_chart(s: &Sensitivity, standalone: bool) -> String {
    let title = format!(
        "Sensitivity of {} to each parameter moved by ±{:.0} % (tornado), scenario {}",
        s.target,
        100.0 * s.delta,
        s.scenario.scenario
    );
    if s.rows.is_empty() {
        return message_svg(&title, "No parameter to vary: the tornado is empty.");
    }
    let n = s.rows.len();
    let last = n as i32 - 1;
    let names: Vec<String> =
        (0..n).map(|k| clean(&format!("{} = {}", s.rows[n - 1 - k].key, s.rows[n - 1 - k].value))).collect();
    let label_width = names.iter().map(|l| text_width(l, 12.5)).max().unwrap_or(0).clamp(120, 420) + 50;
    let values = s.rows.iter().flat_map(|r| [r.at_low, r.at_high]).chain([s.base]).map(|v| 100.0 * v);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = ((hi - lo) * 0.08).max(0.5);
    let (xlo, xhi) = ((lo - pad).max(0.0), (hi + pad).min(100.0));
    let head = if standalone { 96 } else { 50 };
    let height = head + 30 * n as u32 + 75;
    let d = 100.0 * s.delta;
    svg(WIDTH, height, &title, |root| {
        let (top, plot) = root.split_vertically(head);
        if standalone {
            let run = format!(
                "each parameter ±{d:.0} % · {} trials per run · seed {} · as is: {} · negsim {}",
                s.trials,
                s.seed,
                pct(s.base),
                s.negsim
            );
            chart_header(&top, &format!("Sensitivity of {}", s.target), &s.scenario, run)?;
        }
        let (_, legend_strip) = top.split_vertically(head as i32 - 50);
        legend(
            &legend_strip,
            20,
            &[
                (Key::Bar(LOW), format!("parameter × (1 − {d:.0} %)")),
                (Key::Bar(HIGH), format!("parameter × (1 + {d:.0} %)")),
                (Key::Line(INK), format!("as is: {}", pct(s.base))),
            ],
        )?;
        let mut chart = Bars {
            x: xlo..xhi,
            names: &names,
            label_width: label_width as u32,
            margin_right: 90,
            x_desc: clean(&format!("{}, % of trials", s.target)),
            y_desc: "parameter = value in the scenario",
            x_labels: 10,
        }
        .draw(&plot)?;
        let base = 100.0 * s.base;
        for (i, r) in s.rows.iter().enumerate() {
            let k = last - i as i32;
            let mut low =
                Rectangle::new([(base, SegmentValue::CenterOf(k)), (100.0 * r.at_low, next(k, last))], LOW.filled());
            low.set_margin(4, 0, 0, 0);
            let mut high = Rectangle::new(
                [(base, SegmentValue::Exact(k)), (100.0 * r.at_high, SegmentValue::CenterOf(k))],
                HIGH.filled(),
            );
            high.set_margin(0, 4, 0, 0);
            chart.draw_series([low, high])?;
            let (x, y) = chart.backend_coord(&(xhi, SegmentValue::CenterOf(k)));
            root.draw(&Text::new(pp(r.swing, 1), (x + 10, y), left(font(12.0))))?;
        }
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(base, SegmentValue::Exact(0)), (base, SegmentValue::Last)],
            INK.stroke_width(2),
        )))?;
        let (x, y) = chart.backend_coord(&(xhi, SegmentValue::Last));
        root.draw(&Text::new("swing", (x + 10, y - 10), left(bold(12.0))))?;
        Ok(())
    })
}

/// The signed terms, in bands of five points, from the lowest band with a
/// trial to the highest.
fn terms_svg(t: &SignedTerms) -> String {
    let title = "Terms of the ceasefires signed: share of signed trials by band of Russia's maximal demands";
    let used: Vec<usize> = (0..t.bands.len()).filter(|&b| t.bands[b] > 0.0).collect();
    let (Some(&first), Some(&last_band)) = (used.first(), used.last()) else {
        return message_svg(title, "No ceasefire was signed.");
    };
    // Bands from the top down: the highest terms on top.
    let bands: Vec<usize> = (first..=last_band).rev().collect();
    let n = bands.len();
    let last = n as i32 - 1;
    let height = 40 + 30 * n as u32 + 70;
    svg(WIDTH, height, title, |root| {
        let (_, plot) = root.split_vertically(30);
        let names: Vec<String> =
            (0..n).map(|k| format!("{}-{} %", 5 * bands[n - 1 - k], 5 * bands[n - 1 - k] + 5)).collect();
        let top = bands.iter().map(|&b| t.bands[b]).fold(0.0, f64::max);
        let mut chart = Bars {
            x: 0f64..nice_max(100.0 * top * 1.15),
            names: &names,
            label_width: 110,
            margin_right: 30,
            x_desc: "share of signed trials (%)".into(),
            y_desc: "terms",
            x_labels: 10,
        }
        .draw(&plot)?;
        for (i, &b) in bands.iter().enumerate() {
            let k = last - i as i32;
            let mut bar =
                Rectangle::new([(0.0, SegmentValue::Exact(k)), (100.0 * t.bands[b], next(k, last))], BAR.filled());
            bar.set_margin(4, 4, 0, 0);
            chart.draw_series(std::iter::once(bar))?;
            chart.draw_series(std::iter::once(
                EmptyElement::at((100.0 * t.bands[b], SegmentValue::CenterOf(k)))
                    + Text::new(format!("{:.1} %", 100.0 * t.bands[b]), (8, 0), left(font(12.0))),
            ))?;
        }
        Ok(())
    })
}

/// Each outcome's share among all trials and among those that match a
/// condition, side by side.
fn given_svg(s: &Summary, c: &Summary) -> String {
    let n = s.outcomes.len().min(c.outcomes.len());
    let title = "Outcome shares: all trials against the trials that match";
    if n == 0 {
        return message_svg(title, "No outcomes.");
    }
    let last = n as i32 - 1;
    let height = 50 + 50 * n as u32 + 70;
    svg(WIDTH, height, title, |root| {
        let (top, plot) = root.split_vertically(50);
        legend(
            &top,
            20,
            &[
                (Key::Bar(BAR), "all trials".into()),
                (Key::Bar(PRIOR), "trials that match".into()),
                (Key::Whisker, "95 % interval (match)".into()),
            ],
        )?;
        let top_value = (0..n).map(|i| s.outcomes[i].probability.max(c.outcomes[i].ci95[1])).fold(0.0, f64::max);
        let names = outcome_names(s);
        let mut chart = Bars::outcomes(&names, nice_max(100.0 * top_value * 1.2)).draw(&plot)?;
        for i in 0..n {
            let k = last - i as i32;
            let (all, given) = (&s.outcomes[i], &c.outcomes[i]);
            // Two bars in one row, split by pixel margins: the row's height
            // in pixels comes from the chart's own coordinates.
            let spec = chart.as_coord_spec();
            let px = |x: f64, y: SegmentValue<i32>| spec.translate(&(x, y));
            let row = (px(0.0, SegmentValue::Exact(k)).1 - px(0.0, next(k, last)).1).abs().max(8) as f64;
            let (edge, middle) = ((0.12 * row) as u32, (0.52 * row) as u32);
            let (lo, hi) = (100.0 * given.ci95[0], 100.0 * given.ci95[1]);
            let width = px(hi, SegmentValue::CenterOf(k)).0 - px(lo, SegmentValue::CenterOf(k)).0;
            let mut upper =
                Rectangle::new([(0.0, SegmentValue::Exact(k)), (100.0 * all.probability, next(k, last))], BAR.filled());
            upper.set_margin(edge, middle, 0, 0);
            let mut lower = Rectangle::new(
                [(0.0, SegmentValue::Exact(k)), (100.0 * given.probability, next(k, last))],
                PRIOR.filled(),
            );
            lower.set_margin(middle, edge, 0, 0);
            chart.draw_series([upper, lower])?;
            // The interval, through the middle of the lower bar.
            let dy = (0.2 * row) as i32;
            let whisker = INK.stroke_width(2);
            chart.draw_series(std::iter::once(
                EmptyElement::at((lo, SegmentValue::CenterOf(k)))
                    + PathElement::new(vec![(0, dy), (width, dy)], whisker)
                    + PathElement::new(vec![(0, dy - 5), (0, dy + 5)], whisker)
                    + PathElement::new(vec![(width, dy - 5), (width, dy + 5)], whisker),
            ))?;
            chart.draw_series(std::iter::once(
                EmptyElement::at((hi.max(100.0 * all.probability), SegmentValue::CenterOf(k)))
                    + Text::new(
                        format!("{:.1} % / {:.1} %", 100.0 * all.probability, 100.0 * given.probability),
                        (12, 0),
                        left(font(12.0)),
                    ),
            ))?;
        }
        Ok(())
    })
}
