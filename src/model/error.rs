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
    /// Each problem as printed (in the order of `problems`).
    rendered: Vec<String>,
    /// Each problem's place as a global span of the sources it was
    /// rendered against (`None` for problems without one).
    spans: Vec<Option<Range<usize>>>,
    /// Problems found but not shown (beyond [`MAX_SHOWN`]).
    hidden: usize,
}

impl std::error::Error for InputError {}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text: String = self.rendered.concat();
        if self.hidden > 0 {
            text.push_str(&more_line(self.hidden));
        }
        f.write_str(text.trim_end())
    }
}

/// The line that counts the problems not shown.
fn more_line(hidden: usize) -> String {
    format!("error: and {hidden} more problems, not shown\n  = help: fix the first {MAX_SHOWN}, then check again\n")
}

impl InputError {
    /// The problems found, in the order they were found (the last one
    /// counts those not shown, when there are more than [`MAX_SHOWN`]).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Each problem's place, as a global span of the sources the error was
    /// made against (`None` for problems without one, and for the count
    /// of problems not shown).
    pub fn spans(&self) -> &[Option<Range<usize>>] {
        &self.spans
    }

    /// The problems of several errors about the same sources, as one
    /// error: each problem once (by place and message), in the order of
    /// their places, at most [`MAX_SHOWN`] shown. `keep` decides which
    /// problems (by span) are kept.
    pub fn join(errors: &[InputError], keep: impl Fn(Option<&Range<usize>>) -> bool) -> Option<InputError> {
        let mut entries: Vec<(Problem, String, Option<Range<usize>>)> = Vec::new();
        let mut hidden = 0;
        for e in errors {
            hidden = hidden.max(e.hidden);
            for ((p, r), span) in e.problems.iter().zip(&e.rendered).zip(&e.spans) {
                let seen = entries.iter().any(|(q, _, _)| q.location == p.location && q.message == p.message);
                if !seen && keep(span.as_ref()) {
                    entries.push((p.clone(), r.clone(), span.clone()));
                }
            }
        }
        if entries.is_empty() {
            return None;
        }
        entries.sort_by_key(|(_, _, span)| span.as_ref().map_or(0, |s| s.start + 1));
        hidden += entries.len().saturating_sub(MAX_SHOWN);
        entries.truncate(MAX_SHOWN);
        let mut joined = InputError { problems: Vec::new(), rendered: Vec::new(), spans: Vec::new(), hidden };
        for (p, r, span) in entries {
            joined.problems.push(p);
            joined.rendered.push(r);
            joined.spans.push(span);
        }
        if hidden > 0 {
            joined.problems.push(more_problem(hidden));
        }
        Some(joined)
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

/// Longest quotation of the input a message makes (a key, a value, a
/// path), in characters; longer ones are cut with an ellipsis.
pub const MAX_QUOTED: usize = 80;

/// Longest line of a file shown under a message; a problem on a longer
/// line is shown by its `file:line:column` alone.
pub const MAX_SHOWN_LINE: usize = 300;

/// Longest message and help, in characters, whatever they quote.
const MAX_MESSAGE: usize = 600;
const MAX_HELP: usize = 2000;

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
        let mut rendered = Vec::with_capacity(self.entries.len());
        let mut spans = Vec::with_capacity(self.entries.len());
        for Entry { mut problem, labels } in self.entries {
            spans.push(match labels.first() {
                Some(LabelSpec::Primary(span, _)) => Some(span.clone()),
                _ => None,
            });
            if let Some(LabelSpec::Primary(span, _)) = labels.first() {
                problem.message = name_dates(&problem.message, sources.snippet(span));
            }
            problem.message = tidy(&problem.message, MAX_MESSAGE);
            problem.help = problem.help.map(|h| tidy(&h, MAX_HELP));
            // A label on a huge line (a 200 000-character key) would print
            // the line whole: show the place alone.
            let long_line = labels.iter().any(|l| match l {
                LabelSpec::Primary(span, _) | LabelSpec::Secondary(span, _) => {
                    sources.line_len(span.start) > MAX_SHOWN_LINE
                }
            });
            let labels = if long_line {
                if let Some(LabelSpec::Primary(span, _)) = labels.first() {
                    problem.location.get_or_insert_with(|| sources.describe(span.start));
                }
                Vec::new()
            } else {
                labels
            };
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
                rendered.push(sources.render(&diagnostic));
            } else {
                // No snippet to show: one line with the place, then the help.
                let place = problem.location.as_deref().map(|l| format!("{l}: ")).unwrap_or_default();
                let mut text = format!("error: {place}{}\n", problem.message);
                if let Some(help) = &problem.help {
                    text.push_str(&format!("  = help: {help}\n"));
                }
                rendered.push(text);
            }
            problems.push(problem);
        }
        if more > 0 {
            problems.push(more_problem(more));
        }
        InputError { problems, rendered, spans, hidden: more }
    }
}

