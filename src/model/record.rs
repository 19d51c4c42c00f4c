//! The dated record (`seeds/events.toml`) and the published forecasts
//! (`seeds/forecasts.toml`): read and checked like scenario files, with
//! located errors.
//!
//! The embedded copies are what `check-history`, `--as-of` and `backtest`
//! use; `--record FILE` and `--forecasts FILE` read others in the same
//! format (to add a source, or to test a record of one's own). Every item
//! must name at least one source with an address and a reliability tag
//! (R, M or L), every date must be a date, every range must have its low
//! end first, and no event may fall after the record's end: later events
//! are held out to test forecasts.

use super::date::Date;
use super::error::{Diagnostics, InputError};
use super::source::SourceMap;
use super::{Format, load};
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;
use toml::value::Datetime;

/// The record embedded in the binary.
pub const EVENTS_TOML: &str = include_str!("../../seeds/events.toml");
/// The forecasts embedded in the binary.
pub const FORECASTS_TOML: &str = include_str!("../../seeds/forecasts.toml");

/// A source of an item.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The page's address.
    pub url: String,
    /// R (wire service, major outlet, official), M (regional or single
    /// source) or L (aggregator: a lead, not a fact).
    pub reliability: String,
}

/// A meeting of the record.
#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    /// Id.
    pub id: String,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// Format (`None` for formats the model does not have, e.g. Normandy).
    pub format: Option<Format>,
    /// Europeans present.
    pub europeans: bool,
    /// Reported length of the main session, low and high, in hours.
    pub hours: Option<[f64; 2]>,
    /// Inside the record's window.
    pub in_window: bool,
    /// What came of it.
    pub result: String,
    /// Sources.
    pub sources: Vec<Source>,
}

/// A declared truce of the record.
#[derive(Clone, Debug, PartialEq)]
pub struct Truce {
    /// Id.
    pub id: String,
    /// `holiday`, `energy`, `general`, `local`, `maritime`.
    pub kind: String,
    /// When it was to take effect.
    pub start: Date,
    /// Declared length, low and high, in hours.
    pub declared_hours: Option<[f64; 2]>,
    /// How long it held, low and high, in hours.
    pub held_hours: Option<[f64; 2]>,
    /// It took effect.
    pub took_effect: bool,
    /// Inside the record's window.
    pub in_window: bool,
    /// Sources.
    pub sources: Vec<Source>,
}

/// An older ceasefire (since 2014) and how long it held.
#[derive(Clone, Debug, PartialEq)]
pub struct PastCeasefire {
    /// Id.
    pub id: String,
    /// When, in words.
    pub period: String,
    /// Days it held, low and high.
    pub held_days: Option<[f64; 2]>,
    /// What it was.
    pub what: String,
    /// Sources.
    pub sources: Vec<Source>,
}

/// A standing fact.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    /// Id.
    pub id: String,
    /// As of.
    pub as_of: Date,
    /// The fact, in words.
    pub statement: String,
}

/// The dated record.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The first day of the window (the model's start).
    pub start: Date,
    /// The last day of the window: later events are held out.
    pub end: Date,
    /// Meetings, in file order.
    pub meetings: Vec<Meeting>,
    /// Truces.
    pub truces: Vec<Truce>,
    /// Proposals that never took effect, in the window.
    pub proposals_in_window: usize,
    /// Older ceasefires.
    pub history: Vec<PastCeasefire>,
    /// Standing facts.
    pub facts: Vec<Fact>,
}

/// A published forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    /// Id.
    pub id: String,
    /// Platform.
    pub platform: String,
    /// The question as published.
    pub question: String,
    /// What it asks, for the model.
    pub kind: ForecastKind,
    /// The probability given.
    pub probability: f64,
    /// When it was observed.
    pub observed: Date,
    /// How it resolved: `Some(true)` yes, `Some(false)` no, `None` open or
    /// void.
    pub outcome: Option<bool>,
    /// The outcome word as written (`yes`, `no`, `open`, `void`).
    pub status: String,
    /// Sources.
    pub sources: Vec<Source>,
}

