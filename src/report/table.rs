//! Aligned text for a terminal: what an analyst reads first.

use super::Export;
use super::cells::{num, pct, pp, scores, share_rows, signed};
use crate::results::{
    Backtest, BenchReport, CalibrationReport, Comparison, HistoryCheck, KeyReference, MeasureKind, ScenarioLabel,
    Sensitivity, Sobol, Summary, Sweep,
};
use crate::seeds::{self, OUTCOMES};
use std::fmt::Write;

/// Text table output.
pub struct Table;

/// `text` cut to at most `max` characters at a word boundary, with an
/// ellipsis when something was cut.
fn cut_at_word(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max - 1).collect();
    let end = head.rfind(' ').filter(|&i| i > max / 2).unwrap_or(head.len());
    format!("{}…", head[..end].trim_end_matches([',', ';', ':', ' ']))
}

impl Export<Summary> for Table {
    fn export(&self, s: &Summary) -> String {
        let mut out = String::new();
        let _ =
            writeln!(out, "negsim {} · {} ({}) · {} trials · seed {}", s.negsim, s.scenario, s.file, s.trials, s.seed);
        let _ = writeln!(
            out,
            "from {} to {} · {}",
            s.start,
            s.horizon,
            if s.central_drivers { "drivers fixed at their central values" } else { "drivers drawn per trial" }
        );
        if !s.overrides.is_empty() {
            let _ = writeln!(out, "overrides: {}", s.overrides.join("  "));
        }
        if let Some(p) = &s.precision {
            let _ = if p.reached {
                writeln!(
                    out,
                    "precision reached: every outcome's 95% interval within ±{:.3} pp (target ±{:.3} pp) after {} trials",
                    100.0 * p.achieved,
                    100.0 * p.target,
                    s.trials
                )
            } else {
                writeln!(
                    out,
                    "precision NOT reached: the cap of {} trials was hit with the widest interval at ±{:.3} pp (target ±{:.3} pp); raise --trials",
                    p.cap,
                    100.0 * p.achieved,
                    100.0 * p.target
                )
            };
        }
        let _ = writeln!(out);
        out.push_str(&outcome_table(s));
        out.push_str(&uncertainty_section(s));
        out.push_str(&given_section(s));
        out.push_str(&ceasefire_section(s));
        out.push_str(&calendar_section(s));
        out.push_str(&meetings_section(s));
        out.push_str(&rules_section(s));
        out.push_str(&drivers_section(s));
        out.push_str(&moves_section(s));
        out.push_str(&move_effects_section(s));
        out
    }
}

fn outcome_table(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<28} {:>9} {:>9}  {:<17} {:>9}",
        format!("Outcome on {}", s.horizon),
        "published",
        "simulated",
        "95% interval",
        "diff"
    );
    for r in share_rows(s) {
        let label = if r.family { format!("  {} ({})", r.id, r.number) } else { format!("{} {}", r.number, r.id) };
        let _ = writeln!(
            out,
            "{:<28} {:>9} {:>9}  [{:>5}, {:>5}] %  {:>9}",
            label, r.published, r.simulated, r.interval[0], r.interval[1], r.diff
        );
    }
    out
}

fn ceasefire_section(s: &Summary) -> String {
    let mut out = String::new();
    let c = &s.ceasefire;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<12} signed {}   in force on {} {}   collapsed {}   past Ukraine's red line {}",
        "Ceasefire",
        pct(c.signed),
        s.horizon,
        pct(c.in_force),
        pct(c.collapsed),
        pct(c.above_red_line)
    );
    let _ = writeln!(
        out,
        "{:<12} draft reversed {}   US walked away {}   Russia mobilised {}   hybrid-war escalation {}",
        "",
        pct(c.reversed),
        pct(c.us_left),
        pct(c.mobilised),
        pct(c.hybrid)
    );
    if let Some(d) = &s.signing {
        let _ = writeln!(
            out,
            "{:<12} first signature: p10 {}   median {}   p90 {}   (signed trials)",
            "Signed", d.p10, d.p50, d.p90
        );
    }
    let durability = match (s.durability.collapsed_within_30_days, s.durability.median_days) {
        (None, _) => None,
        (Some(w), Some(m)) => Some(format!("{} collapse within 30 days; half hold {m:.0} days", pct(w))),
        (Some(w), None) => {
            Some(format!("{} collapse within 30 days; more than half still hold on the horizon", pct(w)))
        }
    };
    if let Some(d) = durability {
        let _ = writeln!(out, "{:<12} first ceasefires: {d}", "Durability");
    }
    if let Some(t) = &s.terms {
        let _ = writeln!(
            out,
            "{:<12} last ceasefire signed: p10 {:.0} %   median {:.0} %   p90 {:.0} % of Russia's maximal demands; {} past that trial's red line",
            "Terms",
            100.0 * t.p10,
            100.0 * t.p50,
            100.0 * t.p90,
            pct(t.past_red_line)
        );
    }
    out
}

