//! Reading scenario files: the bytes, the TOML, the `extends` chain, and the
//! merge of a chain into one tree.
//!
//! Loading runs in two passes. The first reads every file of the chain
//! (checking size, encoding and TOML syntax, and following `extends` with
//! cycle and depth checks) into a [`SourceMap`]. The second parses the texts
//! again, borrowing from the now complete map, shifts each file's spans into
//! the map's global offsets, and merges the tables, parent first. Parsing
//! twice costs microseconds and spares us owning a TOML tree with borrowed
//! strings while the map still grows.

use super::error::{InputError, Report};
use super::source::{FileId, SourceMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// Largest scenario file accepted, in bytes. Real files are a few kB; a
/// larger one is almost certainly the wrong file.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Longest `extends` chain accepted (a file and its ancestors).
pub const MAX_EXTENDS_DEPTH: usize = 16;

/// Prefix naming a scenario embedded in the binary, as in
/// `extends = "builtin:baseline"`.
pub const BUILTIN_PREFIX: &str = "builtin:";

/// The baseline scenario, embedded so that `negsim run` works anywhere and
/// any file can extend it without a copy beside it.
pub const BASELINE_TOML: &str = include_str!("../../scenarios/baseline.toml");

/// Scenarios embedded in the binary, by name.
pub const BUILTINS: [(&str, &str); 1] = [("baseline", BASELINE_TOML)];

/// Where a scenario comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk, as the user named it.
    Path(PathBuf),
    /// A scenario embedded in the binary.
    Builtin(&'static str),
}

impl Origin {
    /// The embedded baseline.
    pub fn baseline() -> Origin {
        Origin::Builtin("baseline")
    }

    /// What errors and reports call this scenario.
    pub fn display_name(&self) -> String {
        match self {
            Origin::Path(p) => p.display().to_string(),
            Origin::Builtin(name) => format!("{BUILTIN_PREFIX}{name}"),
        }
    }
}

/// The files of one scenario, read and syntax-checked: the file the user
/// named first, then its parent, and so on.
pub struct Chain {
    /// Every text read.
    pub sources: SourceMap,
    /// The chain, child first.
    pub files: Vec<FileId>,
}

/// Reads a scenario and every file it extends.
pub fn read_chain(origin: &Origin) -> Result<Chain, InputError> {
    let mut sources = SourceMap::new();
    let mut files = Vec::new();
    let mut seen: Vec<(Origin, Option<PathBuf>)> = Vec::new();
    let mut next = Some((origin.clone(), None::<std::ops::Range<usize>>));
    while let Some((origin, extends_span)) = next.take() {
        let canonical = match &origin {
            Origin::Path(p) => std::fs::canonicalize(p).ok(),
            Origin::Builtin(_) => None,
        };
        if let Some(span) = &extends_span {
            let is_cycle = seen.iter().any(|(o, c)| o == &origin || (canonical.is_some() && c == &canonical));
            if is_cycle {
                let mut report = Report::default();
                let chain: Vec<String> = seen.iter().map(|(o, _)| o.display_name()).collect();
                report.at(
                    span.clone(),
                    format!("`extends` makes a cycle: {} -> {}", chain.join(" -> "), origin.display_name()),
                    "a file cannot extend itself or one of the files that extend it; point `extends` at a base scenario",
                );
                return Err(report.into_error(&sources));
            }
            if files.len() >= MAX_EXTENDS_DEPTH {
                let mut report = Report::default();
                report.at(
                    span.clone(),
                    format!("`extends` chain is longer than {MAX_EXTENDS_DEPTH} files"),
                    "flatten the chain: copy the settings you need into fewer files",
                );
                return Err(report.into_error(&sources));
            }
        }
        let (name, text) = match read_text(&origin) {
            Ok(found) => found,
            Err(message) => {
                let help = match &origin {
                    Origin::Builtin(_) => format!(
                        "the built-in scenarios are: {}",
                        BUILTINS.iter().map(|(n, _)| format!("{BUILTIN_PREFIX}{n}")).collect::<Vec<_>>().join(", ")
                    ),
                    Origin::Path(_) if extends_span.is_some() => {
                        "`extends` paths are relative to the file that names them; check the path, or use \"builtin:baseline\"".into()
                    }
                    Origin::Path(_) => "check the path; `negsim run` with no file runs the built-in baseline".into(),
                };
                let mut report = Report::default();
                match &extends_span {
                    Some(span) => report.at(span.clone(), message, help),
                    None => report.plain(Some(origin.display_name()), message, help),
                }
                return Err(report.into_error(&sources));
            }
        };
        let path = match &origin {
            Origin::Path(p) => Some(p.clone()),
            Origin::Builtin(_) => None,
        };
        let id = sources.add(name.clone(), text, path.clone());
        files.push(id);
        seen.push((origin.clone(), canonical));

        if sources.text(id).trim().is_empty() {
            let mut report = Report::default();
            report.plain(
                Some(name),
                "the file is empty",
                "a scenario needs at least `name`; start from `extends = \"builtin:baseline\"` and change what you need",
            );
            return Err(report.into_error(&sources));
        }
        let table = match DeTable::parse(sources.text(id)) {
            Ok(table) => table,
            Err(err) => return Err(syntax_error(&sources, id, &err)),
        };
        if let Some(extends) = table.get_ref().get("extends") {
            let span = shift_span(extends.span(), sources.offset(id));
            let Some(target) = extends.get_ref().as_str() else {
                let mut report = Report::default();
                report.at(
                    span,
                    "`extends` must be a string",
                    "write the path of the base scenario, e.g. extends = \"baseline.toml\"",
                );
                return Err(report.into_error(&sources));
            };
            next = Some((resolve_extends(target, path.as_deref()), Some(span)));
        }
    }
    Ok(Chain { sources, files })
}

/// Where `extends = "target"` in a file at `from` points.
fn resolve_extends(target: &str, from: Option<&Path>) -> Origin {
    if let Some(name) = target.strip_prefix(BUILTIN_PREFIX) {
        if let Some((builtin, _)) = BUILTINS.iter().find(|(n, _)| *n == name) {
            return Origin::Builtin(builtin);
        }
        return Origin::Path(PathBuf::from(target));
    }
    let base = from.and_then(Path::parent).unwrap_or(Path::new(""));
    Origin::Path(base.join(target))
}

/// Reads one file as text, or says why not, in words for the user.
fn read_text(origin: &Origin) -> Result<(String, String), String> {
    match origin {
        Origin::Builtin(name) => BUILTINS
            .iter()
            .find(|(n, _)| n == name)
            .map(|(n, text)| (format!("{BUILTIN_PREFIX}{n}"), text.to_string()))
            .ok_or_else(|| format!("there is no built-in scenario `{name}`")),
        Origin::Path(path) => {
            let name = path.display().to_string();
            let file = std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {}", describe_io(&e)))?;
            let meta = file.metadata().map_err(|e| format!("cannot read {name}: {}", describe_io(&e)))?;
            if meta.is_dir() {
                return Err(format!("{name} is a directory, not a scenario file"));
            }
            if meta.len() > MAX_FILE_BYTES {
                return Err(format!(
                    "{name} is {} bytes; scenario files are limited to {MAX_FILE_BYTES} bytes",
                    meta.len()
                ));
            }
            let mut bytes = Vec::new();
            file.take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read {name}: {}", describe_io(&e)))?;
            if bytes.len() as u64 > MAX_FILE_BYTES {
                return Err(format!("{name} is larger than {MAX_FILE_BYTES} bytes, the limit for scenario files"));
            }
            if bytes.contains(&0) {
                return Err(format!("{name} is a binary file (it contains NUL bytes), not a TOML scenario"));
            }
            let text = String::from_utf8(bytes).map_err(|e| {
                format!(
                    "{name} is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
                    e.utf8_error().valid_up_to()
                )
            })?;
            Ok((name, text))
        }
    }
}

/// An I/O error in words, without Rust's "(os error 2)" noise.
fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => err.to_string(),
    }
}

