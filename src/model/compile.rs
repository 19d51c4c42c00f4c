//! From the merged file tree to a checked [`Model`].
//!
//! Three steps. The scalar tables (`[war]`, `[russia]`, ...) are read key
//! by key against the coefficient list of [`super::coef`], each number with
//! its span; unknown keys get a did-you-mean. The structured rest goes
//! through serde into the schema types, refusing unknown keys, missing keys
//! and wrong types, whose errors we turn into located problems with advice.
//! Then every value is checked against its documented range, dates against
//! the calendar, references and caps, collecting every problem rather than
//! stopping at the first.

use super::coef::{Coef, Coefs};
use super::error::{Diagnostics, InputError, did_you_mean, nearest};
use super::schema::{self, ActorName, Condition, DistributionName, FormatName, Int, Num, PhaseName, ScenarioFile};
use super::source::SourceMap;
use super::state::{State, StateTable, StateVar};
use super::*;
use crate::seeds;
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// What compiling needs besides the tree.
pub(super) struct Options {
    /// Where the scenario was read from.
    pub origin: String,
    /// Global offset from which spans belong to `--set` arguments.
    #[allow(dead_code)]
    pub set_from: usize,
}

/// The tables whose keys are coefficients.
pub const SCALAR_SECTIONS: [&str; 10] =
    ["war", "russia", "ukraine", "us", "europe", "meetings", "agreement", "ceasefire", "truces", "shocks"];

/// Keys every resolved scenario needs at the top level.
const SECTIONS: [&str; 15] = [
    "name",
    "simulation",
    "start",
    "war",
    "russia",
    "ukraine",
    "us",
    "europe",
    "meetings",
    "agreement",
    "ceasefire",
    "truces",
    "shocks",
    "tactics",
    "rules",
];

pub(super) fn compile(
    mut tree: Spanned<DeTable<'_>>,
    sources: &SourceMap,
    options: Options,
) -> Result<Model, InputError> {
    missing_sections(&tree, sources)?;
    let mut c = Checker { report: Diagnostics::default(), parameters: Vec::new(), coef_spans: vec![None; Coef::COUNT] };
    let coefs = c.scalar_sections(&mut tree);
    c.report.finish(sources)?;
    let mut c = Checker { report: Diagnostics::default(), parameters: c.parameters, coef_spans: c.coef_spans };
    let file = ScenarioFile::deserialize(toml::de::Deserializer::from(tree)).map_err(|e| serde_error(&e, sources))?;
    let mut model = c.model(file, coefs, options.origin);
    model.parameters = std::mem::take(&mut c.parameters);
    c.report.finish(sources)?;
    Ok(model)
}

/// Names every missing top-level section at once (serde would stop at the
/// first), pointing at the file's first key.
fn missing_sections(tree: &Spanned<DeTable<'_>>, sources: &SourceMap) -> Result<(), InputError> {
    let missing: Vec<&str> = SECTIONS.iter().copied().filter(|k| tree.get_ref().get(*k).is_none()).collect();
    if missing.len() < 2 {
        return Ok(()); // one missing key gets a located message later
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

/// A TOML number as f64 (integers too: `hours_max = 5`).
fn number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Float(f) => {
            let text = f.as_str().replace('_', "");
            match text.as_str() {
                "nan" | "+nan" | "-nan" => Some(f64::NAN),
                "inf" | "+inf" => Some(f64::INFINITY),
                "-inf" => Some(f64::NEG_INFINITY),
                t => t.parse().ok(),
            }
        }
        DeValue::Integer(i) if i.radix() == 10 => i.as_str().replace('_', "").parse::<i64>().ok().map(|x| x as f64),
        _ => None,
    }
}