fn calendar_section(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<12} {:>9} {:>9}   {:>5} {:>5} {:>5} {:>5}   meetings in the month",
        "Date", "signed by", "in force", "US-UA", "US-RU", "RU-UA", "tri"
    );
    for p in &s.calendar {
        let _ = writeln!(
            out,
            "{:<12} {:>9} {:>9}   {:>5.2} {:>5.2} {:>5.2} {:>5.2}",
            p.date,
            pct(p.signed_by),
            pct(p.in_force),
            p.meetings[0],
            p.meetings[1],
            p.meetings[2],
            p.meetings[3]
        );
    }
    let _ = writeln!(out, "{:<12} {:>9} {:>9}", s.horizon, pct(s.ceasefire.signed), pct(s.ceasefire.in_force));
    out
}

fn meetings_section(s: &Summary) -> String {
    let mut out = String::new();
    let m = &s.meetings;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<12} {:.1} per trial (median {}, p10 {}, p90 {})",
        "Meetings", m.per_trial, m.p50, m.p10, m.p90
    );
    let formats: Vec<String> = m
        .by_format
        .iter()
        .map(|f| {
            let hours = f.hours.map_or_else(String::new, |h| format!(", {h:.1} h"));
            format!("{} {:.1}{hours}", f.format, f.per_trial)
        })
        .collect();
    let _ = writeln!(out, "{:<12} {}", "", formats.join("   "));
    let t = &s.truces;
    let longest = match (t.longest_hours_p50, t.longest_hours_p90) {
        (Some(a), Some(b)) => format!("; the longest held: median {a} h, p90 {b} h"),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "{:<12} {:.2} per trial (holiday {:.2}, energy {:.2}); {} of trials declare one{longest}",
        "Truces",
        t.per_trial,
        t.holiday,
        t.energy,
        pct(t.trials_with_truce)
    );
    out
}

fn rules_section(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out);
    let _ = writeln!(out, "{:<6} {:<26} {:>9}  why", "Rule", "outcome", "trials");
    for r in &s.rules {
        let note = cut_at_word(&r.note, 72);
        let _ = writeln!(out, "{:<6} {:<26} {:>9}  {note}", r.rule, r.outcome, pct(r.share));
    }
    out
}

fn drivers_section(s: &Summary) -> String {
    if s.drivers.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Drivers: each outcome's share among the fifth of trials with the driver highest, minus the fifth lowest (pp)"
    );
    let _ = write!(out, "{:<20}", "driver");
    for o in &s.outcomes {
        let _ = write!(out, " {:>7}", o.number);
    }
    let _ = writeln!(out);
    for d in &s.drivers {
        let mut row = format!("{:<20}", d.id);
        for e in &d.effect {
            let mark = if e.ci95[0] > 0.0 || e.ci95[1] < 0.0 { "*" } else { " " };
            let _ = write!(row, " {:>6}{mark}", signed(100.0 * e.diff, 1));
        }
        let _ = writeln!(out, "{}", row.trim_end());
    }
    let _ = writeln!(out, "* the 95% interval of the difference excludes zero");
    out
}

fn moves_section(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out);
    let _ = writeln!(out, "{:<32} {:<8} {:>10} {:>12}", "Move", "actor", "uses/trial", "trials used");
    let mut off = Vec::new();
    for t in &s.tactics {
        if !t.active {
            off.push(t.id.as_str());
            continue;
        }
        let _ = writeln!(out, "{:<32} {:<8} {:>10.3} {:>12}", t.id, t.actor, t.per_trial, pct(t.share_of_trials));
    }
    if !off.is_empty() {
        let _ = writeln!(out, "not in play in this scenario (probability 0): {}", off.join(", "));
    }
    out
}

