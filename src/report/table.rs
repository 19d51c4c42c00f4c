//! Aligned text for a terminal: what an analyst reads first.

use super::Export;
use super::cells::pct;
use crate::results::{
    BenchReport, CalibrationReport, Comparison, FigureKind, HistoryCheck, MeasureKind, RoundStats, ScenarioLabel,
    Sensitivity, Summary, Sweep,
};
use crate::seeds::{self, OUTCOMES};
use std::fmt::Write;

/// Text table output.
pub struct Table;

fn rounds_line(label: &str, stats: &Option<RoundStats>, note: &str) -> String {
    match stats {
        Some(r) => format!("{label:<22} mean {:.2}   median {}   p90 {}   max {}{note}\n", r.mean, r.p50, r.p90, r.max),
        None => format!("{label:<22} none{note}\n"),
    }
}

impl Export<Summary> for Table {
    fn export(&self, s: &Summary) -> String {
        let mut out = String::new();
        let _ =
            writeln!(out, "negsim {} · {} ({}) · {} trials · seed {}", s.negsim, s.scenario, s.file, s.trials, s.seed);
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
        let _ = writeln!(
            out,
            "{:<28} {:>9} {:>9}  {:<17} {:>9}",
            "Outcome", "published", "simulated", "95% interval", "diff"
        );
        for o in &s.outcomes {
            let _ = writeln!(
                out,
                "{:<28} {:>9} {:>9}  [{:>5.1}, {:>5.1}] %  {:>+6.1} pp",
                format!("{} {}", o.number, o.id),
                pct(o.prior),
                pct(o.probability),
                100.0 * o.ci95[0],
                100.0 * o.ci95[1],
                100.0 * (o.probability - o.prior)
            );
        }
        for (name, f) in [("military (1-4)", &s.families.military), ("negotiated (5-7)", &s.families.negotiated)] {
            let _ = writeln!(
                out,
                "  {:<26} {:>9} {:>9}  [{:>5.1}, {:>5.1}] %  {:>+6.1} pp",
                name,
                pct(f.prior),
                pct(f.probability),
                100.0 * f.ci95[0],
                100.0 * f.ci95[1],
                100.0 * (f.probability - f.prior)
            );
        }
        out.push_str(&given_section(s));
        out.push_str(&experts_section(s));

        let _ = writeln!(out);
        let _ = writeln!(out, "Starting world -> outcome (% of the world's trials)");
        let _ = write!(out, "{:<28} {:>8}", "world", "p(world)");
        for o in &s.outcomes {
            let _ = write!(out, " {:>5}", o.number);
        }
        let _ = writeln!(out);
        for (i, o) in s.outcomes.iter().enumerate() {
            let row = &s.world_outcome[i];
            let n: u64 = row.iter().sum();
            let _ = write!(out, "{:<28} {:>8}", format!("{} {}", o.number, o.id), pct(s.world_probability[i]));
            for &k in row {
                if n == 0 {
                    let _ = write!(out, " {:>5}", "-");
                } else {
                    let _ = write!(out, " {:>5.1}", 100.0 * k as f64 / n as f64);
                }
            }
            let _ = writeln!(out);
        }

        let _ = writeln!(out);
        out.push_str(&rounds_line("Rounds of talks", &s.rounds, ""));
        out.push_str(&rounds_line("Rounds to signature", &s.rounds_to_signature, "   (signed trials)"));
        if let Some(h) = s.hours_per_round {
            let _ = writeln!(out, "{:<22} {h:.1} hours per round on average", "Talks");
        }
        let c = &s.ceasefire;
        let _ = writeln!(
            out,
            "{:<22} signed {}   held {} months {}   past Ukraine's red line {}",
            "Ceasefire",
            pct(c.signed),
            s.horizon_months,
            pct(c.held),
            pct(c.above_red_line)
        );
        let _ = writeln!(
            out,
            "{:<22} draft reversed {}   mediator left {}   talks broke down {}",
            "",
            pct(c.reversed),
            pct(c.mediator_left),
            pct(c.broke_down)
        );

        let _ = writeln!(out);
        let _ = writeln!(out, "{:<32} {:>10} {:>12}", "Tactic", "uses/trial", "trials used");
        for t in &s.tactics {
            let _ = writeln!(out, "{:<32} {:>10.3} {:>12}", t.id, t.per_trial, pct(t.share_of_trials));
        }
        out
    }
}

