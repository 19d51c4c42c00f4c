//! The text of every file a model was read from, and where an error is.
//!
//! A scenario can be spread over several files (`extends`), and later over
//! command-line overrides. To keep spans meaningful after the files' tables
//! are merged into one, every file's spans are shifted into one global
//! offset space, as a compiler's source map does: file `i` starts at the sum
//! of the lengths of files `0..i` (plus one byte of gap each). A span from the
//! merged tree then names its file and its line and column without carrying
//! a file id through serde.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
pub type FileId = usize;

/// Every file text a model was read from.
#[derive(Default)]
pub struct SourceMap {
    files: SimpleFiles<String, String>,
    offsets: Vec<usize>,
    paths: Vec<Option<PathBuf>>,
    end: usize,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file: `name` is what errors show, `path` where it lives on
    /// disk (`None` for embedded files and command-line text).
    pub fn add(&mut self, name: String, text: String, path: Option<PathBuf>) -> FileId {
        let len = text.len();
        let id = self.files.add(name, text);
        self.offsets.push(self.end);
        self.paths.push(path);
        self.end += len + 1;
        id
    }

    /// The text of a file.
    pub fn text(&self, id: FileId) -> &str {
        self.files.get(id).map(|f| f.source().as_str()).unwrap_or("")
    }

    /// The name errors use for a file.
    pub fn name(&self, id: FileId) -> &str {
        self.files.get(id).map(|f| f.name().as_str()).unwrap_or("?")
    }

    /// Where a file lives on disk, if it does.
    pub fn path(&self, id: FileId) -> Option<&Path> {
        self.paths.get(id).and_then(|p| p.as_deref())
    }

    /// The global offset at which a file's text starts.
    pub fn offset(&self, id: FileId) -> usize {
        self.offsets.get(id).copied().unwrap_or(0)
    }

    /// The global offset the next file added will start at.
    pub fn end(&self) -> usize {
        self.end
    }

    /// How many files the map holds.
    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    /// True when no file has been added.
    pub fn is_empty(&self) -> bool {
        self.offsets.is_empty()
    }

    /// Maps a global span back to its file and local span.
    pub fn locate(&self, span: &Range<usize>) -> Option<(FileId, Range<usize>)> {
        let id = match self.offsets.binary_search(&span.start) {
            Ok(i) => i,
            Err(0) => return None,
            Err(i) => i - 1,
        };
        let base = self.offsets[id];
        let len = self.text(id).len();
        let start = (span.start - base).min(len);
        let end = span.end.saturating_sub(base).clamp(start, len);
        Some((id, start..end))
    }

    /// One-based line and column (in characters) of a global offset.
    pub fn line_col(&self, global: usize) -> Option<(FileId, usize, usize)> {
        let (id, local) = self.locate(&(global..global))?;
        let text = self.text(id);
        let before = &text[..floor_char_boundary(text, local.start)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Some((id, line, column))
    }

    /// `file:line:column` of a global offset, for one-line messages.
    pub fn describe(&self, global: usize) -> String {
        match self.line_col(global) {
            Some((id, line, col)) => format!("{}:{line}:{col}", self.name(id)),
            None => "<unknown>".to_string(),
        }
    }

    /// Renders a diagnostic whose labels use file-local spans, as plain text.
    pub fn render(&self, diagnostic: &Diagnostic<FileId>) -> String {
        let config = Config::default();
        term::emit_into_string(&config, &self.files, diagnostic).unwrap_or_else(|_| diagnostic.message.clone())
    }

    /// A primary label at a global span, trimmed to its first line so that
    /// an error about a whole table points at its header, not at every line
    /// of its body.
    pub fn label(&self, span: &Range<usize>) -> Option<Label<FileId>> {
        let (id, local) = self.locate(span)?;
        Some(Label::primary(id, self.first_line(id, local)))
    }

    /// A secondary label at a global span, with a message.
    pub fn note_label(&self, span: &Range<usize>, message: &str) -> Option<Label<FileId>> {
        let (id, local) = self.locate(span)?;
        Some(Label::secondary(id, self.first_line(id, local)).with_message(message))
    }

    /// The text under a global span (within one file).
    pub fn snippet(&self, span: &Range<usize>) -> Option<&str> {
        let (id, local) = self.locate(span)?;
        let text = self.text(id);
        let start = floor_char_boundary(text, local.start);
        let end = floor_char_boundary(text, local.end);
        text.get(start..end)
    }

    /// The length in bytes of the line a global offset is on: a label on
    /// a very long line is not worth printing whole.
    pub fn line_len(&self, global: usize) -> usize {
        let Some((id, local)) = self.locate(&(global..global)) else { return 0 };
        let text = self.text(id);
        let at = floor_char_boundary(text, local.start);
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        end - start
    }

    fn first_line(&self, id: FileId, local: Range<usize>) -> Range<usize> {
        let text = self.text(id);
        match text.get(local.clone()).and_then(|s| s.find('\n')) {
            Some(nl) => local.start..local.start + nl,
            None => local,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_map_back_to_their_file_line_and_column() {
        let mut map = SourceMap::new();
        let a = map.add("a.toml".into(), "x = 1\ny = 2\n".into(), None);
        let b = map.add("b.toml".into(), "zé = 3\nw = 4".into(), None);
        assert_eq!(map.describe(map.offset(a) + 6), "a.toml:2:1");
        assert_eq!(map.describe(map.offset(b) + 5), "b.toml:1:5");
        assert_eq!(map.describe(map.offset(b) + 10), "b.toml:2:3");
        let (id, local) = map.locate(&(map.offset(b) + 1..map.offset(b) + 3)).unwrap();
        assert_eq!((id, local), (b, 1..3));
    }

    #[test]
    fn labels_are_cut_to_the_first_line() {
        let mut map = SourceMap::new();
        let a = map.add("a.toml".into(), "[t]\nx = 1\n".into(), None);
        let label = map.label(&(map.offset(a)..map.offset(a) + 9)).unwrap();
        assert_eq!(label.range, 0..3);
    }
}
