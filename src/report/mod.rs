//! The report layer: every result type of `results`, laid out in every
//! format it supports.
//!
//! A format is one file behind one trait, [`Export`]: table, JSON, CSV,
//! Markdown, the HTML page, and the trace's text and JSON lines. A format
//! reads only `results` (and the seeds' names); [`cells`] is the one place
//! numbers become text, so a share reads the same in every format.
//!
//! Each command offers exactly the formats it supports: [`Format`] (all
//! four) for the analyses, [`BriefFormat`] (table or JSON) for `bench`,
//! `calibrate` and `validate`, [`TraceFormat`] for `trace`.

pub mod cells;
mod csv;
pub mod html;
mod json;
mod markdown;
mod table;
mod trace;

pub use self::csv::Csv;
pub use json::Json;
pub use markdown::Markdown;
pub use table::Table;
pub use trace::{Jsonl, Text};

/// Output formats of the analyses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for a terminal.
    #[default]
    Table,
    /// JSON, for scripts.
    Json,
    /// Tidy CSV with a header, for pandas or R.
    Csv,
    /// Markdown tables.
    Markdown,
}

/// Output formats of commands with one small report (`bench`,
/// `calibrate`, `validate`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum BriefFormat {
    /// Aligned text for a terminal.
    #[default]
    Table,
    /// JSON, for scripts.
    Json,
}

/// Output formats of `negsim trace`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TraceFormat {
    /// Readable text.
    #[default]
    Text,
    /// One JSON object per line and event.
    Jsonl,
}

/// Lays one result type out in one format.
pub trait Export<T> {
    /// The whole output, ending in a newline.
    fn export(&self, value: &T) -> String;
}

/// Renders a result in one of the analyses' formats.
pub fn render<T>(format: Format, value: &T) -> String
where
    Table: Export<T>,
    Json: Export<T>,
    Csv: Export<T>,
    Markdown: Export<T>,
{
    match format {
        Format::Table => Table.export(value),
        Format::Json => Json.export(value),
        Format::Csv => Csv.export(value),
        Format::Markdown => Markdown.export(value),
    }
}

/// Renders a result as a table or JSON.
pub fn render_brief<T>(format: BriefFormat, value: &T) -> String
where
    Table: Export<T>,
    Json: Export<T>,
{
    match format {
        BriefFormat::Table => Table.export(value),
        BriefFormat::Json => Json.export(value),
    }
}
