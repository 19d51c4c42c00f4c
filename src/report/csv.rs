//! CSV: tidy tables with a header, one row per observation, ready for
//! pandas or R. Numbers are written shortest-exact, shares as fractions.

use super::Export;
use super::cells::num;
use crate::results::{Comparison, HistoryCheck, Sensitivity, Summary, Sweep};

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
    fn export(&self, s: &Summary) -> String {
        let mut header = vec![
            "scenario",
            "file",
            "seed",
            "trials",
            "number",
            "outcome",
            "prior",
            "count",
            "probability",
            "ci_low",
            "ci_high",
        ];
        // Conditioned and replicated figures are extra columns of the same
        // rows (one row per outcome), present only when asked for.
        let given = s.given.as_ref();
        if given.is_some() {
            header.extend([
                "given",
                "given_trials",
                "given_count",
                "given_probability",
                "given_ci_low",
                "given_ci_high",
            ]);
        }
        if s.experts.is_some() {
            header.extend(["expert_concentration", "replicates", "tables_p05", "tables_p50", "tables_p95"]);
        }
        write(
            &header,
            s.outcomes.iter().enumerate().map(|(i, o)| {
                let mut row = vec![
                    s.scenario.clone(),
                    s.file.clone(),
                    s.seed.to_string(),
                    s.trials.to_string(),
                    o.number.to_string(),
                    o.id.clone(),
                    num(o.prior),
                    o.count.to_string(),
                    num(o.probability),
                    num(o.ci95[0]),
                    num(o.ci95[1]),
                ];
                if let Some(g) = given {
                    row.extend([g.expression.clone(), g.accepted.to_string()]);
                    match g.summary.as_ref().and_then(|c| c.outcomes.get(i)) {
                        Some(go) => {
                            row.extend([go.count.to_string(), num(go.probability), num(go.ci95[0]), num(go.ci95[1])])
                        }
                        None => row.extend(["0".to_string(), String::new(), String::new(), String::new()]),
                    }
                }
                if let Some(x) = &s.experts {
                    let sp = &x.outcomes[i];
                    row.extend([num(x.concentration), x.replicates.to_string(), num(sp.p05), num(sp.p50), num(sp.p95)]);
                }
                row
            }),
        )
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
    fn export(&self, s: &Sweep) -> String {
        let rows = s.rows.iter().flat_map(|row| {
            let per_measure = row.estimates.iter().map(move |e| {
                vec![
                    s.key.clone(),
                    row.value.clone(),
                    e.measure.clone(),
                    num(e.probability),
                    num(e.ci95[0]),
                    num(e.ci95[1]),
                ]
            });
            per_measure.chain(std::iter::once(vec![
                s.key.clone(),
                row.value.clone(),
                "rounds_mean".into(),
                num(row.rounds_mean),
                String::new(),
                String::new(),
            ]))
        });
        write(&["key", "value", "measure", "estimate", "ci_low", "ci_high"], rows)
    }
}

impl Export<Sensitivity> for Csv {
    fn export(&self, s: &Sensitivity) -> String {
        write(
            &["target", "key", "value", "low", "high", "at_low", "at_high", "swing"],
            s.rows.iter().map(|r| {
                vec![
                    s.target.clone(),
                    r.key.clone(),
                    num(r.value),
                    num(r.low),
                    num(r.high),
                    num(r.at_low),
                    num(r.at_high),
                    num(r.swing),
                ]
            }),
        )
    }
}

impl Export<HistoryCheck> for Csv {
    fn export(&self, h: &HistoryCheck) -> String {
        let opt = |x: Option<f64>| x.map(num).unwrap_or_default();
        write(
            &["id", "kind", "value", "percentile", "model_value", "range_low", "range_high", "inside", "source"],
            h.rows.iter().map(|r| {
                vec![
                    r.id.clone(),
                    r.kind.name().to_string(),
                    num(r.value),
                    opt(r.percentile),
                    opt(r.model_value),
                    opt(r.range[0]),
                    opt(r.range[1]),
                    r.inside.to_string(),
                    r.source.clone(),
                ]
            }),
        )
    }
}
