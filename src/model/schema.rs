//! The structured parts of a scenario file, as written: serde types, one
//! per table.
//!
//! The scalar tables (`[war]`, `[russia]`, `[ukraine]`, `[us]`, `[europe]`,
//! `[meetings]`, `[agreement]`, `[ceasefire]`, `[truces]`, `[shocks]`) are
//! not here: their keys are the coefficients of [`super::coef`], read and
//! checked one by one in `compile`. What remains mirrors the README's
//! "Scenario file format" and nothing more: every table refuses unknown
//! keys, every number keeps its span so that range checks can point at it.

use super::state::StateTable;
use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

/// A number as written, with its place in the file.
pub type Num = Spanned<f64>;
/// An integer as written, with its place in the file.
pub type Int = Spanned<i64>;

/// The structured parts of a scenario, after `extends` has been resolved
/// and the scalar tables taken out.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Name of the scenario (each file names itself; not inherited).
    pub name: Spanned<String>,
    /// What the scenario is about (not inherited).
    #[serde(default)]
    pub description: Option<String>,
    /// Run settings and the calendar.
    pub simulation: Simulation,
    /// The situation on the start date.
    pub start: Spanned<StateTable<Num>>,
    /// Uncertain coefficients drawn per trial, keyed by id.
    #[serde(default)]
    pub drivers: Option<Spanned<IndexMap<Spanned<String>, DriverDef>>>,
    /// The tactics and other moves, keyed by id.
    pub tactics: Spanned<IndexMap<Spanned<String>, TacticDef>>,
    /// Dates on which Russia may declare a truce.
    #[serde(default)]
    pub holidays: Option<Spanned<Vec<Spanned<HolidayDef>>>>,
    /// Ordered rules that classify a trial into an outcome at the horizon.
    pub rules: Spanned<Vec<Spanned<RuleDef>>>,
}

/// `[simulation]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Simulation {
    /// Number of trials.
    pub trials: Int,
    /// Seed of the random streams.
    pub seed: Int,
    /// The first day simulated.
    pub start: Spanned<Datetime>,
    /// The last day simulated; outcomes are read on it.
    pub horizon: Spanned<Datetime>,
}

/// The distributions a driver can be drawn from.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DistributionName {
    /// Uniform between `min` and `max`.
    Uniform,
    /// Triangular from `min` through `mode` to `max`.
    Triangular,
    /// Normal with `mean` and `sd`, kept inside the key's range.
    Normal,
    /// `yes` with probability `p`, else `no`.
    Bernoulli,
}

/// `[drivers.<id>]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriverDef {
    /// The coefficient (`shocks.rate`) or starting value
    /// (`start.western_support`) the driver draws.
    pub key: Spanned<String>,
    /// The distribution.
    pub distribution: Spanned<DistributionName>,
    /// Lower end (uniform, triangular).
    #[serde(default)]
    pub min: Option<Num>,
    /// Upper end (uniform, triangular).
    #[serde(default)]
    pub max: Option<Num>,
    /// Mode (triangular).
    #[serde(default)]
    pub mode: Option<Num>,
    /// Mean (normal).
    #[serde(default)]
    pub mean: Option<Num>,
    /// Standard deviation (normal).
    #[serde(default)]
    pub sd: Option<Num>,
    /// Probability of `yes` (bernoulli).
    #[serde(default)]
    pub p: Option<Num>,
    /// Value with probability `p` (bernoulli).
    #[serde(default)]
    pub yes: Option<Num>,
    /// Value otherwise (bernoulli).
    #[serde(default)]
    pub no: Option<Num>,
    /// What the driver stands for.
    #[serde(default)]
    pub what: Option<String>,
    /// Where the distribution comes from.
    #[serde(default)]
    pub source: Option<String>,
}

/// Who makes a move.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ActorName {
    /// Russia.
    Russia,
    /// Ukraine.
    Ukraine,
    /// The United States.
    Us,
    /// European governments.
    Europe,
}

/// When a move can happen.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PhaseName {
    /// At a meeting.
    Meeting,
    /// Once a month, between meetings (strikes, sanctions).
    Month,
}

