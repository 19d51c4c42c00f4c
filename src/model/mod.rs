//! The model layer: scenario files in, a checked and compiled [`Model`] out.
//!
//! `load` reads a file and everything it `extends` (see [`load`]), merges
//! them, deserializes the result into the file schema ([`schema`]) and
//! checks it ([`compile`]): ranges, sums, references, caps. What comes out
//! holds only what the engine needs, in the form it needs it: ids resolved
//! to indices, probabilities to cumulative tables, concession curves to
//! lookup tables. Nothing in a [`Model`] can be out of range.

mod compile;
pub mod error;
pub mod free;
pub mod load;
pub mod overrides;
pub mod schema;
pub mod source;
pub mod state;

pub use error::{InputError, Problem};
pub use free::FreeParameter;
pub use load::Origin;
pub use overrides::Overrides;
pub use schema::{Condition, Phase};
pub use state::{State, StateVar};

use crate::seeds::OUTCOMES;

/// Most trials one run may ask for: 10^10, a few hours on one machine.
pub const MAX_TRIALS: u64 = 10_000_000_000;
/// Most rounds (meetings) a trial may play.
pub const MAX_ROUNDS: u32 = 1000;
/// Longest ceasefire horizon, in months (50 years).
pub const MAX_HORIZON_MONTHS: u32 = 600;
/// Most tactics a scenario may define (the engine keeps per-trial tactic
/// use in a 64-bit mask).
pub const MAX_TACTICS: usize = 64;
/// Longest a meeting can last, in hours (a month), whatever the factors of
/// the tactics that fire in it; keeps the hours of a run finite and its
/// integer minute count far from overflow.
pub const MAX_MEETING_HOURS: f64 = 720.0;
/// Largest weight a world may give a tactic.
pub const MAX_TACTIC_WEIGHT: f64 = 10.0;

/// Run settings of a scenario (`[simulation]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Trials to run.
    pub trials: u64,
    /// Seed of the random streams.
    pub seed: u64,
    /// Most rounds a trial plays.
    pub max_rounds: u32,
    /// Months a signed ceasefire is followed.
    pub horizon_months: u32,
}

/// One starting world: one of the seven scenarios as a place to start from.
#[derive(Clone, Debug, PartialEq)]
pub struct World {
    /// Probability of starting here (after normalisation).
    pub probability: f64,
    /// Starting state.
    pub start: State,
    /// Tactics that can fire in a round of talks, in tactic order.
    pub talks: Vec<ActiveTactic>,
    /// Tactics that can fire in a month of ceasefire, in tactic order.
    pub ceasefire: Vec<ActiveTactic>,
}

/// Situations a round can be in, as bits, for tactic conditions.
pub mod situation {
    /// Set in every round.
    pub const ALWAYS: u8 = 1;
    /// A draft agreement is on the table.
    pub const DRAFT: u8 = 2;
    /// No draft is on the table.
    pub const NO_DRAFT: u8 = 4;
    /// The front favours Russia (`front > 0`).
    pub const RUSSIA_ADVANCING: u8 = 8;
    /// The front favours Ukraine (`front < 0`).
    pub const RUSSIA_LOSING: u8 = 16;
}

/// What a tactic does besides its effects, as bits.
pub mod act {
    /// No draft forms or is signed this round.
    pub const BLOCKS_AGREEMENT: u8 = 1;
    /// Russia's concession clock stands still this round.
    pub const FREEZES_RUSSIA: u8 = 2;
    /// A draft on the table is withdrawn.
    pub const REVERSES_DRAFT: u8 = 4;
    /// The mediator cannot hurry the sides this round.
    pub const EXCLUDES_MEDIATOR: u8 = 8;
    /// The mediator walks away for good.
    pub const ENDS_MEDIATION: u8 = 16;
}

