//! From the merged file tree to a checked [`Model`].
//!
//! Two steps. Serde turns the tree into the schema types, refusing unknown
//! keys, missing keys and wrong types; its errors come with spans, which we
//! turn into located problems with advice. Then every value is checked
//! against its documented range, sums, references and caps, collecting
//! every problem rather than stopping at the first.

use super::error::{Diagnostics, InputError, did_you_mean, nearest};
use super::schema::{self, Condition, Int, Num, Phase, ScenarioFile};
use super::source::SourceMap;
use super::state::{State, StateTable, StateVar};
use super::*;
use crate::seeds::{self, OUTCOMES};
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

/// Tolerance on the sum of world probabilities.
pub const SUM_TOLERANCE: f64 = 1e-9;

/// What compiling needs besides the tree.
pub(super) struct Options {
    /// Where the scenario was read from.
    pub origin: String,
    /// With `--renormalize`: the worlds whose probability `--set` fixed.
    pub renormalize: Option<Vec<String>>,
    /// Global offset from which spans belong to `--set` arguments.
    pub set_from: usize,
}

pub(super) fn compile(tree: Spanned<DeTable<'_>>, sources: &SourceMap, options: Options) -> Result<Model, InputError> {
    missing_sections(&tree, sources)?;
    let file = ScenarioFile::deserialize(toml::de::Deserializer::from(tree)).map_err(|e| serde_error(&e, sources))?;
    let mut c = Checker {
        report: Diagnostics::default(),
        parameters: Vec::new(),
        renormalize: options.renormalize,
        set_from: options.set_from,
    };
    let mut model = c.model(file, options.origin);
    model.parameters = std::mem::take(&mut c.parameters);
    c.report.finish(sources)?;
    Ok(model)
}

/// Keys every resolved scenario needs at the top level.
const SECTIONS: [&str; 12] = [
    "name",
    "simulation",
    "start",
    "environment",
    "russia",
    "ukraine",
    "mediator",
    "agreement",
    "ceasefire",
    "worlds",
    "tactics",
    "rules",
];

/// Names every missing top-level section at once (serde would stop at the
/// first), pointing at the file's first key.
fn missing_sections(tree: &Spanned<DeTable<'_>>, sources: &SourceMap) -> Result<(), InputError> {
    let missing: Vec<&str> = SECTIONS.iter().copied().filter(|k| tree.get_ref().get(*k).is_none()).collect();
    if missing.len() < 2 {
        return Ok(()); // one missing key gets serde's located message
    }
    let first_key = tree.get_ref().keys().map(Spanned::span).min_by_key(|s| s.start).unwrap_or(tree.span());
    let mut report = Diagnostics::default();
    let list = missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
    report.at(
        first_key,
        format!("the scenario is missing {} top-level keys: {list}", missing.len()),
        "start the file with extends = \"builtin:baseline\" to inherit them and change only what you need, or add them (README, \"Scenario file format\")",
    );
    Err(report.into_error(sources))
}

/// Turns a serde error into a located problem with advice.
fn serde_error(err: &toml::de::Error, sources: &SourceMap) -> InputError {
    let raw = err.message().trim();
    let (message, help) = explain(raw);
    let mut report = Diagnostics::default();
    match err.span() {
        Some(span) => report.at(span, message, help),
        None => report.plain(None, message, help),
    }
    report.into_error(sources)
}

