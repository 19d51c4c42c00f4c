//! The model layer: scenario files in, a checked and compiled [`Model`] out.
//!
//! `load` reads a file and everything it `extends` (see [`load`]), merges
//! them, applies `--set` overrides and takes out the coefficients marked
//! free for calibration; `compile` reads the scalar coefficients (see
//! [`coef`]) and deserializes the structured tables ([`schema`]), and
//! checks everything: ranges, dates, references, caps. What comes out holds
//! only what the engine needs, in the form it needs it: ids resolved to
//! indices, probabilities to integer thresholds, dates to days from the
//! start. Nothing in a [`Model`] can be out of range.

pub mod coef;
mod compile;
pub mod date;
pub mod error;
pub mod free;
pub mod keys;
pub mod lint;
pub mod load;
pub mod math;
pub mod overrides;
pub mod record;
pub mod schema;
pub mod source;
pub mod state;
pub mod uncertain;

pub use coef::{Coef, Coefs};
pub use date::Date;
pub use error::{InputError, Problem};
pub use free::FreeParameter;
pub use load::Origin;
pub use overrides::Overrides;
pub use schema::{Condition, DistributionName};
pub use state::{State, StateVar};
pub use uncertain::Uncertain;

/// Most trials one run may ask for: 10^10, a few hours on one machine.
pub const MAX_TRIALS: u64 = 10_000_000_000;
/// Longest simulated span: 10 years, in days.
pub const MAX_DAYS: u32 = 3653;
/// Most calendar months in a span (the start's month and one per month
/// start after it).
pub const MAX_MONTHS: usize = 122;
/// Most tactics a scenario may define (the engine keeps per-meeting tactic
/// draws in 16 words of four 16-bit draws, and fired tactics in a 64-bit
/// mask).
pub const MAX_TACTICS: usize = 64;
/// Most drivers a scenario may define.
pub const MAX_DRIVERS: usize = 32;
/// Most listed holidays.
pub const MAX_HOLIDAYS: usize = 256;
/// Most meetings a trial may hold; past it, no more are held (with the
/// shipped rates a trial holds a few dozen).
pub const MAX_MEETINGS: u32 = 4000;
/// Longest a meeting can last, in hours (three days), whatever the factors
/// of the tactics that fire in it.
pub const MAX_MEETING_HOURS: f64 = 72.0;
/// Largest factor a tactic may put on a meeting's hours.
pub const MAX_HOURS_FACTOR: f64 = 10.0;

/// Run settings and the calendar of a scenario (`[simulation]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Trials to run.
    pub trials: u64,
    /// Seed of the random streams.
    pub seed: u64,
    /// The first day simulated (day 0).
    pub start: Date,
    /// The last day simulated, on which outcomes are read.
    pub horizon: Date,
    /// Days from the start to the horizon.
    pub days: u32,
    /// The first day of each calendar month after the start, up to the
    /// horizon, as days from the start: when the war's monthly noise and
    /// monthly moves come, and the dates the calendar outputs report.
    pub month_starts: Vec<u32>,
}

impl Settings {
    /// The date `day` days after the start.
    pub fn date(&self, day: u32) -> Date {
        self.start.plus_days(i32::try_from(day).unwrap_or(i32::MAX))
    }
}

/// A meeting format: who sits at the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(usize)]
pub enum Format {
    /// The US and Ukraine (Europeans sometimes present).
    UsUa,
    /// The US and Russia.
    UsRu,
    /// Russia and Ukraine, directly (Istanbul, 2025).
    RuUa,
    /// Russia, Ukraine and the US (Abu Dhabi and Geneva, 2026).
    Trilateral,
}

impl Format {
    /// Every format, in the engine's order.
    pub const ALL: [Format; 4] = [Format::UsUa, Format::UsRu, Format::RuUa, Format::Trilateral];

    /// Its key in files and output.
    pub const fn key(self) -> &'static str {
        match self {
            Format::UsUa => "us_ua",
            Format::UsRu => "us_ru",
            Format::RuUa => "ru_ua",
            Format::Trilateral => "trilateral",
        }
    }

    /// Its name for people.
    pub const fn label(self) -> &'static str {
        match self {
            Format::UsUa => "US-Ukraine",
            Format::UsRu => "US-Russia",
            Format::RuUa => "Russia-Ukraine",
            Format::Trilateral => "trilateral",
        }
    }

    /// The US is at the table.
    pub const fn has_us(self) -> bool {
        !matches!(self, Format::RuUa)
    }

    /// Both warring parties are at the table, so a ceasefire can be signed.
    pub const fn can_sign(self) -> bool {
        matches!(self, Format::RuUa | Format::Trilateral)
    }

    /// The format's bit in a set of formats.
    pub const fn bit(self) -> u8 {
        1 << self as usize
    }

    /// Looks a format up by key.
    pub fn from_key(key: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// Who makes a move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// Russia.
    Russia,
    /// Ukraine.
    Ukraine,
    /// The United States.
    Us,
    /// European governments.
    Europe,
}