/// The conditioned distribution beside the unconditioned one.
fn given_section(s: &Summary) -> String {
    let Some(g) = &s.given else { return String::new() };
    let mut out = String::new();
    let _ = writeln!(out);
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
    if let Some(c) = &g.summary {
        let _ = writeln!(
            out,
            "{:<28} {:>10} {:>9}  {:<20} {:>9}",
            "Outcome", "all trials", "given", "95% interval (given)", "change"
        );
        for (o, go) in s.outcomes.iter().zip(&c.outcomes) {
            let _ = writeln!(
                out,
                "{:<28} {:>10} {:>9}  [{:>5.1}, {:>5.1}] %     {:>+6.1} pp",
                format!("{} {}", o.number, o.id),
                pct(o.probability),
                pct(go.probability),
                100.0 * go.ci95[0],
                100.0 * go.ci95[1],
                100.0 * (go.probability - o.probability)
            );
        }
        for (name, a, b) in
            [("signed", s.ceasefire.signed, c.ceasefire.signed), ("held", s.ceasefire.held, c.ceasefire.held)]
        {
            let _ =
                writeln!(out, "  {:<26} {:>10} {:>9}  {:<20} {:>+6.1} pp", name, pct(a), pct(b), "", 100.0 * (b - a));
        }
        if let (Some(a), Some(b)) = (&s.rounds, &c.rounds) {
            let _ = writeln!(out, "  {:<26} {:>10.2} {:>9.2}", "rounds (mean)", a.mean, b.mean);
        }
    }
    if let Some(w) = &g.warning {
        let _ = writeln!(out, "warning: {w}");
    }
    out
}