/// Rewrites serde's messages in the file's terms and adds what to do.
fn explain(raw: &str) -> (String, String) {
    let ticked = |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_string).collect() };
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let names = ticked(rest);
        let (field, expected) = names.split_first().map(|(f, e)| (f.clone(), e.to_vec())).unwrap_or_default();
        let help = match nearest(&field, expected.iter().map(String::as_str)).first() {
            _ if expected.is_empty() => "remove it; this table takes no keys".to_string(),
            Some(best) => format!("did you mean `{best}`? (valid keys here: {})", expected.join(", ")),
            None => format!("valid keys here: {}", expected.join(", ")),
        };
        return (format!("unknown key `{field}`"), help);
    }
    if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let names = ticked(rest);
        let (value, expected) = names.split_first().map(|(f, e)| (f.clone(), e.to_vec())).unwrap_or_default();
        let valid = expected.iter().map(|e| format!("\"{e}\"")).collect::<Vec<_>>().join(", ");
        let help = match nearest(&value, expected.iter().map(String::as_str)).first() {
            Some(best) => format!("did you mean \"{best}\"? (valid values: {valid})"),
            None => format!("valid values: {valid}"),
        };
        return (format!("unknown value \"{value}\""), help);
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        let field = ticked(rest).into_iter().next().unwrap_or_default();
        if field == "name" {
            return (
                "missing key `name`".to_string(),
                "every scenario file names itself (names are not inherited through `extends`): add name = \"...\""
                    .to_string(),
            );
        }
        return (
            format!("missing key `{field}`"),
            format!(
                "add `{field}` here (the README's \"Scenario file format\" lists every key), or `extends` a scenario that sets it"
            ),
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "another type"));
        let found = match found {
            "map" => "a table".to_string(),
            "sequence" => "an array".to_string(),
            other => other.to_string(),
        };
        if expected == "a sequence" {
            return (
                format!("wrong type: found {found}, expected an array of tables"),
                "write each rule as its own [[rules]] table, with double brackets".to_string(),
            );
        }
        let expected = match expected {
            "f64" => "a number".to_string(),
            "i64" | "u64" | "u32" => "a whole number".to_string(),
            "a boolean" => "true or false".to_string(),
            "a string" => "a quoted string".to_string(),
            "a map" => "a table".to_string(),
            other if other.starts_with("struct ") => "a table".to_string(),
            other => other.to_string(),
        };
        return (format!("wrong type: found {found}, expected {expected}"), format!("write {expected} here"));
    }
    if raw.starts_with("invalid value: integer") {
        return (
            "this number is beyond TOML's integer range".to_string(),
            "TOML integers go up to 9223372036854775807; write a smaller number (seeds up to 2^64 - 1 can be given with --seed)".to_string(),
        );
    }
    (raw.to_string(), "see the README's \"Scenario file format\"".to_string())
}

struct Checker {
    report: Diagnostics,
    parameters: Vec<Parameter>,
    renormalize: Option<Vec<String>>,
    set_from: usize,
}

impl Checker {
    /// A finite number in `[lo, hi]`.
    fn num(&mut self, n: &Num, key: &str, lo: f64, hi: f64, hint: &str) -> f64 {
        let v = *n.get_ref();
        let range = format!("between {} and {}", fmt(lo), fmt(hi));
        if !v.is_finite() {
            self.report.at(
                n.span(),
                format!("`{key}` must be a finite number, found {v}"),
                format!("write a number {range}{hint}"),
            );
            return lo;
        }
        if v < lo || v > hi {
            self.report.at(
                n.span(),
                format!("`{key}` must be {range}, found {v}"),
                format!("write a number {range}{hint}"),
            );
            return v.clamp(lo, hi);
        }
        self.parameters.push(Parameter { key: key.to_string(), value: v, lo, hi });
        v
    }

    /// A whole number in `[lo, hi]`; `above` is advice for values over the cap.
    fn int(&mut self, n: &Int, key: &str, lo: i64, hi: i64, above: &str) -> i64 {
        let v = *n.get_ref();
        if v < lo || v > hi {
            let extra = if v > hi { above } else { "" };
            self.report.at(
                n.span(),
                format!("`{key}` must be between {lo} and {hi}, found {v}"),
                format!("write a whole number between {lo} and {hi}{extra}"),
            );
            return v.clamp(lo, hi);
        }
        v
    }

    fn share(&mut self, n: &Num, key: &str) -> f64 {
        self.num(n, key, 0.0, 1.0, " (a share of one)")
    }

