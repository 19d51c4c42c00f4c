//! What `negsim validate` adds to loading: every problem of a file in one
//! pass, and warnings about what is allowed but cannot be meant.
//!
//! * [`check_all`] loads a scenario as every command does; when that fails,
//!   it goes on looking. Loading stops at the first stage that fails (the
//!   scalar tables are checked before the structured ones, and serde stops
//!   at its first schema error), so each round replaces the parts that
//!   failed (a scalar table, one tactic, one driver, one rule) with the
//!   built-in baseline's and checks again, up to a few rounds. The
//!   problems of every round are reported together, each once, in file
//!   order; a problem found in the baseline's stand-ins is not the user's
//!   and is dropped.
//! * [`Model::warnings`] reads the outcome rules for rules that can never
//!   match: after a rule that matches every trial, after a rule they are a
//!   special case of, or asking for a ceasefire in force, collapsed or
//!   above the red line in a trial that never signed one.

use super::compile::{self, is_catch_all};
use super::error::InputError;
use super::load::{self, BASELINE_TOML, Origin};
use super::{Model, Overrides, Rule, free, overrides, uncertain};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Rounds of replace-and-check after the first failure.
const ROUNDS: usize = 8;

/// Something allowed in a scenario that cannot be what its author meant.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// Where: `rules[3]`.
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "warning: {} {}\n  = help: {}", self.location, self.message, self.help)
    }
}

impl Warning {
    /// As printed for a scenario file: `warning: FILE: rules[3]: ...`.
    pub fn render(&self, file: &str) -> String {
        format!("warning: {file}: {} {}\n  = help: {}", self.location, self.message, self.help)
    }
}

impl Model {
    /// Rules that can never match, with why.
    pub fn warnings(&self) -> Vec<Warning> {
        rule_warnings(&self.rules)
    }
}

/// The warnings about a list of outcome rules, in rule order.
pub fn rule_warnings(rules: &[Rule]) -> Vec<Warning> {
    let mut out = Vec::new();
    let name = |i: usize| format!("rules[{}]", i + 1);
    let catch_all = rules.iter().position(is_catch_all);
    for (j, rule) in rules.iter().enumerate() {
        let warn = |message: String, help: String| Warning { location: name(j), message, help };
        if let Some(first) = catch_all.filter(|&i| i < j) {
            out.push(warn(
                format!("can never match: {} before it has no conditions and matches every trial", name(first)),
                format!("move the rule with no conditions to the end of the list, or delete {}", name(j)),
            ));
            continue;
        }
        let unsigned = rule.signed == Some(false);
        let needs_signature = [
            ("in_force = true", rule.in_force == Some(true)),
            ("collapsed = true", rule.collapsed == Some(true)),
            ("above_red_line = true", rule.above_red_line == Some(true)),
        ];
        if let Some((what, _)) = needs_signature.iter().find(|(_, on)| unsigned && *on) {
            out.push(warn(
                format!(
                    "can never match: it asks for {what} with signed = false, but only a signed ceasefire can be in force, collapse or cross the red line"
                ),
                format!("drop `signed = false` or `{what}` from {}", name(j)),
            ));
            continue;
        }
        if let Some(i) = (0..j).find(|&i| covers(&rules[i], rule)) {
            out.push(warn(
                format!(
                    "can never match: every trial it would match is matched first by {}, whose conditions it only adds to",
                    name(i)
                ),
                format!("move {} before {}, or delete it", name(j), name(i)),
            ));
        }
    }
    out
}

/// True when every trial `later` matches is matched by `earlier`: each of
/// `earlier`'s conditions is one of `later`'s, or looser.
fn covers(earlier: &Rule, later: &Rule) -> bool {
    let flags =
        |r: &Rule| [r.signed, r.in_force, r.collapsed, r.above_red_line, r.reversed, r.us_left, r.mobilised, r.hybrid];
    let flags_ok = flags(earlier).iter().zip(flags(later)).all(|(e, l)| e.is_none() || *e == l);
    let bounds_ok = earlier.min.0.iter().zip(&later.min.0).all(|(e, l)| e <= l)
        && earlier.max.0.iter().zip(&later.max.0).all(|(e, l)| e >= l);
    flags_ok && bounds_ok
}