/// A meeting format.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FormatName {
    /// US and Ukraine.
    UsUa,
    /// US and Russia.
    UsRu,
    /// Russia and Ukraine, directly.
    RuUa,
    /// Russia, Ukraine and the US.
    Trilateral,
}

/// State conditions under which a move can happen.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Always.
    Always,
    /// Only while a draft agreement is on the table.
    Draft,
    /// Only while no draft agreement is on the table.
    NoDraft,
    /// Only while the front favours Russia (`front > 0`).
    RussiaAdvancing,
    /// Only while the front favours Ukraine (`front < 0`).
    RussiaLosing,
    /// Only while no ceasefire is in force.
    War,
    /// Only while a ceasefire is in force.
    Ceasefire,
}

/// `[tactics.<id>]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TacticDef {
    /// Human name.
    #[serde(default)]
    pub name: Option<String>,
    /// Where the values come from.
    #[serde(default)]
    pub source: Option<String>,
    /// Who makes the move (default Russia).
    #[serde(default)]
    pub actor: Option<Spanned<ActorName>>,
    /// At meetings (default) or monthly.
    #[serde(default)]
    pub phase: Option<Spanned<PhaseName>>,
    /// The meeting formats it can happen in (default: every format the
    /// actor takes part in).
    #[serde(default)]
    pub formats: Option<Spanned<Vec<Spanned<FormatName>>>>,
    /// Probability per meeting (or month), 0-1.
    pub probability: Num,
    /// State condition (default always).
    #[serde(default)]
    pub when: Option<Spanned<Condition>>,
    /// Changes to state variables.
    #[serde(default)]
    pub effects: Option<Spanned<StateTable<Num>>>,
    /// Factor on the meeting's hours, 0-10 (default 1).
    #[serde(default)]
    pub hours_factor: Option<Num>,
    /// No draft forms or is signed at the meeting.
    #[serde(default)]
    pub blocks_agreement: Option<Spanned<bool>>,
    /// Russia's position does not move at the meeting.
    #[serde(default)]
    pub freezes_russia: Option<Spanned<bool>>,
    /// Withdraws a draft on the table.
    #[serde(default)]
    pub reverses_draft: Option<Spanned<bool>>,
    /// The US cannot press either side at the meeting.
    #[serde(default)]
    pub excludes_mediator: Option<Spanned<bool>>,
    /// The US walks away for good.
    #[serde(default)]
    pub ends_mediation: Option<Spanned<bool>>,
    /// The US sets a deadline for a ceasefire (`us.deadline_days`).
    #[serde(default)]
    pub ultimatum: Option<Spanned<bool>>,
}

/// `[[holidays]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayDef {
    /// The day the truce would begin.
    pub date: Spanned<Datetime>,
    /// What the day is.
    pub name: String,
}

/// `[[rules]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// The outcome (scenario id) this rule assigns.
    pub outcome: Spanned<String>,
    /// A ceasefire was signed at some time.
    #[serde(default)]
    pub signed: Option<Spanned<bool>>,
    /// A ceasefire is in force on the horizon date.
    #[serde(default)]
    pub in_force: Option<Spanned<bool>>,
    /// A ceasefire collapsed at some time.
    #[serde(default)]
    pub collapsed: Option<Spanned<bool>>,
    /// The last ceasefire's terms exceed Ukraine's red line.
    #[serde(default)]
    pub above_red_line: Option<Spanned<bool>>,
    /// A draft was reversed at least once.
    #[serde(default)]
    pub reversed: Option<Spanned<bool>>,
    /// The US walked away.
    #[serde(default)]
    pub us_left: Option<Spanned<bool>>,
    /// Russia mobilised fully.
    #[serde(default)]
    pub mobilised: Option<Spanned<bool>>,
    /// Escalation reached `war.hybrid_escalation` at some time.
    #[serde(default)]
    pub hybrid: Option<Spanned<bool>>,
    /// Lower bounds on the state on the horizon date.
    #[serde(default)]
    pub min: Option<Spanned<StateTable<Num>>>,
    /// Upper bounds on the state on the horizon date.
    #[serde(default)]
    pub max: Option<Spanned<StateTable<Num>>>,
    /// Why the rule is there.
    #[serde(default)]
    pub note: Option<String>,
}
