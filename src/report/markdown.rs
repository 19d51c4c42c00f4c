//! Markdown: the table view as Markdown tables, for notes and issues.

use super::Export;
use super::cells::pct;
use crate::results::{Comparison, HistoryCheck, MeasureKind, RoundStats, Sensitivity, Summary, Sweep};
use std::fmt::Write;

/// Markdown output.
pub struct Markdown;

/// A Markdown table; cells must not contain `|`.
fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = format!("| {} |\n|{}\n", header.join(" | "), "---|".repeat(header.len()));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | ").replace('\n', " "));
    }
    out
}

impl Export<Summary> for Markdown {
    fn export(&self, s: &Summary) -> String {
        let mut out = format!(
            "## negsim: {}\n\n`{}`, {} trials, seed {}{}\n\n",
            s.scenario,
            s.file,
            s.trials,
            s.seed,
            if s.overrides.is_empty() { String::new() } else { format!(", overrides: `{}`", s.overrides.join("` `")) }
        );
        out += &table(
            &["#", "outcome", "published", "simulated", "95 % interval", "difference"],
            s.outcomes.iter().map(|o| {
                vec![
                    o.number.to_string(),
                    o.id.clone(),
                    pct(o.prior),
                    pct(o.probability),
                    format!("{:.1} to {:.1} %", 100.0 * o.ci95[0], 100.0 * o.ci95[1]),
                    format!("{:+.1} pp", 100.0 * (o.probability - o.prior)),
                ]
            }),
        );
        if let Some(g) = &s.given {
            let _ = write!(
                out,
                "\n### Given `{}`\n\n{} of {} trials match ({}).\n\n",
                g.expression,
                g.accepted,
                g.drawn,
                pct(g.share)
            );
            if let Some(c) = &g.summary {
                out += &table(
                    &["#", "outcome", "all trials", "given", "95 % interval (given)", "change"],
                    s.outcomes.iter().zip(&c.outcomes).map(|(o, go)| {
                        vec![
                            o.number.to_string(),
                            o.id.clone(),
                            pct(o.probability),
                            pct(go.probability),
                            format!("{:.1} to {:.1} %", 100.0 * go.ci95[0], 100.0 * go.ci95[1]),
                            format!("{:+.1} pp", 100.0 * (go.probability - o.probability)),
                        ]
                    }),
                );
            }
            if let Some(w) = &g.warning {
                let _ = write!(out, "\n**Warning:** {w}\n");
            }
        }
        if let Some(x) = &s.experts {
            let _ = write!(
                out,
                "\n### Expert disagreement\n\n{} tables drawn around the world table (Dirichlet, K = {}), {} trials each, the same trials in every table.\n\n",
                x.replicates, x.concentration, x.trials_per_replicate
            );
            out += &table(
                &["#", "outcome", "simulated", "95 % Monte Carlo interval", "tables 5-95 %"],
                s.outcomes.iter().zip(&x.outcomes).map(|(o, sp)| {
                    vec![
                        o.number.to_string(),
                        o.id.clone(),
                        pct(o.probability),
                        format!("{:.1} to {:.1} %", 100.0 * o.ci95[0], 100.0 * o.ci95[1]),
                        format!("{:.1} to {:.1} %", 100.0 * sp.p05, 100.0 * sp.p95),
                    ]
                }),
            );
        }
        out += "\n### Starting world to outcome (% of the world's trials)\n\n";
        let mut header = vec!["world".to_string(), "p(world)".to_string()];
        header.extend((1..=s.outcomes.len()).map(|n| n.to_string()));
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        out += &table(
            &header,
            s.outcomes.iter().enumerate().map(|(i, o)| {
                let row = &s.world_outcome[i];
                let n: u64 = row.iter().sum();
                let mut cells = vec![format!("{} {}", o.number, o.id), pct(s.world_probability[i])];
                cells.extend(
                    row.iter()
                        .map(|&k| if n == 0 { "-".into() } else { format!("{:.1}", 100.0 * k as f64 / n as f64) }),
                );
                cells
            }),
        );
        out += "\n### Talks and ceasefire\n\n";
        let rounds = |r: &Option<RoundStats>| {
            r.as_ref().map_or("none".into(), |r| {
                format!("mean {:.2}, median {}, p90 {}, max {}", r.mean, r.p50, r.p90, r.max)
            })
        };
        let c = &s.ceasefire;
        out += &table(
            &["measure", "value"],
            [
                vec!["rounds of talks".into(), rounds(&s.rounds)],
                vec!["rounds to signature".into(), rounds(&s.rounds_to_signature)],
                vec!["ceasefire signed".into(), pct(c.signed)],
                vec![format!("held {} months", s.horizon_months), pct(c.held)],
                vec!["past Ukraine's red line".into(), pct(c.above_red_line)],
                vec!["draft reversed".into(), pct(c.reversed)],
                vec!["mediator left".into(), pct(c.mediator_left)],
                vec!["talks broke down".into(), pct(c.broke_down)],
            ],
        );
        out += "\n### Tactics\n\n";
        out += &table(
            &["tactic", "uses per trial", "trials used"],
            s.tactics
                .iter()
                .map(|t| vec![format!("`{}`", t.id), format!("{:.3}", t.per_trial), pct(t.share_of_trials)]),
        );
        out
    }
}