/// Which moves go with which outcomes, for the moves that happened in some
/// trials and not in others.
fn move_effects_section(s: &Summary) -> String {
    let rows: Vec<_> = s.tactics.iter().filter(|t| t.active && !t.effect.is_empty()).collect();
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Moves and outcomes: each outcome's share among trials in which the move happened, minus among those without it (pp)"
    );
    let _ = write!(out, "{:<32}", "move");
    for o in &s.outcomes {
        let _ = write!(out, " {:>7}", o.number);
    }
    let _ = writeln!(out);
    for t in rows {
        let mut row = format!("{:<32}", t.id);
        for e in &t.effect {
            let mark = if e.ci95[0] > 0.0 || e.ci95[1] < 0.0 { "*" } else { " " };
            let _ = write!(row, " {:>6}{mark}", signed(100.0 * e.diff, 1));
        }
        let _ = writeln!(out, "{}", row.trim_end());
    }
    let _ = writeln!(
        out,
        "* the 95% interval excludes zero. An association, not an effect: trials with more meetings have more chances for a move"
    );
    out
}

/// The conditioned distribution beside the unconditioned one.
fn given_section(s: &Summary) -> String {
    let Some(g) = &s.given else { return String::new() };
    let mut out = String::new();
    let _ = writeln!(out);
    if let Some(a) = &s.as_of {
        let _ = writeln!(
            out,
            "As of {}: {} of {} trials agree with the record ({}), effective sample size {}",
            a.date,
            g.accepted,
            g.drawn,
            pct(g.share),
            a.effective_sample_size
        );
        let _ = writeln!(out, "kept only trials with:");
        for c in &a.conditions {
            // Long lists of record ids: the first and the last.
            let ids: Vec<&str> = c.source.split(", ").collect();
            let source = match ids.as_slice() {
                [first, .., last] if ids.len() > 3 => format!("{first} … {last}"),
                _ => c.source.clone(),
            };
            let _ = writeln!(out, "  {:<66} {source}", c.what);
        }
        let _ = writeln!(out, "(as one --given expression: JSON `given.expression`)\n");
        let _ = writeln!(out, "Forecast from {} to {}:", a.date, s.horizon);
    } else {
        let _ = writeln!(
            out,
            "Given `{}`: {} of {} trials match ({}){}",
            g.expression,
            g.accepted,
            g.drawn,
            pct(g.share),
            match (g.requested, g.reached) {
                (Some(n), Some(true)) => format!(", drawn until {n} matched"),
                (Some(n), _) => format!(", {n} asked for: cap reached first"),
                _ => String::new(),
            }
        );
    }
    if let Some(c) = &g.summary {
        let _ = writeln!(
            out,
            "{:<28} {:>10} {:>9}  {:<20} {:>9}",
            "Outcome", "all trials", "given", "95% interval (given)", "change"
        );
        for (o, go) in s.outcomes.iter().zip(&c.outcomes) {
            let _ = writeln!(
                out,
                "{:<28} {:>10} {:>9}  [{:>5.1}, {:>5.1}] %     {:>9}",
                format!("{} {}", o.number, o.id),
                pct(o.probability),
                pct(go.probability),
                100.0 * go.ci95[0],
                100.0 * go.ci95[1],
                pp(go.probability - o.probability, 1)
            );
        }
        for (name, a, b) in [
            ("signed", s.ceasefire.signed, c.ceasefire.signed),
            ("in force", s.ceasefire.in_force, c.ceasefire.in_force),
        ] {
            let _ = writeln!(out, "  {:<26} {:>10} {:>9}  {:<20} {:>9}", name, pct(a), pct(b), "", pp(b - a, 1));
        }
        let _ =
            writeln!(out, "  {:<26} {:>10.2} {:>9.2}", "meetings (mean)", s.meetings.per_trial, c.meetings.per_trial);
        if let Some(a) = &s.as_of {
            // The dated forecast: from the as-of date on.
            let _ =
                writeln!(out, "\n{:<12} {:>20} {:>18} {:>18}", "Date", "signed by: all", "as of", "in force: as of");
            for (p, q) in s.calendar.iter().zip(&c.calendar).filter(|(p, _)| p.date.as_str() > a.date.as_str()) {
                let _ = writeln!(
                    out,
                    "{:<12} {:>20} {:>18} {:>18}",
                    p.date,
                    pct(p.signed_by),
                    pct(q.signed_by),
                    pct(q.in_force)
                );
            }
            let _ = writeln!(
                out,
                "{:<12} {:>20} {:>18} {:>18}",
                s.horizon,
                pct(s.ceasefire.signed),
                pct(c.ceasefire.signed),
                pct(c.ceasefire.in_force)
            );
        }
    }
    if let Some(w) = &g.warning {
        let _ = writeln!(out, "warning: {w}");
    }
    out
}