/// The type of a TOML value, in words.
fn kind(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date or time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
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
        let (field, mut expected) = names.split_first().map(|(f, e)| (f.clone(), e.to_vec())).unwrap_or_default();
        if expected.iter().any(|e| e == "simulation") && expected.iter().any(|e| e == "tactics") {
            // The top level: serde knows only the structural keys; `extends`
            // and the coefficient tables are read before it.
            expected.insert(0, "extends".to_string());
            expected.push(super::uncertain::TABLE.to_string());
            for c in Coef::ALL {
                let table = c.key().split('.').next().unwrap_or_default().to_string();
                if !expected.contains(&table) {
                    expected.push(table);
                }
            }
        }
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
            "a TOML datetime" => {
                return (
                    format!("wrong type: found {found}, expected a date"),
                    "write a bare date (no quotes), e.g. 2026-04-12".to_string(),
                );
            }
            other if other.starts_with("struct ") => "a table".to_string(),
            other => other.to_string(),
        };
        return (format!("wrong type: found {found}, expected {expected}"), format!("write {expected} here"));
    }
    if raw.contains("field with custom name") {
        // toml's date deserializer, handed a table.
        return (
            "wrong type: found a table, expected a date".to_string(),
            "write a bare date (no quotes, no braces), e.g. 2025-06-13".to_string(),
        );
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
    /// Where each coefficient was written, for messages about pairs.
    coef_spans: Vec<Option<std::ops::Range<usize>>>,
}

impl Checker {
    /// A finite number in `[lo, hi]`.
    fn num(&mut self, n: &Num, key: &str, lo: f64, hi: f64, hint: &str) -> f64 {
        let v = *n.get_ref();
        self.value(v, n.span(), key, lo, hi, hint)
    }