    fn model(&mut self, f: ScenarioFile, origin: String) -> Model {
        if f.name.get_ref().trim().is_empty() {
            self.report.at(
                f.name.span(),
                "`name` is empty",
                "give the scenario a short name, e.g. name = \"my-variant\"",
            );
        }
        let settings = self.settings(&f.simulation);
        let tactics = self.tactics(&f.tactics);
        let start = self.state(&f.start, "start", None);
        let (worlds, world_cdf) = self.worlds(&f, &start, &tactics);
        let environment = self.environment(&f.environment);
        let russia = self.russia(&f.russia);
        let ukraine = self.ukraine(&f.ukraine);
        let mediator = Mediator {
            pull: self.num(&f.mediator.pull, "mediator.pull", 0.0, 10.0, " (clock advance per round, in rounds)"),
            walkaway_hazard: self.share(&f.mediator.walkaway_hazard, "mediator.walkaway_hazard"),
            support_loss: self.share(&f.mediator.support_loss, "mediator.support_loss"),
        };
        let agreement = Agreement {
            precondition: self.share(&f.agreement.precondition, "agreement.precondition"),
            red_line: self.share(&f.ukraine.red_line, "ukraine.red_line"),
            political_premium: self.share(&f.russia.political_premium, "russia.political_premium"),
        };
        let ceasefire = Ceasefire {
            base_hazard: self.share(&f.ceasefire.base_hazard, "ceasefire.base_hazard"),
            distrust_hazard: self.share(&f.ceasefire.distrust_hazard, "ceasefire.distrust_hazard"),
        };
        let rules = self.rules(&f.rules);
        Model {
            name: f.name.into_inner(),
            origin,
            settings,
            worlds,
            world_cdf,
            tactics,
            environment,
            russia,
            ukraine,
            mediator,
            agreement,
            ceasefire,
            rules,
            overrides: Vec::new(),
            inputs: Vec::new(),
            parameters: Vec::new(),
            free: Vec::new(),
        }
    }

    fn settings(&mut self, s: &schema::Simulation) -> Settings {
        let trials = self.int(
            &s.trials,
            "simulation.trials",
            1,
            MAX_TRIALS as i64,
            "; a run larger than the cap should be split with --seed",
        );
        let seed = self.int(&s.seed, "simulation.seed", 0, i64::MAX, "");
        let max_rounds = self.int(&s.max_rounds, "simulation.max_rounds", 1, i64::from(MAX_ROUNDS), " (meetings)");
        let horizon =
            self.int(&s.horizon_months, "simulation.horizon_months", 1, i64::from(MAX_HORIZON_MONTHS), " (months)");
        Settings {
            trials: trials as u64,
            seed: seed as u64,
            max_rounds: max_rounds as u32,
            horizon_months: horizon as u32,
        }
    }

    /// A state table: with `base`, a partial override of it; without, a
    /// full assignment in which every variable must be present.
    fn state(&mut self, t: &Spanned<StateTable<Num>>, key: &str, base: Option<&State>) -> State {
        let mut state = base.copied().unwrap_or(State([0.0; StateVar::COUNT]));
        for (var, value) in t.get_ref().entries() {
            let (lo, hi) = var.range();
            match value {
                Some(v) => state[var] = self.num(v, &format!("{key}.{}", var.key()), lo, hi, ""),
                None if base.is_none() => self.report.at(
                    t.span(),
                    format!("missing key `{}` in [{key}]", var.key()),
                    format!(
                        "every state variable needs a starting value: add `{} = ...` ({} to {})",
                        var.key(),
                        fmt(lo),
                        fmt(hi)
                    ),
                ),
                None => {}
            }
        }
        state
    }

