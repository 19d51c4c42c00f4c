//! A comparison as a self-contained page: a forest plot of the paired
//! differences B - A, each with its paired 95 % interval and, fainter, the
//! interval two independent runs of the same size would have had (the
//! noise that common random numbers take away); then the table.

use super::{Area, Drawn, Key, Td, category, legend};
use super::{BAR, GRID, INK, MUTED, WIDTH, clean, esc, font, frame, head, house_style, left, next, svg, tr};
use crate::report::cells::{pct, signed};
use crate::results::{Comparison, DiffRow, MeasureKind};
use plotters::prelude::*;
use std::fmt::Write;

/// The page.
pub fn compare_page(c: &Comparison) -> String {
    let mut out = String::new();
    let title = format!("negsim compare: {} against {}", c.b.scenario, c.a.scenario);
    head(&mut out, &title, c.negsim);
    let side = |label: &crate::results::ScenarioLabel| {
        let mut s = format!("{} (<code>{}</code>)", esc(&label.scenario), esc(&label.file));
        if !label.overrides.is_empty() {
            let sets: Vec<String> = label.overrides.iter().map(|o| format!("<code>{}</code>", esc(o))).collect();
            let _ = write!(s, " with {}", sets.join(", "));
        }
        s
    };
    let _ = writeln!(
        out,
        "<p class=\"meta\">A: {}<br/>B: {}</p>\n<p class=\"meta\">{} trials each · seed <code>{}</code> · {} · negsim {}</p>\n</header>",
        side(&c.a),
        side(&c.b),
        c.trials,
        c.seed,
        match &c.as_of {
            None => "common random numbers: trial i of A and trial i of B draw the same numbers".to_string(),
            Some(a) => format!(
                "forecasts as of {}: each side kept where it agrees with the record ({} of {} for A, {} of {} for B), \
                 so the intervals are those of independent samples",
                esc(&a.date),
                a.a_kept,
                a.a_drawn,
                a.b_kept,
                a.b_drawn
            ),
        },
        esc(c.negsim)
    );
    let shares: Vec<&DiffRow> = c.rows.iter().filter(|r| r.kind == MeasureKind::Share).collect();
    out.push_str("<section id=\"chart\">\n<h2>What changes</h2>\n<figure>\n");
    out.push_str(&forest_svg(&shares));
    out.push_str(
        "<figcaption>B - A for each share, in percentage points: the dot is the difference, the dark bar its paired \
         95 % interval, the light bar the interval two independent runs of the same size would give. A dark bar that \
         does not cross zero is a difference the trials can tell apart from noise.</figcaption>\n</figure>\n</section>\n",
    );
    out.push_str(
        "<section id=\"table\">\n<h2>Every measure</h2>\n<table>\n<thead><tr><th>measure</th><th class=\"num\">A</th>\
         <th class=\"num\">B</th><th class=\"num\">B - A</th><th class=\"num\">95 % interval (paired)</th>\
         <th class=\"num\">95 % interval (independent)</th></tr></thead>\n<tbody>\n",
    );
    for r in &c.rows {
        let (a, b, diff, paired, independent) = match r.kind {
            MeasureKind::Share => (
                pct(r.a),
                pct(r.b),
                format!("{} pp", signed(100.0 * r.diff, 2)),
                format!("[{}, {}] pp", signed(100.0 * r.ci95[0], 2), signed(100.0 * r.ci95[1], 2)),
                format!(
                    "[{}, {}] pp",
                    signed(100.0 * r.ci95_independent[0], 2),
                    signed(100.0 * r.ci95_independent[1], 2)
                ),
            ),
            MeasureKind::Mean => (
                format!("{:.2}", r.a),
                format!("{:.2}", r.b),
                signed(r.diff, 2),
                format!("[{}, {}]", signed(r.ci95[0], 2), signed(r.ci95[1], 2)),
                format!("[{}, {}]", signed(r.ci95_independent[0], 2), signed(r.ci95_independent[1], 2)),
            ),
        };
        let name = match r.number {
            Some(n) => format!("{n} {}", r.measure),
            None => r.measure.clone(),
        };
        tr(
            &mut out,
            &[Td::Code(&name), Td::Num(&a), Td::Num(&b), Td::Num(&diff), Td::Num(&paired), Td::Num(&independent)],
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n</body>\n</html>\n");
    out
}

/// Light blue for the independent interval: the bar colour, faded.
const FAINT: RGBColor = RGBColor(0xB4, 0xC9, 0xDD);

/// The forest plot of the share rows, first row on top.
fn forest_svg(rows: &[&DiffRow]) -> String {
    let n = rows.len();
    let title = "Paired differences B - A, with their 95 % intervals";
    let height = 50 + 34 * n.max(1) as u32 + 70;
    svg(WIDTH, height, title, |root| {
        let (top, plot) = root.split_vertically(50);
        legend(
            &top,
            20,
            &[
                (Key::Bar(BAR), "paired 95 % interval".into()),
                (Key::Bar(FAINT), "independent runs' 95 % interval".into()),
            ],
        )?;
        draw_forest(&plot, rows)
    })
}

fn draw_forest(plot: &Area, rows: &[&DiffRow]) -> Drawn {
    let n = rows.len();
    if n == 0 {
        return Ok(());
    }
    let last = n as i32 - 1;
    // A range symmetric about zero, wide enough for every interval.
    let reach = rows
        .iter()
        .flat_map(|r| [r.ci95[0], r.ci95[1], r.ci95_independent[0], r.ci95_independent[1]])
        .map(|x| (100.0 * x).abs())
        .fold(0.1, f64::max);
    let edge = nice(reach * 1.1);
    let names: Vec<String> = (0..n)
        .map(|k| {
            let r = rows[n - 1 - k];
            clean(&match r.number {
                Some(number) => format!("{number} {}", r.measure),
                None => r.measure.clone(),
            })
        })
        .collect();
    let mut chart = frame(plot, 55, 220, 30).build_cartesian_2d(-edge..edge, (0..last.max(1)).into_segmented())?;
    house_style(chart.configure_mesh().disable_y_mesh())
        .x_desc("B - A (percentage points)")
        .y_desc("measure")
        .x_labels(9)
        .x_label_formatter(&|v| if v.abs() < 1e-9 { "0".into() } else { format!("{} pp", signed(*v, 1)) })
        .y_labels(n)
        .y_label_formatter(&|v| category(v, &names))
        .draw()?;
    let zero = next(0, last);
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, SegmentValue::Exact(0)), (0.0, zero)],
        GRID.stroke_width(1),
    )))?;
    for (i, r) in rows.iter().enumerate() {
        let k = last - i as i32;
        let c = SegmentValue::CenterOf(k);
        let (lo_i, hi_i) = (100.0 * r.ci95_independent[0], 100.0 * r.ci95_independent[1]);
        let (lo, hi) = (100.0 * r.ci95[0], 100.0 * r.ci95[1]);
        let mut faint = Rectangle::new([(lo_i, SegmentValue::Exact(k)), (hi_i, next(k, last))], FAINT.filled());
        faint.set_margin(11, 11, 0, 0);
        let mut paired = Rectangle::new([(lo, SegmentValue::Exact(k)), (hi, next(k, last))], BAR.filled());
        paired.set_margin(8, 8, 0, 0);
        chart.draw_series([faint, paired])?;
        chart.draw_series(std::iter::once(Circle::new((100.0 * r.diff, c.clone()), 4, INK.filled())))?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((hi.max(hi_i), c))
                + Text::new(format!("{} pp", signed(100.0 * r.diff, 2)), (8, 0), left(font(12.0)).color(&MUTED)),
        ))?;
    }
    Ok(())
}

/// A round number at least `x` (1, 2 or 5 times a power of ten).
fn nice(x: f64) -> f64 {
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * p).find(|&v| v >= x).unwrap_or(10.0 * p)
}