/// A tactic as a world uses it, with everything the round loop needs
/// inline.
#[derive(Clone, Debug, PartialEq)]
pub struct ActiveTactic {
    /// Index into [`Model::tactics`].
    pub tactic: usize,
    /// Probability that it fires in a round (or month): the tactic's own
    /// probability times the world's weight, capped at 1.
    pub probability: f64,
    /// It fires when its 32-bit draw is below this (`probability * 2^32`,
    /// rounded): an integer comparison instead of a float conversion, one
    /// word of the generator instead of two, and exactly certain at
    /// probability 1 (2^32 exceeds every draw). Resolution: 2^-32.
    pub threshold: u64,
    /// Situations in which it can fire (bits of [`situation`]).
    pub when: u8,
    /// What it does (bits of [`act`]).
    pub acts: u8,
    /// Factor on the hours of the round.
    pub hours_factor: f64,
    /// Added to the month's violation hazard.
    pub violation_hazard: f64,
    /// Its effects as one change per state variable (0 where it has
    /// none), applied in one branch-free step.
    pub delta: State,
}

impl ActiveTactic {
    /// The threshold for a probability.
    pub fn threshold(probability: f64) -> u64 {
        (probability.clamp(0.0, 1.0) * (1u64 << 32) as f64).round() as u64
    }
}

/// A tactic and what it does when it fires.
#[derive(Clone, Debug, PartialEq)]
pub struct Tactic {
    /// Id, as in `seeds/tactics.toml`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Probability of firing per round (talks) or month (ceasefire) in a
    /// world that gives it weight 1.
    pub probability: f64,
    /// Talks (per round) or ceasefire (per month).
    pub phase: Phase,
    /// State condition under which it can fire.
    pub when: Condition,
    /// Factor on the hours of talks of the round it fires in.
    pub hours_factor: f64,
    /// No draft can form or be signed in the round it fires.
    pub blocks_agreement: bool,
    /// Russia's concession clock stands still in the round it fires.
    pub freezes_russia: bool,
    /// Withdraws a draft agreement on the table.
    pub reverses_draft: bool,
    /// The mediator cannot narrow the gap in the round it fires.
    pub excludes_mediator: bool,
    /// The mediator walks away for good.
    pub ends_mediation: bool,
    /// Added to the month's violation hazard (ceasefire tactics).
    pub violation_hazard: f64,
    /// Changes to state variables.
    pub effects: Vec<(StateVar, f64)>,
}

/// A time-based concession curve: the share of the distance between a
/// side's opening position and its limit conceded by time `t` of deadline
/// `T` is `(t / T)^(1 / beta)`. `beta < 1` concedes late (Boulware),
/// `beta = 1` steadily, `beta > 1` early (Conceder); Faratin, Sierra and
/// Jennings (1998).
///
/// The engine evaluates it twice a round; `powf` costs about as much as ten
/// random draws, so the curve is tabulated at 1025 points at compile time
/// and read with linear interpolation. The error is below 1e-3 everywhere
/// except within the first 1/1024 of the deadline for strongly conceding
/// exponents (`beta` > 5), a stretch the clock crosses in its first round.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    table: Vec<f64>,
}

impl Curve {
    const STEPS: usize = 1024;

    /// Tabulates the curve with exponent `beta`.
    pub fn new(beta: f64) -> Curve {
        let table = (0..=Self::STEPS).map(|i| (i as f64 / Self::STEPS as f64).powf(1.0 / beta)).collect();
        Curve { table }
    }

    /// Share conceded at `x = t / T` (clamped to [0, 1]).
    #[inline]
    pub fn at(&self, x: f64) -> f64 {
        self.at_step(x * Self::STEPS as f64)
    }

    /// Share conceded by clock `clock` with deadline `T`, given
    /// `per_round = STEPS / T` (see [`Side::clock_steps`]): a multiplication
    /// instead of a division on the round loop's critical path.
    #[inline]
    pub fn at_clock(&self, clock: f64, per_round: f64) -> f64 {
        self.at_step(clock * per_round)
    }