fn syntax_error(sources: &SourceMap, id: FileId, err: &toml::de::Error) -> InputError {
    let mut report = Report::default();
    let message = format!("invalid TOML: {}", err.message().trim());
    let help = "fix the syntax at the marked place; TOML is described at https://toml.io";
    match err.span() {
        Some(span) => report.at(shift_span(span, sources.offset(id)), message, help),
        None => report.plain(Some(sources.name(id).to_string()), message, help),
    }
    report.into_error(sources)
}

fn shift_span(span: std::ops::Range<usize>, by: usize) -> std::ops::Range<usize> {
    span.start + by..span.end + by
}

/// Keys that belong to one file and are not inherited through `extends`.
const OWN_KEYS: [&str; 3] = ["extends", "name", "description"];

/// Merges a chain into one tree: parents first, each child's tables merged
/// key by key over its parent's, any other value (numbers, strings, arrays
/// such as `rules`) replaced whole. Spans are global offsets.
pub fn merge(chain: &Chain) -> Result<Spanned<DeTable<'_>>, InputError> {
    let mut merged: Option<Spanned<DeTable<'_>>> = None;
    for (depth, &id) in chain.files.iter().enumerate().rev() {
        let table = DeTable::parse(chain.sources.text(id)).map_err(|e| syntax_error(&chain.sources, id, &e))?;
        let offset = chain.sources.offset(id);
        let root_span = shift_span(table.span(), offset);
        let is_child = depth == 0;
        let table: DeTable<'_> = shift_table(table.into_inner(), offset)
            .into_iter()
            .filter(|(k, _)| {
                let k: &str = k.get_ref();
                !(k == "extends" || (!is_child && OWN_KEYS.contains(&k)))
            })
            .collect();
        merged = Some(match merged {
            None => Spanned::new(root_span, table),
            Some(base) => {
                let base = base.into_inner();
                // The root takes the child's span (its first byte) so that
                // "missing key" errors point into the file the user named.
                Spanned::new(offset..offset, merge_tables(base, table))
            }
        });
    }
    merged.ok_or_else(|| InputError::plain("no scenario file to read", "name a scenario file"))
}

