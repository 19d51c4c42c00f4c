//! `--set KEY=VALUE`: changes to a scenario given on the command line.
//!
//! Each override becomes a small file of its own in the source map (named
//! `--set`, its text the argument), so an error in it is shown like an
//! error in a scenario file, with the argument underlined. Overrides are
//! applied to the merged tree of the scenario's files before it is checked,
//! so a value set on the command line goes through exactly the checks the
//! file's own value would.

use super::error::{Diagnostics, InputError, nearest};
use super::source::{FileId, SourceMap};
use std::borrow::Cow;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Changes to apply to a scenario after its files are merged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `KEY=VALUE` assignments, applied in order.
    pub sets: Vec<String>,
}

impl Overrides {
    /// No changes.
    pub fn none() -> Overrides {
        Overrides::default()
    }

    /// Whether there is anything to apply.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }
}

/// The name errors give an override's pseudo-file.
pub const SET_FILE: &str = "--set";

/// Adds every override to the source map; returns their file ids.
pub(super) fn add_sources(sources: &mut SourceMap, overrides: &Overrides) -> Vec<FileId> {
    overrides.sets.iter().map(|s| sources.add(SET_FILE.to_string(), s.clone(), None)).collect()
}

/// One step of a key path.
#[derive(Debug, PartialEq)]
enum Step<'a> {
    /// A table key.
    Key(&'a str, Range<usize>),
    /// A 1-based position in an array (`rules[2]`).
    Index(usize, Range<usize>),
}

/// Splits a dotted path at the dots outside `[...]`, so that a position
/// such as `[1.5]` stays in its part (and is refused as a position, not as
/// an unclosed bracket).
fn split_parts(key: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0_usize, 0);
    for (i, c) in key.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                parts.push(&key[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&key[start..]);
    parts
}

/// Splits `a.b[2].c` into steps, with local spans.
fn parse_path(key: &str, base: usize) -> Result<Vec<Step<'_>>, (Range<usize>, String)> {
    let mut steps = Vec::new();
    let mut at = base;
    for part in split_parts(key) {
        let start = at;
        at += part.len() + 1;
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.is_empty() {
            return Err((start..start + part.len().max(1), format!("empty key in `{key}`")));
        }
        steps.push(Step::Key(name, start..start + name.len()));
        let mut pos = start + name.len();
        while !rest.is_empty() {
            if !rest.starts_with('[') {
                let len = rest.chars().next().map_or(1, char::len_utf8);
                return Err((pos..pos + len, format!("expected `[` or `.` after `]` in `{key}`")));
            }
            let close = rest.find(']').ok_or_else(|| {
                (pos..pos + rest.len(), "unclosed `[`: a position is written [1], [2], ...".to_string())
            })?;
            let inner = &rest[1..close];
            let index: usize = inner.trim().parse().ok().filter(|i| *i >= 1).ok_or_else(|| {
                let why = if inner.trim().parse::<f64>().is_ok_and(|x| x >= 1.0 && x.fract() != 0.0) {
                    "is not a whole number"
                } else {
                    "is not a position"
                };
                (pos..pos + close + 1, format!("`[{inner}]` {why}: positions are whole numbers from 1 ([1], [2], ...)"))
            })?;
            steps.push(Step::Index(index, pos..pos + close + 1));
            pos += close + 1;
            rest = &rest[close + 1..];
        }
    }
    Ok(steps)
}

/// Refuses a `--set` on a key that a driver draws per trial: the value
/// would be overwritten in every trial, so the override would silently do
/// nothing. The help says how to pin or move the driver instead.
pub(super) fn refuse_drawn(drivers: &[super::Driver], sources: &SourceMap, files: &[FileId]) -> Result<(), InputError> {
    let mut report = Diagnostics::default();
    for &id in files {
        let text = sources.text(id);
        let key = text.split('=').next().unwrap_or("").trim();
        let Some(d) = drivers.iter().find(|d| d.key == key) else { continue };
        let start = sources.offset(id) + text.find(key).unwrap_or(0);
        let value = text.split_once('=').map_or("V", |(_, v)| v.trim());
        let pin = match d.distribution {
            super::Distribution::Uniform { .. } => {
                format!("--set drivers.{0}.min={value} --set drivers.{0}.max={value}", d.id)
            }
            super::Distribution::Triangular { .. } => format!(
                "--set drivers.{0}.min={value} --set drivers.{0}.mode={value} --set drivers.{0}.max={value}",
                d.id
            ),
            super::Distribution::Normal { .. } => {
                format!("--set drivers.{0}.mean={value} --set drivers.{0}.sd=0", d.id)
            }
            super::Distribution::Bernoulli { .. } => {
                format!("--set drivers.{0}.yes={value} --set drivers.{0}.no={value}", d.id)
            }
        };
        report.at(
            start..start + key.len().max(1),
            format!("`{key}` is drawn per trial by the driver `drivers.{}`, so this value would never be used", d.id),
            format!("move the driver instead; to pin it at one value: {pin}"),
        );
    }
    report.finish(sources)
}