    /// Steps in the table: the resolution of [`Curve::at_clock`].
    pub const fn steps() -> f64 {
        Self::STEPS as f64
    }

    #[inline]
    fn at_step(&self, x: f64) -> f64 {
        let x = x.clamp(0.0, Self::STEPS as f64);
        let i = (x as usize).min(Self::STEPS - 1);
        let frac = x - i as f64;
        let (a, b) = (self.table[i], self.table[i + 1]);
        a + (b - a) * frac
    }
}

/// Weights of what hurts a side; its pain is their weighted sum, capped at 1.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Pain {
    /// Weight of the side's own depleted resources (1 - resources).
    pub resources: f64,
    /// Weight of sanctions (Russia only).
    pub sanctions: f64,
    /// Weight of the front moving against the side.
    pub front: f64,
    /// Weight of war weariness (Ukraine only).
    pub fatigue: f64,
    /// Weight of missing Western support (Ukraine only): pain grows with
    /// 1 - support.
    pub support_missing: f64,
    /// Weight of Western support to the enemy (Russia only): pain grows with
    /// support (002, Conclusions: empowering Ukraine changes Putin's calculus).
    pub support_given: f64,
}

/// One side's concession behaviour and war economy.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    /// Concession curve.
    pub curve: Curve,
    /// Russia: the lowest demand it will come down to. Ukraine: the
    /// furthest it can be pushed. Both without pain.
    pub limit: f64,
    /// How far full pain moves the limit (Russia's down, Ukraine's up): a
    /// side in enough pain accepts what it refused before.
    pub desperation: f64,
    /// Rounds until the curve is fully conceded, at pace 1.
    pub deadline_rounds: f64,
    /// Table steps per round of clock, `1024 / deadline_rounds`.
    pub clock_steps: f64,
    /// Clock advance per round without pain.
    pub base_pace: f64,
    /// Extra clock advance per round at full pain.
    pub pain_pace: f64,
    /// Resources regained per round (Russia: times 1 - sanctions; Ukraine:
    /// times Western support).
    pub resupply: f64,
    /// Resources spent per round at intensity 1.
    pub burn: f64,
    /// What hurts.
    pub pain: Pain,
}

/// How the war moves between meetings (`[environment]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Environment {
    /// Fighting intensity with no escalation.
    pub base_intensity: f64,
    /// Extra intensity at full escalation.
    pub escalation_intensity: f64,
    /// Front movement per round per unit of resource advantage.
    pub front_pull: f64,
    /// Half-width of the uniform noise on the front per round.
    pub front_noise: f64,
    /// Fatigue gained per round at intensity 1.
    pub fatigue_rate: f64,
    /// Share of escalation that fades per round.
    pub escalation_decay: f64,
    /// Change of Western support per round.
    pub support_drift: f64,
    /// Change of sanctions per round.
    pub sanctions_drift: f64,
    /// Shortest ordinary meeting, hours.
    pub hours_min: f64,
    /// Longest ordinary meeting, hours.
    pub hours_max: f64,
    /// Escalation at which talks break down.
    pub breakdown_escalation: f64,
}

/// The mediator (`[mediator]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Mediator {
    /// Extra advance of both sides' concession clocks per round at full US
    /// engagement, in rounds.
    pub pull: f64,
    /// Per-round chance of walking away at zero engagement (times
    /// 1 - engagement).
    pub walkaway_hazard: f64,
    /// Western support lost when the mediator walks away.
    pub support_loss: f64,
}

/// When a draft agreement can form (`[agreement]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    /// Ukraine's offer must reach this before any draft, and a draft's terms
    /// are at least this (the "Anchorage formula" puts it high).
    pub precondition: f64,
    /// Ukraine's red line: terms above it are unacceptable to Ukraine.
    pub red_line: f64,
    /// Political terms added to any deal (004: territory traded for
    /// political control).
    pub political_premium: f64,
}

