//! `[uncertain]`: a distribution over an assumption, for `run --uncertain`
//! and `sobol`.
//!
//! A scenario may say how sure it is of a scalar coefficient by giving it
//! a distribution, keyed by the coefficient's dotted path:
//!
//! ```toml
//! [uncertain]
//! "war.front_noise" = { uniform = [0.02, 0.06] }
//! "russia.burn" = { triangular = [0.04, 0.06, 0.08] }   # low, mode, high
//! "us.pressure" = { normal = [0.1, 0.02] }              # mean, sd
//! "tactics.bluffing.probability" = { uniform = [0.15, 0.45] }
//! ```
//!
//! A key is a scalar coefficient (`negsim keys` lists them) or the
//! probability of a move, `tactics.<id>.probability`: most moves'
//! probabilities are assumptions too.
//!
//! Unlike a driver, which draws a coefficient anew in every trial (an
//! uncertainty of the world), an uncertain coefficient is one value for a
//! whole run that nobody knows (an uncertainty of the model): a plain run
//! uses the file's value, `run --uncertain R` plays R replicates with the
//! coefficients drawn once each, and `sobol` apportions the spread among
//! them. The table is taken out of the merged tree before the schema
//! check (so the schema stays one number per coefficient) and checked
//! here, every problem with its place in the file.

use super::coef::{Coef, PAIRS};
use super::error::{Diagnostics, InputError, did_you_mean};
use super::source::SourceMap;
use super::{Distribution, Driver, Model, Tactic};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The top-level key of the table.
pub const TABLE: &str = "uncertain";

/// The distributions an entry can name, with what each takes.
const KINDS: [(&str, &str); 3] =
    [("uniform", "[low, high]"), ("triangular", "[low, mode, high]"), ("normal", "[mean, sd]")];

/// What an entry draws.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A scalar coefficient.
    Coef(Coef),
    /// The probability of the move with this id (`tactics.<id>.probability`).
    Probability(String),
}

/// What a move's probability means, for the range error's help (the key
/// reference says the same of `tactics.<id>.probability`).
const PROBABILITY_DOC: &str = "chance per meeting (or month) that the move is made";

/// A coefficient whose value is uncertain, with its distribution.
#[derive(Clone, Debug)]
pub struct Uncertain {
    /// What is drawn.
    pub target: Target,
    /// Its dotted key, as the file wrote it.
    key: String,
    /// Its distribution (a normal is kept inside the coefficient's range,
    /// as a driver's is).
    pub distribution: Distribution,
    /// Where the entry is, for errors found after compiling.
    pub(super) span: Range<usize>,
}

/// Two entries are equal when they mean the same: the span says only where
/// the text was, so a file edited above the table (as `negsim serve`'s
/// download is) still holds the same model.
impl PartialEq for Uncertain {
    fn eq(&self, other: &Uncertain) -> bool {
        self.target == other.target && self.distribution == other.distribution
    }
}

impl Uncertain {
    /// The dotted key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The values the key accepts.
    pub fn range(&self) -> (f64, f64) {
        match self.target {
            Target::Coef(c) => c.range(),
            Target::Probability(_) => (0.0, 1.0),
        }
    }

    /// Its value in `model` (for the model it was read with, the file's).
    pub fn value_in(&self, model: &Model) -> f64 {
        match &self.target {
            Target::Coef(c) => model.coefs[*c],
            Target::Probability(id) => model.tactics.iter().find(|t| &t.id == id).map_or(0.0, |t| t.probability),
        }
    }

    /// The lowest and highest value a draw can take.
    pub fn support(&self) -> (f64, f64) {
        match self.distribution {
            Distribution::Uniform { lo, hi } | Distribution::Triangular { lo, hi, .. } => (lo, hi),
            Distribution::Normal { lo, hi, .. } => (lo, hi),
            Distribution::Bernoulli { yes, no, .. } => (yes.min(no), yes.max(no)),
        }
    }

