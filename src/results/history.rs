//! `negsim check-history`: observed figures placed in the model's
//! distributions.

use serde::Serialize;

/// What kind of figure a history row places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// The length of a meeting, in hours.
    Talks,
    /// How long a truce held, in days.
    Truce,
    /// A published forecast's share.
    Forecast,
}

impl FigureKind {
    /// Its name in CSV and JSON.
    pub fn name(self) -> &'static str {
        match self {
            FigureKind::Talks => "talks",
            FigureKind::Truce => "truce",
            FigureKind::Forecast => "forecast",
        }
    }
}

/// One figure placed in the model.
#[derive(Clone, Debug, Serialize)]
pub struct HistoryRow {
    /// Figure id.
    pub id: String,
    /// What kind of figure it is.
    pub kind: FigureKind,
    /// What it was.
    pub what: String,
    /// The figure as observed, in words with its unit.
    pub observed: String,
    /// The figure's value (hours, days, or a share).
    pub value: f64,
    /// Its percentile in the model's distribution (talks, truces).
    pub percentile: Option<f64>,
    /// The model's own value (forecasts: its share).
    pub model_value: Option<f64>,
    /// The model's 5th and 95th percentile (talks: hours; truces: days,
    /// `null` beyond the horizon), or the forecasters' range (forecasts).
    pub range: [Option<f64>; 2],
    /// Inside the model's central 90 % (forecasts: the model's share inside
    /// the forecasters' range).
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
    /// Rounds of talks the meeting lengths come from.
    pub meetings: u64,
    /// Signed ceasefires the truce durations come from.
    pub signed: u64,
    /// The model's ceasefire survival curve: share of signed ceasefires
    /// still holding after 0, 1, ... months.
    pub survival: Vec<f64>,
    /// One row per figure.
    pub rows: Vec<HistoryRow>,
}

impl HistoryCheck {
    /// Figures outside the model's central 90 %.
    pub fn outside(&self) -> usize {
        self.rows.iter().filter(|r| !r.inside).count()
    }
}