    fn tactics(&mut self, defs: &Spanned<indexmap::IndexMap<Spanned<String>, schema::TacticDef>>) -> Vec<Tactic> {
        if defs.get_ref().len() > MAX_TACTICS {
            self.report.at(
                defs.span(),
                format!("{} tactics defined; the limit is {MAX_TACTICS}", defs.get_ref().len()),
                "merge or remove tactics",
            );
        }
        let mut out = Vec::with_capacity(defs.get_ref().len());
        for (id, d) in defs.get_ref() {
            let key = format!("tactics.{}", id.get_ref());
            if !valid_id(id.get_ref()) {
                self.report.at(
                    id.span(),
                    format!("tactic id `{}` is not a valid id", id.get_ref()),
                    "use lower-case letters, digits, `_` and `-`",
                );
            }
            let phase = d.phase.as_ref().map_or(Phase::Talks, |p| *p.get_ref());
            let when = d.when.as_ref().map_or(Condition::Always, |w| *w.get_ref());
            let flag = |f: &Option<Spanned<bool>>| f.as_ref().is_some_and(|b| *b.get_ref());
            if phase == Phase::Ceasefire {
                let span = |b: &Option<Spanned<bool>>| b.as_ref().map(Spanned::span);
                let talk_only = [
                    ("when", d.when.as_ref().map(Spanned::span)),
                    ("hours_factor", d.hours_factor.as_ref().map(Spanned::span)),
                    ("blocks_agreement", span(&d.blocks_agreement)),
                    ("freezes_russia", span(&d.freezes_russia)),
                    ("reverses_draft", span(&d.reverses_draft)),
                    ("excludes_mediator", span(&d.excludes_mediator)),
                    ("ends_mediation", span(&d.ends_mediation)),
                ];
                for (name, at) in talk_only {
                    if let Some(at) = at {
                        self.report.at(
                            at,
                            format!("`{key}` is a ceasefire tactic but sets `{name}`, which only acts in talks"),
                            "remove the talks-only key, or make the tactic phase = \"talks\"",
                        );
                        if let Some(p) = &d.phase {
                            self.report.also(p.span(), "the tactic is a ceasefire tactic here");
                        }
                    }
                }
            } else if let Some(h) = &d.violation_hazard {
                self.report.at(
                    h.span(),
                    format!("`{key}.violation_hazard` only acts in a ceasefire"),
                    "set phase = \"ceasefire\" or remove the key",
                );
            }
            let mut effects = Vec::new();
            for (var, value) in d.effects.entries() {
                if let Some(v) = value {
                    let (lo, hi) = var.range();
                    let span = hi - lo;
                    let dx = self.num(
                        v,
                        &format!("{key}.effects.{}", var.key()),
                        -span,
                        span,
                        " (a change to the variable)",
                    );
                    if dx != 0.0 {
                        effects.push((var, dx));
                    }
                }
            }
            out.push(Tactic {
                id: id.get_ref().clone(),
                name: d.name.clone().unwrap_or_else(|| id.get_ref().replace('_', " ")),
                probability: self.share(&d.probability, &format!("{key}.probability")),
                phase,
                when,
                hours_factor: d.hours_factor.as_ref().map_or(1.0, |h| {
                    self.num(h, &format!("{key}.hours_factor"), 0.0, 10.0, " (a factor on the hours of the round)")
                }),
                blocks_agreement: flag(&d.blocks_agreement),
                freezes_russia: flag(&d.freezes_russia),
                reverses_draft: flag(&d.reverses_draft),
                excludes_mediator: flag(&d.excludes_mediator),
                ends_mediation: flag(&d.ends_mediation),
                violation_hazard: d
                    .violation_hazard
                    .as_ref()
                    .map_or(0.0, |h| self.share(h, &format!("{key}.violation_hazard"))),
                effects,
            });
        }
        out
    }

