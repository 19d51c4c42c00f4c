//! A sweep as a self-contained page: for one parameter, a line per outcome
//! over its values; for a grid of two, a heat map of each measure over the
//! two; then the table of every point.

use super::{Area, Drawn, Td, category, legend};
use super::{BAR, INK, MUTED, WIDTH, clean, esc, font, frame, head, house_style, next, pct_tick, svg, tr};
use crate::report::cells::pct;
use crate::results::{Sweep, SweepRow};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::fmt::Write;

/// One colour per outcome, 1 to 7, then the negotiated family (Paul Tol's
/// muted scheme, readable in print and by most colour-blind readers).
const OUTCOME_COLOURS: [RGBColor; 8] = [
    RGBColor(0x88, 0x22, 0x55),
    RGBColor(0xCC, 0x66, 0x77),
    RGBColor(0xDD, 0xCC, 0x77),
    RGBColor(0x11, 0x77, 0x33),
    RGBColor(0x33, 0x22, 0x88),
    RGBColor(0x88, 0xCC, 0xEE),
    RGBColor(0x44, 0xAA, 0x99),
    RGBColor(0x22, 0x22, 0x22),
];

/// The page.
pub fn sweep_page(s: &Sweep) -> String {
    let mut out = String::new();
    let title = format!("negsim sweep of {}: {}", s.key, s.scenario.scenario);
    head(&mut out, &title, s.negsim);
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} (<code>{}</code>) · {} trials per point · seed <code>{}</code> · common random \
         numbers: every point plays the same trials · negsim {}</p>\n</header>",
        esc(&s.scenario.scenario),
        esc(&s.scenario.file),
        s.trials,
        s.seed,
        esc(s.negsim)
    );
    let keys = s.parameters();
    out.push_str("<section id=\"chart\">\n");
    match keys.len() {
        1 => {
            out.push_str("<h2>Outcomes over the values</h2>\n<figure>\n");
            out.push_str(&lines_svg(s));
            out.push_str(
                "<figcaption>Each outcome's share of trials, and the negotiated family's (5-7, dashed), at each \
                 value of the parameter. The values are spaced evenly, in the order given.</figcaption>\n</figure>\n",
            );
        }
        2 => {
            out.push_str("<h2>Heat maps over the grid</h2>\n");
            for (m, measure) in measures(s).iter().enumerate() {
                out.push_str("<figure>\n");
                out.push_str(&heat_svg(s, m, measure));
                let _ = writeln!(
                    out,
                    "<figcaption>{}: its share of trials at each point of the grid (darker is more).</figcaption>\n</figure>",
                    esc(measure)
                );
            }
        }
        _ => {
            let _ = writeln!(
                out,
                "<p class=\"meta\">A grid of {} parameters is shown as a table; charts are drawn for one parameter \
                 (lines) or two (heat maps).</p>",
                keys.len()
            );
        }
    }
    out.push_str("</section>\n<section id=\"table\">\n<h2>Every point</h2>\n<table>\n<thead><tr>");
    for k in &keys {
        let _ = write!(out, "<th><code>{}</code></th>", esc(k));
    }
    for m in measures(s) {
        let _ = write!(out, "<th class=\"num\">{}</th>", esc(&m));
    }
    out.push_str("<th class=\"num\">meetings</th></tr></thead>\n<tbody>\n");
    for row in &s.rows {
        let point = row.point();
        let figures: Vec<String> = row.estimates.iter().map(|e| pct(e.probability)).collect();
        let meetings = format!("{:.2}", row.meetings_mean);
        let mut cells: Vec<Td> = point.iter().map(|v| Td::Code(v)).collect();
        cells.extend(figures.iter().map(|f| Td::Num(f)));
        cells.push(Td::Num(&meetings));
        tr(&mut out, &cells);
    }
    out.push_str("</tbody>\n</table>\n</section>\n</body>\n</html>\n");
    out
}

/// The measures of every row, in order (the outcomes, then negotiated,
/// signed, in force).
fn measures(s: &Sweep) -> Vec<String> {
    s.rows.first().map(|r| r.estimates.iter().map(|e| e.measure.clone()).collect()).unwrap_or_default()
}

/// Percent share of measure `m` in a row (0 when absent).
fn share(row: &SweepRow, m: usize) -> f64 {
    row.estimates.get(m).map_or(0.0, |e| 100.0 * e.probability)
}