fn side(label: &str, s: &ScenarioLabel) -> String {
    let overrides =
        if s.overrides.is_empty() { String::new() } else { format!("   overrides: {}", s.overrides.join("  ")) };
    format!("{label}: {} ({}){overrides}\n", s.scenario, s.file)
}

impl Export<Comparison> for Table {
    fn export(&self, c: &Comparison) -> String {
        let mut out = match &c.as_of {
            None => format!(
                "negsim {} · compare · {} trials each · seed {} · common random numbers\n",
                c.negsim, c.trials, c.seed
            ),
            Some(k) => format!(
                "negsim {} · compare as of {} · seed {} · each side kept where it agrees with the record\n",
                c.negsim, k.date, c.seed
            ),
        };
        out += &side("A", &c.a);
        out += &side("B", &c.b);
        if let Some(k) = &c.as_of {
            let _ = writeln!(
                out,
                "kept: A {} of {} trials, B {} of {}; the intervals are those of independent samples",
                k.a_kept, k.a_drawn, k.b_kept, k.b_drawn
            );
        }
        let _ = writeln!(out);
        let interval = if c.as_of.is_some() { "95% interval" } else { "95% interval (paired)" };
        let _ = writeln!(out, "{:<26} {:>9} {:>9} {:>10}  {interval}", "Measure", "A", "B", "B - A");
        let mut ratios = Vec::new();
        for r in &c.rows {
            let label = match r.number {
                Some(n) => format!("{n} {}", r.measure),
                None if r.kind == MeasureKind::Mean => format!("{} (mean)", r.measure),
                None => r.measure.clone(),
            };
            let mark = if r.excludes_zero { "*" } else { "" };
            let (a, b, d, ci) = if r.kind == MeasureKind::Share {
                (
                    pct(r.a),
                    pct(r.b),
                    format!("{:+.2} pp", 100.0 * r.diff),
                    format!("[{:+6.2}, {:+6.2}] pp", 100.0 * r.ci95[0], 100.0 * r.ci95[1]),
                )
            } else {
                (
                    format!("{:.3}", r.a),
                    format!("{:.3}", r.b),
                    format!("{:+.3}", r.diff),
                    format!("[{:+.3}, {:+.3}]", r.ci95[0], r.ci95[1]),
                )
            };
            let line = format!("{label:<26} {a:>9} {b:>9} {d:>10}  {ci:<24} {mark}");
            let _ = writeln!(out, "{}", line.trim_end());
            let (paired, independent) = (r.ci95[1] - r.ci95[0], r.ci95_independent[1] - r.ci95_independent[0]);
            if paired > 0.0 {
                ratios.push(independent / paired);
            }
        }
        if c.as_of.is_some() {
            let _ = writeln!(out, "* the interval excludes zero");
            return out;
        }
        let _ = writeln!(out, "* the paired interval excludes zero");
        if !ratios.is_empty() {
            ratios.sort_by(f64::total_cmp);
            let _ = writeln!(
                out,
                "Two independent runs of this size would give intervals {:.1}x as wide (median over measures).",
                ratios[ratios.len() / 2]
            );
        } else {
            let _ = writeln!(out, "A and B gave identical trials: every difference is exactly zero.");
        }
        out
    }
}

impl Export<Sweep> for Table {
    fn export(&self, s: &Sweep) -> String {
        let mut out = format!(
            "negsim {} · sweep of {} · {} trials per value · seed {} · common random numbers\n",
            s.negsim, s.key, s.trials, s.seed
        );
        out += &side("scenario", &s.scenario);
        let _ = writeln!(out);
        let Some(first) = s.rows.first() else {
            return out;
        };
        // A column per parameter: "value" for one, each key for a grid.
        let names = if s.keys.is_empty() { vec!["value"] } else { s.parameters() };
        let widths: Vec<usize> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                s.rows.iter().map(|r| r.point().get(i).map_or(0, |v| v.len())).max().unwrap_or(5).max(name.len()).max(5)
            })
            .collect();
        for (i, (name, width)) in names.iter().zip(&widths).enumerate() {
            let _ = write!(out, "{}{name:>width$}", if i == 0 { "" } else { " " });
        }
        for (i, e) in first.estimates.iter().enumerate() {
            let name = if i < 7 { format!("{}", i + 1) } else { e.measure.clone() };
            let _ = write!(out, " {name:>12}");
        }
        let _ = writeln!(out, " {:>8}", "meetings");
        for row in &s.rows {
            for (i, (value, width)) in row.point().iter().zip(&widths).enumerate() {
                let _ = write!(out, "{}{value:>width$}", if i == 0 { "" } else { " " });
            }
            for e in &row.estimates {
                let cell = format!("{:.1}±{:.1}", 100.0 * e.probability, 50.0 * (e.ci95[1] - e.ci95[0]));
                let _ = write!(out, " {cell:>12}");
            }
            let _ = writeln!(out, " {:>8.2}", row.meetings_mean);
        }
        let _ = writeln!(out, "percent of trials ± half the 95% interval; columns 1-7 are the outcomes");
        out
    }
}