/// How a signed ceasefire erodes (`[ceasefire]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Ceasefire {
    /// Monthly violation hazard at full trust.
    pub base_hazard: f64,
    /// Extra monthly hazard at zero trust.
    pub distrust_hazard: f64,
}

/// An ordered classification rule: the first rule whose conditions all
/// hold names the trial's outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Outcome index (0-based scenario number).
    pub outcome: usize,
    /// A ceasefire was signed.
    pub signed: Option<bool>,
    /// The ceasefire held through the horizon.
    pub held: Option<bool>,
    /// The signed terms exceed Ukraine's red line.
    pub above_red_line: Option<bool>,
    /// Talks broke down on escalation.
    pub broke_down: Option<bool>,
    /// The mediator walked away.
    pub mediator_left: Option<bool>,
    /// A draft was reversed at least once.
    pub reversed: Option<bool>,
    /// Lower bounds on the final state (`-inf` where none).
    pub min: State,
    /// Upper bounds on the final state (`+inf` where none).
    pub max: State,
    /// Why the rule is there, from the file.
    pub note: Option<String>,
}

/// A numeric parameter of a scenario, as checked: its `--set` path, value
/// and documented range. The list of them is what `sensitivity` moves.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// Dotted path, as `--set` takes it.
    pub key: String,
    /// Its value in the resolved scenario.
    pub value: f64,
    /// Lowest allowed value.
    pub lo: f64,
    /// Highest allowed value.
    pub hi: f64,
}

/// A checked, compiled scenario: everything the engine needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Scenario name.
    pub name: String,
    /// Where it was read from (file path or `builtin:baseline`).
    pub origin: String,
    /// Run settings.
    pub settings: Settings,
    /// The seven worlds, in scenario order.
    pub worlds: Vec<World>,
    /// Cumulative world probabilities, for the draw of a starting world.
    pub world_cdf: [f64; OUTCOMES],
    /// Tactics, in file order.
    pub tactics: Vec<Tactic>,
    /// How the war moves.
    pub environment: Environment,
    /// Russia.
    pub russia: Side,
    /// Ukraine.
    pub ukraine: Side,
    /// The mediator.
    pub mediator: Mediator,
    /// Draft agreements.
    pub agreement: Agreement,
    /// Ceasefire erosion.
    pub ceasefire: Ceasefire,
    /// Classification rules, in order; the last matches every trial.
    pub rules: Vec<Rule>,
    /// The `--set` overrides applied, as given (and `--renormalize`).
    pub overrides: Vec<String>,
    /// The scenario files read from disk (canonical paths), so outputs can
    /// refuse to overwrite them.
    pub inputs: Vec<std::path::PathBuf>,
    /// Every numeric parameter, in the order checked.
    pub parameters: Vec<Parameter>,
    /// Coefficients the file marks for `calibrate` to fit.
    pub free: Vec<FreeParameter>,
}

impl Model {
    /// Loads, merges and checks a scenario.
    pub fn load(origin: &Origin) -> Result<Model, InputError> {
        Model::load_with(origin, &Overrides::none())
    }

    /// Loads, merges, applies command-line overrides, and checks.
    pub fn load_with(origin: &Origin, overrides: &Overrides) -> Result<Model, InputError> {
        let mut chain = load::read_chain(origin)?;
        let set_from = chain.sources.end();
        let set_files = overrides::add_sources(&mut chain.sources, overrides);
        let mut tree = load::merge(&chain)?;
        let free = free::extract(&mut tree, &chain.sources)?;
        let set_worlds = overrides::apply(&mut tree, &chain.sources, &set_files)?;
        let options = compile::Options {
            origin: origin.display_name(),
            renormalize: overrides.renormalize.then_some(set_worlds),
            set_from,
        };
        let mut model = compile::compile(tree, &chain.sources, options)?;
        free::check(&free, &model.parameters, &chain.sources)?;
        model.free = free;
        model.overrides = overrides.sets.clone();
        if overrides.renormalize {
            model.overrides.push("--renormalize".into());
        }
        model.inputs =
            chain.files.iter().filter_map(|&id| chain.sources.path(id)).filter_map(|p| p.canonicalize().ok()).collect();
        Ok(model)
    }