impl Actor {
    /// Its key in files and output.
    pub const fn key(self) -> &'static str {
        match self {
            Actor::Russia => "russia",
            Actor::Ukraine => "ukraine",
            Actor::Us => "us",
            Actor::Europe => "europe",
        }
    }

    /// The formats it takes part in, as bits of [`Format::bit`].
    pub const fn formats(self) -> u8 {
        match self {
            Actor::Russia => Format::UsRu.bit() | Format::RuUa.bit() | Format::Trilateral.bit(),
            Actor::Ukraine => Format::UsUa.bit() | Format::RuUa.bit() | Format::Trilateral.bit(),
            Actor::Us => Format::UsUa.bit() | Format::UsRu.bit() | Format::Trilateral.bit(),
            Actor::Europe => Format::UsUa.bit() | Format::Trilateral.bit(),
        }
    }
}

/// Situations a meeting or month can be in, as bits, for move conditions.
pub mod situation {
    /// Set always.
    pub const ALWAYS: u8 = 1;
    /// A draft agreement is on the table.
    pub const DRAFT: u8 = 2;
    /// No draft is on the table.
    pub const NO_DRAFT: u8 = 4;
    /// The front favours Russia (`front > 0`).
    pub const RUSSIA_ADVANCING: u8 = 8;
    /// The front favours Ukraine (`front < 0`).
    pub const RUSSIA_LOSING: u8 = 16;
    /// No ceasefire is in force.
    pub const WAR: u8 = 32;
    /// A ceasefire is in force.
    pub const CEASEFIRE: u8 = 64;
}

/// What a move does besides its effects, as bits.
pub mod act {
    /// No draft forms or is signed at the meeting.
    pub const BLOCKS_AGREEMENT: u8 = 1;
    /// Russia's position does not move at the meeting.
    pub const FREEZES_RUSSIA: u8 = 2;
    /// A draft on the table is withdrawn.
    pub const REVERSES_DRAFT: u8 = 4;
    /// The US cannot press either side at the meeting.
    pub const EXCLUDES_MEDIATOR: u8 = 8;
    /// The US walks away for good.
    pub const ENDS_MEDIATION: u8 = 16;
    /// The US sets a deadline.
    pub const ULTIMATUM: u8 = 32;
}

/// When a move happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// At a meeting of one of its formats.
    Meeting,
    /// At the start of each calendar month.
    Month,
}

/// A tactic or other move, and what it does when it happens.
#[derive(Clone, Debug, PartialEq)]
pub struct Tactic {
    /// Id, as in the scenario file.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Who makes it.
    pub actor: Actor,
    /// At meetings or monthly.
    pub phase: Phase,
    /// Formats it can happen in (bits of [`Format::bit`]; meeting moves).
    pub formats: u8,
    /// Probability per meeting (or month).
    pub probability: f64,
    /// It happens when its 15-bit draw is below this
    /// (`probability * 2^15`, rounded): resolution 2^-15 (about 0.003 %),
    /// never at probability 0, exactly certain at probability 1.
    pub threshold: u32,
    /// Situations in which it can happen (bits of [`situation`]).
    pub when: u8,
    /// What it does (bits of [`act`]).
    pub acts: u8,
    /// Factor on the meeting's hours.
    pub hours_factor: f64,
    /// Its effects: the variables it changes and by how much.
    pub effects: Vec<(StateVar, f64)>,
}

impl Tactic {
    /// The 15-bit threshold for a probability.
    pub fn threshold(probability: f64) -> u32 {
        (probability.clamp(0.0, 1.0) * 32_768.0).round() as u32
    }
}

/// A set of moves compiled for drawing: which of the 16 words of a draw
/// they read, with their thresholds packed four to a word, and which moves
/// each situation allows. With it, whether the moves of a word fire is one
/// subtraction and one mask for all four (see [`Moves::fired`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Moves {
    /// The words read (move `j` is lane `j % 4` of word `j / 4`), each with
    /// `0x7FFF + threshold` in every lane (threshold 0 for a lane whose
    /// move is not in the set).
    pub words: Vec<(u8, u64)>,
    /// The moves in the set, as bits.
    pub all: u64,
    /// For each situation (a set of bits of [`situation`]), the moves of
    /// the set whose condition holds in it.
    pub eligible: Vec<u64>,
}