impl Export<Sensitivity> for Table {
    fn export(&self, s: &Sensitivity) -> String {
        let mut out = format!(
            "negsim {} · sensitivity of {} · each parameter ±{:.0}% · {} trials per run · seed {}\n",
            s.negsim,
            s.target,
            100.0 * s.delta,
            s.trials,
            s.seed
        );
        out += &side("scenario", &s.scenario);
        let _ = writeln!(out, "{} as is: {}\n", s.target, pct(s.base));
        let widest = s.rows.iter().map(|r| r.swing.abs()).fold(0.0, f64::max);
        let key_width = s.rows.iter().map(|r| r.key.len()).max().unwrap_or(9).clamp(9, 52);
        let _ = writeln!(
            out,
            "{:<key_width$} {:>9} {:>21} {:>9} {:>9} {:>9}  tornado",
            "parameter",
            "value",
            format!("x{} .. x{}", num(1.0 - s.delta), num(1.0 + s.delta)),
            "at low",
            "at high",
            "swing"
        );
        for r in &s.rows {
            let bar = if widest > 0.0 {
                "█".repeat((20.0 * r.swing.abs() / widest).round() as usize)
            } else {
                String::new()
            };
            let cut = |c: bool| if c { "~" } else { "" };
            let range = format!("{}{} .. {}{}", num(r.low), cut(r.clamped_low), num(r.high), cut(r.clamped_high));
            let _ = writeln!(
                out,
                "{:<key_width$} {:>9} {:>21} {:>9} {:>9} {:>9}  {}{bar}",
                r.key,
                num(r.value),
                range,
                pct(r.at_low),
                pct(r.at_high),
                pp(r.swing, 2),
                if r.swing < 0.0 { "-" } else { "+" }
            );
        }
        if s.rows.iter().any(|r| r.clamped_low || r.clamped_high) {
            let _ = writeln!(out, "\n~ the move was cut short by the parameter's documented range");
        }
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        if !s.skipped_zero.is_empty() {
            let _ = writeln!(
                out,
                "\n{} at 0 left out (a relative move leaves them at 0)",
                plural(s.skipped_zero.len(), "parameter", "parameters")
            );
        }
        if !s.skipped_drawn.is_empty() {
            let _ = writeln!(
                out,
                "{} left out because drivers draw them per trial; their drivers' parameters are moved instead: {}",
                plural(s.skipped_drawn.len(), "coefficient", "coefficients"),
                s.skipped_drawn.join(", ")
            );
        }
        out
    }
}

