//! Aligned text for a terminal: what an analyst reads first.

use super::{Render, RoundStats, Summary};
use std::fmt::Write;

/// Text table output.
pub struct Table;

fn pct(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

fn rounds_line(label: &str, stats: &Option<RoundStats>, note: &str) -> String {
    match stats {
        Some(r) => format!("{label:<22} mean {:.2}   median {}   p90 {}   max {}{note}\n", r.mean, r.p50, r.p90, r.max),
        None => format!("{label:<22} none{note}\n"),
    }
}

impl Render for Table {
    fn render(&self, s: &Summary) -> String {
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
