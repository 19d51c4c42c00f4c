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

use super::error::{Diagnostics, InputError};
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
    /// Text held in memory (tests, fuzzing, tools that build scenarios);
    /// `extends` paths in it are relative to the working directory.
    Inline {
        /// What errors call it.
        name: String,
        /// The TOML text.
        text: String,
    },
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
            Origin::Inline { name, .. } => name.clone(),
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
            Origin::Builtin(_) | Origin::Inline { .. } => None,
        };
        if let Some(span) = &extends_span {
            let is_cycle = seen.iter().any(|(o, c)| o == &origin || (canonical.is_some() && c == &canonical));
            if is_cycle {
                let mut report = Diagnostics::default();
                let chain: Vec<String> = seen.iter().map(|(o, _)| o.display_name()).collect();
                report.at(
                    span.clone(),
                    format!("`extends` makes a cycle: {} -> {}", chain.join(" -> "), origin.display_name()),
                    "a file cannot extend itself or one of the files that extend it; point `extends` at a base scenario",
                );
                return Err(report.into_error(&sources));
            }
            if files.len() >= MAX_EXTENDS_DEPTH {
                let mut report = Diagnostics::default();
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
            Err(why) => {
                let mut report = Diagnostics::default();
                match &extends_span {
                    Some(span) => report.at(
                        span.clone(),
                        format!("`extends` target {}: {}", origin.display_name(), why.reason),
                        if matches!(origin, Origin::Path(_)) && why.reason.starts_with("cannot read: no such") {
                            "`extends` paths are relative to the file that names them; check the path, or use \"builtin:baseline\"".to_string()
                        } else {
                            why.help
                        },
                    ),
                    None => {
                        let place = match why.position {
                            Some((line, col)) => format!("{}:{line}:{col}", origin.display_name()),
                            None => origin.display_name(),
                        };
                        report.plain(Some(place), why.reason, why.help);
                    }
                }
                return Err(report.into_error(&sources));
            }
        };
        let path = match &origin {
            Origin::Path(p) => Some(p.clone()),
            Origin::Builtin(_) | Origin::Inline { .. } => None,
        };
        let id = sources.add(name.clone(), text, path.clone());
        files.push(id);
        seen.push((origin.clone(), canonical));

        let table = match DeTable::parse(sources.text(id)) {
            Ok(table) => table,
            Err(err) => return Err(syntax_error(&sources, id, &err)),
        };
        if table.get_ref().is_empty() {
            // A byte-order mark alone is as empty as nothing at all.
            let what = if sources.text(id).trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
                "the file is empty"
            } else {
                "the file has no keys (only comments)"
            };
            let help = "a scenario needs at least `name`; start from `extends = \"builtin:baseline\"` and change what you need";
            return Err(InputError::file(&name, what, help));
        }
        if let Some(extends) = table.get_ref().get("extends") {
            let span = shift_span(extends.span(), sources.offset(id));
            let Some(target) = extends.get_ref().as_str() else {
                let mut report = Diagnostics::default();
                report.at(
                    span,
                    "`extends` must be a string",
                    "write the path of the base scenario, e.g. extends = \"baseline.toml\"",
                );
                return Err(report.into_error(&sources));
            };
            match resolve_extends(target, path.as_deref()) {
                Ok(origin) => next = Some((origin, Some(span))),
                Err((message, help)) => {
                    let mut report = Diagnostics::default();
                    report.at(span, message, help);
                    return Err(report.into_error(&sources));
                }
            }
        }
    }
    Ok(Chain { sources, files })
}

/// Where `extends = "target"` in a file at `from` points, or why it points
/// nowhere.
fn resolve_extends(target: &str, from: Option<&Path>) -> Result<Origin, (String, String)> {
    if target.trim().is_empty() {
        return Err((
            "`extends` is empty".into(),
            "name the base scenario, e.g. extends = \"builtin:baseline\"".into(),
        ));
    }
    if let Some(name) = target.strip_prefix(BUILTIN_PREFIX) {
        return match BUILTINS.iter().find(|(n, _)| *n == name) {
            Some((builtin, _)) => Ok(Origin::Builtin(builtin)),
            None => Err((format!("there is no built-in scenario `{name}`"), builtin_list())),
        };
    }
    let base = from.and_then(Path::parent).unwrap_or(Path::new(""));
    Ok(Origin::Path(normalize(&base.join(target))))
}