impl Export<HistoryCheck> for Table {
    fn export(&self, h: &HistoryCheck) -> String {
        let mut out = format!(
            "negsim {} · check-history · {} ({}) · {} trials · seed {}\n",
            h.negsim, h.scenario, h.file, h.trials, h.seed
        );
        let _ = writeln!(
            out,
            "the record from {} to {} (seeds/events.toml) and published forecasts\n",
            h.window[0], h.window[1]
        );
        let _ = writeln!(
            out,
            "{:<30} {:<9} {:>15} {:>10} {:>20}  inside",
            "figure", "kind", "observed", "percentile", "model 5-95 %"
        );
        for r in &h.rows {
            let unit = r.kind.unit();
            let value = |x: f64| match r.kind {
                crate::results::FigureKind::Event | crate::results::FigureKind::Forecast => pct(x),
                crate::results::FigureKind::Count => format!("{x:.0}"),
                _ => format!("{x:.1}"),
            };
            let observed = if r.observed[0] == r.observed[1] {
                value(r.observed[0])
            } else {
                format!("{}-{}", value(r.observed[0]), value(r.observed[1]))
            };
            let observed = match r.kind {
                crate::results::FigureKind::Talks
                | crate::results::FigureKind::Truce
                | crate::results::FigureKind::Ceasefire => {
                    format!("{observed} {unit}")
                }
                _ => observed,
            };
            let percentile = r.percentile.map_or_else(|| "-".to_string(), |p| format!("{p:.1}"));
            let model = match (r.kind, r.model) {
                (crate::results::FigureKind::Event, [Some(v), _]) => format!("model {} no", pct(v)),
                (crate::results::FigureKind::Forecast, [Some(v), _]) => format!("model {}", pct(v)),
                (_, [Some(a), Some(b)]) => format!("{}-{}", value(a), value(b)),
                (_, [Some(a), None]) => format!("{}-beyond", value(a)),
                _ => "-".to_string(),
            };
            let id: String = r.id.chars().take(30).collect();
            let _ = writeln!(
                out,
                "{:<30} {:<9} {:>15} {:>10} {:>20}  {}",
                id,
                r.kind.name(),
                observed,
                percentile,
                model,
                if r.inside { "yes" } else { "NO" }
            );
        }
        let _ = writeln!(
            out,
            "\n{} of {} figures inside the model's central 90 % (an event: the observed outcome has at least 5 % in the model; a forecast: the model's share inside the forecasters' range)",
            h.rows.len() - h.outside(),
            h.rows.len()
        );
        out
    }
}

/// A key's range and unit, e.g. `0-1 per month`.
fn range_unit(range: Option<[f64; 2]>, unit: &str) -> String {
    let range = range.map(|[lo, hi]| format!("{}..{}", num(lo), num(hi))).unwrap_or_default();
    format!("{range} {unit}").trim().to_string()
}

impl Export<KeyReference> for Table {
    fn export(&self, r: &KeyReference) -> String {
        let mut out = String::new();
        for k in &r.keys {
            let _ = writeln!(out, "{}  ({}{})", k.key, k.kind, {
                let ru = range_unit(k.range, k.unit);
                if ru.is_empty() { String::new() } else { format!(", {ru}") }
            });
            let _ = writeln!(out, "    {}", k.meaning);
            if let Some(v) = &k.baseline {
                let _ = writeln!(
                    out,
                    "    baseline: {v}{}",
                    k.source.as_ref().map(|s| format!("  ({s})")).unwrap_or_default()
                );
            }
        }
        if r.keys.is_empty() {
            out += "no key matches\n";
        }
        out
    }
}

impl Export<BenchReport> for Table {
    fn export(&self, b: &BenchReport) -> String {
        let mut out = format!(
            "negsim bench · {} · {} trials · {} thread{} · median of {}\n\n",
            b.scenario,
            b.trials,
            b.threads,
            if b.threads == 1 { "" } else { "s" },
            b.repeats
        );
        let line = |label: &str, value: String| format!("{label:<34} {value}\n");
        out += &line("trials per second", format!("{:.0}", b.trials_per_second));
        out += &line("trials per second per core", format!("{:.0}", b.trials_per_second_per_core));
        out += &line("ns per trial", format!("{:.1}", b.ns_per_trial));
        out += &line("meetings per trial", format!("{:.2}", b.meetings_per_trial));
        out += &line("random numbers per trial", format!("{:.1}", b.draws_per_trial));
        out += &line("RNG floor, ns per trial", format!("{:.1} (the same numbers alone)", b.floor_ns_per_trial));
        out += &line("engine / RNG floor", format!("{:.2}", b.ratio_to_floor));
        if let (Some(one), Some(speedup)) = (b.one_thread_trials_per_second, b.speedup) {
            out += &line("one thread, trials per second", format!("{one:.0}"));
            out += &line(&format!("speed-up on {} threads", b.threads), format!("{speedup:.2}x"));
        }
        out
    }
}