impl Moves {
    /// The moves of every format's meetings, and the monthly ones.
    pub fn of(tactics: &[Tactic]) -> ([Moves; 4], Moves) {
        let meeting = Format::ALL.map(|format| {
            Moves::new(
                tactics,
                (0..tactics.len())
                    .filter(|&i| tactics[i].phase == Phase::Meeting && tactics[i].formats & format.bit() != 0),
            )
        });
        let monthly = Moves::new(tactics, (0..tactics.len()).filter(|&i| tactics[i].phase == Phase::Month));
        (meeting, monthly)
    }

    /// Compiles the moves `members` of `tactics`.
    pub fn new(tactics: &[Tactic], members: impl Iterator<Item = usize>) -> Moves {
        let mut m = Moves { eligible: vec![0; 128], ..Moves::default() };
        let mut words = [0_u64; MAX_TACTICS / 4];
        let mut used = [false; MAX_TACTICS / 4];
        for j in members.filter(|&j| j < MAX_TACTICS) {
            let t = &tactics[j];
            m.all |= 1 << j;
            words[j / 4] |= u64::from(t.threshold.min(0x8000)) << (16 * (j % 4));
            used[j / 4] = true;
            for (now, set) in m.eligible.iter_mut().enumerate() {
                if u16::from(t.when) & now as u16 != 0 {
                    *set |= 1 << j;
                }
            }
        }
        for (w, &threshold) in words.iter().enumerate() {
            if used[w] {
                m.words.push((w as u8, threshold + 0x7FFF_7FFF_7FFF_7FFF));
            }
        }
        m
    }

    /// The moves that fire, given the draw's words (by `words`' order) and
    /// the situation: each lane's top 15 bits are its draw, and it fires
    /// when the draw is below the move's threshold.
    ///
    /// Per lane, `0x7FFF + threshold - draw` has its top bit set exactly
    /// when `draw < threshold` (threshold in 0..=2^15, draw in 0..2^15), and
    /// never borrows from the next lane; the four top bits are then
    /// gathered by one multiplication.
    #[inline]
    pub fn fired(&self, word: impl Fn(u8) -> u64, now: u8) -> u64 {
        const LOW15: u64 = 0x7FFF_7FFF_7FFF_7FFF;
        const TOPS: u64 = 0x8000_8000_8000_8000;
        const GATHER: u64 = 1 | (1 << 15) | (1 << 30) | (1 << 45);
        let mut fired = 0_u64;
        for &(w, add) in &self.words {
            let draws = (word(w) >> 1) & LOW15;
            let tops = ((add - draws) & TOPS) >> 15;
            let nibble = (tops.wrapping_mul(GATHER) >> 45) & 0xF;
            fired |= nibble << (4 * u32::from(w));
        }
        fired & self.eligible.get(usize::from(now & 127)).copied().unwrap_or(0) & self.all
    }
}

/// What a driver draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DriverTarget {
    /// A coefficient.
    Coef(Coef),
    /// A starting value.
    Start(StateVar),
}

/// A distribution a driver draws from, with one uniform number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Distribution {
    /// Uniform on `[lo, hi]`.
    Uniform {
        /// Lower end.
        lo: f64,
        /// Upper end.
        hi: f64,
    },
    /// Triangular on `[lo, hi]` with its mode at `mode`.
    Triangular {
        /// Lower end.
        lo: f64,
        /// Mode.
        mode: f64,
        /// Upper end.
        hi: f64,
    },
    /// Normal, then kept inside `[lo, hi]` (the key's range).
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
        /// Lower end of the key's range.
        lo: f64,
        /// Upper end of the key's range.
        hi: f64,
    },
    /// `yes` with probability `p`, else `no`.
    Bernoulli {
        /// Probability of `yes`.
        p: f64,
        /// Value with probability `p`.
        yes: f64,
        /// Value otherwise.
        no: f64,
    },
}

impl Distribution {
    /// The value for a uniform number `u` in [0, 1) (inverse CDF).
    #[inline]
    pub fn sample(&self, u: f64) -> f64 {
        match *self {
            Distribution::Uniform { lo, hi } => lo + u * (hi - lo),
            Distribution::Triangular { lo, mode, hi } => {
                let cut = if hi > lo { (mode - lo) / (hi - lo) } else { 0.5 };
                if u < cut {
                    lo + (u * (hi - lo) * (mode - lo)).sqrt()
                } else {
                    hi - ((1.0 - u) * (hi - lo) * (hi - mode)).sqrt()
                }
            }
            Distribution::Normal { mean, sd, lo, hi } => (mean + sd * normal_quantile(u)).clamp(lo, hi),
            Distribution::Bernoulli { p, yes, no } => {
                if u < p {
                    yes
                } else {
                    no
                }
            }
        }
    }