    fn worlds(&mut self, f: &ScenarioFile, start: &State, tactics: &[Tactic]) -> (Vec<World>, [f64; OUTCOMES]) {
        let scenarios = seeds::scenarios();
        let ids = || scenarios.iter().map(|s| s.id.as_str());
        let mut slots: Vec<Option<World>> = vec![None; OUTCOMES];
        let mut probability_spans = Vec::new();
        for (id, w) in f.worlds.get_ref() {
            let Some(index) = seeds::scenario_index(id.get_ref()) else {
                self.report.at(
                    id.span(),
                    format!("unknown world `{}`", id.get_ref()),
                    format!("worlds are the seven published scenarios; {}", did_you_mean(id.get_ref(), ids())),
                );
                continue;
            };
            let key = format!("worlds.{}", id.get_ref());
            let probability = self.share(&w.probability, &format!("{key}.probability"));
            probability_spans.push((w.probability.span(), probability));
            let world_start =
                self.state(&Spanned::new(id.span(), w.start.clone()), &format!("{key}.start"), Some(start));
            let mut talks = Vec::new();
            let mut ceasefire = Vec::new();
            for (tactic_id, weight) in &w.tactics {
                let weight_key = format!("{key}.tactics.{}", tactic_id.get_ref());
                let weight = self.num(
                    weight,
                    &weight_key,
                    0.0,
                    MAX_TACTIC_WEIGHT,
                    " (a multiplier on the tactic's probability)",
                );
                let Some(t) = tactics.iter().position(|t| &t.id == tactic_id.get_ref()) else {
                    // Past the problems shown, skip the suggestion: over
                    // thousands of names it is the slow part (fuzz finding 3b).
                    let hint = if self.report.is_full() {
                        String::new()
                    } else {
                        did_you_mean(tactic_id.get_ref(), tactics.iter().map(|t| t.id.as_str()))
                    };
                    self.report.at(
                        tactic_id.span(),
                        format!("world `{}` uses tactic `{}`, which is not defined", id.get_ref(), tactic_id.get_ref()),
                        format!("define it in a [tactics.{}] table, or {hint}", tactic_id.get_ref(),),
                    );
                    continue;
                };
                let p = (tactics[t].probability * weight).clamp(0.0, 1.0);
                if p > 0.0 {
                    let active = ActiveTactic { tactic: t, probability: p, ..active_tactic(&tactics[t]) };
                    match tactics[t].phase {
                        Phase::Talks => talks.push(active),
                        Phase::Ceasefire => ceasefire.push(active),
                    }
                }
            }
            talks.sort_by_key(|a| a.tactic);
            ceasefire.sort_by_key(|a| a.tactic);
            for a in talks.iter_mut().chain(ceasefire.iter_mut()) {
                a.threshold = ActiveTactic::threshold(a.probability);
            }
            if slots[index].is_some() {
                self.report.at(
                    id.span(),
                    format!("world `{}` is defined twice", id.get_ref()),
                    "keep one table per world",
                );
            }
            slots[index] = Some(World { probability, start: world_start, talks, ceasefire });
        }
        let mut worlds = Vec::with_capacity(OUTCOMES);
        for (slot, scenario) in slots.into_iter().zip(scenarios) {
            match slot {
                Some(world) => worlds.push(world),
                None => {
                    self.report.at(
                        f.worlds.span(),
                        format!("world `{}` (scenario {}) is missing", scenario.id, scenario.number),
                        format!(
                            "every scenario needs a [worlds.{}] table; give it probability = 0 to leave it out",
                            scenario.id
                        ),
                    );
                    worlds.push(World { probability: 0.0, start: *start, talks: Vec::new(), ceasefire: Vec::new() });
                }
            }
        }
        if !self.report.is_empty() {
            return (worlds, [1.0; OUTCOMES]);
        }
        if let Some(fixed_ids) = self.renormalize.take() {
            self.renormalize_worlds(&mut worlds, &fixed_ids, f);
        }
        let total: f64 = worlds.iter().map(|w| w.probability).sum();
        let normalize = f.simulation.normalize.as_ref().is_some_and(|n| *n.get_ref());
        if !self.report.is_empty() {
            return (worlds, [1.0; OUTCOMES]);
        }
        if total <= 0.0 {
            self.report.at(
                f.worlds.span(),
                "every world has probability 0",
                "give at least one world a positive probability",
            );
            return (worlds, [1.0; OUTCOMES]);
        }
        if !normalize && (total - 1.0).abs() > SUM_TOLERANCE {
            // Point first at a value the user gave: a --set argument if
            // one set a probability, else the file they named (its spans
            // come first in the source map); then show the others.
            let from_set = probability_spans.iter().any(|(span, _)| span.start >= self.set_from);
            if from_set {
                probability_spans.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
            } else {
                probability_spans.sort_by_key(|(span, _)| span.start);
            }
            let first = probability_spans.first().map_or(f.worlds.span(), |(s, _)| s.clone());
            self.report.at(
                first,
                format!("world probabilities sum to {}, not 1", fmt(total)),
                if from_set {
                    "add --renormalize to scale the worlds you did not set, or set others so that all sum to 1"
                } else {
                    "make them sum to 1 (within 1e-9), or set `normalize = true` in [simulation] to scale them to 1"
                },
            );
            if let Some((_, p)) = probability_spans.first() {
                self.report.note(fmt(*p));
            }
            for (span, p) in probability_spans.iter().skip(1) {
                self.report.also(span.clone(), fmt(*p));
            }
        }
        let mut cdf = [0.0; OUTCOMES];
        let mut acc = 0.0;
        for (i, w) in worlds.iter_mut().enumerate() {
            w.probability /= total;
            acc += w.probability;
            // Rounding can carry the running sum past 1 by an ulp before the
            // last world; capping keeps the table non-decreasing.
            cdf[i] = acc.min(1.0);
        }
        // The last world with positive probability closes the table at
        // exactly 1, so a draw in [0, 1) always finds a world.
        if let Some(last) = worlds.iter().rposition(|w| w.probability > 0.0) {
            for c in &mut cdf[last..] {
                *c = 1.0;
            }
        }
        (worlds, cdf)
    }