impl Export<CalibrationReport> for Table {
    fn export(&self, r: &CalibrationReport) -> String {
        let c = &r.calibration;
        let mut out = format!(
            "negsim calibrate · fit {} · {} trials a run · seed {} · {} runs\ntarget: {}\nwritten: {}\n\n",
            c.fit, c.trials, c.seed, c.evaluations, c.target.name, r.output
        );
        out += &format!(
            "{:<26} {:>9} {:>9} {:>9} {:>9}   {:>9} {:>6}\n",
            "outcome", "target", "before", "fitted", "residual", "fresh", "z"
        );
        for (i, s) in seeds::scenarios().iter().enumerate() {
            let row = &r.check.rows[i];
            out += &format!(
                "{:<26} {:>8.2}% {:>8.2}% {:>8.2}% {:>+8.2}pp   {:>8.2}% {:>6.2}{}\n",
                format!("{} {}", s.number, s.id),
                100.0 * c.target.shares[i],
                100.0 * c.before[i],
                100.0 * c.after[i],
                100.0 * (c.after[i] - c.target.shares[i]),
                100.0 * row.simulated,
                row.z,
                if row.within { "" } else { "  outside 4 SE" }
            );
        }
        let rms = (c.residuals().iter().map(|r| r * r).sum::<f64>() / OUTCOMES as f64).sqrt();
        out += &format!("root-mean-square residual of the fit: {:.3} pp\n", 100.0 * rms);
        if !c.coefficients.is_empty() {
            out += "\nfitted coefficients:\n";
            for (k, v) in &c.coefficients {
                out += &format!("  {k} = {v:.6}\n");
            }
        }
        out += &format!(
            "\ncheck on the fresh seed {} ({} trials): {}\n",
            r.check.seed,
            r.check.trials,
            if r.check.passed {
                "every outcome within 4 standard errors of the target".to_string()
            } else {
                let n = r.check.rows.iter().filter(|r| !r.within).count();
                format!("{n} outcomes NOT within 4 standard errors: the target cannot be reached with what was fitted")
            }
        );
        out
    }
}

/// A mean score, or a dash when there was nothing to score.
impl Export<Backtest> for Table {
    fn export(&self, b: &Backtest) -> String {
        let mut out = format!(
            "negsim {} · backtest · {} · {} trials kept per date · seed {}\n",
            b.negsim, b.scenario, b.accepted_per_date, b.seed
        );
        let _ = writeln!(
            out,
            "forecast dates: {} (each conditioned on the record up to it, as --as-of does)",
            b.dates.iter().map(|d| d.date.as_str()).collect::<Vec<_>>().join(", ")
        );
        let _ = writeln!(
            out,
            "base rate: a constant hazard of {:.3} comprehensive ceasefires a year (the war's rate before the record)\n",
            b.base_rate_per_year
        );
        let _ = writeln!(
            out,
            "Scores (lower is better; each forecaster on the pairs where it forecast, the model and the base rate on the same)"
        );
        let _ =
            writeln!(out, "{:<34} {:>6} {:>19}   {:>19}   {:>19}", "", "", "its own", "the model's", "the base rate's");
        let _ = writeln!(
            out,
            "{:<34} {:>6} {:>9} {:>9}   {:>9} {:>9}   {:>9} {:>9}",
            "forecaster", "pairs", "Brier", "log loss", "Brier", "log loss", "Brier", "log loss"
        );
        for s in &b.scores {
            let [brier, log_loss, model_brier, model_log_loss, base_brier, base_log_loss] = scores(s);
            let _ = writeln!(
                out,
                "{:<34} {:>6} {brier:>9} {log_loss:>9}   {model_brier:>9} {model_log_loss:>9}   \
                 {base_brier:>9} {base_log_loss:>9}",
                s.forecaster, s.pairs
            );
        }
        let _ = writeln!(
            out,
            "\nForecasts scored (question, date: model, base rate, platforms in the month before; outcome)"
        );
        for p in &b.pairs {
            let q = &b.questions[p.question];
            let platforms: Vec<String> =
                p.platforms.iter().map(|f| format!("{} {} ({})", f.platform, pct(f.probability), f.observed)).collect();
            let _ = writeln!(
                out,
                "  {:<53} {}  model {:>7}  base {:>7}  {}{}",
                q.label,
                p.date,
                pct(p.model),
                pct(p.base_rate),
                if p.outcome { "yes" } else { "no" },
                if platforms.is_empty() { String::new() } else { format!("   {}", platforms.join("; ")) }
            );
        }
        let _ = writeln!(out, "\nCalibration of the model");
        let _ = writeln!(out, "{:<14} {:>6} {:>14} {:>10}", "forecast", "pairs", "mean forecast", "observed");
        for c in &b.calibration {
            let _ = writeln!(
                out,
                "{:<14} {:>6} {:>14} {:>10}",
                format!("{:.0}-{:.0} %", 100.0 * c.low, 100.0 * c.high),
                c.pairs,
                c.mean_forecast.map_or_else(|| "-".into(), pct),
                c.observed.map_or_else(|| "-".into(), pct)
            );
        }
        if !b.open.is_empty() {
            let _ =
                writeln!(out, "\nOpen questions (resolve after the record's end): the model as of {}", b.open[0].as_of);
            for o in &b.open {
                let latest = o.latest.as_ref().map_or_else(String::new, |f| {
                    format!("   latest published: {} {} ({})", f.platform, pct(f.probability), f.observed)
                });
                let _ = writeln!(out, "  {:<53} model {:>7}{latest}", b.questions[o.question].label, pct(o.model));
            }
        }
        if !b.beyond_horizon.is_empty() {
            let _ = writeln!(out, "\nBeyond the scenario's horizon (not answered): {}", b.beyond_horizon.join("; "));
        }
        out
    }
}