/// Applies the overrides to the merged tree.
pub(super) fn apply<'a>(
    tree: &mut Spanned<DeTable<'a>>,
    sources: &'a SourceMap,
    files: &[FileId],
) -> Result<(), InputError> {
    for &id in files {
        let text = sources.text(id);
        let base = sources.offset(id);
        let fail = |span: Range<usize>, message: String, help: String| {
            let mut report = Diagnostics::default();
            report.at(span, message, help);
            report.into_error(sources)
        };
        let Some(eq) = text.find('=') else {
            return Err(fail(
                base..base + text.len(),
                format!("`{text}` is not KEY=VALUE"),
                "write the key's dotted path, `=`, then the value, e.g. --set russia.pace=0.2".into(),
            ));
        };
        let key = text[..eq].trim_end();
        let key_start = text.len() - text.trim_start().len();
        let key = key.trim_start();
        let steps = parse_path(key, base + key_start)
            .map_err(|(span, msg)| fail(span, msg, "write a dotted path, e.g. russia.pain_pace".into()))?;
        let value_text = &text[eq + 1..];
        let value_start = base + eq + 1;
        let value = parse_value(value_text, value_start)
            .map_err(|(span, msg, help)| fail(span, format!("invalid value: {msg}"), help))?;
        insert(tree.get_mut(), &steps, value, key).map_err(|(span, msg, help)| fail(span, msg, help))?;
    }
    Ok(())
}

/// A value as written after `=`: TOML, or a bare word taken as text
/// (`--set tactics.x.phase=ceasefire`).
fn parse_value(text: &str, base: usize) -> Result<Spanned<DeValue<'_>>, (Range<usize>, String, String)> {
    let trimmed = text.trim();
    let lead = text.len() - text.trim_start().len();
    let span = base + lead..base + lead + trimmed.len().max(1);
    if trimmed.is_empty() {
        return Err((span, "nothing after `=`".into(), "give a value, e.g. 0.3, true or a word".into()));
    }
    match DeValue::parse(trimmed) {
        // Every span, the value's and those inside a table or array value,
        // moved to the argument's place in the source map.
        Ok(v) => Ok(super::load::shift_value(v, base + lead)),
        Err(_) if trimmed.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') => {
            Ok(Spanned::new(span, DeValue::String(Cow::Borrowed(trimmed))))
        }
        Err(e) => {
            let message = if e.message().starts_with("string values must be quoted") {
                format!("`{trimmed}` is not a value")
            } else {
                e.message().trim().to_string()
            };
            Err((span, message, "write one TOML value: a number (0.3), true or false, or text in quotes".into()))
        }
    }
}

type Fail = (Range<usize>, String, String);

/// Puts `value` at `steps` in `table`, creating the last key if need be
/// (the schema check that follows refuses keys that do not belong).
fn insert<'a>(
    table: &mut DeTable<'a>,
    steps: &[Step<'a>],
    value: Spanned<DeValue<'a>>,
    whole: &str,
) -> Result<(), Fail> {
    let Some((first, rest)) = steps.split_first() else {
        return Err((value.span(), "no key before `=`".into(), "write the key's dotted path".into()));
    };
    let Step::Key(name, span) = first else {
        return Err((step_span(first), "a position needs a key before it".into(), "write e.g. rules[2]".into()));
    };
    if rest.is_empty() {
        table.insert(Spanned::new(span.clone(), Cow::Borrowed(*name)), value);
        return Ok(());
    }
    let prefix = &whole[..whole.len() - path_tail_len(whole, rest)];
    let Some(slot) = table.get_mut(*name) else {
        let keys: Vec<&str> = table.keys().map(|k| k.get_ref().as_ref()).collect();
        let near = nearest(name, keys.iter().copied());
        let help = match near.first() {
            Some(best) => format!("did you mean `{best}`? (keys here: {})", keys.join(", ")),
            None => format!("keys here: {}", keys.join(", ")),
        };
        return Err((span.clone(), format!("`{prefix}` is not in the scenario: no `{name}` here"), help));
    };
    descend(slot.get_mut(), rest, value, whole, prefix, span.clone())
}

