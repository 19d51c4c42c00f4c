//! The scenario file as written: serde types, one per table.
//!
//! These types mirror the file format documented in the README ("Scenario
//! file format") and nothing more: every table refuses unknown keys, every
//! number keeps its span so that range checks can point at it. Meaning and
//! ranges are enforced later, in `compile`, which turns this into a
//! [`Model`](super::Model).

use super::state::StateTable;
use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

/// A number as written, with its place in the file.
pub type Num = Spanned<f64>;
/// An integer as written, with its place in the file.
pub type Int = Spanned<i64>;

/// A whole scenario, after `extends` has been resolved.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Name of the scenario (each file names itself; not inherited).
    pub name: Spanned<String>,
    /// What the scenario is about (not inherited).
    #[serde(default)]
    pub description: Option<String>,
    /// Run settings.
    pub simulation: Simulation,
    /// Default starting state; each world may override part of it.
    pub start: Spanned<StateTable<Num>>,
    /// How the war moves between meetings.
    pub environment: Environment,
    /// Russia's concession behaviour.
    pub russia: Russia,
    /// Ukraine's concession behaviour.
    pub ukraine: Ukraine,
    /// The US-led mediator.
    pub mediator: Mediator,
    /// When a draft agreement can form.
    pub agreement: Agreement,
    /// How a signed ceasefire erodes.
    pub ceasefire: Ceasefire,
    /// The seven starting worlds, keyed by scenario id.
    pub worlds: Spanned<IndexMap<Spanned<String>, WorldDef>>,
    /// The tactics, keyed by tactic id.
    pub tactics: Spanned<IndexMap<Spanned<String>, TacticDef>>,
    /// Ordered rules that classify a trial into an outcome.
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
    /// Most meetings a trial plays.
    pub max_rounds: Int,
    /// Months a signed ceasefire is followed.
    pub horizon_months: Int,
    /// Scale world probabilities to sum to one instead of refusing them.
    #[serde(default)]
    pub normalize: Option<Spanned<bool>>,
}

/// `[environment]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// Fighting intensity without escalation, 0-1.
    pub base_intensity: Num,
    /// Extra intensity at full escalation, 0-1.
    pub escalation_intensity: Num,
    /// Front movement per round per unit of resource edge, 0-1.
    pub front_pull: Num,
    /// Half-width of the front's uniform noise per round, 0-1.
    pub front_noise: Num,
    /// Fatigue gained per round at intensity 1, 0-1.
    pub fatigue_rate: Num,
    /// Share of escalation that fades per round, 0-1.
    pub escalation_decay: Num,
    /// Change of Western support per round, -1 to 1.
    pub support_drift: Num,
    /// Change of sanctions per round, -1 to 1.
    pub sanctions_drift: Num,
    /// Shortest ordinary meeting, hours, 0-48.
    pub hours_min: Num,
    /// Longest ordinary meeting, hours, 0-48.
    pub hours_max: Num,
    /// Escalation at which talks break down, 0-1.
    pub breakdown_escalation: Num,
}

/// `[russia]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Russia {
    /// Exponent of the concession curve, 0.05-20.
    pub concession_exponent: Num,
    /// Lowest demand Russia concedes to, 0-1.
    pub reserve_demand: Num,
    /// How far full pain lowers the reserve demand, 0-1.
    pub desperation: Num,
    /// Clock at which the curve is fully conceded, rounds, 1-1000.
    pub deadline_rounds: Num,
    /// Clock advance per round without pain, 0-10.
    pub base_pace: Num,
    /// Extra clock advance per round at full pain, 0-10.
    pub pain_pace: Num,
    /// Resources regained per round, 0-1.
    pub resupply: Num,
    /// Resources spent per round at intensity 1, 0-1.
    pub burn: Num,
    /// Political terms added to any deal, 0-1.
    pub political_premium: Num,
    /// Weights of what hurts the side.
    pub pain: RussiaPain,
}

/// `[russia.pain]`: weights of what hurts Russia.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RussiaPain {
    /// Weight of depleted own resources, 0-10.
    pub resources: Num,
    /// Weight of sanctions, 0-10.
    pub sanctions: Num,
    /// Weight of the front moving against the side, 0-10.
    pub front: Num,
    /// Weight of Western support to Ukraine, 0-10.
    pub western_support: Num,
}

/// `[ukraine]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ukraine {
    /// Exponent of the concession curve, 0.05-20.
    pub concession_exponent: Num,
    /// Furthest Ukraine can be pushed, 0-1.
    pub max_concession: Num,
    /// How far full pain raises the furthest concession, 0-1.
    pub desperation: Num,
    /// Terms above this are unacceptable to Ukraine, 0-1.
    pub red_line: Num,
    /// Clock at which the curve is fully conceded, rounds, 1-1000.
    pub deadline_rounds: Num,
    /// Clock advance per round without pain, 0-10.
    pub base_pace: Num,
    /// Extra clock advance per round at full pain, 0-10.
    pub pain_pace: Num,
    /// Resources regained per round, 0-1.
    pub resupply: Num,
    /// Resources spent per round at intensity 1, 0-1.
    pub burn: Num,
    /// Weights of what hurts the side.
    pub pain: UkrainePain,
}

