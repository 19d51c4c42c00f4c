//! The backtest as a self-contained page: the chart of the model's
//! forecasts over the forecast dates, with the platforms' beside them, and
//! the score, forecast and calibration tables.

use super::{BAR, HIGH, Key, LOW, MUTED, PRIOR, TACTIC, clean, esc, frame, head, house_style, legend, svg};
use super::{Td, WIDTH, font, left, pct_tick, tr};
use crate::report::cells::{pct, scores};
use crate::results::Backtest;
use plotters::prelude::*;
use std::fmt::Write;

const COLOURS: [RGBColor; 5] = [BAR, PRIOR, TACTIC, HIGH, LOW];

/// The page.
pub fn backtest_page(b: &Backtest) -> String {
    let mut out = String::new();
    let title = format!("negsim backtest: {}", b.scenario);
    head(&mut out, &title, b.negsim);
    let _ = writeln!(
        out,
        "<p class=\"meta\">Forecast dates {} · {} trials kept per date (conditioned on the record up to the date, as \
         <code>--as-of</code> does) · seed <code>{}</code> · base rate {:.3} comprehensive ceasefires a year · negsim {}</p>\n</header>",
        esc(&b.dates.iter().map(|d| d.date.as_str()).collect::<Vec<_>>().join(", ")),
        b.accepted_per_date,
        b.seed,
        b.base_rate_per_year,
        esc(b.negsim)
    );
    out.push_str("<section id=\"chart\">\n<h2>The model's forecasts, date by date</h2>\n<figure>\n");
    out.push_str(&chart(b));
    out.push_str(
        "<figcaption>The model's probability of each resolved question on each forecast date (lines), and the \
         forecasts platforms published in the month before a date (points, in the question's colour). Every \
         question here resolved no: lower was better.</figcaption>\n</figure>\n</section>\n",
    );
    out.push_str(
        "<section id=\"scores\">\n<h2>Scores</h2>\n<p class=\"meta\">Mean Brier score and log loss (lower is \
                  better). Each platform is scored on the pairs where it forecast, with the model and the base rate on \
                  the same pairs beside it.</p>\n<table>\n<thead><tr><th>forecaster</th><th class=\"num\">pairs</th>\
                  <th class=\"num\">Brier</th><th class=\"num\">log loss</th><th class=\"num\">model: Brier</th>\
                  <th class=\"num\">model: log loss</th><th class=\"num\">base rate: Brier</th>\
                  <th class=\"num\">base rate: log loss</th></tr></thead>\n<tbody>\n",
    );
    for s in &b.scores {
        let (pairs, figures) = (s.pairs.to_string(), scores(s));
        let mut cells = vec![Td::Text(&s.forecaster), Td::Num(&pairs)];
        cells.extend(figures.iter().map(|x| Td::Num(x)));
        tr(&mut out, &cells);
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    out.push_str(
        "<section id=\"calibration\">\n<h2>Calibration of the model</h2>\n<table>\n<thead><tr><th>forecast</th>\
                  <th class=\"num\">pairs</th><th class=\"num\">mean forecast</th><th class=\"num\">observed</th></tr>\
                  </thead>\n<tbody>\n",
    );
    for c in &b.calibration {
        tr(
            &mut out,
            &[
                Td::Text(&format!("{:.0}-{:.0} %", 100.0 * c.low, 100.0 * c.high)),
                Td::Num(&c.pairs.to_string()),
                Td::Num(&c.mean_forecast.map_or_else(|| "-".into(), pct)),
                Td::Num(&c.observed.map_or_else(|| "-".into(), pct)),
            ],
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    if !b.open.is_empty() {
        out.push_str("<section id=\"open\">\n<h2>Open questions</h2>\n<table>\n<thead><tr><th>question</th>\
                      <th>model as of</th><th class=\"num\">model</th><th>latest published</th></tr></thead>\n<tbody>\n");
        for o in &b.open {
            let latest = o
                .latest
                .as_ref()
                .map_or_else(String::new, |f| format!("{} {} ({})", f.platform, pct(f.probability), f.observed));
            tr(
                &mut out,
                &[
                    Td::Text(&b.questions[o.question].label),
                    Td::Text(&o.as_of),
                    Td::Num(&pct(o.model)),
                    Td::Text(&latest),
                ],
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Model probability by forecast date, a line per resolved question, and
/// the platforms' forecasts as points.
fn chart(b: &Backtest) -> String {
    let title = "The model's forecasts of the resolved questions by forecast date, with the platforms'";
    let dates: Vec<&str> = b.dates.iter().map(|d| d.date.as_str()).collect();
    let questions: Vec<usize> = {
        let mut q: Vec<usize> = b.pairs.iter().map(|p| p.question).collect();
        q.sort_unstable();
        q.dedup();
        q
    };
    let top = b
        .pairs
        .iter()
        .flat_map(|p| std::iter::once(p.model).chain(p.platforms.iter().map(|f| f.probability)))
        .fold(0.05_f64, f64::max);
    let ymax = (100.0 * top * 1.15).min(100.0);
    let last = dates.len().saturating_sub(1).max(1) as i32;
    svg(WIDTH, 460, title, |root| {
        let (head, plot) = root.split_vertically(44 + 22 * questions.len().div_ceil(2) as u32);
        let items: Vec<(Key, String)> = questions
            .iter()
            .enumerate()
            .map(|(i, &q)| (Key::Line(COLOURS[i % COLOURS.len()]), b.questions[q].label.clone()))
            .collect();
        for (row, pair) in items.chunks(2).enumerate() {
            let (_, strip) = head.split_vertically(22 * row as u32);
            let (strip, _) = strip.split_vertically(40);
            legend(&strip, 20, pair)?;
        }
        let mut chart = frame(&plot, 60, 70, 30).build_cartesian_2d(0..last, 0f64..ymax)?;
        house_style(chart.configure_mesh().disable_x_mesh())
            .x_desc("forecast date")
            .y_desc("probability (%)")
            .x_labels(dates.len())
            .x_label_formatter(&|i| dates.get(*i as usize).map(|d| d.to_string()).unwrap_or_default())
            .y_labels(8)
            .y_label_formatter(&|v| pct_tick(*v))
            .draw()?;
        for (i, &q) in questions.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            let points: Vec<(i32, f64)> = b
                .pairs
                .iter()
                .filter(|p| p.question == q)
                .filter_map(|p| dates.iter().position(|d| *d == p.date).map(|x| (x as i32, 100.0 * p.model)))
                .collect();
            chart.draw_series(LineSeries::new(points.clone(), colour.stroke_width(3)))?;
            chart.draw_series(points.iter().map(|&(x, y)| Circle::new((x, y), 3, colour.filled())))?;
            for p in b.pairs.iter().filter(|p| p.question == q) {
                let Some(x) = dates.iter().position(|d| *d == p.date) else { continue };
                for f in &p.platforms {
                    let y = 100.0 * f.probability;
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(x as i32, y), (x as i32, y)],
                        ShapeStyle::from(&colour).stroke_width(7),
                    )))?;
                    chart.draw_series(std::iter::once(Text::new(
                        clean(&format!("{} {}", f.platform, pct(f.probability))),
                        (x as i32, y),
                        left(font(11.0).color(&MUTED)),
                    )))?;
                }
            }
        }
        Ok(())
    })
}