    /// `--renormalize`: keeps the probabilities `--set` gave and scales
    /// the other worlds so that all seven sum to one.
    fn renormalize_worlds(&mut self, worlds: &mut [World], fixed_ids: &[String], f: &ScenarioFile) {
        let ids: Vec<&str> = seeds::scenarios().iter().map(|s| s.id.as_str()).collect();
        let is_fixed = |i: usize| fixed_ids.iter().any(|id| id == ids[i]);
        let fixed: f64 = worlds.iter().enumerate().filter(|(i, _)| is_fixed(*i)).map(|(_, w)| w.probability).sum();
        let others: f64 = worlds.iter().enumerate().filter(|(i, _)| !is_fixed(*i)).map(|(_, w)| w.probability).sum();
        let span = f
            .worlds
            .get_ref()
            .iter()
            .find(|(id, _)| fixed_ids.contains(id.get_ref()))
            .map_or(f.worlds.span(), |(_, w)| w.probability.span());
        if fixed > 1.0 + SUM_TOLERANCE {
            self.report.at(
                span,
                format!("the world probabilities set with --set sum to {}, more than 1", fmt(fixed)),
                "lower them: --renormalize keeps them and scales only the other worlds",
            );
        } else if others <= 0.0 && 1.0 - fixed > SUM_TOLERANCE {
            self.report.at(
                span,
                format!(
                    "--renormalize has nothing to scale: the worlds not set sum to 0, and the set ones to {}",
                    fmt(fixed)
                ),
                "set the probabilities so they sum to 1, or give another world a positive probability",
            );
        } else if others > 0.0 {
            // The set probabilities may exceed 1 by up to the tolerance;
            // the others then get 0, never a negative share.
            let scale = ((1.0 - fixed) / others).max(0.0);
            for (i, w) in worlds.iter_mut().enumerate() {
                if !is_fixed(i) {
                    w.probability *= scale;
                }
            }
        }
    }