/// `[ukraine.pain]`: weights of what hurts Ukraine.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UkrainePain {
    /// Weight of depleted own resources, 0-10.
    pub resources: Num,
    /// Weight of the front moving against the side, 0-10.
    pub front: Num,
    /// Weight of war weariness, 0-10.
    pub fatigue: Num,
    /// Weight of missing Western support, 0-10.
    pub support: Num,
}

/// `[mediator]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mediator {
    /// Extra clock advance of both sides per round at full engagement, 0-10.
    pub pull: Num,
    /// Per-round walk-away chance at zero engagement, 0-1.
    pub walkaway_hazard: Num,
    /// Western support lost when the mediator walks away, 0-1.
    pub support_loss: Num,
}

/// `[agreement]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// Offer Ukraine must reach before any draft, 0-1.
    pub precondition: Num,
}

/// `[ceasefire]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ceasefire {
    /// Monthly violation hazard at full trust, 0-1.
    pub base_hazard: Num,
    /// Extra monthly hazard at zero trust, 0-1.
    pub distrust_hazard: Num,
}

/// `[worlds.<id>]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorldDef {
    /// Probability, 0-1.
    pub probability: Num,
    /// Starting-state overrides.
    #[serde(default)]
    pub start: StateTable<Num>,
    /// Tactic weights, by tactic id, 0-10.
    #[serde(default)]
    pub tactics: IndexMap<Spanned<String>, Num>,
    /// Where the values come from.
    #[serde(default)]
    pub source: Option<String>,
}

/// When in a trial a tactic can fire.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Once per round of talks.
    Talks,
    /// Once per month of a signed ceasefire.
    Ceasefire,
}

/// A condition on the state under which a talks-phase tactic can fire.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Every round.
    Always,
    /// Only while a draft agreement is on the table.
    Draft,
    /// Only while no draft agreement is on the table.
    NoDraft,
    /// Only while the front favours Russia (`front > 0`).
    RussiaAdvancing,
    /// Only while the front favours Ukraine (`front < 0`).
    RussiaLosing,
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
    /// Probability, 0-1.
    pub probability: Num,
    /// Talks (default) or ceasefire.
    #[serde(default)]
    pub phase: Option<Spanned<Phase>>,
    /// State condition for firing (default always).
    #[serde(default)]
    pub when: Option<Spanned<Condition>>,
    /// Factor on the round's hours of talks, 0-10 (default 1).
    #[serde(default)]
    pub hours_factor: Option<Num>,
    /// No draft forms or is signed in the round.
    #[serde(default)]
    pub blocks_agreement: Option<Spanned<bool>>,
    /// Russia's concession clock stands still in the round.
    #[serde(default)]
    pub freezes_russia: Option<Spanned<bool>>,
    /// Withdraws a draft on the table.
    #[serde(default)]
    pub reverses_draft: Option<Spanned<bool>>,
    /// The mediator cannot narrow the gap in the round.
    #[serde(default)]
    pub excludes_mediator: Option<Spanned<bool>>,
    /// The mediator walks away for good.
    #[serde(default)]
    pub ends_mediation: Option<Spanned<bool>>,
    /// Added to the month's violation hazard, 0-1.
    #[serde(default)]
    pub violation_hazard: Option<Num>,
    /// Changes to state variables.
    #[serde(default)]
    pub effects: StateTable<Num>,
}

/// `[[rules]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Outcome id.
    pub outcome: Spanned<String>,
    /// A ceasefire was signed.
    #[serde(default)]
    pub signed: Option<bool>,
    /// It held through the horizon.
    #[serde(default)]
    pub held: Option<bool>,
    /// Signed terms exceed Ukraine's red line.
    #[serde(default)]
    pub above_red_line: Option<bool>,
    /// Talks broke down on escalation.
    #[serde(default)]
    pub broke_down: Option<bool>,
    /// The mediator walked away.
    #[serde(default)]
    pub mediator_left: Option<bool>,
    /// A draft was reversed at least once.
    #[serde(default)]
    pub reversed: Option<bool>,
    /// Lower bounds on the final state.
    #[serde(default)]
    pub min: StateTable<Num>,
    /// Upper bounds on the final state.
    #[serde(default)]
    pub max: StateTable<Num>,
    /// Why the rule is there.
    #[serde(default)]
    pub note: Option<String>,
}
