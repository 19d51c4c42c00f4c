//! Errors of the model boundary: everything wrong with what a user gave us.
//!
//! Every problem carries its location (`file:line:column` when it has one),
//! a one-line message and advice on what to change. The rendered form shows
//! the offending line with the value underlined. A file can have several
//! problems; validation collects them all, so a user fixes them in one pass.

use super::source::{FileId, SourceMap};
use codespan_reporting::diagnostic::{Diagnostic, Label};
use std::fmt;
use std::ops::Range;

/// One thing wrong with the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `file:line:column`, or the file alone, or `None` for problems with no
    /// place (a flag, say).
    pub location: Option<String>,
    /// What is wrong, one line.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

/// Bad input: a file, key, value or flag that negsim refuses. Exit code 2.
#[derive(Debug, Clone)]
pub struct InputError {
    problems: Vec<Problem>,
    rendered: String,
}

impl std::error::Error for InputError {}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rendered.trim_end())
    }
}

impl InputError {
    /// The problems found, in the order they were found.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// A problem that is not about a place in a file (a missing file, a bad
    /// flag).
    pub fn plain(message: impl Into<String>, help: impl Into<String>) -> InputError {
        let mut report = Diagnostics::default();
        report.plain(None, message, help);
        report.into_error(&SourceMap::new())
    }

    /// A problem about a whole file, with no position inside it.
    pub fn file(name: &str, message: impl Into<String>, help: impl Into<String>) -> InputError {
        let mut report = Diagnostics::default();
        report.plain(Some(name.to_string()), message, help);
        report.into_error(&SourceMap::new())
    }
}

/// Most problems one error shows (the rest are counted).
pub const MAX_SHOWN: usize = 20;

/// Collects problems while a model is checked; turns into an [`InputError`]
/// when there is at least one.
#[derive(Default)]
pub struct Diagnostics {
    entries: Vec<Entry>,
}

struct Entry {
    problem: Problem,
    labels: Vec<LabelSpec>,
}

enum LabelSpec {
    Primary(Range<usize>, Option<String>),
    Secondary(Range<usize>, String),
}

impl Diagnostics {
    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when enough problems are reported that more will not be shown:
    /// costly advice (did-you-mean over many names) can then be skipped.
    pub fn is_full(&self) -> bool {
        self.entries.len() >= MAX_SHOWN
    }

    /// Reports a problem at a global span.
    pub fn at(&mut self, span: Range<usize>, message: impl Into<String>, help: impl Into<String>) {
        self.entries.push(Entry {
            problem: Problem {
                location: None,
                message: message.into(),
                help: Some(help.into()).filter(|h: &String| !h.is_empty()),
            },
            labels: vec![LabelSpec::Primary(span, None)],
        });
    }

    /// Puts a note on the primary label of the last problem reported.
    pub fn note(&mut self, note: impl Into<String>) {
        if let Some(LabelSpec::Primary(_, slot)) = self.entries.last_mut().and_then(|e| e.labels.first_mut()) {
            *slot = Some(note.into());
        }
    }

    /// Adds a secondary label (a related place, with a note) to the last
    /// problem reported.
    pub fn also(&mut self, span: Range<usize>, note: impl Into<String>) {
        if let Some(last) = self.entries.last_mut() {
            last.labels.push(LabelSpec::Secondary(span, note.into()));
        }
    }

    /// Reports a problem with no span; `location` names a file or a flag.
    pub fn plain(&mut self, location: Option<String>, message: impl Into<String>, help: impl Into<String>) {
        self.entries.push(Entry {
            problem: Problem {
                location,
                message: message.into(),
                help: Some(help.into()).filter(|h: &String| !h.is_empty()),
            },
            labels: Vec::new(),
        });
    }

    /// `Ok(())` when nothing was reported, else the error.
    pub fn finish(self, sources: &SourceMap) -> Result<(), InputError> {
        if self.is_empty() { Ok(()) } else { Err(self.into_error(sources)) }
    }

