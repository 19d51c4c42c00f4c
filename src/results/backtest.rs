//! `negsim backtest`: the model's past forecasts, scored.

use serde::Serialize;

/// `negsim backtest`.
#[derive(Clone, Debug, Serialize)]
pub struct Backtest {
    /// negsim version.
    pub negsim: &'static str,
    /// The scenario.
    pub scenario: String,
    /// Seed of every forecast date's run.
    pub seed: u64,
    /// Trials kept (agreeing with the record) asked for per date.
    pub accepted_per_date: u64,
    /// The forecast dates and how many trials each kept.
    pub dates: Vec<BacktestDate>,
    /// The naive base rate: comprehensive ceasefires per year.
    pub base_rate_per_year: f64,
    /// The questions of the forecasts file the model can answer.
    pub questions: Vec<BacktestQuestion>,
    /// Every (question, date) scored: resolved by the record's end, not
    /// yet resolved on the date.
    pub pairs: Vec<BacktestPair>,
    /// Mean scores of each forecaster (lower is better).
    pub scores: Vec<ForecasterScore>,
    /// The model's calibration over the pairs.
    pub calibration: Vec<CalibrationBin>,
    /// Questions still open at the record's end, with the model's
    /// probability as of then.
    pub open: Vec<BacktestOpen>,
    /// Questions that resolve after the scenario's horizon (not answered).
    pub beyond_horizon: Vec<String>,
}

/// One forecast date.
#[derive(Clone, Debug, Serialize)]
pub struct BacktestDate {
    /// The date.
    pub date: String,
    /// Trials kept (the effective sample size).
    pub kept: u64,
    /// Trials drawn.
    pub drawn: u64,
}

/// One question.
#[derive(Clone, Debug, Serialize)]
pub struct BacktestQuestion {
    /// In the model's terms.
    pub label: String,
    /// First day of its window, if it has one.
    pub from: Option<String>,
    /// Last day.
    pub by: String,
    /// `yes`, `no` or `open`.
    pub outcome: &'static str,
    /// The forecasts of the file that asked it.
    pub asked_by: Vec<String>,
}

/// A published forecast.
#[derive(Clone, Debug, Serialize)]
pub struct PlatformForecast {
    /// Platform.
    pub platform: String,
    /// Its id in the forecasts file.
    pub id: String,
    /// When it was observed.
    pub observed: String,
    /// The probability.
    pub probability: f64,
}

/// One question forecast on one date.
#[derive(Clone, Debug, Serialize)]
pub struct BacktestPair {
    /// Index in `questions`.
    pub question: usize,
    /// The forecast date.
    pub date: String,
    /// How it resolved.
    pub outcome: bool,
    /// The model's probability.
    pub model: f64,
    /// The base rate's.
    pub base_rate: f64,
    /// Platforms' forecasts of the question observed in the month up to the
    /// date.
    pub platforms: Vec<PlatformForecast>,
}

/// Mean scores of one forecaster over its pairs, with the model's and the
/// base rate's over the same pairs.
#[derive(Clone, Debug, Serialize)]
pub struct ForecasterScore {
    /// `model`, `base rate`, or a platform.
    pub forecaster: String,
    /// Pairs scored.
    pub pairs: usize,
    /// Mean Brier score.
    pub brier: Option<f64>,
    /// Mean log loss.
    pub log_loss: Option<f64>,
    /// The model's mean Brier score on the same pairs.
    pub model_brier: Option<f64>,
    /// The model's mean log loss on the same pairs.
    pub model_log_loss: Option<f64>,
    /// The base rate's mean Brier score on the same pairs.
    pub base_rate_brier: Option<f64>,
    /// The base rate's mean log loss on the same pairs.
    pub base_rate_log_loss: Option<f64>,
}

/// Pairs whose model probability falls in `[low, high)`.
#[derive(Clone, Debug, Serialize)]
pub struct CalibrationBin {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
    /// Pairs.
    pub pairs: usize,
    /// Mean model probability.
    pub mean_forecast: Option<f64>,
    /// Share that resolved yes.
    pub observed: Option<f64>,
}

/// A question still open at the record's end.
#[derive(Clone, Debug, Serialize)]
pub struct BacktestOpen {
    /// Index in `questions`.
    pub question: usize,
    /// The date of the model's probability (the record's end).
    pub as_of: String,
    /// The model's probability.
    pub model: f64,
    /// The latest published forecast of it.
    pub latest: Option<PlatformForecast>,
}
