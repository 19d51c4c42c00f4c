//! The report's section for `--uncertain R`: each outcome's share as the
//! file has it, with its Monte Carlo interval, beside the spread across
//! replicates that draw the `[uncertain]` coefficients. The two intervals
//! answer different questions (how sure the simulation is of its own
//! figure, and how much the figure moves when the assumptions do), so the
//! chart draws both on each row.

use super::{Bars, INK, Key, PRIOR, Td, WIDTH, clean, esc, figure, font, left, legend, next, pixel_whisker, svg, tr};
use crate::report::cells::pct;
use crate::results::{SpreadRow, Summary, UncertaintyReport};
use plotters::prelude::*;
use std::fmt::Write;

/// The section, when the run played replicates.
pub(super) fn uncertainty_section(out: &mut String, s: &Summary) {
    let Some(u) = &s.uncertainty else { return };
    let _ = writeln!(
        out,
        "<section id=\"uncertainty\">\n<h2>Uncertainty over assumptions</h2>\n<p class=\"meta\">{} replicates, each \
         drawing the {} <code>[uncertain]</code> coefficients once and playing {} trials on the run's seed. The \
         Monte Carlo interval says how sure the run is of its figure; the replicates' 5th to 95th percentile, how \
         far the figure moves when the assumptions do.</p>",
        u.replicates,
        u.coefficients.len(),
        u.trials
    );
    figure(
        out,
        &spread_svg(u),
        "Bars: each outcome's share with the file's values; thin whiskers: its 95 % Monte Carlo interval; wide \
         band: the 5th to 95th percentile over the replicates, with a dot at their median.",
    );
    out.push_str(
        "<table>\n<thead><tr><th>share</th><th class=\"num\">simulated</th><th class=\"num\">95 % interval (MC)</th>\
         <th class=\"num\">replicates p5</th><th class=\"num\">median</th><th class=\"num\">p95</th></tr></thead>\n\
         <tbody>\n",
    );
    for r in &u.rows {
        let mc = format!("{} – {}", pct(r.ci95[0]), pct(r.ci95[1]));
        let (sim, p05, p50, p95) = (pct(r.probability), pct(r.p05), pct(r.p50), pct(r.p95));
        tr(out, &[Td::Code(&name(r)), Td::Num(&sim), Td::Num(&mc), Td::Num(&p05), Td::Num(&p50), Td::Num(&p95)]);
    }
    out.push_str("</tbody>\n</table>\n<p class=\"meta\">The coefficients and their distributions: ");
    let list: Vec<String> =
        u.coefficients.iter().map(|c| format!("<code>{}</code> {}", esc(&c.key), esc(&c.distribution))).collect();
    out.push_str(&list.join("; "));
    out.push_str(".</p>\n</section>\n");
}

/// A row's label: `3 russian-breakthrough`, `negotiated (5-7)`, `signed`.
fn name(r: &SpreadRow) -> String {
    match r.kind {
        "outcome" => format!("{} {}", r.number, r.id),
        "family" => format!("{} ({})", r.id, r.number),
        _ => r.id.clone(),
    }
}

/// The outcomes' rows, first outcome on top.
fn spread_svg(u: &UncertaintyReport) -> String {
    let rows: Vec<&SpreadRow> = u.rows.iter().filter(|r| r.kind == "outcome").collect();
    let n = rows.len();
    let title = "Outcome shares: Monte Carlo interval and spread over the uncertain assumptions";
    if n == 0 {
        return super::message_svg(title, "No outcome rows to draw.");
    }
    let last = n as i32 - 1;
    let names: Vec<String> = (0..n).map(|k| clean(&name(rows[n - 1 - k]))).collect();
    let top_end = rows.iter().map(|r| 100.0 * r.p95.max(r.ci95[1])).fold(0.0, f64::max);
    let x_end = ((top_end * 1.1 / 10.0).ceil() * 10.0).clamp(10.0, 100.0);
    let height = 50 + 40 * n as u32 + 75;
    svg(WIDTH, height, title, |root| {
        let (top, plot) = root.split_vertically(50);
        legend(
            &top,
            20,
            &[
                (Key::Bar(super::BAR), "share, file's values".into()),
                (Key::Whisker, "95 % MC interval".into()),
                (Key::Bar(PRIOR), "replicates p5-p95".into()),
            ],
        )?;
        let mut chart = Bars {
            x: 0.0..x_end,
            names: &names,
            label_width: 230,
            margin_right: 130,
            x_desc: "share of trials (%)".into(),
            y_desc: "outcome",
            x_labels: 10,
        }
        .draw(&plot)?;
        for (i, r) in rows.iter().enumerate() {
            let k = last - i as i32;
            let c = SegmentValue::CenterOf(k);
            let mut bar = Rectangle::new(
                [(0.0, SegmentValue::Exact(k)), (100.0 * r.probability, next(k, last))],
                super::BAR.filled(),
            );
            bar.set_margin(12, 12, 0, 0);
            chart.draw_series(std::iter::once(bar))?;
            let (_, y) = chart.backend_coord(&(0.0, c.clone()));
            let (x05, _) = chart.backend_coord(&(100.0 * r.p05, c.clone()));
            let (x95, _) = chart.backend_coord(&(100.0 * r.p95, c.clone()));
            let (x50, _) = chart.backend_coord(&(100.0 * r.p50, c.clone()));
            // The replicates' band under the Monte Carlo whisker, so the
            // narrower interval stays visible on top of the wider one.
            root.draw(&Rectangle::new([(x05, y - 4), (x95.max(x05 + 1), y + 4)], PRIOR.mix(0.85).filled()))?;
            root.draw(&Circle::new((x50, y), 4, PRIOR.filled()))?;
            root.draw(&Circle::new((x50, y), 4, INK.stroke_width(1)))?;
            let (lo, _) = chart.backend_coord(&(100.0 * r.ci95[0], c.clone()));
            let (hi, _) = chart.backend_coord(&(100.0 * r.ci95[1], c.clone()));
            pixel_whisker(root, lo, hi, y, 8)?;
            let (x_label, _) = chart.backend_coord(&(x_end, c));
            root.draw(&Text::new(format!("{} – {}", pct(r.p05), pct(r.p95)), (x_label + 10, y), left(font(12.0))))?;
        }
        Ok(())
    })
}
