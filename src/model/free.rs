//! Free coefficients: values a file marks for `negsim calibrate` to fit.
//!
//! A coefficient is marked by writing it as `{ value = 0.3, fit = [0.1, 0.6] }`
//! instead of `0.3`. Everywhere but calibration the scenario runs with
//! `value`; `negsim calibrate` moves it within `fit`. Markers are taken
//! out of the merged tree before the schema check, so the schema stays one
//! number per key; their bounds are then checked against the key's
//! documented range.

use super::Parameter;
use super::error::{Diagnostics, InputError};
use super::source::SourceMap;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A coefficient marked for fitting.
#[derive(Clone, Debug, PartialEq)]
pub struct FreeParameter {
    /// Dotted path, as `--set` takes it.
    pub key: String,
    /// Its value as written (the start of the fit).
    pub value: f64,
    /// Lowest value the fit may give it.
    pub lo: f64,
    /// Highest value the fit may give it.
    pub hi: f64,
    /// Where the marker is, for errors.
    pub(super) span: Range<usize>,
}

fn number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok(),
        DeValue::Integer(i) if i.radix() == 10 => i.as_str().replace('_', "").parse::<i64>().ok().map(|x| x as f64),
        _ => None,
    }
}

/// Takes every `{ value, fit }` marker out of the tree, leaving its value.
pub(super) fn extract(tree: &mut Spanned<DeTable<'_>>, sources: &SourceMap) -> Result<Vec<FreeParameter>, InputError> {
    let mut found = Vec::new();
    let mut report = Diagnostics::default();
    walk(tree.get_mut(), "", &mut found, &mut report, false);
    report.finish(sources)?;
    Ok(found)
}

fn is_marker(t: &DeTable<'_>) -> bool {
    t.len() == 2 && t.get("value").is_some() && t.get("fit").is_some()
}

fn walk(
    table: &mut DeTable<'_>,
    prefix: &str,
    found: &mut Vec<FreeParameter>,
    report: &mut Diagnostics,
    in_array: bool,
) {
    for (key, node) in table.iter_mut() {
        let path = if prefix.is_empty() { key.get_ref().to_string() } else { format!("{prefix}.{}", key.get_ref()) };
        let span = node.span();
        let replacement = match node.get_mut() {
            DeValue::Table(t) if is_marker(t) => {
                if in_array {
                    report.at(
                        span.clone(),
                        format!("`{path}` is inside a list: it cannot be fitted"),
                        "fit coefficients of tables (not of [[rules]])",
                    );
                    None
                } else {
                    marker(t, &path, span, found, report)
                }
            }
            DeValue::Table(t) => {
                walk(t, &path, found, report, in_array);
                None
            }
            DeValue::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    if let DeValue::Table(t) = item.get_mut() {
                        walk(t, &format!("{path}[{}]", i + 1), found, report, true);
                    }
                }
                None
            }
            _ => None,
        };
        if let Some(value) = replacement {
            *node = value;
        }
    }
}

/// Checks one marker and returns the value node to put in its place.
fn marker<'a>(
    t: &DeTable<'a>,
    path: &str,
    span: Range<usize>,
    found: &mut Vec<FreeParameter>,
    report: &mut Diagnostics,
) -> Option<Spanned<DeValue<'a>>> {
    let value_node = t.get("value")?;
    let fit_node = t.get("fit")?;
    let Some(value) = number(value_node.get_ref()) else {
        report.at(
            value_node.span(),
            format!("`{path}.value` must be a number"),
            "write the coefficient's starting value",
        );
        return None;
    };
    let bounds: Option<(f64, f64)> = match fit_node.get_ref() {
        DeValue::Array(a) if a.len() == 2 => number(a[0].get_ref()).zip(number(a[1].get_ref())),
        _ => None,
    };
    let Some((lo, hi)) = bounds.filter(|(lo, hi)| lo.is_finite() && hi.is_finite() && lo < hi) else {
        report.at(
            fit_node.span(),
            format!("`{path}.fit` must be [low, high] with low below high"),
            "e.g. fit = [0.1, 0.6]",
        );
        return None;
    };
    if !(lo..=hi).contains(&value) {
        report.at(
            value_node.span(),
            format!("`{path}.value` ({value}) is outside its fit range [{lo}, {hi}]"),
            "start the fit inside its range",
        );
        return None;
    }
    found.push(FreeParameter { key: path.to_string(), value, lo, hi, span });
    Some(value_node.clone())
}

/// Checks the markers' bounds against the documented ranges of their keys.
pub(super) fn check(free: &[FreeParameter], parameters: &[Parameter], sources: &SourceMap) -> Result<(), InputError> {
    let mut report = Diagnostics::default();
    for f in free {
        match parameters.iter().find(|p| p.key == f.key) {
            None => report.at(
                f.span.clone(),
                format!("`{}` is not a coefficient that can be fitted", f.key),
                "fit real-valued coefficients (not trial counts, seeds, rounds or text)",
            ),
            Some(p) if f.lo < p.lo || f.hi > p.hi => report.at(
                f.span.clone(),
                format!(
                    "the fit range [{}, {}] of `{}` leaves its documented range [{}, {}]",
                    f.lo, f.hi, f.key, p.lo, p.hi
                ),
                "keep the fit range inside the coefficient's range",
            ),
            Some(_) => {}
        }
    }
    report.finish(sources)
}