/// Loads a scenario (with overrides) as [`Model::load_with`] does, reading
/// each file once, and, when it does not load, looks for every other
/// problem too (see the module's documentation).
pub fn check_all(origin: &Origin, sets: &Overrides) -> Result<Model, InputError> {
    // Reading, syntax, `extends` and `--set` problems leave nothing more
    // to check: they stop here, as they stop every command.
    let mut chain = load::read_chain(origin)?;
    let set_from = chain.sources.end();
    let set_files = overrides::add_sources(&mut chain.sources, sets);
    let baseline_id = chain.sources.add(format!("{}baseline", load::BUILTIN_PREFIX), BASELINE_TOML.into(), None);
    let stand_ins = chain.sources.offset(baseline_id)..chain.sources.end();
    let sources = &chain.sources;
    let mut tree = load::merge(&chain)?;
    let free = free::extract(&mut tree, sources)?;
    let uncertain = uncertain::extract(&mut tree, sources)?;
    overrides::apply(&mut tree, sources, &set_files)?;
    let options = || compile::Options { origin: origin.display_name(), set_from };
    let first = match compile::compile(tree.clone(), sources, options()) {
        Ok(mut model) => {
            free::check(&free, &model.parameters, sources)?;
            model.free = free;
            uncertain::check(&uncertain, &model, sources)?;
            model.uncertain = uncertain;
            model.overrides = sets.sets.clone();
            model.inputs =
                chain.files.iter().filter_map(|&id| sources.path(id)).filter_map(|p| p.canonicalize().ok()).collect();
            return Ok(model);
        }
        Err(e) => e,
    };
    let Ok(baseline) = DeTable::parse(sources.text(baseline_id)) else { return Err(first) };
    let baseline = load::shift_table(baseline.into_inner(), sources.offset(baseline_id));
    let mut errors = vec![first.clone()];
    let mut replaced: Vec<String> = Vec::new();
    let mut last = first;
    for _ in 0..ROUNDS {
        let mut changed = false;
        // Sections the scenario lacks, from the baseline, so that the
        // others can be checked.
        for (key, value) in &baseline {
            // [uncertain] is taken out before compiling: never a stand-in.
            if key.get_ref() != uncertain::TABLE && tree.get_ref().get(key.get_ref().as_ref()).is_none() {
                tree.get_mut().insert(key.clone(), value.clone());
                changed = true;
            }
        }
        for span in last.spans().iter().flatten() {
            if let Some(path) = stand_in(tree.get_mut(), &baseline, span, &stand_ins)
                && !replaced.contains(&path)
            {
                replaced.push(path);
                changed = true;
            }
        }
        if !changed {
            break;
        }
        match compile::compile(tree.clone(), sources, options()) {
            Ok(_) => break,
            Err(e) => {
                errors.push(e.clone());
                last = e;
            }
        }
    }
    let keep = |span: Option<&Range<usize>>| span.is_none_or(|s| !stand_ins.contains(&s.start));
    Err(InputError::join(&errors, keep).unwrap_or_else(|| errors.swap_remove(0)))
}

/// Replaces the part of `tree` that holds `span` with the baseline's: a
/// scalar table or `[simulation]`/`[start]` whole, one tactic or driver,
/// one rule or holiday. Returns the part's path, or `None` when the span
/// is in none (or already in a stand-in).
fn stand_in<'a>(
    tree: &mut DeTable<'a>,
    baseline: &DeTable<'a>,
    span: &Range<usize>,
    stand_ins: &Range<usize>,
) -> Option<String> {
    if stand_ins.contains(&span.start) {
        return None;
    }
    let key = tree.iter().find(|(k, v)| contains(k.span(), v, span.start)).map(|(k, _)| k.get_ref().to_string())?;
    let base = baseline.get(key.as_str());
    let (key_entry, node) = tree.iter_mut().find(|(k, _)| k.get_ref() == key.as_str())?;
    let _ = key_entry;
    match (node.get_mut(), base.map(Spanned::get_ref)) {
        (DeValue::Table(entries), Some(DeValue::Table(base_entries))) if key == "tactics" || key == "drivers" => {
            let id = entries
                .iter()
                .find(|(k, v)| contains(k.span(), v, span.start))
                .map(|(k, _)| k.get_ref().to_string())?;
            match base_entries.get(id.as_str()) {
                Some(b) => {
                    let slot = entries.get_mut(id.as_str())?;
                    *slot = b.clone();
                }
                None => {
                    entries.remove(id.as_str());
                }
            }
            Some(format!("{key}.{id}"))
        }
        (DeValue::Array(items), Some(DeValue::Array(base_items))) => {
            let i = items.iter().position(|v| contains(v.span(), v, span.start))?;
            let stand_in = base_items.get(i).or(base_items.iter().last())?.clone();
            *items.get_mut(i)? = stand_in;
            Some(format!("{key}[{}]", i + 1))
        }
        (_, Some(_)) => {
            *node = base?.clone();
            Some(key)
        }
        (_, None) => None,
    }
}

