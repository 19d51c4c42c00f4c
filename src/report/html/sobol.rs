//! `negsim sobol --chart`: the Sobol indices as bars, one pair per
//! uncertain coefficient (first-order above, total below), each with its
//! bootstrap interval. The one-at-a-time tornado answers "what if this one
//! moves"; this chart answers "how much of the spread is this one's", so
//! the two sit side by side in a write-up.

use super::{
    Area, Bars, Drawn, HIGH, Key, LOW, WIDTH, bold, chart_header, clean, font, left, legend, next, pixel_whisker, svg,
};
use crate::results::Sobol;
use plotters::prelude::*;

/// The chart, standalone, titled with the target, scenario, design and seed.
pub fn sobol_svg(s: &Sobol) -> String {
    let title =
        format!("Sobol indices of the {} over the uncertain coefficients, scenario {}", s.target, s.scenario.scenario);
    if s.rows.is_empty() {
        return super::message_svg(&title, "No uncertain coefficient: nothing to attribute.");
    }
    let n = s.rows.len();
    // Rows top to bottom in the result's order (largest total first);
    // plotters counts segments from the bottom.
    let names: Vec<String> = (0..n).map(|k| clean(&s.rows[n - 1 - k].key)).collect();
    let label_width = names.iter().map(|l| super::text_width(l, 12.5)).max().unwrap_or(0).clamp(120, 420) as u32 + 50;
    let ends = s
        .rows
        .iter()
        .flat_map(|r| [r.first_ci95[0], r.first_ci95[1], r.total_ci95[0], r.total_ci95[1], r.first, r.total]);
    let (lo, hi) = ends.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    // Percent of the variance, from 0 (or a little below, where a
    // first-order estimate is negative) to a little past the largest end.
    let (xlo, xhi) = ((100.0 * lo - 2.0).clamp(-50.0, 0.0), (100.0 * hi * 1.08 + 2.0).clamp(10.0, 150.0));
    let head = 96;
    let height = head + 44 * n as u32 + 75;
    svg(WIDTH, height, &title, |root| {
        let (top, plot) = root.split_vertically(head);
        let run = format!(
            "{} samples × ({} coefficients + 2) = {} runs of {} trials · seed {} · {} bootstrap resamples · negsim {}",
            s.samples, n, s.runs, s.trials, s.seed, s.resamples, s.negsim
        );
        chart_header(&top, &format!("Sobol indices of the {}", s.target), &s.scenario, run)?;
        let (_, legend_strip) = top.split_vertically(head as i32 - 50);
        legend(
            &legend_strip,
            20,
            &[
                (Key::Bar(LOW), "first-order: its share alone".into()),
                (Key::Bar(HIGH), "total: with its interactions".into()),
                (Key::Whisker, "95 % bootstrap interval".into()),
            ],
        )?;
        draw_rows(root, &plot, s, &names, label_width, xlo..xhi)
    })
}

fn draw_rows(
    root: &Area,
    plot: &Area,
    s: &Sobol,
    names: &[String],
    label_width: u32,
    x: std::ops::Range<f64>,
) -> Drawn {
    let n = s.rows.len();
    let last = n as i32 - 1;
    let mut chart = Bars {
        x: x.clone(),
        names,
        label_width,
        margin_right: 120,
        x_desc: clean(&format!("share of the variance of the {} (%)", s.target)),
        y_desc: "uncertain coefficient",
        x_labels: 10,
    }
    .draw(plot)?;
    let clip = |v: f64| (100.0 * v).clamp(x.start, x.end);
    for (i, r) in s.rows.iter().enumerate() {
        let k = last - i as i32;
        // First-order in the upper half of the row, total in the lower.
        let mut first =
            Rectangle::new([(0.0, SegmentValue::CenterOf(k)), (clip(r.first), next(k, last))], LOW.filled());
        first.set_margin(5, 1, 0, 0);
        let mut total =
            Rectangle::new([(0.0, SegmentValue::Exact(k)), (clip(r.total), SegmentValue::CenterOf(k))], HIGH.filled());
        total.set_margin(1, 5, 0, 0);
        chart.draw_series([first, total])?;
        let (_, y_mid) = chart.backend_coord(&(0.0, SegmentValue::CenterOf(k)));
        let (_, y_top) = chart.backend_coord(&(0.0, next(k, last)));
        let (_, y_bottom) = chart.backend_coord(&(0.0, SegmentValue::Exact(k)));
        for (ci, y) in [(r.first_ci95, (y_mid + y_top) / 2), (r.total_ci95, (y_mid + y_bottom) / 2)] {
            let (x0, _) = chart.backend_coord(&(clip(ci[0]), SegmentValue::CenterOf(k)));
            let (x1, _) = chart.backend_coord(&(clip(ci[1]), SegmentValue::CenterOf(k)));
            pixel_whisker(root, x0, x1, y, 5)?;
        }
        let (x_end, _) = chart.backend_coord(&(x.end, SegmentValue::CenterOf(k)));
        root.draw(&Text::new(format!("{:.2} / {:.2}", r.first, r.total), (x_end + 10, y_mid), left(font(12.0))))?;
    }
    let (x_end, y_top) = chart.backend_coord(&(x.end, SegmentValue::Last));
    root.draw(&Text::new("first / total", (x_end + 10, y_top - 10), left(bold(12.0))))?;
    Ok(())
}
