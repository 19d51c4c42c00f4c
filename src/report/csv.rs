//! CSV: tidy tables with a header, one row per observation, ready for
//! pandas or R. Numbers are written shortest-exact, shares as fractions.

use super::Export;
use super::cells::num;
use crate::results::{Backtest, Comparison, HistoryCheck, KeyReference, Sensitivity, Sobol, Summary, Sweep, SweepRow};

/// CSV output.
pub struct Csv;

/// Writes rows through the csv crate (quoting, escaping) into a string.
fn write(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail; an error would only come from a bug.
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(&row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

impl Export<Summary> for Csv {
    /// One tidy table: a row per figure, `section` saying which part of
    /// the report it belongs to (`outcome`, `family`, `ceasefire`,
    /// `signing` (quantiles: the date, and the quantile as the value),
    /// `durability`, `calendar`, `meetings`, `truces`, `rule`, `driver`,
    /// `move`, and `given` and `given_outcome` with `--given`), `date` set
    /// where a row is about a date.
    fn export(&self, s: &Summary) -> String {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut row = |section: &str, item: &str, date: &str, value: f64, ci: Option<[f64; 2]>, extra: &str| {
            rows.push(vec![
                s.scenario.clone(),
                s.seed.to_string(),
                s.trials.to_string(),
                section.to_string(),
                item.to_string(),
                date.to_string(),
                num(value),
                ci.map(|c| num(c[0])).unwrap_or_default(),
                ci.map(|c| num(c[1])).unwrap_or_default(),
                extra.to_string(),
            ]);
        };
        for o in &s.outcomes {
            row("outcome", &o.id, &s.horizon, o.probability, Some(o.ci95), &format!("published {}", num(o.published)));
        }
        row("family", "military", &s.horizon, s.families.military.probability, Some(s.families.military.ci95), "");
        row(
            "family",
            "negotiated",
            &s.horizon,
            s.families.negotiated.probability,
            Some(s.families.negotiated.ci95),
            "",
        );
        let c = &s.ceasefire;
        for (k, v) in [
            ("signed", c.signed),
            ("in_force", c.in_force),
            ("collapsed", c.collapsed),
            ("above_red_line", c.above_red_line),
            ("reversed", c.reversed),
            ("us_left", c.us_left),
            ("mobilised", c.mobilised),
            ("hybrid", c.hybrid),
        ] {
            row("ceasefire", k, &s.horizon, v, None, "share of trials");
        }
        if let Some(d) = &s.signing {
            for (q, date) in [(0.1, &d.p10), (0.25, &d.p25), (0.5, &d.p50), (0.75, &d.p75), (0.9, &d.p90)] {
                row(
                    "signing",
                    &format!("p{:.0}", 100.0 * q),
                    date,
                    q,
                    None,
                    "date of the first signature, signed trials",
                );
            }
        }
        if let Some(w) = s.durability.collapsed_within_30_days {
            row("durability", "collapsed_within_30_days", "", w, None, "first ceasefires, Kaplan-Meier");
        }
        if let Some(d) = s.durability.median_days {
            row("durability", "median_days", "", d, None, "days a first ceasefire holds, Kaplan-Meier");
        }
        for p in &s.calendar {
            row("calendar", "signed_by", &p.date, p.signed_by, None, "");
            row("calendar", "in_force", &p.date, p.in_force, None, "");
            for (f, m) in ["us_ua", "us_ru", "ru_ua", "trilateral"].iter().zip(p.meetings) {
                row("calendar", &format!("meetings_{f}"), &p.date, m, None, "mean in the month from this date");
            }
        }
        row("meetings", "per_trial", "", s.meetings.per_trial, None, "");
        for f in &s.meetings.by_format {
            row("meetings", &format!("{}_per_trial", f.format), "", f.per_trial, None, "");
            if let Some(h) = f.hours {
                row("meetings", &format!("{}_hours", f.format), "", h, None, "mean hours of a meeting");
            }
        }
        row("truces", "per_trial", "", s.truces.per_trial, None, "");
        row("truces", "trials_with_truce", "", s.truces.trials_with_truce, None, "");
        for r in &s.rules {
            row("rule", &r.rule.to_string(), "", r.share, None, &r.outcome);
        }
        for d in &s.drivers {
            for e in &d.effect {
                row("driver", &d.id, "", e.diff, Some(e.ci95), &format!("{}: top fifth minus bottom fifth", e.outcome));
            }
        }
        for t in &s.tactics {
            row("move", &t.id, "", t.per_trial, None, if t.active { "uses per trial" } else { "not in play" });
        }
        for t in s.tactics.iter().filter(|t| t.active) {
            for e in &t.effect {
                row(
                    "move_outcome",
                    &t.id,
                    "",
                    e.diff,
                    Some(e.ci95),
                    &format!("{}: with the move minus without", e.outcome),
                );
            }
        }
        if let Some(t) = &s.terms {
            for (name, v) in [("p10", t.p10), ("p50", t.p50), ("p90", t.p90)] {
                row("terms", name, "", v, None, "last signed ceasefire, share of Russia's maximal demands");
            }
            row("terms", "past_red_line", "", t.past_red_line, None, "share of signed trials");
        }
        if let Some(g) = &s.given {
            // The share of trials that match, with the expression and the
            // counts in the note, so a CSV alone says what was conditioned
            // on (and that nothing matched, when nothing did).
            let note = format!("given `{}`: {} of {} trials match", g.expression, g.accepted, g.drawn);
            row("given", "accepted", "", g.share, Some(g.share_ci95), &note);
            if let Some(c) = &g.summary {
                for o in &c.outcomes {
                    row("given_outcome", &o.id, &s.horizon, o.probability, Some(o.ci95), &note);
                }
                // With --as-of: the dated forecast among the kept trials.
                if let Some(a) = &s.as_of {
                    for p in c.calendar.iter().filter(|p| p.date.as_str() > a.date.as_str()) {
                        row("given_calendar", "signed_by", &p.date, p.signed_by, None, "");
                        row("given_calendar", "in_force", &p.date, p.in_force, None, "");
                    }
                    row("given_calendar", "signed_by", &s.horizon, c.ceasefire.signed, None, "");
                    row("given_calendar", "in_force", &s.horizon, c.ceasefire.in_force, None, "");
                }
            }
        }
        if let Some(a) = &s.as_of {
            row("as_of", "effective_sample_size", &a.date, a.effective_sample_size as f64, None, "trials kept");
            for c in &a.conditions {
                row("as_of_condition", &c.expression, &a.date, 1.0, None, &format!("{} ({})", c.what, c.source));
            }
        }
        if let Some(u) = &s.uncertainty {
            // Per share, the replicates' percentiles as rows of their own
            // (`uncertain_p05`, ...), the plain run's interval on the p50
            // row's note; then each coefficient drawn.
            for r in &u.rows {
                let note = format!("{} replicates of {} trials", u.replicates, u.trials);
                row("uncertain_p05", &r.id, &s.horizon, r.p05, None, &note);
                row("uncertain_p50", &r.id, &s.horizon, r.p50, None, &note);
                row("uncertain_p95", &r.id, &s.horizon, r.p95, None, &note);
                row("uncertain_mean", &r.id, &s.horizon, r.mean, None, &note);
            }
            for c in &u.coefficients {
                row("uncertain_coefficient", &c.key, "", c.value, Some([c.low, c.high]), &c.distribution);
            }
        }
        write(&["scenario", "seed", "trials", "section", "item", "date", "value", "ci_low", "ci_high", "note"], rows)
    }
}

impl Export<Comparison> for Csv {
    fn export(&self, c: &Comparison) -> String {
        write(
            &[
                "measure",
                "number",
                "kind",
                "a",
                "b",
                "diff",
                "ci_low",
                "ci_high",
                "independent_ci_low",
                "independent_ci_high",
                "excludes_zero",
            ],
            c.rows.iter().map(|r| {
                vec![
                    r.measure.clone(),
                    r.number.map(|n| n.to_string()).unwrap_or_default(),
                    r.kind.name().to_string(),
                    num(r.a),
                    num(r.b),
                    num(r.diff),
                    num(r.ci95[0]),
                    num(r.ci95[1]),
                    num(r.ci95_independent[0]),
                    num(r.ci95_independent[1]),
                    r.excludes_zero.to_string(),
                ]
            }),
        )
    }
}

impl Export<Sweep> for Csv {
    /// Tidy long form: a row per point and measure. One parameter gives
    /// `key, value` columns; a grid a column per parameter, named by it.
    fn export(&self, s: &Sweep) -> String {
        let crossed = !s.keys.is_empty();
        let point = |row: &SweepRow| -> Vec<String> {
            if crossed { row.values.clone() } else { vec![s.key.clone(), row.value.clone()] }
        };
        let rows = s.rows.iter().flat_map(|row| {
            let per_measure = row.estimates.iter().map(move |e| {
                let mut cells = point(row);
                cells.extend([e.measure.clone(), num(e.probability), num(e.ci95[0]), num(e.ci95[1])]);
                cells
            });
            let mut meetings = point(row);
            meetings.extend(["meetings_mean".into(), num(row.meetings_mean), String::new(), String::new()]);
            per_measure.chain(std::iter::once(meetings))
        });
        let mut header: Vec<&str> = if crossed { s.parameters() } else { vec!["key", "value"] };
        header.extend(["measure", "estimate", "ci_low", "ci_high"]);
        write(&header, rows)
    }
}

impl Export<Sensitivity> for Csv {
    fn export(&self, s: &Sensitivity) -> String {
        write(
            &["target", "key", "value", "low", "high", "clamped_low", "clamped_high", "at_low", "at_high", "swing"],
            s.rows.iter().map(|r| {
                vec![
                    s.target_id.clone(),
                    r.key.clone(),
                    num(r.value),
                    num(r.low),
                    num(r.high),
                    r.clamped_low.to_string(),
                    r.clamped_high.to_string(),
                    num(r.at_low),
                    num(r.at_high),
                    num(r.swing),
                ]
            }),
        )
    }
}

impl Export<Sobol> for Csv {
    /// A row per coefficient, by total index, largest first.
    fn export(&self, s: &Sobol) -> String {
        write(
            &[
                "target",
                "key",
                "distribution",
                "first",
                "first_low",
                "first_high",
                "total",
                "total_low",
                "total_high",
                "samples",
                "trials",
                "seed",
            ],
            s.rows.iter().map(|r| {
                vec![
                    s.target_id.clone(),
                    r.key.clone(),
                    r.distribution.clone(),
                    num(r.first),
                    num(r.first_ci95[0]),
                    num(r.first_ci95[1]),
                    num(r.total),
                    num(r.total_ci95[0]),
                    num(r.total_ci95[1]),
                    s.samples.to_string(),
                    s.trials.to_string(),
                    s.seed.to_string(),
                ]
            }),
        )
    }
}

impl Export<KeyReference> for Csv {
    fn export(&self, r: &KeyReference) -> String {
        write(
            &["key", "kind", "low", "high", "unit", "meaning", "baseline", "source"],
            r.keys.iter().map(|k| {
                vec![
                    k.key.clone(),
                    k.kind.to_string(),
                    k.range.map(|r| num(r[0])).unwrap_or_default(),
                    k.range.map(|r| num(r[1])).unwrap_or_default(),
                    k.unit.to_string(),
                    k.meaning.clone(),
                    k.baseline.clone().unwrap_or_default(),
                    k.source.clone().unwrap_or_default(),
                ]
            }),
        )
    }
}

impl Export<HistoryCheck> for Csv {
    fn export(&self, h: &HistoryCheck) -> String {
        let opt = |x: Option<f64>| x.map(num).unwrap_or_default();
        write(
            &[
                "id",
                "kind",
                "observed_low",
                "observed_high",
                "percentile",
                "model_low",
                "model_high",
                "inside",
                "source",
            ],
            h.rows.iter().map(|r| {
                vec![
                    r.id.clone(),
                    r.kind.name().to_string(),
                    num(r.observed[0]),
                    num(r.observed[1]),
                    opt(r.percentile),
                    opt(r.model[0]),
                    opt(r.model[1]),
                    r.inside.to_string(),
                    r.source.clone(),
                ]
            }),
        )
    }
}

impl Export<Backtest> for Csv {
    /// One row per scored forecast: the model's, the base rate's, and each
    /// platform's, with the outcome; then the open questions.
    fn export(&self, b: &Backtest) -> String {
        let mut rows = Vec::new();
        for p in &b.pairs {
            let q = &b.questions[p.question];
            let outcome = if p.outcome { "yes" } else { "no" };
            let mut push = |forecaster: &str, observed: &str, probability: f64| {
                rows.push(vec![
                    q.label.clone(),
                    q.from.clone().unwrap_or_default(),
                    q.by.clone(),
                    p.date.clone(),
                    forecaster.to_string(),
                    observed.to_string(),
                    num(probability),
                    outcome.to_string(),
                ]);
            };
            push("model", &p.date, p.model);
            push("base rate", &p.date, p.base_rate);
            for f in &p.platforms {
                push(&f.platform, &f.observed, f.probability);
            }
        }
        for o in &b.open {
            let q = &b.questions[o.question];
            rows.push(vec![
                q.label.clone(),
                q.from.clone().unwrap_or_default(),
                q.by.clone(),
                o.as_of.clone(),
                "model".into(),
                o.as_of.clone(),
                num(o.model),
                "open".into(),
            ]);
        }
        write(&["question", "from", "by", "forecast_date", "forecaster", "observed", "probability", "outcome"], rows)
    }
}