/// Removes `.` and `name/..` from a path without touching the disk, so that
/// messages show `scenarios/baseline.toml`, not `scenarios/x/../baseline.toml`.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() { PathBuf::from(".") } else { out.iter().collect() }
}

/// Why a file could not be read as a scenario's text.
struct Unreadable {
    /// What is wrong, without the file's name.
    reason: String,
    /// What to do.
    help: String,
    /// Line and column of the problem, when it has one.
    position: Option<(usize, usize)>,
}

impl Unreadable {
    fn new(reason: impl Into<String>, help: impl Into<String>) -> Unreadable {
        Unreadable { reason: reason.into(), help: help.into(), position: None }
    }
}

/// Reads one file as text (returning the name errors use for it), or says
/// why not, in words for the user.
fn read_text(origin: &Origin) -> Result<(String, String), Unreadable> {
    match origin {
        Origin::Builtin(name) => BUILTINS
            .iter()
            .find(|(n, _)| n == name)
            .map(|(n, text)| (format!("{BUILTIN_PREFIX}{n}"), text.to_string()))
            .ok_or_else(|| Unreadable::new(format!("there is no built-in scenario `{name}`"), builtin_list())),
        Origin::Inline { name, text } => {
            if text.len() as u64 > MAX_FILE_BYTES {
                return Err(Unreadable::new(
                    format!("is larger than {MAX_FILE_BYTES} bytes, the limit for scenario files"),
                    "scenario files are a few kilobytes of TOML",
                ));
            }
            Ok((name.clone(), text.clone()))
        }
        Origin::Path(path) => {
            let text = read_path(path, MAX_FILE_BYTES, "scenario files are a few kilobytes of TOML")?;
            Ok((path.display().to_string(), text))
        }
    }
}

/// Reads a file that a user named as an input (a scenario, a part file, a
/// target table) as UTF-8 text of at most `cap` bytes. `what` says what such
/// files usually are, for the message when this one is too large.
///
/// Sizes are checked on what is read, not only on what the disk says: a
/// device or a pipe reports size 0 and could stream without end. Devices
/// (`/dev/zero`, a terminal) are refused; a pipe (`<(cat file)`, a named
/// pipe) is read up to the cap, and a named pipe nobody writes to is given
/// up on after a few seconds instead of waiting for ever.
pub fn read_input(path: &Path, cap: u64, what: &str) -> Result<String, InputError> {
    read_path(path, cap, what).map_err(|why| {
        let place = match why.position {
            Some((line, col)) => format!("{}:{line}:{col}", path.display()),
            None => path.display().to_string(),
        };
        InputError::file(&place, why.reason, why.help)
    })
}

/// How long a named pipe may stay silent before we give up on it.
const PIPE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

