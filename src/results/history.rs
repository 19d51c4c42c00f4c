//! `negsim check-history`: observed figures placed in the model's
//! distributions.

use serde::Serialize;

/// What kind of figure a history row places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// The length of a meeting, in hours.
    Talks,
    /// A count of meetings or truces in the record's window.
    Count,
    /// How long a truce held, in hours.
    Truce,
    /// How long a ceasefire held, in days.
    Ceasefire,
    /// Whether something happened by the record's end.
    Event,
    /// A published forecast's share.
    Forecast,
}

impl FigureKind {
    /// Its name in CSV and JSON.
    pub fn name(self) -> &'static str {
        match self {
            FigureKind::Talks => "talks",
            FigureKind::Count => "count",
            FigureKind::Truce => "truce",
            FigureKind::Ceasefire => "ceasefire",
            FigureKind::Event => "event",
            FigureKind::Forecast => "forecast",
        }
    }

    /// The unit its values are in.
    pub fn unit(self) -> &'static str {
        match self {
            FigureKind::Talks | FigureKind::Truce => "h",
            FigureKind::Ceasefire => "days",
            FigureKind::Count => "",
            FigureKind::Event | FigureKind::Forecast => "share",
        }
    }
}

/// One figure placed in the model.
#[derive(Clone, Debug, Serialize)]
pub struct HistoryRow {
    /// Figure id (the record's item id, or a name for a count).
    pub id: String,
    /// What kind of figure.
    pub kind: FigureKind,
    /// What it was.
    pub what: String,
    /// The figure as observed: its low and high ends (equal when the
    /// sources agree).
    pub observed: [f64; 2],
    /// The percentile of the observed figure's middle in the model's
    /// distribution (counts, lengths, durations).
    pub percentile: Option<f64>,
    /// The model's 5th and 95th percentiles (`null` at the top: beyond the
    /// horizon), or, for shares, the model's value twice.
    pub model: [Option<f64>; 2],
    /// Inside: the observed range meets the model's central 90 % (for an
    /// event, the observed outcome has at least 5 % in the model; for a
    /// forecast, the model's share lies within the forecasters' range).
    pub inside: bool,
    /// Where the figure comes from.
    pub source: String,
}

/// `negsim check-history`.
#[derive(Clone, Debug, Serialize)]
pub struct HistoryCheck {
    /// negsim version.
    pub negsim: &'static str,
    /// Scenario name.
    pub scenario: String,
    /// Where it was read from.
    pub file: String,
    /// Seed.
    pub seed: u64,
    /// Trials.
    pub trials: u64,
    /// The record's window.
    pub window: [String; 2],
    /// One row per figure.
    pub rows: Vec<HistoryRow>,
}

impl HistoryCheck {
    /// Figures outside the model's central 90 %.
    pub fn outside(&self) -> usize {
        self.rows.iter().filter(|r| !r.inside).count()
    }
}
