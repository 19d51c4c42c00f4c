//! Markdown: the table view as Markdown tables, for notes and issues.

use super::Export;
use super::cells::{interval, num, pct, pp, scores, share_rows};
use crate::results::{
    Backtest, Comparison, FigureKind, HistoryCheck, KeyReference, MeasureKind, Sensitivity, Sobol, Summary, Sweep,
};
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
            "## negsim: {}\n\n`{}`, {} to {}, {} trials, seed {}, {}{}\n\n",
            s.scenario,
            s.file,
            s.start,
            s.horizon,
            s.trials,
            s.seed,
            if s.central_drivers { "drivers fixed at their central values" } else { "drivers drawn per trial" },
            if s.overrides.is_empty() { String::new() } else { format!(", overrides: `{}`", s.overrides.join("` `")) }
        );
        let rows = share_rows(s).into_iter().map(|r| {
            vec![r.number, r.id, r.published, r.simulated, format!("{} to {} %", r.interval[0], r.interval[1]), r.diff]
        });
        out += &table(
            &["#", &format!("outcome on {}", s.horizon), "published", "simulated", "95 % interval", "difference"],
            rows,
        );
        out += &uncertainty_section(s);
        if let (Some(g), Some(a)) = (&s.given, &s.as_of) {
            let _ = write!(
                out,
                "\n### Forecast as of {}\n\n{} of {} trials agree with the record up to {} ({}); effective sample \
                 size {}. Kept only trials with:\n\n",
                a.date,
                g.accepted,
                g.drawn,
                a.date,
                pct(g.share),
                a.effective_sample_size
            );
            out += &table(
                &["condition", "expression", "record"],
                a.conditions.iter().map(|c| {
                    vec![c.what.clone(), format!("`{}`", c.expression), c.source.replace(", ", " ").replace('|', "/")]
                }),
            );
            out += "\n";
        } else if let Some(g) = &s.given {
            let _ = write!(
                out,
                "\n### Given `{}`\n\n{} of {} trials match ({}).\n\n",
                g.expression.replace('`', "'"),
                g.accepted,
                g.drawn,
                pct(g.share)
            );
        }
        if let Some(g) = &s.given {
            if let Some(c) = &g.summary {
                out += &table(
                    &["#", "outcome", "all trials", "given", "95 % interval (given)", "change"],
                    s.outcomes.iter().zip(&c.outcomes).map(|(o, go)| {
                        vec![
                            o.number.to_string(),
                            o.id.clone(),
                            pct(o.probability),
                            pct(go.probability),
                            interval(go.ci95),
                            pp(go.probability - o.probability, 1),
                        ]
                    }),
                );
            }
            if let (Some(a), Some(c)) = (&s.as_of, &g.summary) {
                let _ = write!(out, "\nThe dated forecast, from {}:\n\n", a.date);
                let mut rows: Vec<Vec<String>> = s
                    .calendar
                    .iter()
                    .zip(&c.calendar)
                    .filter(|(p, _)| p.date.as_str() > a.date.as_str())
                    .map(|(p, q)| vec![p.date.clone(), pct(p.signed_by), pct(q.signed_by), pct(q.in_force)])
                    .collect();
                rows.push(vec![
                    s.horizon.clone(),
                    pct(s.ceasefire.signed),
                    pct(c.ceasefire.signed),
                    pct(c.ceasefire.in_force),
                ]);
                out += &table(&["date", "signed by: all trials", "signed by: as of", "in force: as of"], rows);
            }
            if let Some(w) = &g.warning {
                let _ = write!(out, "\n**Warning:** {w}\n");
            }
        }
        let c = &s.ceasefire;
        out += "\n### Ceasefire, meetings and truces\n\n";
        let mut measures = vec![
            vec!["ceasefire signed".into(), pct(c.signed)],
            vec![format!("in force on {}", s.horizon), pct(c.in_force)],
            vec!["collapsed".into(), pct(c.collapsed)],
            vec!["past Ukraine's red line".into(), pct(c.above_red_line)],
            vec!["draft reversed".into(), pct(c.reversed)],
            vec!["US walked away".into(), pct(c.us_left)],
            vec!["Russia mobilised".into(), pct(c.mobilised)],
            vec!["hybrid-war escalation".into(), pct(c.hybrid)],
        ];
        if let Some(d) = &s.signing {
            measures
                .push(vec!["first signature (median; p10-p90)".into(), format!("{} ({} to {})", d.p50, d.p10, d.p90)]);
        }
        if let Some(w) = s.durability.collapsed_within_30_days {
            measures.push(vec!["first ceasefires collapsing within 30 days".into(), pct(w)]);
        }
        if s.signing.is_some() {
            measures.push(vec![
                "days a first ceasefire holds (median)".into(),
                s.durability
                    .median_days
                    .map_or_else(|| "more than half hold to the horizon".into(), |d| format!("{d:.0}")),
            ]);
        }
        measures.push(vec![
            "meetings per trial (median; p10-p90)".into(),
            format!("{:.1} ({}; {}-{})", s.meetings.per_trial, s.meetings.p50, s.meetings.p10, s.meetings.p90),
        ]);
        for f in &s.meetings.by_format {
            measures.push(vec![
                format!("{} meetings per trial (mean hours)", f.format),
                format!("{:.2} ({})", f.per_trial, f.hours.map_or_else(|| "-".into(), |h| format!("{h:.1} h"))),
            ]);
        }
        measures.push(vec![
            "truces per trial (holiday, energy)".into(),
            format!("{:.2} ({:.2}, {:.2})", s.truces.per_trial, s.truces.holiday, s.truces.energy),
        ]);
        out += &table(&["measure", "value"], measures);
        out += "\n### Calendar\n\n";
        out += &table(
            &["date", "signed by", "in force", "meetings US-UA", "US-RU", "RU-UA", "trilateral"],
            s.calendar.iter().map(|p| {
                vec![
                    p.date.clone(),
                    pct(p.signed_by),
                    pct(p.in_force),
                    format!("{:.2}", p.meetings[0]),
                    format!("{:.2}", p.meetings[1]),
                    format!("{:.2}", p.meetings[2]),
                    format!("{:.2}", p.meetings[3]),
                ]
            }),
        );
        out += "\n### Rules\n\n";
        out += &table(
            &["rule", "outcome", "trials", "why"],
            s.rules.iter().map(|r| vec![r.rule.to_string(), r.outcome.clone(), pct(r.share), r.note.replace('|', "/")]),
        );
        if !s.drivers.is_empty() {
            out += "\n### Drivers\n\nEach outcome's share among the fifth of trials with the driver highest, minus the fifth lowest.\n\n";
            let mut header = vec!["driver".to_string()];
            header.extend(s.outcomes.iter().map(|o| o.number.to_string()));
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            out += &table(
                &header,
                s.drivers.iter().map(|d| {
                    let mut cells = vec![format!("`{}`", d.id)];
                    cells.extend(d.effect.iter().map(|e| pp(e.diff, 1)));
                    cells
                }),
            );
        }
        out += "\n### Moves\n\n";
        out += &table(
            &["move", "actor", "uses per trial", "trials used"],
            s.tactics.iter().filter(|t| t.active).map(|t| {
                vec![format!("`{}`", t.id), t.actor.clone(), format!("{:.3}", t.per_trial), pct(t.share_of_trials)]
            }),
        );
        if s.tactics.iter().any(|t| t.active && !t.effect.is_empty()) {
            out += "\n### Moves and outcomes\n\nEach outcome's share among the trials in which the move happened, minus among those without it, in percentage points. An association, not an effect: trials with more meetings have more chances for a move.\n\n";
            let mut header = vec!["move".to_string()];
            header.extend(s.outcomes.iter().map(|o| o.number.to_string()));
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            out += &table(
                &header,
                s.tactics.iter().filter(|t| t.active && !t.effect.is_empty()).map(|t| {
                    let mut cells = vec![format!("`{}`", t.id)];
                    cells.extend(t.effect.iter().map(|e| pp(e.diff, 1)));
                    cells
                }),
            );
        }
        if let Some(t) = &s.terms {
            out += &format!(
                "\n### Signed terms\n\nThe last ceasefire signed: p10 {:.0} %, median {:.0} %, p90 {:.0} % of Russia's maximal demands; {} of signed trials past that trial's red line.\n",
                100.0 * t.p10,
                100.0 * t.p50,
                100.0 * t.p90,
                pct(t.past_red_line)
            );
        }
        out
    }
}