    /// The central value: the median (uniform, triangular, normal), or the
    /// more likely value (bernoulli; `yes` at p = 0.5).
    pub fn central(&self) -> f64 {
        match *self {
            Distribution::Bernoulli { p, yes, no } => {
                if p >= 0.5 {
                    yes
                } else {
                    no
                }
            }
            other => other.sample(0.5),
        }
    }
}

/// The standard normal quantile of `u`, by Acklam's rational
/// approximation (relative error below 1.2e-9), clamped to the open
/// interval so that `u = 0` gives a finite value.
pub fn normal_quantile(u: f64) -> f64 {
    const A: [f64; 6] = [
        -39.696_830_286_653_76,
        220.946_098_424_520_5,
        -275.928_510_446_968_7,
        138.357_751_867_269,
        -30.664_798_066_147_16,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -54.476_098_798_224_06,
        161.585_836_858_040_9,
        -155.698_979_859_886_6,
        66.801_311_887_719_72,
        -13.280_681_552_885_72,
    ];
    const C: [f64; 6] = [
        -0.007_784_894_002_430_293,
        -0.322_396_458_041_136_5,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] =
        [0.007_784_695_709_041_462, 0.322_467_129_070_039_8, 2.445_134_137_142_996, 3.754_408_661_907_416];
    let p = u.clamp(1e-12, 1.0 - 1e-12);
    let low = 0.024_25;
    if p < low {
        let q = (-2.0 * math::ln(p)).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * math::ln(1.0 - p)).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

/// An uncertain coefficient or starting value, drawn once per trial.
#[derive(Clone, Debug, PartialEq)]
pub struct Driver {
    /// Id, as in the scenario file.
    pub id: String,
    /// What it draws.
    pub target: DriverTarget,
    /// The key it draws (`shocks.rate`, `start.western_support`).
    pub key: String,
    /// Its distribution.
    pub distribution: Distribution,
    /// What it stands for.
    pub what: String,
    /// Where the distribution comes from.
    pub source: String,
}

/// A date on which Russia may declare a truce.
#[derive(Clone, Debug, PartialEq)]
pub struct Holiday {
    /// Days from the start.
    pub day: u32,
    /// The date.
    pub date: Date,
    /// What the day is.
    pub name: String,
}

/// An ordered classification rule: the first rule whose conditions all
/// hold on the horizon date names the trial's outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Outcome index (0-based scenario number).
    pub outcome: usize,
    /// A ceasefire was signed at some time.
    pub signed: Option<bool>,
    /// A ceasefire is in force on the horizon date.
    pub in_force: Option<bool>,
    /// A ceasefire collapsed at some time.
    pub collapsed: Option<bool>,
    /// The last ceasefire's terms exceed Ukraine's red line.
    pub above_red_line: Option<bool>,
    /// A draft was reversed at least once.
    pub reversed: Option<bool>,
    /// The US walked away.
    pub us_left: Option<bool>,
    /// Russia mobilised fully.
    pub mobilised: Option<bool>,
    /// Escalation reached the hybrid-war level at some time.
    pub hybrid: Option<bool>,
    /// Lower bounds on the state on the horizon date (`-inf` where none).
    pub min: State,
    /// Upper bounds on the state on the horizon date (`+inf` where none).
    pub max: State,
    /// The variables with a finite bound, with their bounds: the only ones
    /// a trial's state must be checked against (an infinite bound holds for
    /// every state in range), so that classifying a trial reads a few
    /// numbers instead of every variable twice.
    pub bounded: Vec<(StateVar, f64, f64)>,
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
    /// One line about it.
    pub description: String,
    /// Where it was read from (file path or `builtin:baseline`).
    pub origin: String,
    /// Run settings and the calendar.
    pub settings: Settings,
    /// The situation on the start date.
    pub start: State,
    /// Every coefficient (drivers overwrite theirs per trial).
    pub coefs: Coefs,
    /// Uncertain coefficients and starting values, drawn per trial.
    pub drivers: Vec<Driver>,
    /// Tactics and other moves, in file order (a tactic's position is its
    /// slot in the random streams).
    pub tactics: Vec<Tactic>,
    /// Per format, the meeting moves that can happen in it, compiled for
    /// drawing.
    pub meeting_moves: [Moves; 4],
    /// The monthly moves, compiled for drawing.
    pub monthly_moves: Moves,
    /// Dates on which Russia may declare a truce, in date order, within the
    /// simulated span.
    pub holidays: Vec<Holiday>,
    /// Classification rules, in order; the last matches every trial.
    pub rules: Vec<Rule>,
    /// The `--set` overrides applied, as given.
    pub overrides: Vec<String>,
    /// The scenario files read from disk (canonical paths), so outputs can
    /// refuse to overwrite them.
    pub inputs: Vec<std::path::PathBuf>,
    /// Every numeric parameter, in the order checked.
    pub parameters: Vec<Parameter>,
    /// Coefficients the file marks for `calibrate` to fit.
    pub free: Vec<FreeParameter>,
    /// Coefficients whose value is uncertain (`[uncertain]`), with their
    /// distributions: drawn once per replicate by `run --uncertain` and
    /// `sobol`; a plain run uses the file's values.
    pub uncertain: Vec<Uncertain>,
    /// The drivers were fixed at their central values.
    pub central_drivers: bool,
}

