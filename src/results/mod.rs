//! The results every command produces: the JSON contract.
//!
//! Each analysis fills one of these types; each output format (`report`)
//! lays them out and reads nothing else. A type here is derived once from
//! tallies and the model's description, so every format shows the same
//! figures. The JSON keys are a contract scripts rely on (README,
//! "JSON output").

mod backtest;
mod bench;
mod calibrate;
mod compare;
mod history;
mod keys;
mod run;
mod sensitivity;
mod sweep;
mod trace;
mod uncertain;

pub use backtest::{
    Backtest, BacktestDate, BacktestOpen, BacktestPair, BacktestQuestion, CalibrationBin, ForecasterScore,
    PlatformForecast,
};
pub use bench::BenchReport;
pub use calibrate::{Calibration, CalibrationReport, Check, CheckRow, TargetTable};
pub use compare::{ComparedAsOf, Comparison, DiffRow, MeasureKind};
pub use history::{FigureKind, HistoryCheck, HistoryRow};
pub use keys::{KeyReference, KeyRow};
pub use run::{
    AsOfCondition, AsOfReport, CalendarPoint, CeasefireShares, DriverAttribution, DriverInfo, Durability, FEW_ACCEPTED,
    Families, FamilyShare, FormatStats, GivenReport, MIN_GROUP, MeetingStats, MoveInfo, OutcomeEffect, OutcomeShare,
    PrecisionReport, RuleCount, RuleInfo, RunInfo, SignedTerms, SigningDates, Summary, TacticUse, TruceStats,
};
pub use sensitivity::{Sensitivity, SensitivityRow};
pub use sweep::{Estimate, Sweep, SweepRow};
pub use trace::{Event, StateMap, Trace};
pub use uncertain::{Replicate, Sobol, SobolRow, SpreadRow, UncertainCoefficient, UncertaintyReport};

use serde::Serialize;

/// Which scenario a result describes.
#[derive(Clone, Debug, Serialize)]
pub struct ScenarioLabel {
    /// Scenario name.
    pub scenario: String,
    /// Where it was read from.
    pub file: String,
    /// Command-line overrides applied.
    pub overrides: Vec<String>,
}

impl From<&RunInfo> for ScenarioLabel {
    fn from(info: &RunInfo) -> ScenarioLabel {
        ScenarioLabel { scenario: info.scenario.clone(), file: info.file.clone(), overrides: info.overrides.clone() }
    }
}

/// The share `k / n` (0 when `n = 0`).
pub fn share(k: u64, n: u64) -> f64 {
    if n == 0 { 0.0 } else { k as f64 / n as f64 }
}