/// Whether `at` falls in a key, its value, or any key or value inside it
/// (span by span: a table merged from several files has parts in each).
fn contains(key: Range<usize>, value: &Spanned<DeValue<'_>>, at: usize) -> bool {
    let within = |s: Range<usize>| s.contains(&at) || s.start == at;
    if within(key) || within(value.span()) {
        return true;
    }
    match value.get_ref() {
        DeValue::Table(t) => t.iter().any(|(k, v)| contains(k.span(), v, at)),
        DeValue::Array(items) => items.iter().any(|v| contains(v.span(), v, at)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(body: &str) -> Result<Model, InputError> {
        let text = format!("extends = \"builtin:baseline\"\nname = \"t\"\n{body}\n");
        check_all(&Origin::Inline { name: "t.toml".into(), text }, &Overrides::none())
    }

    #[test]
    fn independent_problems_are_reported_together() {
        let err = load(
            "[war]\nintensity = 7\n\n[tactics.bluffing]\nprobability = 2\n\n[tactics.brinkmanship]\nprobabilty = 0.1\n\n\
             [drivers.red_line]\nkey = \"ukraine.red_lin\"\ndistribution = \"uniform\"\nmin = 0.4\nmax = 0.6\n\n\
             [[rules]]\noutcome = \"durable-peac\"\n\n[[rules]]\noutcome = \"supported-attrition\"\n",
        )
        .unwrap_err();
        let text = err.to_string();
        for expect in ["war.intensity", "tactics.bluffing.probability", "probabilty", "ukraine.red_lin", "durable-peac"]
        {
            assert!(text.contains(expect), "no {expect:?} in:\n{text}");
        }
        assert!(!text.contains("builtin:baseline:"), "a stand-in's problem leaked:\n{text}");
        let places: Vec<_> = err.problems().iter().filter_map(|p| p.location.clone()).collect();
        let mut sorted = places.clone();
        sorted.sort_by_key(|l| l.split(':').nth(1).and_then(|n| n.parse::<usize>().ok()));
        assert_eq!(places, sorted, "file order");
    }

    #[test]
    fn a_good_file_loads_as_it_does_everywhere() {
        assert_eq!(
            load("").unwrap(),
            Model::load(&Origin::Inline {
                name: "t.toml".into(),
                text: "extends = \"builtin:baseline\"\nname = \"t\"\n\n".into()
            })
            .unwrap()
        );
    }

    #[test]
    fn rules_that_can_never_match_are_warned_about() {
        let model = load(
            "[[rules]]\noutcome = \"durable-peace\"\nin_force = true\nsigned = false\n\n\
             [[rules]]\noutcome = \"fragile-ceasefire\"\nsigned = true\n\n\
             [[rules]]\noutcome = \"fragile-ceasefire\"\nsigned = true\nhybrid = true\n\n\
             [[rules]]\noutcome = \"supported-attrition\"\n\n\
             [[rules]]\noutcome = \"hybrid-world-war\"\nhybrid = true\n\n\
             [[rules]]\noutcome = \"mutual-exhaustion\"\n",
        )
        .unwrap();
        let w = model.warnings();
        let text: Vec<String> = w.iter().map(ToString::to_string).collect();
        assert_eq!(w.len(), 4, "{text:#?}");
        assert!(text[0].contains("rules[1] can never match: it asks for in_force = true"), "{text:#?}");
        assert!(text[1].contains("rules[3] can never match") && text[1].contains("by rules[2]"), "{text:#?}");
        assert!(text[2].contains("rules[5] can never match: rules[4] before it"), "{text:#?}");
        assert!(text[3].contains("rules[6] can never match: rules[4] before it"), "{text:#?}");
        assert!(Model::baseline().unwrap().warnings().is_empty());
    }
}