impl Model {
    /// Compiles the moves' draws again from [`Model::tactics`], after a
    /// move's probability changed (the thresholds are packed into them).
    pub(crate) fn compile_moves(&mut self) {
        (self.meeting_moves, self.monthly_moves) = Moves::of(&self.tactics);
    }

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
        let uncertain = uncertain::extract(&mut tree, &chain.sources)?;
        overrides::apply(&mut tree, &chain.sources, &set_files)?;
        let options = compile::Options { origin: origin.display_name(), set_from };
        let mut model = compile::compile(tree, &chain.sources, options)?;
        overrides::refuse_drawn(&model.drivers, &chain.sources, &set_files)?;
        free::check(&free, &model.parameters, &chain.sources)?;
        model.free = free;
        uncertain::check(&uncertain, &model, &chain.sources)?;
        model.uncertain = uncertain;
        model.overrides = overrides.sets.clone();
        model.inputs =
            chain.files.iter().filter_map(|&id| chain.sources.path(id)).filter_map(|p| p.canonicalize().ok()).collect();
        Ok(model)
    }

    /// The embedded baseline.
    pub fn baseline() -> Result<Model, InputError> {
        Model::load(&Origin::baseline())
    }

    /// Index of a tactic by id.
    pub fn tactic_index(&self, id: &str) -> Option<usize> {
        self.tactics.iter().position(|t| t.id == id)
    }

    /// The same model with every driver fixed at its central value (its
    /// median, or its more likely value): the spread of outcomes that is
    /// left comes from the dynamics alone.
    pub fn with_central_drivers(&self) -> Model {
        let mut m = self.clone();
        m.central_drivers = true;
        for d in std::mem::take(&mut m.drivers) {
            let v = d.distribution.central();
            match d.target {
                DriverTarget::Coef(c) => m.coefs[c] = v,
                DriverTarget::Start(s) => m.start[s] = v,
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distributions_draw_what_they_say() {
        let tri = Distribution::Triangular { lo: 0.0, mode: 0.25, hi: 1.0 };
        assert!((tri.sample(0.25) - 0.25).abs() < 1e-12, "the mode splits the mass at its share");
        assert_eq!(tri.sample(0.0), 0.0);
        let uni = Distribution::Uniform { lo: 2.0, hi: 4.0 };
        assert_eq!(uni.central(), 3.0);
        let b = Distribution::Bernoulli { p: 0.3, yes: 1.0, no: 0.0 };
        assert_eq!((b.sample(0.29), b.sample(0.31), b.central()), (1.0, 0.0, 0.0));
        for (u, z) in [(0.5, 0.0), (0.975, 1.959_963_985), (0.025, -1.959_963_985), (0.999, 3.090_232_306)] {
            assert!((normal_quantile(u) - z).abs() < 1e-6, "{u}: {}", normal_quantile(u));
        }
        let n = Distribution::Normal { mean: 0.5, sd: 1.0, lo: 0.0, hi: 1.0 };
        assert_eq!(n.sample(0.999), 1.0);
    }

    #[test]
    fn formats_know_who_sits_at_the_table() {
        assert!(Format::Trilateral.can_sign() && Format::RuUa.can_sign());
        assert!(!Format::UsUa.can_sign() && !Format::UsRu.can_sign());
        assert_eq!(Actor::Europe.formats() & Format::UsRu.bit(), 0);
        for f in Format::ALL {
            assert_eq!(Format::from_key(f.key()), Some(f));
        }
    }
}