    /// The distribution as written: `uniform [0.02, 0.06]`.
    pub fn describe(&self) -> String {
        match self.distribution {
            Distribution::Uniform { lo, hi } => format!("uniform [{lo}, {hi}]"),
            Distribution::Triangular { lo, mode, hi } => format!("triangular [{lo}, {mode}, {hi}]"),
            Distribution::Normal { mean, sd, .. } => format!("normal [{mean}, {sd}]"),
            Distribution::Bernoulli { p, yes, no } => format!("bernoulli [{p}, {yes}, {no}]"),
        }
    }
}

/// A TOML number as f64, `nan` and `inf` included (refused by the checks,
/// with their place).
fn number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok(),
        DeValue::Integer(i) if i.radix() == 10 => i.as_str().replace('_', "").parse::<i64>().ok().map(|x| x as f64),
        _ => None,
    }
}

/// Takes `[uncertain]` out of the merged tree and checks each entry on its
/// own: a known coefficient, one distribution, numbers in order and inside
/// the coefficient's range.
pub(super) fn extract(tree: &mut Spanned<DeTable<'_>>, sources: &SourceMap) -> Result<Vec<Uncertain>, InputError> {
    let Some((key, value)) = tree.get_mut().remove_entry(TABLE) else { return Ok(Vec::new()) };
    // The moves of the merged scenario, whose probabilities may be drawn.
    let moves: Vec<&str> = match tree.get_ref().get("tactics").map(Spanned::get_ref) {
        Some(DeValue::Table(t)) => t.iter().map(|(id, _)| id.get_ref().as_ref()).collect(),
        _ => Vec::new(),
    };
    let mut report = Diagnostics::default();
    let mut found = Vec::new();
    match value.get_ref() {
        DeValue::Table(t) => {
            for (k, v) in t.iter() {
                if let Some(u) = entry(k, v, &moves, &mut report) {
                    found.push(u);
                }
            }
        }
        _ => report.at(
            key.span(),
            format!("`{TABLE}` must be a table"),
            "write it as an [uncertain] table, one line per coefficient, e.g. \"war.front_noise\" = { uniform = [0.02, 0.06] }",
        ),
    }
    report.finish(sources)?;
    Ok(found)
}