/// Merges `over` into `base`, keeping `base`'s key order and appending new keys.
pub fn merge_tables<'a>(base: DeTable<'a>, mut over: DeTable<'a>) -> DeTable<'a> {
    let mut out = DeTable::new();
    for (key, value) in base {
        match over.remove_entry(key.get_ref().as_ref()) {
            None => {
                out.insert(key, value);
            }
            Some((over_key, over_value)) => {
                let span = over_value.span();
                let value = match (value.into_inner(), over_value.into_inner()) {
                    (DeValue::Table(b), DeValue::Table(o)) => DeValue::Table(merge_tables(b, o)),
                    (_, o) => o,
                };
                out.insert(over_key, Spanned::new(span, value));
            }
        }
    }
    for (key, value) in over {
        out.insert(key, value);
    }
    out
}

fn shift_value(value: Spanned<DeValue<'_>>, by: usize) -> Spanned<DeValue<'_>> {
    let span = shift_span(value.span(), by);
    let inner = match value.into_inner() {
        DeValue::Table(t) => DeValue::Table(shift_table(t, by)),
        DeValue::Array(a) => {
            let mut out = DeArray::new();
            for item in a.iter() {
                out.push(shift_value(item.clone(), by));
            }
            DeValue::Array(out)
        }
        other => other,
    };
    Spanned::new(span, inner)
}

/// Moves every span of a freshly parsed table by `by` bytes.
pub fn shift_table(table: DeTable<'_>, by: usize) -> DeTable<'_> {
    let mut out = DeTable::new();
    for (key, value) in table {
        let key_span = shift_span(key.span(), by);
        out.insert(Spanned::new(key_span, key.into_inner()), shift_value(value, by));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_overrides_leaves_and_keeps_order() {
        let base = DeTable::parse("[a]\nx = 1\ny = 2\n[b]\nz = 3\n").unwrap().into_inner();
        let over = DeTable::parse("[a]\ny = 5\nw = 6\n").unwrap().into_inner();
        let merged = merge_tables(base, over);
        let a = merged.get("a").unwrap().get_ref().as_table().unwrap();
        let keys: Vec<_> = a.keys().map(|k| k.get_ref().to_string()).collect();
        assert_eq!(keys, ["x", "y", "w"]);
        assert_eq!(a.get("y").unwrap().get_ref().as_integer().unwrap().as_str(), "5");
        assert!(merged.get("b").is_some());
    }

    #[test]
    fn extends_resolves_relative_to_the_file() {
        let origin = resolve_extends("baseline.toml", Some(Path::new("scenarios/x.toml")));
        assert_eq!(origin, Origin::Path(PathBuf::from("scenarios/baseline.toml")));
        assert_eq!(resolve_extends("builtin:baseline", None), Origin::baseline());
    }
}