    fn value(&mut self, v: f64, span: std::ops::Range<usize>, key: &str, lo: f64, hi: f64, hint: &str) -> f64 {
        let range = format!("between {} and {}", fmt(lo), fmt(hi));
        if !v.is_finite() {
            self.report.at(
                span,
                format!("`{key}` must be a finite number, found {}", fmt(v)),
                format!("write a number {range}{hint}"),
            );
            return lo;
        }
        if v < lo || v > hi {
            self.report.at(
                span,
                format!("`{key}` must be {range}, found {}", fmt(v)),
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

    /// Reads the scalar tables key by key into the coefficient array, and
    /// takes them out of the tree.
    fn scalar_sections(&mut self, tree: &mut Spanned<DeTable<'_>>) -> Coefs {
        let mut coefs = Coefs([f64::NAN; Coef::COUNT]);
        let mut seen = [false; Coef::COUNT];
        let mut spans: Vec<(&'static str, std::ops::Range<usize>)> = Vec::new();
        for section in SCALAR_SECTIONS {
            let Some((key_span, value)) = tree.get_mut().remove_entry(section).map(|(k, v)| (k.span(), v)) else {
                continue;
            };
            spans.push((section, key_span.clone()));
            match value.into_inner() {
                DeValue::Table(t) => self.walk_scalars(section, &t, &mut coefs, &mut seen),
                other => self.report.at(
                    key_span,
                    format!("`{section}` must be a table, found {}", kind(&other)),
                    format!("write it as a [{section}] table of coefficients"),
                ),
            }
        }
        for c in Coef::ALL {
            if seen[c as usize] {
                continue;
            }
            let section = c.key().split('.').next().unwrap_or("");
            let Some((_, span)) = spans.iter().find(|(s, _)| *s == section) else { continue };
            let (lo, hi) = c.range();
            self.report.at(
                span.clone(),
                format!("missing key `{}`", c.key()),
                format!(
                    "add `{} = ...` ({} to {}{}: {}), or `extends` a scenario that sets it",
                    c.key().rsplit('.').next().unwrap_or(""),
                    fmt(lo),
                    fmt(hi),
                    if c.unit().is_empty() { String::new() } else { format!(", {}", c.unit()) },
                    c.doc()
                ),
            );
        }
        coefs
    }

    fn walk_scalars(&mut self, prefix: &str, table: &DeTable<'_>, coefs: &mut Coefs, seen: &mut [bool]) {
        for (k, v) in table {
            let key = format!("{prefix}.{}", k.get_ref());
            match v.get_ref() {
                DeValue::Table(t) if Coef::ALL.iter().any(|c| c.key().starts_with(&format!("{key}."))) => {
                    self.walk_scalars(&key, t, coefs, seen)
                }
                value if Coef::ALL.iter().any(|c| c.key().starts_with(&format!("{key}."))) => {
                    // A table of coefficients given something else: say so
                    // once, not once per coefficient missing from it.
                    let inner: Vec<&str> =
                        Coef::ALL.iter().filter_map(|c| c.key().strip_prefix(&format!("{key}."))).collect();
                    for c in Coef::ALL.iter().filter(|c| c.key().starts_with(&format!("{key}."))) {
                        seen[*c as usize] = true;
                    }
                    self.report.at(
                        v.span(),
                        format!("wrong type: `{key}` is a table of coefficients, found {}", kind(value)),
                        format!("set its keys one by one, e.g. `{key}.{}`; it holds {}", inner[0], inner.join(", ")),
                    );
                }
                value => {
                    let Some(c) = Coef::from_key(&key) else {
                        let known: Vec<&str> = Coef::ALL
                            .iter()
                            .map(|c| c.key())
                            .filter(|c| c.starts_with(&format!("{prefix}.")))
                            .map(|c| &c[prefix.len() + 1..])
                            .collect();
                        let hint = match nearest(k.get_ref(), known.iter().copied()).first() {
                            Some(best) => format!("did you mean `{best}`? (valid keys here: {})", known.join(", ")),
                            None => format!("valid keys here: {}", known.join(", ")),
                        };
                        self.report.at(k.span(), format!("unknown key `{key}`"), hint);
                        continue;
                    };
                    let Some(x) = number(value) else {
                        self.report.at(
                            v.span(),
                            format!("wrong type: `{key}` must be a number, found {}", kind(value)),
                            format!("write a number ({}: {})", c.unit(), c.doc()),
                        );
                        // It is there, if wrong: not also "missing".
                        seen[c as usize] = true;
                        continue;
                    };
                    let (lo, hi) = c.range();
                    let unit = if c.unit().is_empty() { String::new() } else { format!(" ({})", c.unit()) };
                    coefs[c] = self.value(x, v.span(), &key, lo, hi, &unit);
                    seen[c as usize] = true;
                    self.coef_spans[c as usize] = Some(v.span());
                }
            }
        }
    }

    fn model(&mut self, f: ScenarioFile, mut coefs: Coefs, origin: String) -> Model {
        if f.name.get_ref().trim().is_empty() {
            self.report.at(
                f.name.span(),
                "`name` is empty",
                "give the scenario a short name, e.g. name = \"my-variant\"",
            );
        }
        let settings = self.settings(&f.simulation);
        let start = self.state(&f.start, "start");
        self.check_pairs(&mut coefs);
        let drivers = self.drivers(f.drivers.as_ref());
        let tactics = self.tactics(&f.tactics);
        let (meeting_moves, monthly_moves) = Moves::of(&tactics);
        let holidays = self.holidays(f.holidays.as_ref(), &settings);
        let rules = self.rules(&f.rules);
        Model {
            name: f.name.into_inner(),
            description: f.description.unwrap_or_default(),
            origin,
            settings,
            start,
            coefs,
            drivers,
            tactics,
            meeting_moves,
            monthly_moves,
            holidays,
            rules,
            overrides: Vec::new(),
            inputs: Vec::new(),
            parameters: Vec::new(),
            free: Vec::new(),
            uncertain: Vec::new(),
            central_drivers: false,
        }
    }

    /// Minimum-maximum pairs: the maximum must not be below the minimum.
    fn check_pairs(&mut self, coefs: &mut Coefs) {
        for (lo, hi) in super::coef::PAIRS {
            if coefs[hi] < coefs[lo] {
                let message =
                    format!("`{}` ({}) is below `{}` ({})", hi.key(), fmt(coefs[hi]), lo.key(), fmt(coefs[lo]));
                let help = format!("make `{}` at least `{}`", hi.key(), lo.key());
                match self.coef_spans[hi as usize].clone() {
                    Some(span) => {
                        self.report.at(span, message, help);
                        if let Some(other) = self.coef_spans[lo as usize].clone() {
                            self.report.also(other, "the minimum");
                        }
                    }
                    None => self.report.plain(None, message, help),
                }
                coefs[hi] = coefs[lo];
            }
        }
    }

    fn date(&mut self, d: &Spanned<toml::value::Datetime>, key: &str) -> Option<Date> {
        let dt = d.get_ref();
        let parsed = match (&dt.date, &dt.time, &dt.offset) {
            (Some(day), None, None) => Date::from_ymd(i32::from(day.year), u32::from(day.month), u32::from(day.day)),
            _ => None,
        };
        if parsed.is_none() {
            self.report.at(
                d.span(),
                format!("`{key}` must be a date, found {dt}"),
                "write a bare date, e.g. 2025-06-13 (no time, no quotes)",
            );
        }
        parsed
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
        let start = self.date(&s.start, "simulation.start");
        let horizon = self.date(&s.horizon, "simulation.horizon");
        let (start, horizon) = match (start, horizon) {
            (Some(a), Some(b)) => (a, b),
            _ => {
                let d = Date::from_ymd(2025, 6, 13).unwrap_or(Date::today());
                (d, d.plus_days(1))
            }
        };
        let days = horizon.days_after(start);
        let days = if days <= 0 || days > MAX_DAYS as i32 {
            self.report.at(
                s.horizon.span(),
                format!(
                    "`simulation.horizon` ({horizon}) must be after `simulation.start` ({start}) and at most {MAX_DAYS} days after it"
                ),
                "give a horizon between the day after the start and ten years later",
            );
            1
        } else {
            days as u32
        };
        let mut month_starts = Vec::new();
        let mut m = start.first_of_next_month();
        while m <= horizon {
            month_starts.push(m.days_after(start) as u32);
            m = m.first_of_next_month();
        }
        Settings { trials: trials as u64, seed: seed as u64, start, horizon, days, month_starts }
    }

    /// A full state: every variable must be present.
    fn state(&mut self, t: &Spanned<StateTable<Num>>, key: &str) -> State {
        let mut state = State([0.0; StateVar::COUNT]);
        for (var, value) in t.get_ref().entries() {
            let (lo, hi) = var.range();
            match value {
                Some(v) => state[var] = self.num(v, &format!("{key}.{}", var.key()), lo, hi, ""),
                None => self.report.at(
                    t.span(),
                    format!("missing key `{}` in [{key}]", var.key()),
                    format!(
                        "every state variable needs a starting value: add `{} = ...` ({} to {})",
                        var.key(),
                        fmt(lo),
                        fmt(hi)
                    ),
                ),
            }
        }
        state
    }

    fn drivers(
        &mut self,
        defs: Option<&Spanned<indexmap::IndexMap<Spanned<String>, schema::DriverDef>>>,
    ) -> Vec<Driver> {
        let Some(defs) = defs else { return Vec::new() };
        if defs.get_ref().len() > MAX_DRIVERS {
            self.report.at(
                defs.span(),
                format!("{} drivers defined; the limit is {MAX_DRIVERS}", defs.get_ref().len()),
                "draw fewer coefficients per trial",
            );
        }
        let mut out: Vec<Driver> = Vec::new();
        for (id, d) in defs.get_ref() {
            let key = format!("drivers.{}", id.get_ref());
            if !valid_id(id.get_ref()) {
                self.report.at(
                    id.span(),
                    format!("driver id `{}` is not a valid id", id.get_ref()),
                    "use lower-case letters, digits, `_` and `-`",
                );
            }
            let target_key = d.key.get_ref().as_str();
            let target = match target_key.strip_prefix("start.") {
                Some(var) => StateVar::from_key(var).map(DriverTarget::Start),
                None => Coef::from_key(target_key).map(DriverTarget::Coef),
            };
            let Some(target) = target else {
                let known = Coef::ALL
                    .iter()
                    .map(|c| c.key().to_string())
                    .chain(StateVar::ALL.iter().map(|v| format!("start.{}", v.key())))
                    .collect::<Vec<_>>();
                self.report.at(
                    d.key.span(),
                    format!("`{key}.key` names `{target_key}`, which is not a coefficient or starting value"),
                    did_you_mean(target_key, known.iter().map(String::as_str)),
                );
                continue;
            };
            if let Some(other) = out.iter().find(|o| o.target == target) {
                self.report.at(
                    d.key.span(),
                    format!("`{target_key}` is drawn by two drivers (`{}` and `{}`)", other.id, id.get_ref()),
                    "keep one driver per coefficient",
                );
            }
            let (lo, hi) = match target {
                DriverTarget::Coef(c) => c.range(),
                DriverTarget::Start(v) => v.range(),
            };
            let name = *d.distribution.get_ref();
            let allowed: &[&str] = match name {
                DistributionName::Uniform => &["min", "max"],
                DistributionName::Triangular => &["min", "mode", "max"],
                DistributionName::Normal => &["mean", "sd"],
                DistributionName::Bernoulli => &["p", "yes", "no"],
            };
            let given = [
                ("min", d.min.as_ref()),
                ("max", d.max.as_ref()),
                ("mode", d.mode.as_ref()),
                ("mean", d.mean.as_ref()),
                ("sd", d.sd.as_ref()),
                ("p", d.p.as_ref()),
                ("yes", d.yes.as_ref()),
                ("no", d.no.as_ref()),
            ];
            for (field, value) in given {
                let present = value.is_some();
                if present && !allowed.contains(&field) {
                    if let Some(v) = value {
                        self.report.at(
                            v.span(),
                            format!("`{key}.{field}` does not apply to a {name:?} distribution"),
                            format!(
                                "a {} distribution takes {}",
                                format!("{name:?}").to_lowercase(),
                                allowed.join(", ")
                            ),
                        );
                    }
                } else if !present && allowed.contains(&field) {
                    self.report.at(
                        d.distribution.span(),
                        format!("`{key}` is {} and needs `{field}`", format!("{name:?}").to_lowercase()),
                        format!("a {} distribution takes {}", format!("{name:?}").to_lowercase(), allowed.join(", ")),
                    );
                }
            }
            let span = hi - lo;
            let mut get = |n: &Option<Num>, name: &str, range: (f64, f64)| -> Option<f64> {
                n.as_ref().map(|n| self.num(n, &format!("{key}.{name}"), range.0, range.1, ""))
            };
            let distribution = match name {
                DistributionName::Uniform => {
                    let (a, b) = (get(&d.min, "min", (lo, hi)), get(&d.max, "max", (lo, hi)));
                    Distribution::Uniform { lo: a.unwrap_or(lo), hi: b.unwrap_or(hi) }
                }
                DistributionName::Triangular => {
                    let a = get(&d.min, "min", (lo, hi)).unwrap_or(lo);
                    let m = get(&d.mode, "mode", (lo, hi)).unwrap_or(a);
                    let b = get(&d.max, "max", (lo, hi)).unwrap_or(hi);
                    Distribution::Triangular { lo: a, mode: m, hi: b }
                }
                DistributionName::Normal => {
                    let mean = get(&d.mean, "mean", (lo, hi)).unwrap_or(lo);
                    let sd = get(&d.sd, "sd", (0.0, span)).unwrap_or(0.0);
                    Distribution::Normal { mean, sd, lo, hi }
                }
                DistributionName::Bernoulli => {
                    let p = get(&d.p, "p", (0.0, 1.0)).unwrap_or(0.0);
                    let yes = get(&d.yes, "yes", (lo, hi)).unwrap_or(lo);
                    let no = get(&d.no, "no", (lo, hi)).unwrap_or(lo);
                    Distribution::Bernoulli { p, yes, no }
                }
            };
            // Point at the value out of order (the mode, or the max), which
            // may be in another file than the driver's `distribution`.
            let at = |n: &Option<Num>| n.as_ref().map_or_else(|| d.distribution.span(), |n| n.span());
            match distribution {
                Distribution::Uniform { lo: a, hi: b } if a > b => self.report.at(
                    at(&d.max),
                    format!("`{key}` needs min <= max, found {} and {}", fmt(a), fmt(b)),
                    "swap them",
                ),
                Distribution::Triangular { lo: a, mode: m, hi: b } if !(a <= m && m <= b) => self.report.at(
                    at(&d.mode),
                    format!("`{key}` needs min <= mode <= max, found {} {} {}", fmt(a), fmt(m), fmt(b)),
                    "order the three values",
                ),
                _ => {}
            }
            // A parameter of an ordered distribution may move only as far as
            // its neighbours (so `sensitivity` and `sweep` never build a
            // triangular whose mode is past its max).
            let order: &[(&str, f64, f64)] = match distribution {
                Distribution::Uniform { lo: a, hi: b } => &[("min", lo, b), ("max", a, hi)],
                Distribution::Triangular { lo: a, mode: m, hi: b } => &[("min", lo, m), ("mode", a, b), ("max", m, hi)],
                _ => &[],
            };
            for &(field, below, above) in order {
                let full = format!("{key}.{field}");
                if let Some(p) = self.parameters.iter_mut().find(|p| p.key == full) {
                    p.lo = p.lo.max(below);
                    p.hi = p.hi.min(above);
                }
            }
            out.push(Driver {
                id: id.get_ref().clone(),
                target,
                key: target_key.to_string(),
                distribution,
                what: d.what.clone().unwrap_or_default(),
                source: d.source.clone().unwrap_or_default(),
            });
        }
        out
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
            let actor = match d.actor.as_ref().map_or(ActorName::Russia, |a| *a.get_ref()) {
                ActorName::Russia => Actor::Russia,
                ActorName::Ukraine => Actor::Ukraine,
                ActorName::Us => Actor::Us,
                ActorName::Europe => Actor::Europe,
            };
            let phase = match d.phase.as_ref().map_or(PhaseName::Meeting, |p| *p.get_ref()) {
                PhaseName::Meeting => Phase::Meeting,
                PhaseName::Month => Phase::Month,
            };
            let flag = |f: &Option<Spanned<bool>>| f.as_ref().is_some_and(|b| *b.get_ref());
            let span = |b: &Option<Spanned<bool>>| b.as_ref().map(Spanned::span);
            if phase == Phase::Month {
                let meeting_only = [
                    ("formats", d.formats.as_ref().map(Spanned::span)),
                    ("hours_factor", d.hours_factor.as_ref().map(Spanned::span)),
                    ("blocks_agreement", span(&d.blocks_agreement)),
                    ("freezes_russia", span(&d.freezes_russia)),
                    ("reverses_draft", span(&d.reverses_draft)),
                    ("excludes_mediator", span(&d.excludes_mediator)),
                    ("ultimatum", span(&d.ultimatum)),
                ];
                for (name, at) in meeting_only {
                    if let Some(at) = at {
                        self.report.at(
                            at,
                            format!("`{key}` is a monthly move but sets `{name}`, which only acts at a meeting"),
                            "remove the key, or make the move phase = \"meeting\"",
                        );
                    }
                }
            }
            if flag(&d.ultimatum)
                && actor != Actor::Us
                && let Some(at) = span(&d.ultimatum)
            {
                self.report.at(
                    at,
                    format!("`{key}.ultimatum` is set, but only the US sets deadlines in this model"),
                    "set actor = \"us\", or remove `ultimatum`",
                );
            }
            let mut formats = 0_u8;
            match &d.formats {
                Some(list) => {
                    for f in list.get_ref() {
                        let format = match f.get_ref() {
                            FormatName::UsUa => Format::UsUa,
                            FormatName::UsRu => Format::UsRu,
                            FormatName::RuUa => Format::RuUa,
                            FormatName::Trilateral => Format::Trilateral,
                        };
                        if actor.formats() & format.bit() == 0 {
                            self.report.at(
                                f.span(),
                                format!(
                                    "`{key}` is a move of {} but names the {} format, where {} is not at the table",
                                    actor.key(),
                                    format.key(),
                                    actor.key()
                                ),
                                "name only formats the actor takes part in",
                            );
                        }
                        formats |= format.bit();
                    }
                    if list.get_ref().is_empty() {
                        self.report.at(
                            list.span(),
                            format!("`{key}.formats` is empty"),
                            "name at least one format, or leave the key out for every format the actor takes part in",
                        );
                    }
                }
                None => formats = actor.formats(),
            }
            let mut effects = Vec::new();
            if let Some(table) = &d.effects {
                for (var, value) in table.get_ref().entries() {
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
            }
            let when = match d.when.as_ref().map_or(Condition::Always, |w| *w.get_ref()) {
                Condition::Always => situation::ALWAYS,
                Condition::Draft => situation::DRAFT,
                Condition::NoDraft => situation::NO_DRAFT,
                Condition::RussiaAdvancing => situation::RUSSIA_ADVANCING,
                Condition::RussiaLosing => situation::RUSSIA_LOSING,
                Condition::War => situation::WAR,
                Condition::Ceasefire => situation::CEASEFIRE,
            };
            let acts = [
                (flag(&d.blocks_agreement), act::BLOCKS_AGREEMENT),
                (flag(&d.freezes_russia), act::FREEZES_RUSSIA),
                (flag(&d.reverses_draft), act::REVERSES_DRAFT),
                (flag(&d.excludes_mediator), act::EXCLUDES_MEDIATOR),
                (flag(&d.ends_mediation), act::ENDS_MEDIATION),
                (flag(&d.ultimatum), act::ULTIMATUM),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .fold(0, |bits, (_, bit)| bits | bit);
            let probability = self.share(&d.probability, &format!("{key}.probability"));
            out.push(Tactic {
                id: id.get_ref().clone(),
                name: d.name.clone().unwrap_or_else(|| id.get_ref().replace('_', " ")),
                actor,
                phase,
                formats,
                probability,
                threshold: Tactic::threshold(probability),
                when,
                acts,
                hours_factor: d.hours_factor.as_ref().map_or(1.0, |h| {
                    self.num(
                        h,
                        &format!("{key}.hours_factor"),
                        0.0,
                        MAX_HOURS_FACTOR,
                        " (a factor on the meeting's hours)",
                    )
                }),
                effects,
            });
        }
        out
    }

    fn holidays(
        &mut self,
        defs: Option<&Spanned<Vec<Spanned<schema::HolidayDef>>>>,
        settings: &Settings,
    ) -> Vec<Holiday> {
        let Some(defs) = defs else { return Vec::new() };
        if defs.get_ref().len() > MAX_HOLIDAYS {
            self.report.at(
                defs.span(),
                format!("{} holidays listed; the limit is {MAX_HOLIDAYS}", defs.get_ref().len()),
                "list fewer dates",
            );
        }
        let mut out = Vec::new();
        for (i, h) in defs.get_ref().iter().enumerate() {
            let h = h.get_ref();
            let Some(date) = self.date(&h.date, &format!("holidays[{}].date", i + 1)) else { continue };
            let day = date.days_after(settings.start);
            // Dates outside the simulated span are kept in the file (a
            // scenario may be run over other spans) and skipped here.
            if day >= 0 && (day as u32) <= settings.days {
                out.push(Holiday { day: day as u32, date, name: h.name.clone() });
            }
        }
        out.sort_by_key(|h| h.day);
        out
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
            let empty = StateTable::default();
            let (dmin, dmax) =
                (d.min.as_ref().map_or(&empty, |t| t.get_ref()), d.max.as_ref().map_or(&empty, |t| t.get_ref()));
            for (bound, table, name) in [(&mut min, dmin, "min"), (&mut max, dmax, "max")] {
                for (var, value) in table.entries() {
                    if let Some(v) = value {
                        let (lo, hi) = var.range();
                        bound[var] = self.num(v, &format!("{key}.{name}.{}", var.key()), lo, hi, "");
                    }
                }
            }
            for ((var, lo), (_, hi)) in dmin.entries().into_iter().zip(dmax.entries()) {
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
            let b = |f: &Option<Spanned<bool>>| f.as_ref().map(|x| *x.get_ref());
            out.push(Rule {
                outcome,
                signed: b(&d.signed),
                in_force: b(&d.in_force),
                collapsed: b(&d.collapsed),
                above_red_line: b(&d.above_red_line),
                reversed: b(&d.reversed),
                us_left: b(&d.us_left),
                mobilised: b(&d.mobilised),
                hybrid: b(&d.hybrid),
                min,
                max,
                bounded: StateVar::ALL
                    .into_iter()
                    .filter(|&v| min[v].is_finite() || max[v].is_finite())
                    .map(|v| (v, min[v], max[v]))
                    .collect(),
                note: d.note.clone(),
            });
        }
        match out.last() {
            None => self.report.at(
                defs.span(),
                "there are no outcome rules",
                "add [[rules]] tables; the last one, with no conditions, catches every remaining trial",
            ),
            Some(last) if !is_catch_all(last) => {
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

/// A rule with no condition matches every trial.
pub fn is_catch_all(r: &Rule) -> bool {
    [r.signed, r.in_force, r.collapsed, r.above_red_line, r.reversed, r.us_left, r.mobilised, r.hybrid]
        .iter()
        .all(Option::is_none)
        && r.min.0.iter().all(|x| *x == f64::NEG_INFINITY)
        && r.max.0.iter().all(|x| *x == f64::INFINITY)
}

/// Ids are used as keys in files and output: keep them plain.
fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// Numbers in messages: as short as exact, and never hundreds of digits.
pub(crate) fn fmt(x: f64) -> String {
    if x != 0.0 && x.is_finite() && (x.abs() >= 1e15 || x.abs() < 1e-6) {
        return format!("{x:e}");
    }
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
        let (m, h) = explain("unknown variant `meting`, expected `meeting` or `month`");
        assert_eq!(m, "unknown value \"meting\"");
        assert!(h.contains("did you mean \"meeting\"?"), "{h}");
    }

    #[test]
    fn numbers_in_messages_stay_short() {
        assert_eq!(fmt(1e308), "1e308");
        assert_eq!(fmt(1e-300), "1e-300");
        assert_eq!(fmt(0.3), "0.3");
        assert_eq!(fmt(0.1 + 0.2), "0.3");
    }

    #[test]
    fn ids_are_plain() {
        assert!(valid_id("time_exhaustion"));
        assert!(valid_id("durable-peace"));
        assert!(!valid_id("Time Exhaustion"));
        assert!(!valid_id(""));
    }
}