/// Checks one entry; `None` after reporting what is wrong with it.
fn entry(
    k: &Spanned<std::borrow::Cow<'_, str>>,
    v: &Spanned<DeValue<'_>>,
    moves: &[&str],
    report: &mut Diagnostics,
) -> Option<Uncertain> {
    let name: &str = k.get_ref();
    let target =
        match (Coef::from_key(name), name.strip_prefix("tactics.").and_then(|r| r.strip_suffix(".probability"))) {
            (Some(coef), _) => Target::Coef(coef),
            (None, Some(id)) if moves.contains(&id) => Target::Probability(id.to_string()),
            (None, Some(id)) => {
                report.at(
                    k.span(),
                    format!("`{TABLE}.\"{name}\"`: the scenario has no move `{id}`"),
                    format!("{} (the moves are the [tactics.<id>] tables)", did_you_mean(id, moves.iter().copied())),
                );
                return None;
            }
            (None, None) => {
                let keys = Coef::ALL.iter().map(|c| c.key());
                let only = "only scalar coefficients (`negsim keys` lists them) and moves' probabilities \
                        (`tactics.<id>.probability`) can be uncertain";
                let hint = if name.starts_with("start.") || name.starts_with("drivers.") {
                    format!("{only}; give a starting value a driver instead")
                } else if name.starts_with("tactics.") {
                    only.to_string()
                } else {
                    format!("{} ([uncertain] keys are coefficients' dotted paths, in quotes)", did_you_mean(name, keys))
                };
                report.at(k.span(), format!("`{TABLE}.\"{name}\"`: `{name}` is not a coefficient"), hint);
                return None;
            }
        };
    let (lo, hi, unit, doc) = match &target {
        Target::Coef(c) => (c.range().0, c.range().1, c.unit(), c.doc()),
        Target::Probability(_) => (0.0, 1.0, "probability", PROBABILITY_DOC),
    };
    let full = format!("{TABLE}.\"{name}\"");
    let kinds = KINDS.iter().map(|(n, args)| format!("{n} = {args}")).collect::<Vec<_>>().join(", ");
    let DeValue::Table(t) = v.get_ref() else {
        report.at(
            v.span(),
            format!("wrong type: `{full}` must be a table naming one distribution"),
            format!("write e.g. {{ uniform = [low, high] }}; one of {kinds}"),
        );
        return None;
    };
    let mut items = t.iter();
    let (Some((dist, args)), None) = (items.next(), items.next()) else {
        report.at(
            v.span(),
            format!("`{full}` must name exactly one distribution, found {}", t.len()),
            format!("give one of {kinds}"),
        );
        return None;
    };
    let dist_name: &str = dist.get_ref();
    let Some(&(_, shape)) = KINDS.iter().find(|(n, _)| *n == dist_name) else {
        report.at(
            dist.span(),
            format!("unknown distribution `{dist_name}` in `{full}`"),
            format!("{} (one of {kinds})", did_you_mean(dist_name, KINDS.iter().map(|(n, _)| *n))),
        );
        return None;
    };
    let want = shape.split(',').count();
    let numbers: Option<Vec<(f64, Range<usize>)>> = match args.get_ref() {
        DeValue::Array(a) if a.len() == want => {
            a.iter().map(|item| number(item.get_ref()).map(|x| (x, item.span()))).collect()
        }
        _ => None,
    };
    let Some(numbers) = numbers else {
        report.at(
            args.span(),
            format!("`{full}.{dist_name}` must be {want} numbers {shape}"),
            format!("write e.g. {dist_name} = {}", example(dist_name)),
        );
        return None;
    };
    let unit = if unit.is_empty() { String::new() } else { format!(" ({unit})") };
    let mut ok = true;
    for (i, (x, span)) in numbers.iter().enumerate() {
        // A normal's sd is a spread, not a value: it has its own check.
        let is_sd = dist_name == "normal" && i == 1;
        if !x.is_finite() {
            report.at(span.clone(), format!("`{full}.{dist_name}` holds {x}, not a finite number"), "write a number");
            ok = false;
        } else if !is_sd && !(lo..=hi).contains(x) {
            report.at(
                span.clone(),
                format!("`{full}.{dist_name}` holds {x}, outside the range of `{name}`, {lo} to {hi}{unit}"),
                format!("keep the distribution inside the coefficient's range ({doc})"),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let x = |i: usize| numbers[i].0;
    let at = |i: usize| numbers[i].1.clone();
    let distribution = match dist_name {
        "uniform" => {
            if x(0) >= x(1) {
                report.at(
                    at(1),
                    format!("`{full}.uniform` needs low < high, found {} and {}", x(0), x(1)),
                    "order them low, high, with high above low",
                );
                return None;
            }
            Distribution::Uniform { lo: x(0), hi: x(1) }
        }
        "triangular" => {
            if !(x(0) <= x(1) && x(1) <= x(2) && x(0) < x(2)) {
                report.at(
                    at(1),
                    format!(
                        "`{full}.triangular` needs low <= mode <= high and low < high, found {} {} {}",
                        x(0),
                        x(1),
                        x(2)
                    ),
                    "order the three values low, mode, high",
                );
                return None;
            }
            Distribution::Triangular { lo: x(0), mode: x(1), hi: x(2) }
        }
        _ => {
            if x(1) <= 0.0 || x(1) > hi - lo {
                report.at(
                    at(1),
                    format!(
                        "`{full}.normal`: the sd must be above 0 and at most the range's width ({}), found {}",
                        hi - lo,
                        x(1)
                    ),
                    "give a positive standard deviation",
                );
                return None;
            }
            Distribution::Normal { mean: x(0), sd: x(1), lo, hi }
        }
    };
    Some(Uncertain { target, key: name.to_string(), distribution, span: v.span() })
}

/// An example of a distribution's numbers.
fn example(dist: &str) -> &'static str {
    match dist {
        "uniform" => "[0.02, 0.06]",
        "triangular" => "[0.04, 0.06, 0.08]",
        _ => "[0.05, 0.01]",
    }
}

/// Checks the entries against the compiled model: a coefficient a driver
/// draws per trial cannot also be drawn per replicate (the driver would
/// overwrite it), and the two coefficients of a minimum-maximum pair must
/// stay in order whatever is drawn.
pub(super) fn check(found: &[Uncertain], model: &Model, sources: &SourceMap) -> Result<(), InputError> {
    let mut report = Diagnostics::default();
    for u in found {
        if let Some(d) = model.drivers.iter().find(|d: &&Driver| d.key == u.key()) {
            report.at(
                u.span.clone(),
                format!("`{}` is drawn per trial by the driver `drivers.{}`, so a value drawn per replicate would never be used", u.key(), d.id),
                "drop one: the driver for an uncertainty of the world, [uncertain] for one of the model (or move the driver's own bounds)",
            );
        }
    }
    let support = |c: Coef| {
        found.iter().find(|u| u.target == Target::Coef(c)).map_or((model.coefs[c], model.coefs[c]), Uncertain::support)
    };
    for (min, max) in PAIRS {
        let (a, b) = (support(min).1, support(max).0);
        if a > b {
            let u = found.iter().find(|u| u.target == Target::Coef(min) || u.target == Target::Coef(max));
            if let Some(u) = u {
                report.at(
                    u.span.clone(),
                    format!("`{}` could be drawn above `{}` ({} > {})", min.key(), max.key(), a, b),
                    format!("keep the highest value of `{}` at or below the lowest of `{}`", min.key(), max.key()),
                );
            }
        }
    }
    report.finish(sources)
}

impl Model {
    /// The same model with each uncertain coefficient set to `values[i]`
    /// (in the order of [`Model::uncertain`]); the values are assumed to
    /// come from the distributions, so inside every range.
    pub fn with_values(&self, values: &[f64]) -> Model {
        let mut m = self.clone();
        let mut moves_changed = false;
        for (u, &v) in self.uncertain.iter().zip(values) {
            match &u.target {
                Target::Coef(c) => m.coefs[*c] = v,
                Target::Probability(id) => {
                    if let Some(t) = m.tactics.iter_mut().find(|t| &t.id == id) {
                        t.probability = v;
                        t.threshold = Tactic::threshold(v);
                        moves_changed = true;
                    }
                }
            }
        }
        if moves_changed {
            m.compile_moves();
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Origin, Overrides};

    #[test]
    fn the_baseline_is_unsure_of_nine_assumptions_and_a_child_replaces_one_in_place() {
        let base = Model::baseline().unwrap();
        assert_eq!(base.uncertain.len(), 9);
        for u in &base.uncertain {
            let (lo, hi) = u.support();
            let (a, b) = u.range();
            assert!(a <= lo && lo < hi && hi <= b, "{}", u.key());
            assert!(model_value_inside(&base, u), "{}: the file's value lies inside its distribution", u.key());
        }
        let values: Vec<f64> = base.uncertain.iter().map(|u| u.support().0).collect();
        let low = base.with_values(&values);
        assert_eq!(base.uncertain[0].value_in(&low), values[0]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("child.toml");
        std::fs::write(
            &path,
            "extends = \"builtin:baseline\"\nname = \"child\"\n[uncertain]\n\"russia.burn\" = { uniform = [0.05, 0.07] }\n\"us.push\" = { triangular = [0.0, 0.05, 0.1] }\n",
        )
        .unwrap();
        let child = Model::load_with(&Origin::Path(path), &Overrides::none()).unwrap();
        assert_eq!(child.uncertain.len(), 10);
        let at = |m: &Model, key: &str| m.uncertain.iter().position(|u| u.key() == key);
        assert_eq!(at(&child, "russia.burn"), at(&base, "russia.burn"), "the replaced entry keeps its place");
        let burn = &child.uncertain[at(&child, "russia.burn").unwrap()];
        assert_eq!(burn.distribution, Distribution::Uniform { lo: 0.05, hi: 0.07 }, "not merged with the parent's");
        assert_eq!(at(&child, "us.push"), Some(9), "a new entry comes last");
    }

    fn model_value_inside(m: &Model, u: &Uncertain) -> bool {
        let (lo, hi) = u.support();
        (lo..=hi).contains(&u.value_in(m))
    }
}