impl Export<Comparison> for Markdown {
    fn export(&self, c: &Comparison) -> String {
        let mut out = match &c.as_of {
            None => format!(
                "## negsim compare\n\nA: {} (`{}`); B: {} (`{}`); {} trials each, seed {}, common random numbers\n\n",
                c.a.scenario, c.a.file, c.b.scenario, c.b.file, c.trials, c.seed
            ),
            Some(k) => format!(
                "## negsim compare, as of {}\n\nA: {} (`{}`), {} of {} trials agree with the record; B: {} (`{}`), {} of \
                 {}; seed {}. Each side is conditioned on its own, so the intervals are those of independent samples.\n\n",
                k.date,
                c.a.scenario,
                c.a.file,
                k.a_kept,
                k.a_drawn,
                c.b.scenario,
                c.b.file,
                k.b_kept,
                k.b_drawn,
                c.seed
            ),
        };
        let interval = if c.as_of.is_some() { "95 % interval" } else { "95 % interval (paired)" };
        out += &table(
            &["measure", "A", "B", "B - A", interval, "excludes 0"],
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
        let mut header: Vec<String> = if s.keys.is_empty() {
            vec!["value".to_string()]
        } else {
            s.keys.iter().map(|k| format!("`{k}`")).collect()
        };
        if let Some(first) = s.rows.first() {
            header.extend(first.estimates.iter().map(|e| e.measure.clone()));
        }
        header.push("meetings".into());
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        out += &table(
            &header,
            s.rows.iter().map(|r| {
                let mut cells: Vec<String> = r.point().into_iter().map(String::from).collect();
                cells.extend(r.estimates.iter().map(|e| pct(e.probability)));
                cells.push(format!("{:.2}", r.meetings_mean));
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
            &[
                "parameter",
                "value",
                &format!("x{} (low)", num(1.0 - s.delta)),
                &format!("x{} (high)", num(1.0 + s.delta)),
                "target at low",
                "target at high",
                "swing",
            ],
            s.rows.iter().map(|r| {
                let cut = |c: bool| if c { " (cut by range)" } else { "" };
                vec![
                    format!("`{}`", r.key),
                    num(r.value),
                    format!("{}{}", num(r.low), cut(r.clamped_low)),
                    format!("{}{}", num(r.high), cut(r.clamped_high)),
                    pct(r.at_low),
                    pct(r.at_high),
                    format!("{:+.2} pp", 100.0 * r.swing),
                ]
            }),
        );
        out
    }
}

impl Export<KeyReference> for Markdown {
    fn export(&self, r: &KeyReference) -> String {
        let code = |s: &str| format!("`{s}`");
        table(
            &["key", "type", "range", "unit", "meaning", "baseline", "where the baseline's value comes from"],
            r.keys.iter().map(|k| {
                vec![
                    code(&k.key),
                    k.kind.to_string(),
                    k.range.map(|[lo, hi]| format!("{} to {}", num(lo), num(hi))).unwrap_or_default(),
                    k.unit.to_string(),
                    k.meaning.replace('|', "/"),
                    k.baseline.as_deref().map(code).unwrap_or_default(),
                    k.source.as_deref().unwrap_or_default().replace('|', "/"),
                ]
            }),
        )
    }
}

impl Export<HistoryCheck> for Markdown {
    fn export(&self, h: &HistoryCheck) -> String {
        let mut out = format!(
            "## negsim check-history\n\n{} (`{}`), {} trials, seed {}; the record from {} to {}\n\n",
            h.scenario, h.file, h.trials, h.seed, h.window[0], h.window[1]
        );
        out += &table(
            &["figure", "kind", "observed", "percentile in the model", "model 5-95 %", "inside"],
            h.rows.iter().map(|r| {
                let share = matches!(r.kind, FigureKind::Event | FigureKind::Forecast);
                let v = |x: f64| if share { pct(x) } else { num(x) };
                vec![
                    format!("`{}`", r.id),
                    r.kind.name().to_string(),
                    if r.observed[0] == r.observed[1] {
                        v(r.observed[0])
                    } else {
                        format!("{} to {}", v(r.observed[0]), v(r.observed[1]))
                    },
                    r.percentile.map_or_else(|| "-".into(), |p| format!("{p:.1}")),
                    match r.model {
                        [Some(a), Some(b)] if share => pct(if a == b { a } else { b }),
                        [Some(a), Some(b)] => format!("{} to {}", num(a), num(b)),
                        [Some(a), None] => format!("{} and beyond", num(a)),
                        _ => "-".into(),
                    },
                    if r.inside { "yes".into() } else { "no".into() },
                ]
            }),
        );
        out
    }
}

impl Export<Backtest> for Markdown {
    fn export(&self, b: &Backtest) -> String {
        let mut out = format!(
            "## negsim backtest\n\n{}, {} trials kept per forecast date, seed {}; forecast dates {}; base rate {:.3} \
             comprehensive ceasefires a year.\n\n",
            b.scenario,
            b.accepted_per_date,
            b.seed,
            b.dates.iter().map(|d| d.date.as_str()).collect::<Vec<_>>().join(", "),
            b.base_rate_per_year
        );
        out += &table(
            &[
                "forecaster",
                "pairs",
                "Brier",
                "log loss",
                "model: Brier",
                "model: log loss",
                "base rate: Brier",
                "base rate: log loss",
            ],
            b.scores.iter().map(|s| {
                let mut cells = vec![s.forecaster.clone(), s.pairs.to_string()];
                cells.extend(scores(s));
                cells
            }),
        );
        out += "\n";
        out += &table(
            &["question", "date", "model", "base rate", "platforms (the month before)", "outcome"],
            b.pairs.iter().map(|p| {
                vec![
                    b.questions[p.question].label.clone(),
                    p.date.clone(),
                    pct(p.model),
                    pct(p.base_rate),
                    p.platforms
                        .iter()
                        .map(|f| format!("{} {} ({})", f.platform, pct(f.probability), f.observed))
                        .collect::<Vec<_>>()
                        .join("; "),
                    if p.outcome { "yes".into() } else { "no".into() },
                ]
            }),
        );
        out += "\n";
        out += &table(
            &["model forecast", "pairs", "mean forecast", "observed"],
            b.calibration.iter().map(|c| {
                vec![
                    format!("{:.0}-{:.0} %", 100.0 * c.low, 100.0 * c.high),
                    c.pairs.to_string(),
                    c.mean_forecast.map_or_else(|| "-".into(), pct),
                    c.observed.map_or_else(|| "-".into(), pct),
                ]
            }),
        );
        if !b.open.is_empty() {
            out += "\n";
            out += &table(
                &["open question", "model as of", "model", "latest published"],
                b.open.iter().map(|o| {
                    vec![
                        b.questions[o.question].label.clone(),
                        o.as_of.clone(),
                        pct(o.model),
                        o.latest.as_ref().map_or_else(String::new, |f| {
                            format!("{} {} ({})", f.platform, pct(f.probability), f.observed)
                        }),
                    ]
                }),
            );
        }
        out
    }
}

/// With `--uncertain`: each share's spread across the replicates, beside
/// the plain run's Monte Carlo interval.
fn uncertainty_section(s: &Summary) -> String {
    let Some(u) = &s.uncertainty else { return String::new() };
    let mut out = format!(
        "\n### Uncertainty over assumptions\n\n{} replicates of {} trials, each drawing the `[uncertain]` \
         coefficients once (common random numbers).\n\n",
        u.replicates, u.trials
    );
    out += &table(
        &["#", "share", "simulated", "95 % interval (Monte Carlo)", "replicates p5", "median", "p95"],
        u.rows.iter().map(|r| {
            vec![
                r.number.clone(),
                r.id.clone(),
                pct(r.probability),
                format!("{:.1} to {:.1} %", 100.0 * r.ci95[0], 100.0 * r.ci95[1]),
                pct(r.p05),
                pct(r.p50),
                pct(r.p95),
            ]
        }),
    );
    out += "\n";
    out += &table(
        &["uncertain coefficient", "distribution", "file's value"],
        u.coefficients.iter().map(|c| vec![format!("`{}`", c.key), c.distribution.clone(), num(c.value)]),
    );
    out
}

impl Export<Sobol> for Markdown {
    fn export(&self, s: &Sobol) -> String {
        let mut out = format!(
            "## negsim Sobol indices of {}\n\n{} (`{}`): {} is {} with the file's values; {} base samples, {} runs \
             of {} trials, seed {}; over the samples mean {}, sd {:.2} pp; sum of first-order indices {:.2}; Monte \
             Carlo noise about {:.0} % of the variance\n\n",
            s.target,
            s.scenario.scenario,
            s.scenario.file,
            s.target,
            pct(s.base),
            s.samples,
            s.runs,
            s.trials,
            s.seed,
            pct(s.mean),
            100.0 * s.variance.sqrt(),
            s.sum_first,
            100.0 * s.noise_share
        );
        out += &table(
            &["coefficient", "distribution", "first order", "95 % interval", "total", "95 % interval"],
            s.rows.iter().map(|r| {
                vec![
                    format!("`{}`", r.key),
                    r.distribution.clone(),
                    format!("{:.3}", r.first),
                    format!("{:.3} to {:.3}", r.first_ci95[0], r.first_ci95[1]),
                    format!("{:.3}", r.total),
                    format!("{:.3} to {:.3}", r.total_ci95[0], r.total_ci95[1]),
                ]
            }),
        );
        out
    }
}