fn descend<'a>(
    node: &mut DeValue<'a>,
    steps: &[Step<'a>],
    value: Spanned<DeValue<'a>>,
    whole: &str,
    prefix: &str,
    at: Range<usize>,
) -> Result<(), Fail> {
    match (node, steps.first()) {
        (DeValue::Table(t), Some(Step::Key(..))) => insert(t, steps, value, whole),
        (DeValue::Array(items), Some(Step::Index(i, span))) => {
            let len = items.len();
            let Some(item) = items.get_mut(i - 1) else {
                return Err((
                    span.clone(),
                    format!("`{prefix}` has {len} entries, so there is no [{i}]"),
                    format!("use a position from 1 to {len}"),
                ));
            };
            let rest = &steps[1..];
            if rest.is_empty() {
                *item = value;
                return Ok(());
            }
            let prefix = &whole[..whole.len() - path_tail_len(whole, rest)];
            descend(item.get_mut(), rest, value, whole, prefix, span.clone())
        }
        (DeValue::Array(_), _) => Err((at, format!("`{prefix}` is a list"), format!("pick an entry: {prefix}[1]"))),
        (_, _) => Err((at, format!("`{prefix}` is a single value, not a table"), format!("set `{prefix}` itself"))),
    }
}

fn step_span(step: &Step<'_>) -> Range<usize> {
    match step {
        Step::Key(_, s) | Step::Index(_, s) => s.clone(),
    }
}

/// Length of the text the remaining steps take at the end of `whole`.
fn path_tail_len(whole: &str, rest: &[Step<'_>]) -> usize {
    let text: usize = rest
        .iter()
        .map(|s| match s {
            Step::Key(k, _) => k.len() + 1,
            Step::Index(_, span) => span.len(),
        })
        .sum();
    text.min(whole.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_keys_and_positions() {
        let steps = parse_path("rules[2].outcome", 0).unwrap();
        assert_eq!(steps, vec![Step::Key("rules", 0..5), Step::Index(2, 5..8), Step::Key("outcome", 9..16)]);
        assert!(parse_path("a..b", 0).is_err());
        assert!(parse_path("rules[0]", 0).is_err());
        assert!(parse_path("rules[x]", 0).is_err());
        assert!(parse_path("rules[1", 0).is_err());
        let half = parse_path("rules[1.5].x", 0).unwrap_err().1;
        assert!(half.contains("`[1.5]` is not a whole number"), "{half}");
        assert!(!half.contains("unclosed"), "{half}");
        assert_eq!(split_parts("a[1.5].b.c[2]"), ["a[1.5]", "b", "c[2]"]);
        assert!(parse_path("rules[1]]", 0).is_err());
        assert!(parse_path("a[1]é]", 0).is_err());
        assert!(parse_path("a[1]x", 0).unwrap_err().1.contains("expected `[`"));
        assert_eq!(parse_path("a[1][2]", 0).unwrap().len(), 3);
    }

    #[test]
    fn spans_inside_a_table_value_point_into_the_argument() {
        let v = parse_value(" {a = 1}", 100).unwrap();
        assert_eq!(v.span(), 101..108);
        let DeValue::Table(t) = v.get_ref() else { panic!("a table") };
        let (key, value) = t.iter().next().unwrap();
        assert_eq!((key.span(), value.span()), (102..103, 106..107));
    }

    #[test]
    fn values_are_toml_or_bare_words() {
        assert!(matches!(parse_value("0.5", 0).unwrap().into_inner(), DeValue::Float(_)));
        assert!(matches!(parse_value(" true", 0).unwrap().into_inner(), DeValue::Boolean(true)));
        assert!(matches!(parse_value("ceasefire", 0).unwrap().into_inner(), DeValue::String(_)));
        assert!(parse_value("", 0).is_err());
        assert!(parse_value("1 2", 0).is_err());
    }
}