/// What a forecast question asks, in the model's terms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ForecastKind {
    /// A ceasefire signed (in effect) on or before `by`.
    CeasefireBy {
        /// The date.
        by: Date,
    },
    /// The first ceasefire goes into effect between `from` and `by`.
    CeasefireInWindow {
        /// First day.
        from: Date,
        /// Last day.
        by: Date,
    },
    /// If a ceasefire goes into effect, it lasts under `days`.
    LastsUnder {
        /// Days.
        days: f64,
    },
    /// Something the model does not say (public expectations of the war's
    /// end, market-implied peace): kept for reference.
    Other,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsFile {
    record: WindowDef,
    #[serde(default)]
    meetings: Vec<Spanned<MeetingDef>>,
    #[serde(default)]
    truces: Vec<Spanned<TruceDef>>,
    #[serde(default)]
    proposals: Vec<Spanned<ProposalDef>>,
    #[serde(default)]
    facts: Vec<Spanned<FactDef>>,
    #[serde(default)]
    history: Vec<Spanned<HistoryDef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WindowDef {
    start: Spanned<Datetime>,
    end: Spanned<Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MeetingDef {
    id: Spanned<String>,
    start: Spanned<Datetime>,
    end: Spanned<Datetime>,
    format: Spanned<String>,
    #[serde(default)]
    europeans: bool,
    #[serde(default)]
    place: String,
    #[serde(default)]
    participants: String,
    #[serde(default)]
    hours: Option<Spanned<[f64; 2]>>,
    #[serde(default)]
    days: Option<u32>,
    result: String,
    in_window: Spanned<bool>,
    #[serde(default)]
    note: Option<String>,
    sources: Spanned<Vec<Source>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TruceDef {
    id: Spanned<String>,
    kind: Spanned<String>,
    declared_by: String,
    #[serde(default)]
    unilateral: bool,
    announced: Spanned<Datetime>,
    start: Spanned<Datetime>,
    #[serde(default)]
    declared_hours: Option<Spanned<[f64; 2]>>,
    #[serde(default)]
    held_hours: Option<Spanned<[f64; 2]>>,
    took_effect: bool,
    in_window: Spanned<bool>,
    result: String,
    #[serde(default)]
    violations: Option<String>,
    #[serde(default)]
    note: Option<String>,
    sources: Spanned<Vec<Source>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProposalDef {
    id: Spanned<String>,
    date: Spanned<Datetime>,
    proposed_by: String,
    what: String,
    #[serde(default)]
    days: Option<f64>,
    rejected_by: String,
    #[serde(default)]
    rejected_on: Option<Spanned<Datetime>>,
    in_window: Spanned<bool>,
    #[serde(default)]
    note: Option<String>,
    sources: Spanned<Vec<Source>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactDef {
    id: Spanned<String>,
    as_of: Spanned<Datetime>,
    statement: String,
    #[serde(default)]
    note: Option<String>,
    sources: Spanned<Vec<Source>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryDef {
    id: Spanned<String>,
    period: String,
    #[serde(default)]
    declared: Option<Spanned<Datetime>>,
    #[serde(default)]
    held_days: Option<Spanned<[f64; 2]>>,
    #[serde(default)]
    count: Option<u32>,
    what: String,
    #[serde(default)]
    note: Option<String>,
    sources: Spanned<Vec<Source>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForecastsFile {
    forecasts: Vec<Spanned<ForecastDef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForecastDef {
    id: Spanned<String>,
    platform: String,
    question: String,
    resolution: String,
    kind: Spanned<String>,
    #[serde(default)]
    from: Option<Spanned<Datetime>>,
    #[serde(default)]
    by: Option<Spanned<Datetime>>,
    #[serde(default)]
    days: Option<f64>,
    probability: Spanned<f64>,
    observed: Spanned<Datetime>,
    outcome: Spanned<String>,
    #[serde(default)]
    resolved_on: Option<Spanned<Datetime>>,
    #[serde(default)]
    note: Option<String>,
    sources: Spanned<Vec<Source>>,
}

/// Checks of a record or forecasts file, with spans shifted into the
/// source map.
struct Check {
    report: Diagnostics,
    base: usize,
    ids: Vec<String>,
}

impl Check {
    fn at(&mut self, span: Range<usize>, message: impl Into<String>, help: impl Into<String>) {
        self.report.at(self.base + span.start..self.base + span.end, message, help);
    }

    fn date(&mut self, d: &Spanned<Datetime>, what: &str) -> Option<Date> {
        let dt = d.get_ref();
        let parsed = match (&dt.date, &dt.time, &dt.offset) {
            (Some(day), None, None) => Date::from_ymd(i32::from(day.year), u32::from(day.month), u32::from(day.day)),
            _ => None,
        };
        if parsed.is_none() {
            self.at(d.span(), format!("`{what}` must be a date, found {dt}"), "write a bare date, e.g. 2025-06-13");
        }
        parsed
    }

    fn id(&mut self, id: &Spanned<String>) -> String {
        let text = id.get_ref().clone();
        if text.is_empty() || !text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            self.at(id.span(), format!("id `{text}` is not a valid id"), "use lower-case letters, digits and `-`");
        }
        if self.ids.contains(&text) {
            self.at(id.span(), format!("id `{text}` is used twice"), "give every item its own id");
        }
        self.ids.push(text.clone());
        text
    }

    fn sources(&mut self, s: &Spanned<Vec<Source>>, id: &str) -> Vec<Source> {
        if s.get_ref().is_empty() {
            self.at(
                s.span(),
                format!("`{id}` names no source"),
                "add sources = [{ url = \"...\", reliability = \"R\" }]",
            );
        }
        for src in s.get_ref() {
            if !matches!(src.reliability.as_str(), "R" | "M" | "L") {
                self.at(
                    s.span(),
                    format!("`{id}` has a source with reliability `{}`", src.reliability),
                    "use R (wire, major outlet, official), M (regional, single source) or L (aggregator)",
                );
            }
            if !(src.url.starts_with("http://") || src.url.starts_with("https://")) {
                self.at(s.span(), format!("`{id}` has a source without an address"), "give the page's http(s) address");
            }
        }
        s.get_ref().clone()
    }

    fn range(&mut self, r: &Option<Spanned<[f64; 2]>>, what: &str) -> Option<[f64; 2]> {
        let r = r.as_ref()?;
        let [lo, hi] = *r.get_ref();
        if !(lo.is_finite() && hi.is_finite() && lo >= 0.0 && lo <= hi) {
            self.at(
                r.span(),
                format!("`{what}` must be [low, high] with 0 <= low <= high, found [{lo}, {hi}]"),
                "order the range",
            );
            return None;
        }
        Some([lo, hi])
    }

    /// An item's stated `in_window` must be what its start date says
    /// (`actual`): meetings and truces are checked alike.
    fn in_window(&mut self, stated: &Spanned<bool>, actual: bool, id: &str) {
        if *stated.get_ref() != actual {
            self.at(
                stated.span(),
                format!("`{id}`: in_window does not match its start date"),
                "set in_window = true exactly for items between record.start and record.end",
            );
        }
    }

    /// An event after the record's end is refused: it is held out. (Ids
    /// are unique within a section; a meeting and the ceasefire it made may
    /// share one.)
    fn within(&mut self, d: Option<Date>, span: Range<usize>, end: Option<Date>, id: &str) {
        if let (Some(d), Some(end)) = (d, end)
            && d > end
        {
            self.at(
                span,
                format!("`{id}` is dated {d}, after the record's end ({end})"),
                "the record stops on its end date on purpose: later events are kept back to test forecasts",
            );
        }
    }
}

fn parse_toml<'de, T: Deserialize<'de>>(text: &'de str, sources: &SourceMap, base: usize) -> Result<T, InputError> {
    toml::from_str(text).map_err(|e| {
        let mut report = Diagnostics::default();
        let (message, help) = (e.message().trim().to_string(), "see the file's header for its format".to_string());
        match e.span() {
            Some(s) => report.at(base + s.start..base + s.end, message, help),
            None => report.plain(None, message, help),
        }
        report.into_error(sources)
    })
}

fn format_of(key: &str) -> Result<Option<Format>, ()> {
    match key {
        "us-ua" => Ok(Some(Format::UsUa)),
        "us-ru" => Ok(Some(Format::UsRu)),
        "ru-ua" => Ok(Some(Format::RuUa)),
        "trilateral" => Ok(Some(Format::Trilateral)),
        "other" => Ok(None),
        _ => Err(()),
    }
}

impl Record {
    /// The record embedded in the binary.
    pub fn embedded() -> Result<Record, InputError> {
        Record::parse("seeds/events.toml", EVENTS_TOML.to_string())
    }

    /// Reads a record file.
    pub fn read(path: &std::path::Path) -> Result<Record, InputError> {
        let text = load::read_input(path, load::MAX_FILE_BYTES, "a record file is a few hundred kilobytes of TOML")?;
        Record::parse(&path.display().to_string(), text)
    }

    /// Parses and checks a record's text; `name` is what errors call it.
    pub fn parse(name: &str, text: String) -> Result<Record, InputError> {
        let mut sources = SourceMap::new();
        let id = sources.add(name.to_string(), text, None);
        let base = sources.offset(id);
        let file: EventsFile = parse_toml(sources.text(id), &sources, base)?;
        let mut c = Check { report: Diagnostics::default(), base, ids: Vec::new() };
        let start = c.date(&file.record.start, "record.start");
        let end = c.date(&file.record.end, "record.end");
        let in_window = |d: Option<Date>| match (d, start, end) {
            (Some(d), Some(s), Some(e)) => d >= s && d <= e,
            _ => false,
        };
        let mut meetings = Vec::new();
        for m in &file.meetings {
            let (span, m) = (m.span(), m.get_ref());
            let id = c.id(&m.id);
            let (a, b) = (c.date(&m.start, "start"), c.date(&m.end, "end"));
            if let (Some(a), Some(b)) = (a, b)
                && b < a
            {
                c.at(m.end.span(), format!("`{id}` ends ({b}) before it starts ({a})"), "swap start and end");
            }
            c.within(b.or(a), span.clone(), end, &id);
            c.in_window(&m.in_window, in_window(a), &id);
            let format = match format_of(m.format.get_ref()) {
                Ok(f) => f,
                Err(()) => {
                    c.at(
                        m.format.span(),
                        format!("unknown format `{}`", m.format.get_ref()),
                        "use us-ua, us-ru, ru-ua, trilateral or other",
                    );
                    None
                }
            };
            let hours = c.range(&m.hours, "hours");
            let sources = c.sources(&m.sources, &id);
            let _ = (&m.place, &m.participants, m.days, &m.note);
            if let (Some(a), Some(b)) = (a, b) {
                meetings.push(Meeting {
                    id,
                    start: a,
                    end: b,
                    format,
                    europeans: m.europeans,
                    hours,
                    in_window: *m.in_window.get_ref(),
                    result: m.result.clone(),
                    sources,
                });
            }
        }
        let mut truces = Vec::new();
        c.ids.clear();
        for t in &file.truces {
            let (span, t) = (t.span(), t.get_ref());
            let id = c.id(&t.id);
            let _ =
                (c.date(&t.announced, "announced"), &t.declared_by, t.unilateral, &t.result, &t.violations, &t.note);
            let s = c.date(&t.start, "start");
            c.within(s, span.clone(), end, &id);
            c.in_window(&t.in_window, in_window(s), &id);
            if !matches!(t.kind.get_ref().as_str(), "holiday" | "energy" | "general" | "local" | "maritime") {
                c.at(
                    t.kind.span(),
                    format!("unknown truce kind `{}`", t.kind.get_ref()),
                    "use holiday, energy, general, local or maritime",
                );
            }
            let declared_hours = c.range(&t.declared_hours, "declared_hours");
            let held_hours = c.range(&t.held_hours, "held_hours");
            let sources = c.sources(&t.sources, &id);
            if let Some(s) = s {
                truces.push(Truce {
                    id,
                    kind: t.kind.get_ref().clone(),
                    start: s,
                    declared_hours,
                    held_hours,
                    took_effect: t.took_effect,
                    in_window: *t.in_window.get_ref(),
                    sources,
                });
            }
        }
        let mut proposals_in_window = 0;
        c.ids.clear();
        for p in &file.proposals {
            let (span, p) = (p.span(), p.get_ref());
            let id = c.id(&p.id);
            let d = c.date(&p.date, "date");
            if let Some(r) = &p.rejected_on {
                let r = c.date(r, "rejected_on");
                c.within(r, span.clone(), end, &id);
            }
            c.within(d, span.clone(), end, &id);
            let _ = (&p.proposed_by, &p.what, p.days, &p.rejected_by, &p.note);
            c.sources(&p.sources, &id);
            proposals_in_window += usize::from(*p.in_window.get_ref());
        }
        let mut facts = Vec::new();
        c.ids.clear();
        for f in &file.facts {
            let (span, f) = (f.span(), f.get_ref());
            let id = c.id(&f.id);
            let d = c.date(&f.as_of, "as_of");
            c.within(d, span, end, &id);
            c.sources(&f.sources, &id);
            let _ = &f.note;
            if let Some(d) = d {
                facts.push(Fact { id, as_of: d, statement: f.statement.clone() });
            }
        }
        let mut history = Vec::new();
        c.ids.clear();
        for h in &file.history {
            let h = h.get_ref();
            let id = c.id(&h.id);
            if let Some(d) = &h.declared {
                c.date(d, "declared");
            }
            let held_days = c.range(&h.held_days, "held_days");
            let sources = c.sources(&h.sources, &id);
            let _ = (h.count, &h.note);
            history.push(PastCeasefire { id, period: h.period.clone(), held_days, what: h.what.clone(), sources });
        }
        c.report.finish(&sources)?;
        match (start, end) {
            (Some(start), Some(end)) => {
                Ok(Record { start, end, meetings, truces, proposals_in_window, history, facts })
            }
            _ => Err(InputError::plain("the record has no valid window", "give record.start and record.end")),
        }
    }
}

/// The forecasts embedded in the binary.
pub fn embedded_forecasts(record_end: Date) -> Result<Vec<Forecast>, InputError> {
    parse_forecasts("seeds/forecasts.toml", FORECASTS_TOML.to_string(), record_end)
}

/// Reads a forecasts file.
pub fn read_forecasts(path: &std::path::Path, record_end: Date) -> Result<Vec<Forecast>, InputError> {
    let text = load::read_input(path, load::MAX_FILE_BYTES, "a forecasts file is a few hundred kilobytes of TOML")?;
    parse_forecasts(&path.display().to_string(), text, record_end)
}

/// Parses and checks forecasts; none may be observed after `record_end`.
pub fn parse_forecasts(name: &str, text: String, record_end: Date) -> Result<Vec<Forecast>, InputError> {
    let mut sources = SourceMap::new();
    let id = sources.add(name.to_string(), text, None);
    let base = sources.offset(id);
    let file: ForecastsFile = parse_toml(sources.text(id), &sources, base)?;
    let mut c = Check { report: Diagnostics::default(), base, ids: Vec::new() };
    let mut out = Vec::new();
    for f in &file.forecasts {
        let (span, f) = (f.span(), f.get_ref());
        let id = c.id(&f.id);
        let observed = c.date(&f.observed, "observed");
        if let Some(o) = observed
            && o > record_end
        {
            c.at(
                f.observed.span(),
                format!("`{id}` was observed on {o}, after the record's end ({record_end})"),
                "forecasts are kept to the record's window: later ones are held out",
            );
        }
        let p = *f.probability.get_ref();
        if !(0.0..=1.0).contains(&p) || !p.is_finite() {
            c.at(
                f.probability.span(),
                format!("`{id}`: probability {p} is not a share of one"),
                "write a number from 0 to 1",
            );
        }
        let by = f.by.as_ref().and_then(|d| c.date(d, "by"));
        let from = f.from.as_ref().and_then(|d| c.date(d, "from"));
        let kind = match f.kind.get_ref().as_str() {
            "ceasefire-by" => by.map(|by| ForecastKind::CeasefireBy { by }),
            "ceasefire-in-window" => from.zip(by).map(|(from, by)| ForecastKind::CeasefireInWindow { from, by }),
            "ceasefire-lasts-under" => f.days.map(|days| ForecastKind::LastsUnder { days }),
            "war-ends-by" | "other" => Some(ForecastKind::Other),
            other => {
                c.at(
                    f.kind.span(),
                    format!("unknown kind `{other}`"),
                    "use ceasefire-by, ceasefire-in-window, ceasefire-lasts-under, war-ends-by or other",
                );
                None
            }
        };
        if kind.is_none() && !c.report.is_full() {
            c.at(
                span.clone(),
                format!("`{id}` lacks the dates or days its kind needs"),
                "give `by` (and `from` for a window, `days` for lasts-under)",
            );
        }
        let outcome = match f.outcome.get_ref().as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            "open" | "void" => None,
            other => {
                c.at(f.outcome.span(), format!("unknown outcome `{other}`"), "use yes, no, open or void");
                None
            }
        };
        if let Some(r) = &f.resolved_on {
            let r = c.date(r, "resolved_on");
            c.within(r, f.resolved_on.as_ref().map_or(span.clone(), Spanned::span), Some(record_end), &id);
        }
        let _ = (&f.resolution, &f.note);
        let src = c.sources(&f.sources, &id);
        if let (Some(kind), Some(observed)) = (kind, observed) {
            out.push(Forecast {
                id,
                platform: f.platform.clone(),
                question: f.question.clone(),
                kind,
                probability: p,
                observed,
                outcome,
                status: f.outcome.get_ref().clone(),
                sources: src,
            });
        }
    }
    c.report.finish(&sources)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_record_and_forecasts_load_and_stop_at_the_record_end() {
        let r = Record::embedded().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.start.to_string(), "2025-06-13");
        assert_eq!(r.end.to_string(), "2026-02-28");
        let window: Vec<&Meeting> = r.meetings.iter().filter(|m| m.in_window).collect();
        assert!(window.len() >= 25, "{} meetings in the window", window.len());
        assert!(window.iter().all(|m| m.start >= r.start && m.end <= r.end));
        assert!(r.facts.iter().any(|f| f.id == "no-comprehensive-ceasefire"));
        let f = embedded_forecasts(r.end).unwrap_or_else(|e| panic!("{e}"));
        assert!(f.len() >= 20);
        assert!(f.iter().all(|x| x.observed <= r.end));
    }

    #[test]
    fn a_late_event_and_a_missing_source_are_refused_with_their_place() {
        let text = EVENTS_TOML.replacen("start = 2025-07-23", "start = 2026-03-23", 1).replacen(
            "end = 2025-07-23",
            "end = 2026-03-23",
            1,
        );
        let err = Record::parse("events.toml", text).unwrap_err().to_string();
        assert!(err.contains("after the record's end"), "{err}");
        assert!(err.contains("events.toml:"), "{err}");
        let text = "[record]\nstart = 2025-06-13\nend = 2026-02-28\n[[facts]]\nid = \"x\"\nas_of = 2025-07-01\nstatement = \"s\"\nsources = []\n";
        let err = Record::parse("r.toml", text.into()).unwrap_err().to_string();
        assert!(err.contains("names no source"), "{err}");
    }
}