/// Monte Carlo interval and the spread across redrawn tables, side by side.
fn experts_section(s: &Summary) -> String {
    let Some(x) = &s.experts else { return String::new() };
    let mut out = String::new();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Expert disagreement: {} tables drawn around the world table (Dirichlet, K = {}), {} trials each, the same trials in every table",
        x.replicates, x.concentration, x.trials_per_replicate
    );
    let _ = writeln!(
        out,
        "{:<28} {:>9}  {:<17}  {:<17}  wider",
        "Outcome", "simulated", "95% MC interval", "tables 5-95 %"
    );
    for (o, sp) in s.outcomes.iter().zip(&x.outcomes) {
        let wider = if sp.width() > o.ci95[1] - o.ci95[0] { "tables" } else { "Monte Carlo" };
        let _ = writeln!(
            out,
            "{:<28} {:>9}  [{:>5.1}, {:>5.1}] %  [{:>5.1}, {:>5.1}] %  {}",
            format!("{} {}", o.number, o.id),
            pct(o.probability),
            100.0 * o.ci95[0],
            100.0 * o.ci95[1],
            100.0 * sp.p05,
            100.0 * sp.p95,
            wider
        );
    }
    for sp in &x.measures {
        let _ = writeln!(
            out,
            "  {:<26} {:>9}  {:<17}  [{:>5.1}, {:>5.1}] %",
            sp.measure,
            pct(sp.p50),
            "",
            100.0 * sp.p05,
            100.0 * sp.p95
        );
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
        let mut out = format!(
            "negsim {} · compare · {} trials each · seed {} · common random numbers\n",
            c.negsim, c.trials, c.seed
        );
        out += &side("A", &c.a);
        out += &side("B", &c.b);
        let _ = writeln!(out);
        let _ = writeln!(out, "{:<26} {:>9} {:>9} {:>10}  95% interval (paired)", "Measure", "A", "B", "B - A");
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
        if let Some(x) = &c.experts {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "Expert disagreement: B - A over {} tables drawn around each world table (Dirichlet, K = {}), {} trials each",
                x.replicates, x.concentration, x.trials_per_replicate
            );
            let _ = writeln!(out, "{:<26} {:>10}  {:<24}  tables 5-95 %", "Measure", "B - A", "95% interval (paired)");
            for sp in x.outcomes.iter().chain(&x.measures) {
                let Some(r) = c.rows.iter().find(|r| r.measure == sp.measure) else { continue };
                let label = match r.number {
                    Some(n) => format!("{n} {}", r.measure),
                    None => r.measure.clone(),
                };
                let _ = writeln!(
                    out,
                    "{label:<26} {:>+7.2} pp  [{:>+6.2}, {:>+6.2}] pp        [{:>+6.2}, {:>+6.2}] pp",
                    100.0 * r.diff,
                    100.0 * r.ci95[0],
                    100.0 * r.ci95[1],
                    100.0 * sp.p05,
                    100.0 * sp.p95
                );
            }
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
        let width = s.rows.iter().map(|r| r.value.len()).max().unwrap_or(5).max(5);
        let _ = write!(out, "{:>width$}", "value");
        for (i, e) in first.estimates.iter().enumerate() {
            let name = if i < 7 { format!("{}", i + 1) } else { e.measure.clone() };
            let _ = write!(out, " {name:>12}");
        }
        let _ = writeln!(out, " {:>7}", "rounds");
        for row in &s.rows {
            let _ = write!(out, "{:>width$}", row.value);
            for e in &row.estimates {
                let cell = format!("{:.1}±{:.1}", 100.0 * e.probability, 50.0 * (e.ci95[1] - e.ci95[0]));
                let _ = write!(out, " {cell:>12}");
            }
            let _ = writeln!(out, " {:>7.2}", row.rounds_mean);
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
            "{:<key_width$} {:>10} {:>9} {:>9} {:>9}  tornado",
            "parameter", "value", "at low", "at high", "swing"
        );
        for r in &s.rows {
            let bar = if widest > 0.0 {
                "█".repeat((20.0 * r.swing.abs() / widest).round() as usize)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "{:<key_width$} {:>10} {:>9} {:>9} {:>+7.2}pp  {}{bar}",
                r.key,
                format!("{}", r.value),
                pct(r.at_low),
                pct(r.at_high),
                100.0 * r.swing,
                if r.swing < 0.0 { "-" } else { "+" }
            );
        }
        if !s.skipped_zero.is_empty() {
            let _ =
                writeln!(out, "\n{} parameters at 0 left out (a relative move leaves them at 0)", s.skipped_zero.len());
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
        let _ = writeln!(out, "model: {} rounds of talks, {} signed ceasefires\n", h.meetings, h.signed);
        let _ = writeln!(
            out,
            "{:<26} {:<26} {:>11} {:>22}  inside",
            "figure", "observed", "percentile", "model 5-95 % / value"
        );
        for r in &h.rows {
            let percentile = r.percentile.map_or_else(|| "-".to_string(), |p| format!("{p:.1}"));
            let range = match (r.kind, r.range, r.model_value) {
                (FigureKind::Forecast, _, Some(v)) => format!("model {:.0} %", 100.0 * v),
                (FigureKind::Talks, [Some(a), Some(b)], _) => format!("{a:.1}-{b:.1} h"),
                (_, [Some(a), Some(b)], _) => format!("{a:.0}-{b:.0} days"),
                (_, [Some(a), None], _) => format!("{a:.0} days-beyond"),
                _ => "-".to_string(),
            };
            let observed: String = r.observed.chars().take(26).collect();
            let _ = writeln!(
                out,
                "{:<26} {:<26} {:>11} {:>22}  {}",
                r.id,
                observed,
                percentile,
                range,
                if r.inside { "yes" } else { "NO" }
            );
        }
        let _ = writeln!(
            out,
            "\n{} of {} figures inside the model's central 90 % (forecasts: the model's share inside the forecasters' range)",
            h.rows.len() - h.outside(),
            h.rows.len()
        );
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
        out += &line("rounds per second", format!("{:.0}", b.rounds_per_second));
        out += &line("ns per trial", format!("{:.1}", b.ns_per_trial));
        out += &line("ns per round", format!("{:.2}", b.ns_per_round));
        out += &line("rounds per trial", format!("{:.2}", b.rounds_per_trial));
        out += &line(
            "random draws per trial",
            format!(
                "{:.1} ({:.1} of 32 bits, {:.1} of 64)",
                b.draws_per_trial, b.draws32_per_trial, b.draws64_per_trial
            ),
        );
        out += &line("RNG floor, ns per trial", format!("{:.1} (same draws, per-trial streams)", b.floor_ns_per_trial));
        out += &line(
            "RNG floor, one stream",
            format!("{:.1} (same draws, no per-trial set-up)", b.floor_one_stream_ns_per_trial),
        );
        out += &line("engine / RNG floor", format!("{:.2}", b.ratio_to_floor));
        if let (Some(one), Some(speedup)) = (b.one_thread_ns_per_trial, b.speedup) {
            out += &line("one thread, ns per trial", format!("{one:.1}"));
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
        if let Some(w) = c.prior {
            out += "\nfitted starting-world probabilities:\n";
            for (s, p) in seeds::scenarios().iter().zip(w) {
                out += &format!(
                    "  {:<26} {:>7.3} %  (published {:.0} %)\n",
                    format!("{} {}", s.number, s.id),
                    100.0 * p,
                    100.0 * s.prior()
                );
            }
        }
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