/// The problem that counts those not shown.
fn more_problem(hidden: usize) -> Problem {
    Problem {
        location: None,
        message: format!("and {hidden} more problems, not shown"),
        help: Some(format!("fix the first {MAX_SHOWN}, then check again")),
    }
}

/// serde sees a TOML date or time as a table (toml's private map), so its
/// "found a table" is wrong when the text under the span is a date.
fn name_dates(message: &str, under: Option<&str>) -> String {
    let Some(what) = under.and_then(|t| t.trim().parse::<toml::value::Datetime>().ok()) else {
        return message.to_string();
    };
    let kind = match (what.date.is_some(), what.time.is_some()) {
        (true, false) => "a date",
        (false, true) => "a time of day",
        _ => "a date and time",
    };
    message.replace("found a table", &format!("found {kind}"))
}

/// A message made safe to print: quotations of the input cut to
/// [`MAX_QUOTED`] characters, numbers of dozens of digits (`1e308` written
/// out, `0.000...1`) shortened, and the whole cut to `max` characters.
pub fn tidy(text: &str, max: usize) -> String {
    let text = clip_quotes(text);
    let text = short_numbers(&text);
    cut(&text, max)
}

/// At most `max` characters of `text`, with an ellipsis when cut.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text.to_string(),
    }
}

/// Cuts every `quoted` or "quoted" run longer than [`MAX_QUOTED`].
fn clip_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4 * MAX_MESSAGE));
    let mut rest = text;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = &rest[open..open + 1];
        out.push_str(&rest[..=open]);
        let inner = &rest[open + 1..];
        match inner.find(quote) {
            Some(close) => {
                out.push_str(&cut(&inner[..close], MAX_QUOTED));
                out.push_str(quote);
                rest = &inner[close + 1..];
            }
            None => {
                out.push_str(&cut(inner, MAX_QUOTED));
                return out;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Rewrites decimal numbers of more than 24 characters (a `1e308` or
/// `1e-300` some message printed in full) in the short form messages use.
fn short_numbers(text: &str) -> String {
    let is_num = |c: char| c.is_ascii_digit() || c == '.';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let len = rest[start..].find(|c: char| !is_num(c)).unwrap_or(rest.len() - start);
        let token = &rest[start..start + len];
        match token.parse::<f64>() {
            Ok(x) if token.len() > 24 => out.push_str(&super::compile::fmt(x)),
            _ => out.push_str(token),
        }
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
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
    fn messages_stay_short_whatever_they_quote() {
        let key = "k".repeat(200_000);
        let mut sources = SourceMap::new();
        let id = sources.add("big.toml".into(), format!("[war]\n{key} = 1\n"), None);
        let base = sources.offset(id);
        let mut report = Diagnostics::default();
        report.at(base + 6..base + 6 + key.len(), format!("unknown key `war.{key}`"), "valid keys here: `a`");
        let err = report.finish(&sources).unwrap_err();
        let text = err.to_string();
        assert!(text.len() < 1000, "{} bytes", text.len());
        assert!(text.contains("big.toml:2:1"), "{text}");
        assert!(text.contains("unknown key `war.kkkk") && text.contains("...`"), "{text}");
        let huge = format!("found {}", "1".to_string() + &"0".repeat(308));
        assert_eq!(tidy(&huge, 600), "found 1e308");
        let tiny = format!("found 0.{}1", "0".repeat(299));
        assert_eq!(tidy(&tiny, 600), "found 1e-300");
        assert_eq!(tidy("between 0 and 1, found 0.25", 600), "between 0 and 1, found 0.25");
        assert_eq!(tidy("seed 18446744073709551615", 600), "seed 18446744073709551615");
    }

    #[test]
    fn a_date_is_not_called_a_table() {
        assert_eq!(
            name_dates("wrong type: found a table, expected a number", Some("2025-01-01")),
            "wrong type: found a date, expected a number"
        );
        assert_eq!(name_dates("wrong type: found a table", Some("{ a = 1 }")), "wrong type: found a table");
        assert_eq!(name_dates("found a table", Some("10:00:00")), "found a time of day");
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