    fn environment(&mut self, e: &schema::Environment) -> Environment {
        let hours_min = self.num(&e.hours_min, "environment.hours_min", 0.0, 48.0, " (hours)");
        let hours_max = self.num(&e.hours_max, "environment.hours_max", 0.0, 48.0, " (hours)");
        let valid = |n: &Num| n.get_ref().is_finite() && (0.0..=48.0).contains(n.get_ref());
        if valid(&e.hours_min) && valid(&e.hours_max) && hours_max < hours_min {
            self.report.at(
                e.hours_max.span(),
                format!(
                    "`environment.hours_max` ({}) is below `environment.hours_min` ({})",
                    fmt(hours_max),
                    fmt(hours_min)
                ),
                "make hours_max at least hours_min",
            );
        }
        Environment {
            base_intensity: self.share(&e.base_intensity, "environment.base_intensity"),
            escalation_intensity: self.share(&e.escalation_intensity, "environment.escalation_intensity"),
            front_pull: self.share(&e.front_pull, "environment.front_pull"),
            front_noise: self.share(&e.front_noise, "environment.front_noise"),
            fatigue_rate: self.share(&e.fatigue_rate, "environment.fatigue_rate"),
            escalation_decay: self.share(&e.escalation_decay, "environment.escalation_decay"),
            support_drift: self.num(&e.support_drift, "environment.support_drift", -1.0, 1.0, " (change per round)"),
            sanctions_drift: self.num(
                &e.sanctions_drift,
                "environment.sanctions_drift",
                -1.0,
                1.0,
                " (change per round)",
            ),
            hours_min,
            hours_max,
            breakdown_escalation: self.share(&e.breakdown_escalation, "environment.breakdown_escalation"),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn side(
        &mut self,
        who: &str,
        exponent: &Num,
        limit: (&Num, &str),
        desperation: &Num,
        deadline: &Num,
        base_pace: &Num,
        pain_pace: &Num,
        resupply: &Num,
        burn: &Num,
        pain: Pain,
    ) -> Side {
        let beta = self.num(
            exponent,
            &format!("{who}.concession_exponent"),
            0.05,
            20.0,
            " (below 1 concedes late, 1 steadily, above 1 early)",
        );
        let deadline_rounds =
            self.num(deadline, &format!("{who}.deadline_rounds"), 1.0, f64::from(MAX_ROUNDS), " (rounds)");
        Side {
            curve: Curve::new(beta),
            limit: self.share(limit.0, &format!("{who}.{}", limit.1)),
            desperation: self.share(desperation, &format!("{who}.desperation")),
            deadline_rounds,
            clock_steps: Curve::steps() / deadline_rounds,
            base_pace: self.num(base_pace, &format!("{who}.base_pace"), 0.0, 10.0, " (clock advance per round)"),
            pain_pace: self.num(
                pain_pace,
                &format!("{who}.pain_pace"),
                0.0,
                10.0,
                " (clock advance per round at full pain)",
            ),
            resupply: self.share(resupply, &format!("{who}.resupply")),
            burn: self.share(burn, &format!("{who}.burn")),
            pain,
        }
    }

    fn weight(&mut self, n: &Num, key: &str) -> f64 {
        self.num(n, key, 0.0, 10.0, " (a weight in the pain sum)")
    }

    fn russia(&mut self, r: &schema::Russia) -> Side {
        let pain = Pain {
            resources: self.weight(&r.pain.resources, "russia.pain.resources"),
            sanctions: self.weight(&r.pain.sanctions, "russia.pain.sanctions"),
            front: self.weight(&r.pain.front, "russia.pain.front"),
            fatigue: 0.0,
            support_missing: 0.0,
            support_given: self.weight(&r.pain.western_support, "russia.pain.western_support"),
        };
        self.side(
            "russia",
            &r.concession_exponent,
            (&r.reserve_demand, "reserve_demand"),
            &r.desperation,
            &r.deadline_rounds,
            &r.base_pace,
            &r.pain_pace,
            &r.resupply,
            &r.burn,
            pain,
        )
    }

    fn ukraine(&mut self, u: &schema::Ukraine) -> Side {
        let pain = Pain {
            resources: self.weight(&u.pain.resources, "ukraine.pain.resources"),
            sanctions: 0.0,
            front: self.weight(&u.pain.front, "ukraine.pain.front"),
            fatigue: self.weight(&u.pain.fatigue, "ukraine.pain.fatigue"),
            support_missing: self.weight(&u.pain.support, "ukraine.pain.support"),
            support_given: 0.0,
        };
        self.side(
            "ukraine",
            &u.concession_exponent,
            (&u.max_concession, "max_concession"),
            &u.desperation,
            &u.deadline_rounds,
            &u.base_pace,
            &u.pain_pace,
            &u.resupply,
            &u.burn,
            pain,
        )
    }

    fn rules(&mut self, defs: &Spanned<Vec<Spanned<schema::RuleDef>>>) -> Vec<Rule> {
        let ids = || seeds::scenarios().iter().map(|s| s.id.as_str());
        let mut out = Vec::with_capacity(defs.get_ref().len());
        for (i, def) in defs.get_ref().iter().enumerate() {
            let d = def.get_ref();
            let key = format!("rules[{}]", i + 1);
            let outcome = match seeds::scenario_index(d.outcome.get_ref()) {
                Some(o) => o,
                None => {
                    self.report.at(
                        d.outcome.span(),
                        format!("unknown outcome `{}` in {key}", d.outcome.get_ref()),
                        format!(
                            "outcomes are the seven published scenarios; {}",
                            did_you_mean(d.outcome.get_ref(), ids())
                        ),
                    );
                    0
                }
            };
            let mut min = State([f64::NEG_INFINITY; StateVar::COUNT]);
            let mut max = State([f64::INFINITY; StateVar::COUNT]);
            for (bound, table, name) in [(&mut min, &d.min, "min"), (&mut max, &d.max, "max")] {
                for (var, value) in table.entries() {
                    if let Some(v) = value {
                        let (lo, hi) = var.range();
                        bound[var] = self.num(v, &format!("{key}.{name}.{}", var.key()), lo, hi, "");
                    }
                }
            }
            for ((var, lo), (_, hi)) in d.min.entries().into_iter().zip(d.max.entries()) {
                if let (Some(lo), Some(hi)) = (lo, hi)
                    && min[var] > max[var]
                {
                    self.report.at(
                        lo.span(),
                        format!(
                            "{key} asks for {} at least {} and at most {}: no trial can match",
                            var.key(),
                            fmt(min[var]),
                            fmt(max[var])
                        ),
                        "make the minimum no larger than the maximum",
                    );
                    self.report.also(hi.span(), "the maximum");
                }
            }
            out.push(Rule {
                outcome,
                signed: d.signed,
                held: d.held,
                above_red_line: d.above_red_line,
                broke_down: d.broke_down,
                mediator_left: d.mediator_left,
                reversed: d.reversed,
                min,
                max,
                note: d.note.clone(),
            });
        }
        let catch_all = |r: &Rule| {
            r.signed.is_none()
                && r.held.is_none()
                && r.above_red_line.is_none()
                && r.broke_down.is_none()
                && r.mediator_left.is_none()
                && r.reversed.is_none()
                && r.min.0.iter().all(|x| *x == f64::NEG_INFINITY)
                && r.max.0.iter().all(|x| *x == f64::INFINITY)
        };
        match out.last() {
            None => self.report.at(
                defs.span(),
                "there are no outcome rules",
                "add [[rules]] tables; the last one, with no conditions, catches every remaining trial",
            ),
            Some(last) if !catch_all(last) => {
                let span = defs.get_ref().last().map_or(defs.span(), |d| d.span());
                self.report.at(
                    span,
                    "the last rule has conditions, so some trials could match no rule",
                    "end the list with a rule that has only `outcome`, to catch every remaining trial",
                );
            }
            Some(_) => {}
        }
        out
    }
}

/// A tactic's round-loop form, before the world sets its probability.
fn active_tactic(t: &Tactic) -> ActiveTactic {
    let when = match t.when {
        Condition::Always => situation::ALWAYS,
        Condition::Draft => situation::DRAFT,
        Condition::NoDraft => situation::NO_DRAFT,
        Condition::RussiaAdvancing => situation::RUSSIA_ADVANCING,
        Condition::RussiaLosing => situation::RUSSIA_LOSING,
    };
    let acts = [
        (t.blocks_agreement, act::BLOCKS_AGREEMENT),
        (t.freezes_russia, act::FREEZES_RUSSIA),
        (t.reverses_draft, act::REVERSES_DRAFT),
        (t.excludes_mediator, act::EXCLUDES_MEDIATOR),
        (t.ends_mediation, act::ENDS_MEDIATION),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .fold(0, |bits, (_, bit)| bits | bit);
    ActiveTactic {
        tactic: 0,
        probability: t.probability,
        threshold: 0,
        when,
        acts,
        hours_factor: t.hours_factor,
        violation_hazard: t.violation_hazard,
        delta: {
            let mut delta = State([0.0; StateVar::COUNT]);
            for &(var, dx) in &t.effects {
                delta[var] += dx;
            }
            delta
        },
    }
}

/// Ids are used as keys in files and output: keep them plain.
fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// Numbers in messages: as short as exact.
fn fmt(x: f64) -> String {
    let s = format!("{x}");
    if s.contains('.') && s.len() > 12 { format!("{x:.10}").trim_end_matches('0').to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_become_advice() {
        let (m, h) = explain("unknown field `probabilty`, expected one of `probability`, `start`");
        assert_eq!(m, "unknown key `probabilty`");
        assert!(h.starts_with("did you mean `probability`?"), "{h}");
        let (m, _) = explain("missing field `seed`");
        assert_eq!(m, "missing key `seed`");
        let (m, h) = explain("invalid type: string \"a\", expected f64");
        assert_eq!(m, "wrong type: found string \"a\", expected a number");
        assert_eq!(h, "write a number here");
        let (_, h) = explain("unknown variant `sometimes`, expected `always` or `draft`");
        assert_eq!(h, "valid values: \"always\", \"draft\"");
        let (m, _) = explain("invalid type: integer `3`, expected struct Simulation");
        assert_eq!(m, "wrong type: found integer `3`, expected a table");
        let (m, h) = explain("invalid type: map, expected a sequence");
        assert_eq!(m, "wrong type: found a table, expected an array of tables");
        assert!(h.contains("[[rules]]"));
        let (m, h) = explain("unknown variant `talk`, expected `talks` or `ceasefire`");
        assert_eq!(m, "unknown value \"talk\"");
        assert!(h.contains("did you mean \"talks\"?"), "{h}");
    }

    #[test]
    fn ids_are_plain() {
        assert!(valid_id("time_exhaustion"));
        assert!(valid_id("durable-peace"));
        assert!(!valid_id("Time Exhaustion"));
        assert!(!valid_id(""));
    }
}