impl Export<Comparison> for Markdown {
    fn export(&self, c: &Comparison) -> String {
        let mut out = format!(
            "## negsim compare\n\nA: {} (`{}`); B: {} (`{}`); {} trials each, seed {}, common random numbers\n\n",
            c.a.scenario, c.a.file, c.b.scenario, c.b.file, c.trials, c.seed
        );
        out += &table(
            &["measure", "A", "B", "B - A", "95 % interval (paired)", "excludes 0"],
            c.rows.iter().map(|r| {
                let (a, b, d, ci) = if r.kind == MeasureKind::Share {
                    (
                        pct(r.a),
                        pct(r.b),
                        format!("{:+.2} pp", 100.0 * r.diff),
                        format!("{:+.2} to {:+.2} pp", 100.0 * r.ci95[0], 100.0 * r.ci95[1]),
                    )
                } else {
                    (
                        format!("{:.3}", r.a),
                        format!("{:.3}", r.b),
                        format!("{:+.3}", r.diff),
                        format!("{:+.3} to {:+.3}", r.ci95[0], r.ci95[1]),
                    )
                };
                vec![r.measure.clone(), a, b, d, ci, if r.excludes_zero { "yes".into() } else { "no".into() }]
            }),
        );
        out
    }
}

impl Export<Sweep> for Markdown {
    fn export(&self, s: &Sweep) -> String {
        let mut out = format!(
            "## negsim sweep of `{}`\n\n{} (`{}`), {} trials per value, seed {}, common random numbers\n\n",
            s.key, s.scenario.scenario, s.scenario.file, s.trials, s.seed
        );
        let mut header = vec!["value".to_string()];
        if let Some(first) = s.rows.first() {
            header.extend(first.estimates.iter().map(|e| e.measure.clone()));
        }
        header.push("rounds".into());
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        out += &table(
            &header,
            s.rows.iter().map(|r| {
                let mut cells = vec![r.value.clone()];
                cells.extend(r.estimates.iter().map(|e| pct(e.probability)));
                cells.push(format!("{:.2}", r.rounds_mean));
                cells
            }),
        );
        out
    }
}

impl Export<Sensitivity> for Markdown {
    fn export(&self, s: &Sensitivity) -> String {
        let mut out = format!(
            "## negsim sensitivity of {}\n\n{} (`{}`): {} is {} as is; each parameter moved by ±{:.0} %, {} trials per run, seed {}\n\n",
            s.target,
            s.scenario.scenario,
            s.scenario.file,
            s.target,
            pct(s.base),
            100.0 * s.delta,
            s.trials,
            s.seed
        );
        out += &table(
            &["parameter", "value", "low", "high", "target at low", "target at high", "swing"],
            s.rows.iter().map(|r| {
                vec![
                    format!("`{}`", r.key),
                    format!("{}", r.value),
                    format!("{:.4}", r.low),
                    format!("{:.4}", r.high),
                    pct(r.at_low),
                    pct(r.at_high),
                    format!("{:+.2} pp", 100.0 * r.swing),
                ]
            }),
        );
        out
    }
}

impl Export<HistoryCheck> for Markdown {
    fn export(&self, h: &HistoryCheck) -> String {
        let mut out = format!(
            "## negsim check-history\n\n{} (`{}`), {} trials, seed {}: {} rounds of talks, {} signed ceasefires\n\n",
            h.scenario, h.file, h.trials, h.seed, h.meetings, h.signed
        );
        out += &table(
            &["figure", "what", "observed", "percentile in the model", "inside the central 90 %"],
            h.rows.iter().map(|r| {
                vec![
                    format!("`{}`", r.id),
                    r.what.replace('|', "/"),
                    r.observed.clone(),
                    match (r.percentile, r.model_value) {
                        (Some(p), _) => format!("{p:.1}"),
                        (None, Some(v)) => format!("model share {:.0} %", 100.0 * v),
                        _ => "-".into(),
                    },
                    if r.inside { "yes".into() } else { "no".into() },
                ]
            }),
        );
        out
    }
}