/// One parameter: a line per outcome, and the negotiated family dashed.
fn lines_svg(s: &Sweep) -> String {
    let title = format!("Outcomes over {}", s.key);
    let n = s.rows.len();
    let names: Vec<String> = s.rows.iter().map(|r| r.value.clone()).collect();
    let measures = measures(s);
    let top = s.rows.iter().flat_map(|r| (0..8).map(move |m| share(r, m))).fold(0.0, f64::max);
    let ymax = super::nice_max((top * 1.15).max(5.0));
    svg(WIDTH, 460, &title, |root| {
        let (head, plot) = root.split_vertically(60);
        let items: Vec<(super::Key, String)> = measures
            .iter()
            .take(8)
            .enumerate()
            .map(|(m, name)| (super::Key::Line(OUTCOME_COLOURS[m]), short_name(m, name)))
            .collect();
        // Two rows of four: one row would run off the chart.
        let (first, second) = items.split_at(items.len().min(4));
        let (top_row, bottom_row) = head.split_vertically(30);
        legend(&top_row, 20, first)?;
        if !second.is_empty() {
            legend(&bottom_row, 20, second)?;
        }
        let last = (n as i32 - 1).max(1);
        let mut chart = frame(&plot, 60, 80, 30).build_cartesian_2d(0..last, 0f64..ymax)?;
        house_style(chart.configure_mesh().disable_x_mesh())
            .x_desc(clean(&s.key))
            .y_desc("share of trials (%)")
            .x_labels(n.min(20))
            .x_label_formatter(&|i| names.get(*i as usize).cloned().unwrap_or_default())
            .y_labels(8)
            .y_label_formatter(&|v| pct_tick(*v))
            .draw()?;
        for (m, &colour) in OUTCOME_COLOURS.iter().enumerate().take(measures.len()) {
            let points: Vec<(i32, f64)> = s.rows.iter().enumerate().map(|(i, r)| (i as i32, share(r, m))).collect();
            if m == 7 {
                chart.draw_series(DashedLineSeries::new(points.clone(), 8, 5, colour.stroke_width(2)))?;
            } else {
                chart.draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))?;
            }
            chart.draw_series(points.into_iter().map(|p| Circle::new(p, 3, colour.filled())))?;
        }
        Ok(())
    })
}

/// A legend label: the outcome's number and id, or the measure.
fn short_name(m: usize, name: &str) -> String {
    if m < 7 { format!("{} {name}", m + 1) } else { name.to_string() }
}

/// Two parameters: the share of measure `m` at each point, as the shade of
/// a cell with its value printed in it; the first parameter across, the
/// second up.
fn heat_svg(s: &Sweep, m: usize, measure: &str) -> String {
    let title = format!("{measure} over {}", s.key);
    let keys = s.parameters();
    let (xs, ys) = axis_values(s);
    let top = s.rows.iter().map(|r| share(r, m)).fold(0.0, f64::max).max(1e-9);
    // Tall enough for the second parameter's name along the y axis.
    let height = (140 + 40 * ys.len()).clamp(340, 700) as u32;
    svg(WIDTH.min(160 + 90 * xs.len() as u32).max(420), height, &title, |root| {
        let (head, plot) = root.split_vertically(30);
        head.draw(&Text::new(
            clean(&format!("{measure}: darkest = {}", pct(top / 100.0))),
            (30, 15),
            font(13.0).color(&MUTED).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        draw_heat(&plot, s, m, top, (&xs, &ys), (keys[0], keys.get(1).copied().unwrap_or("")))
    })
}

/// The values of the first and second parameter, in the order they first
/// appear.
fn axis_values(s: &Sweep) -> (Vec<String>, Vec<String>) {
    let mut xs: Vec<String> = Vec::new();
    let mut ys: Vec<String> = Vec::new();
    for r in &s.rows {
        let p = r.point();
        if let Some(x) = p.first().filter(|x| !xs.iter().any(|v| v == *x)) {
            xs.push(x.to_string());
        }
        if let Some(y) = p.get(1).filter(|y| !ys.iter().any(|v| v == *y)) {
            ys.push(y.to_string());
        }
    }
    (xs, ys)
}

fn draw_heat(plot: &Area, s: &Sweep, m: usize, top: f64, axes: (&[String], &[String]), keys: (&str, &str)) -> Drawn {
    let (xs, ys) = axes;
    let (last_x, last_y) = (xs.len() as i32 - 1, ys.len() as i32 - 1);
    let mut chart = frame(plot, 55, 110, 20)
        .build_cartesian_2d((0..last_x.max(1)).into_segmented(), (0..last_y.max(1)).into_segmented())?;
    house_style(chart.configure_mesh().disable_mesh())
        .x_desc(clean(keys.0))
        .y_desc(clean(keys.1))
        .x_labels(xs.len())
        .y_labels(ys.len())
        .x_label_formatter(&|v| category(v, xs))
        .y_label_formatter(&|v| category(v, ys))
        .draw()?;
    for r in &s.rows {
        let p = r.point();
        let (Some(i), Some(j)) = (
            p.first().and_then(|x| xs.iter().position(|v| v == x)),
            p.get(1).and_then(|y| ys.iter().position(|v| v == y)),
        ) else {
            continue;
        };
        let (i, j) = (i as i32, j as i32);
        let v = share(r, m);
        let t = (v / top).clamp(0.0, 1.0);
        let mix = |c: u8| (255.0 - t * (255.0 - f64::from(c))).round() as u8;
        let fill = RGBColor(mix(BAR.0), mix(BAR.1), mix(BAR.2));
        let corner = (SegmentValue::Exact(i), SegmentValue::Exact(j));
        let far = (next(i, last_x.max(1)), next(j, last_y.max(1)));
        chart.draw_series(std::iter::once(Rectangle::new([corner, far], fill.filled())))?;
        let ink = if t > 0.55 { WHITE } else { INK };
        chart.draw_series(std::iter::once(Text::new(
            pct(v / 100.0),
            (SegmentValue::CenterOf(i), SegmentValue::CenterOf(j)),
            font(13.0).color(&ink).pos(Pos::new(HPos::Center, VPos::Center)),
        )))?;
    }
    Ok(())
}