/// With `--uncertain`: each share in the plain run with its Monte Carlo
/// interval, beside its spread across the replicates.
fn uncertainty_section(s: &Summary) -> String {
    let Some(u) = &s.uncertainty else { return String::new() };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nUncertainty over assumptions: {} replicates x {} trials, each drawing the [uncertain] coefficients once \
         (common random numbers)",
        u.replicates, u.trials
    );
    let _ = writeln!(
        out,
        "{:<28} {:>9}  {:<17}  {:>9} {:>9} {:>9}",
        "Share", "simulated", "95% interval (MC)", "rep. p5", "median", "p95"
    );
    for r in &u.rows {
        let label = match r.kind {
            "outcome" => format!("{} {}", r.number, r.id),
            "family" => format!("  {} ({})", r.id, r.number),
            _ => format!("  {}", r.id),
        };
        let _ = writeln!(
            out,
            "{:<28} {:>9}  [{:>5.1}, {:>5.1}] %  {:>9} {:>9} {:>9}",
            label,
            pct(r.probability),
            100.0 * r.ci95[0],
            100.0 * r.ci95[1],
            pct(r.p05),
            pct(r.p50),
            pct(r.p95)
        );
    }
    let width = u.coefficients.iter().map(|c| c.key.len()).max().unwrap_or(0);
    let dist = u.coefficients.iter().map(|c| c.distribution.len()).max().unwrap_or(0);
    let _ = writeln!(out, "Drawn (the plain run uses the file's value):");
    for c in &u.coefficients {
        let _ = writeln!(out, "  {:<width$}  {:<dist$}  file {}", c.key, c.distribution, num(c.value));
    }
    out
}

impl Export<Sobol> for Table {
    fn export(&self, s: &Sobol) -> String {
        let mut out = format!(
            "negsim {} · Sobol indices of {} · {} samples x {} coefficients -> {} runs of {} trials · seed {}\n",
            s.negsim,
            s.target,
            s.samples,
            s.rows.len(),
            s.runs,
            s.trials,
            s.seed
        );
        out += &side("scenario", &s.scenario);
        let _ = writeln!(
            out,
            "{} with the file's values: {}; over the samples: mean {}, sd {:.2} pp",
            s.target,
            pct(s.base),
            pct(s.mean),
            100.0 * s.variance.sqrt()
        );
        let _ = writeln!(
            out,
            "sum of first-order indices {:.2} (1 - sum: interactions); Monte Carlo noise ~{:.0} % of the variance{}\n",
            s.sum_first,
            100.0 * s.noise_share,
            if s.noise_share > 0.1 { " (high: raise --trials)" } else { "" }
        );
        let key_width = s.rows.iter().map(|r| r.key.len()).max().unwrap_or(11).clamp(11, 52);
        let dist_width = s.rows.iter().map(|r| r.distribution.len()).max().unwrap_or(12).clamp(12, 40);
        let _ = writeln!(
            out,
            "{:<key_width$}  {:<dist_width$}  {:>6} {:<17}  {:>6} {:<17}  total",
            "coefficient", "distribution", "first", "95% interval", "total", "95% interval"
        );
        for r in &s.rows {
            let bar = "█".repeat((20.0 * r.total.clamp(0.0, 1.0)).round() as usize);
            let _ = writeln!(
                out,
                "{:<key_width$}  {:<dist_width$}  {:>6.3} [{:>6.3}, {:>6.3}]  {:>6.3} [{:>6.3}, {:>6.3}]  {bar}",
                r.key,
                r.distribution,
                r.first,
                r.first_ci95[0],
                r.first_ci95[1],
                r.total,
                r.total_ci95[0],
                r.total_ci95[1]
            );
        }
        let _ = writeln!(
            out,
            "\nfirst: share of the variance the coefficient explains alone; total: with its interactions. {} \
             bootstrap resamples.",
            s.resamples
        );
        out
    }
}