    /// The embedded baseline.
    pub fn baseline() -> Result<Model, InputError> {
        Model::load(&Origin::baseline())
    }

    /// The starting-world probabilities, in table order.
    pub fn world_probabilities(&self) -> [f64; OUTCOMES] {
        let mut p = [0.0; OUTCOMES];
        for (pi, w) in p.iter_mut().zip(&self.worlds) {
            *pi = w.probability;
        }
        p
    }

    /// The same model with other starting-world probabilities (which must
    /// be non-negative and sum to one, in table order).
    pub fn with_world_probabilities(&self, p: [f64; OUTCOMES]) -> Model {
        let mut m = self.clone();
        let mut acc = 0.0;
        for (i, (w, &pi)) in m.worlds.iter_mut().zip(&p).enumerate() {
            w.probability = pi;
            acc += pi;
            m.world_cdf[i] = acc;
        }
        if let Some(last) = m.worlds.iter().rposition(|w| w.probability > 0.0) {
            for c in &mut m.world_cdf[last..] {
                *c = 1.0;
            }
        }
        m
    }

    /// Index of a tactic by id.
    pub fn tactic_index(&self, id: &str) -> Option<usize> {
        self.tactics.iter().position(|t| t.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_table_matches_the_formula() {
        for beta in [0.05, 0.3, 1.0, 3.0, 20.0] {
            let curve = Curve::new(beta);
            for i in 0..=200 {
                let x = i as f64 / 200.0;
                let exact = x.powf(1.0 / beta);
                assert!((curve.at(x) - exact).abs() < 2e-3, "beta {beta} x {x}: {} vs {exact}", curve.at(x));
            }
            assert_eq!(curve.at(-1.0), 0.0);
            assert_eq!(curve.at(2.0), 1.0);
        }
    }

    #[test]
    fn curve_shapes_order_as_documented() {
        let (boulware, linear, conceder) = (Curve::new(0.3), Curve::new(1.0), Curve::new(3.0));
        assert!(boulware.at(0.5) < linear.at(0.5));
        assert!(linear.at(0.5) < conceder.at(0.5));
    }
}

#[cfg(test)]
mod baseline_tests {
    use super::*;
    use crate::seeds;

    #[test]
    fn the_baseline_carries_the_published_table_as_is() {
        let model = Model::baseline().unwrap();
        for (world, scenario) in model.worlds.iter().zip(seeds::scenarios()) {
            assert_eq!(world.probability, scenario.prior(), "world {}", scenario.id);
        }
    }

    #[test]
    fn every_baseline_tactic_is_in_the_catalogue() {
        let model = Model::baseline().unwrap();
        for t in &model.tactics {
            assert!(
                seeds::catalogue().tactics.iter().any(|c| c.id == t.id),
                "tactic {} is not in seeds/tactics.toml",
                t.id
            );
        }
        assert_eq!(model.tactics.len(), seeds::catalogue().tactics.len(), "every catalogued tactic has effects");
    }

    #[test]
    fn each_world_uses_the_behaviours_the_table_lists_for_it() {
        let model = Model::baseline().unwrap();
        for (world, scenario) in model.worlds.iter().zip(seeds::scenarios()) {
            for id in &scenario.tactics {
                let index = model.tactic_index(id).unwrap();
                let used = world.talks.iter().chain(&world.ceasefire).any(|a| a.tactic == index);
                assert!(used, "world {} does not use {id}, which the table lists for it", scenario.id);
            }
        }
    }

    #[test]
    fn the_cumulative_table_ends_at_one() {
        let model = Model::baseline().unwrap();
        assert_eq!(model.world_cdf[OUTCOMES - 1], 1.0);
        assert!(model.world_cdf.windows(2).all(|w| w[0] <= w[1]));
    }
}