    /// Renders every problem against the sources, in the order of their
    /// places (the file the user named first, then its parents; problems
    /// without a place before all).
    pub fn into_error(mut self, sources: &SourceMap) -> InputError {
        self.entries.sort_by_key(|e| match e.labels.first() {
            Some(LabelSpec::Primary(span, _)) => span.start + 1,
            _ => 0,
        });
        // A file can hold thousands of mistakes; locating and rendering
        // each costs time and memory in proportion to the file, so only the
        // first ones are shown, and the rest counted.
        let more = self.entries.len().saturating_sub(MAX_SHOWN);
        self.entries.truncate(MAX_SHOWN);
        let mut problems = Vec::with_capacity(self.entries.len() + 1);
        let mut rendered = String::new();
        for Entry { mut problem, labels } in self.entries {
            let mut diagnostic = Diagnostic::error().with_message(problem.message.clone());
            let mut cs_labels: Vec<Label<FileId>> = Vec::new();
            for spec in &labels {
                match spec {
                    LabelSpec::Primary(span, note) => {
                        if problem.location.is_none() {
                            problem.location = Some(sources.describe(span.start));
                        }
                        let label = sources.label(span);
                        cs_labels.extend(match note {
                            Some(n) => label.map(|l| l.with_message(n.clone())),
                            None => label,
                        });
                    }
                    LabelSpec::Secondary(span, note) => {
                        cs_labels.extend(sources.note_label(span, note));
                    }
                }
            }
            let has_labels = !cs_labels.is_empty();
            diagnostic = diagnostic.with_labels(cs_labels);
            if let Some(help) = &problem.help {
                diagnostic = diagnostic.with_notes(vec![format!("help: {help}")]);
            }
            if has_labels {
                rendered.push_str(&sources.render(&diagnostic));
            } else {
                // No snippet to show: one line with the place, then the help.
                let place = problem.location.as_deref().map(|l| format!("{l}: ")).unwrap_or_default();
                rendered.push_str(&format!("error: {place}{}\n", problem.message));
                if let Some(help) = &problem.help {
                    rendered.push_str(&format!("  = help: {help}\n"));
                }
            }
            problems.push(problem);
        }
        if more > 0 {
            let problem = Problem {
                location: None,
                message: format!("and {more} more problems, not shown"),
                help: Some(format!("fix the first {MAX_SHOWN}, then check again")),
            };
            rendered.push_str(&format!(
                "error: {}\n  = help: {}\n",
                problem.message,
                problem.help.as_deref().unwrap_or("")
            ));
            problems.push(problem);
        }
        InputError { problems, rendered }
    }
}

/// The nearest candidates to `word` among `known`, for "did you mean".
pub fn nearest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> =
        known.into_iter().map(|k| (strsim::jaro_winkler(word, k), k)).filter(|(score, _)| *score >= 0.75).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

/// "did you mean `x`?" advice, or a list of what is valid when nothing is
/// close.
pub fn did_you_mean<'a>(word: &str, known: impl IntoIterator<Item = &'a str> + Clone) -> String {
    let near = nearest(word, known.clone());
    if let Some(best) = near.first() {
        format!("did you mean `{best}`?")
    } else {
        let all: Vec<String> = known.into_iter().map(|k| format!("`{k}`")).collect();
        format!("valid names are {}", all.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_prefer_close_names() {
        assert_eq!(nearest("probabilty", ["probability", "phase", "when"]), vec!["probability"]);
        assert!(nearest("zzz", ["probability"]).is_empty());
        assert_eq!(did_you_mean("zzz", ["a", "b"]), "valid names are `a`, `b`");
    }

    #[test]
    fn many_problems_are_cut_to_the_first_ones() {
        let mut sources = SourceMap::new();
        let id = sources.add("s.toml".into(), "x = 1\n".repeat(100), None);
        let base = sources.offset(id);
        let mut report = Diagnostics::default();
        for i in (0..100).rev() {
            report.at(base + 6 * i..base + 6 * i + 1, format!("problem {i}"), "fix it");
        }
        let err = report.finish(&sources).unwrap_err();
        assert_eq!(err.problems().len(), MAX_SHOWN + 1);
        assert_eq!(err.problems()[0].message, "problem 0", "file order");
        assert_eq!(err.problems()[MAX_SHOWN].message, "and 80 more problems, not shown");
    }

    #[test]
    fn a_report_names_file_line_and_column() {
        let mut sources = SourceMap::new();
        let id = sources.add("s.toml".into(), "a = 1\nb = nan\n".into(), None);
        let base = sources.offset(id);
        let mut report = Diagnostics::default();
        report.at(base + 10..base + 13, "`b` must be a finite number", "write a number such as 0.5");
        let err = report.finish(&sources).unwrap_err();
        assert_eq!(err.problems()[0].location.as_deref(), Some("s.toml:2:5"));
        let text = err.to_string();
        assert!(text.contains("s.toml:2:5"), "{text}");
        assert!(text.contains("b = nan"), "{text}");
        assert!(text.contains("help: write a number"), "{text}");
    }
}