fn read_path(path: &Path, cap: u64, what: &str) -> Result<String, Unreadable> {
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let io = |e: std::io::Error| {
        let help = match e.kind() {
            std::io::ErrorKind::NotFound => "check the path",
            std::io::ErrorKind::PermissionDenied => "check the file's permissions",
            _ => "check the file",
        };
        Unreadable::new(format!("cannot read: {}", describe_io(&e)), help)
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    let kind = meta.file_type();
    if meta.is_dir() {
        return Err(Unreadable::new("is a directory, not a file", "name a file, e.g. scenarios/baseline.toml"));
    }
    if kind.is_char_device() || kind.is_block_device() || kind.is_socket() {
        return Err(Unreadable::new(
            "is a device, not a file",
            "name a regular file (to read what a command prints, use `<(command)` or a named pipe)",
        ));
    }
    let too_large = || {
        Unreadable::new(
            format!("is larger than {cap} bytes, the limit for this kind of file"),
            format!("{what}; check that this is the file you meant"),
        )
    };
    if meta.len() > cap {
        return Err(too_large());
    }
    let bytes = if kind.is_fifo() {
        // Opened without blocking, so that a pipe with no writer does not
        // hang the open; then read until the writer closes it.
        let file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path).map_err(io)?;
        read_pipe(file, cap).map_err(|e| match e {
            PipeError::Io(e) => io(e),
            PipeError::TooLarge => too_large(),
            PipeError::Silent => Unreadable::new(
                format!("is a named pipe nobody wrote to within {} seconds", PIPE_PATIENCE.as_secs()),
                "start the program that writes to it first, or name a regular file",
            ),
        })?
    } else {
        let file = std::fs::File::open(path).map_err(io)?;
        let mut bytes = Vec::new();
        file.take(cap + 1).read_to_end(&mut bytes).map_err(io)?;
        bytes
    };
    if bytes.len() as u64 > cap {
        return Err(too_large());
    }
    if bytes.contains(&0) {
        return Err(Unreadable::new(
            "is a binary file (it contains NUL bytes), not text",
            "check that this is the file you meant",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // The text before the bad byte is valid UTF-8: count lines and
        // characters in it.
        let before = std::str::from_utf8(valid).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Unreadable {
            reason: "is not UTF-8 text".into(),
            help: "save the file as UTF-8 (an editor's \"encoding\" setting); this byte is not UTF-8".into(),
            position: Some((line, column)),
        }
    })
}

enum PipeError {
    Io(std::io::Error),
    TooLarge,
    Silent,
}

/// Reads a pipe opened without blocking: polls until the writer closes it,
/// at most `cap + 1` bytes, and gives up after [`PIPE_PATIENCE`] without a
/// byte (a named pipe with no writer reads as closed at once; we wait that
/// long for one to appear).
fn read_pipe(mut file: std::fs::File, cap: u64) -> Result<Vec<u8>, PipeError> {
    use std::io::ErrorKind;
    let mut bytes = Vec::new();
    let mut buf = [0_u8; 8192];
    let mut quiet_since = std::time::Instant::now();
    loop {
        match file.read(&mut buf) {
            Ok(0) if bytes.is_empty() && quiet_since.elapsed() < PIPE_PATIENCE => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Ok(0) if bytes.is_empty() => return Err(PipeError::Silent),
            Ok(0) => return Ok(bytes),
            Ok(n) => {
                bytes.extend_from_slice(&buf[..n]);
                if bytes.len() as u64 > cap {
                    return Err(PipeError::TooLarge);
                }
                quiet_since = std::time::Instant::now();
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                if quiet_since.elapsed() >= PIPE_PATIENCE * 12 {
                    return Err(PipeError::Silent);
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(PipeError::Io(e)),
        }
    }
}

fn builtin_list() -> String {
    let names: Vec<String> = BUILTINS.iter().map(|(n, _)| format!("\"{BUILTIN_PREFIX}{n}\"")).collect();
    format!("the built-in scenarios are: {}", names.join(", "))
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
    let mut report = Diagnostics::default();
    let text = sources.text(id);
    let raw = err.message().trim();
    let Some(span) = err.span() else {
        report.plain(
            Some(sources.name(id).to_string()),
            format!("invalid TOML: {raw}"),
            "fix the syntax; TOML is described at https://toml.io",
        );
        return report.into_error(sources);
    };
    let found = text.get(span.clone()).unwrap_or("").trim();
    let (message, help) = if raw.starts_with("string values must be quoted") && found.is_empty() {
        ("invalid TOML: missing value after `=`".to_string(), "write a value after `=`, e.g. trials = 1000".to_string())
    } else if raw.starts_with("string values must be quoted") {
        (
            format!("invalid TOML: `{found}` is not a value"),
            "write one value per key: a number (1000), true or false, or text in quotes (\"...\")".to_string(),
        )
    } else if let Some(header) = duplicate_header(text, span.start).filter(|_| raw.starts_with("duplicate key")) {
        (
            format!("invalid TOML: the table `{header}` is defined twice"),
            format!(
                "a table may be defined once: move the keys of the second `{header}` into the first, and delete the second header"
            ),
        )
    } else if raw.starts_with("duplicate key") {
        let key = found.trim_matches(|c| c == '"' || c == '\'');
        (format!("invalid TOML: `{key}` is set twice in the same table"), format!("keep one `{key} = ...`"))
    } else {
        (
            format!("invalid TOML: {raw}"),
            "fix the syntax at the marked place; TOML is described at https://toml.io".to_string(),
        )
    };
    report.at(shift_span(span.clone(), sources.offset(id)), message, help);
    if let Some(header) = duplicate_header(text, span.start).filter(|_| raw.starts_with("duplicate key")) {
        // Show where the table was first defined.
        let mut at = 0;
        for line in text[..span.start].split_inclusive('\n') {
            if header_of(line).is_some_and(|h| h == header) {
                let start = at + line.len() - line.trim_start().len();
                report.also(shift_span(start..start + header.len(), sources.offset(id)), "first defined here");
                break;
            }
            at += line.len();
        }
    } else if raw.starts_with("duplicate key") {
        // Show where the key was first set, when it is on a line of its own.
        let key = found.trim_matches(|c| c == '"' || c == '\'');
        let mut at = 0;
        for line in text[..span.start].split_inclusive('\n') {
            if line.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')) {
                let start = at + line.len() - line.trim_start().len();
                report.also(shift_span(start..start + key.len(), sources.offset(id)), "first set here");
            }
            at += line.len();
        }
    }
    report.into_error(sources)
}

/// The table header (`[russia]`, `[[rules]]`) on the line of byte `at`,
/// when that line is one.
fn duplicate_header(text: &str, at: usize) -> Option<&str> {
    let at = (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i))?;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    header_of(&text[start..end])
}

/// The header a line opens (`[a.b]` or `[[rules]]`, brackets included),
/// when it opens one.
fn header_of(line: &str) -> Option<&str> {
    let line = line.trim();
    if !line.starts_with('[') {
        return None;
    }
    let close = if line.starts_with("[[") { line.find("]]").map(|i| i + 2) } else { line.find(']').map(|i| i + 1) };
    close.map(|end| &line[..end])
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
        let mut table: DeTable<'_> = shift_table(table.into_inner(), offset)
            .into_iter()
            .filter(|(k, _)| {
                let k: &str = k.get_ref();
                !(k == "extends" || (!is_child && OWN_KEYS.contains(&k)))
            })
            .collect();
        merged = Some(match merged {
            None => Spanned::new(root_span, table),
            Some(base) => {
                let mut base = base.into_inner();
                // An [uncertain] entry is one value: the child's replaces
                // the parent's whole, in the parent's place (merged key by
                // key, a triangular over a uniform would hold both).
                if let (Some(b), Some(o)) =
                    (base.get_mut(super::uncertain::TABLE), table.get_mut(super::uncertain::TABLE))
                    && let (DeValue::Table(b), DeValue::Table(o)) = (b.get_mut(), o.get_mut())
                {
                    let shared: Vec<String> = o
                        .keys()
                        .filter(|k| b.get(k.get_ref().as_ref()).is_some())
                        .map(|k| k.get_ref().to_string())
                        .collect();
                    for k in shared {
                        if let Some(v) = o.remove(k.as_str())
                            && let Some(slot) = b.get_mut(k.as_str())
                        {
                            *slot = v;
                        }
                    }
                }
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

/// Moves every span of a freshly parsed value (and of what it holds) by
/// `by` bytes.
pub fn shift_value(value: Spanned<DeValue<'_>>, by: usize) -> Spanned<DeValue<'_>> {
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
    fn a_table_defined_twice_is_named_as_a_table() {
        let text = "[russia]\nburn = 0.1\n[russia] # again\npace = 0.1\n";
        assert_eq!(duplicate_header(text, 22), Some("[russia]"));
        assert_eq!(duplicate_header(text, 10), None);
        assert_eq!(header_of("  [[rules]] "), Some("[[rules]]"));
        let mut sources = SourceMap::new();
        let id = sources.add("d.toml".into(), text.into(), None);
        let err = DeTable::parse(text).unwrap_err();
        let shown = syntax_error(&sources, id, &err).to_string();
        assert!(shown.contains("the table `[russia]` is defined twice"), "{shown}");
        assert!(shown.contains("first defined here"), "{shown}");
        assert!(!shown.contains("keep one `russia = ...`"), "{shown}");
    }

    #[test]
    fn extends_resolves_relative_to_the_file() {
        let origin = resolve_extends("baseline.toml", Some(Path::new("scenarios/x.toml")));
        assert_eq!(origin, Ok(Origin::Path(PathBuf::from("scenarios/baseline.toml"))));
        assert_eq!(resolve_extends("builtin:baseline", None), Ok(Origin::baseline()));
        assert!(resolve_extends("builtin:base", None).is_err());
        assert!(resolve_extends(" ", None).is_err());
        let up = resolve_extends("../baseline.toml", Some(Path::new("tests/invalid/x.toml")));
        assert_eq!(up, Ok(Origin::Path(PathBuf::from("tests/baseline.toml"))));
    }
}
