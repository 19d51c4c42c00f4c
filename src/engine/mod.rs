//! The engine: one trial of the war and the talks on a calendar, and many
//! trials seeded so that any of them can be replayed alone.
//!
//! A trial ([`play`]) draws its drivers (uncertain coefficients), then runs
//! from the start date to the horizon, event by event: meetings of four
//! formats at state-dependent rates, the war's monthly noise and monthly
//! moves, shocks elsewhere, the US's deadlines and its walking away, a
//! Russian mobilisation, truces, and the signing and collapse of
//! ceasefires. Between events the war moves continuously. On the horizon
//! date, ordered rules name the outcome.
//!
//! The engine is pure: no I/O, no clock, no allocation. Its randomness is
//! the addressable field of [`random`]; everything else comes from the
//! [`Model`](crate::model::Model). An [`Observer`] sees every event (for
//! `trace`, evidence, history); the no-op observer `()` compiles away.
//!
//! It imports only the model: tallies, evidence and reports live above it
//! and drive it through [`play_indexed`] and the block scheduler
//! [`blockwise`], which is generic over what each block accumulates.
//!
//! * [`trial`]: the event loop and its named steps;
//! * [`random`]: the numbers, by address;
//! * [`schedule`]: blocks over threads.

pub mod random;
mod schedule;
mod trial;

pub use random::{Draws, Field, SCHEME, Stream};
pub use schedule::{
    BLOCK_TRIALS, BLOCKS_PER_CHUNK, CHECK_BLOCKS, Control, Schedule, Shard, Stop, block_trials, blockwise, keyed,
    play_indexed,
};
pub use trial::play;

use crate::model::{Format, MAX_DRIVERS, MAX_MONTHS, MAX_TACTICS, State};

/// Bins of a driver's draw used for attribution (quintiles of its
/// distribution).
pub const DRIVER_BINS: usize = 5;

/// What happened in one trial.
#[derive(Clone, Debug, PartialEq)]
pub struct Trial {
    /// Outcome (0-based scenario index).
    pub outcome: usize,
    /// Index of the rule that named the outcome.
    pub rule: usize,
    /// Day (from the start) of the first signed ceasefire.
    pub signed_day: Option<u32>,
    /// Ceasefires signed.
    pub ceasefires: u32,
    /// Terms of the last ceasefire signed (share of Russia's maximal
    /// demands, political terms included).
    pub terms: Option<f64>,
    /// The last ceasefire's terms exceed Ukraine's red line.
    pub above_red_line: bool,
    /// A ceasefire is in force on the horizon date.
    pub in_force: bool,
    /// Day of the first collapse of a ceasefire.
    pub collapsed_day: Option<u32>,
    /// Days under a signed ceasefire, in all.
    pub days_in_force: u32,
    /// Drafts reversed.
    pub reversals: u32,
    /// Day the US walked away.
    pub us_left_day: Option<u32>,
    /// Day Russia mobilised fully.
    pub mobilised_day: Option<u32>,
    /// Highest escalation reached.
    pub escalation_peak: f64,
    /// Escalation reached the hybrid-war level.
    pub hybrid: bool,
    /// Meetings held.
    pub meetings: u32,
    /// Meetings by format (in [`Format::ALL`] order).
    pub by_format: [u32; 4],
    /// Hours of talks, all meetings together.
    pub hours: f64,
    /// Hours of talks by format.
    pub hours_by_format: [f64; 4],
    /// Meetings per calendar month (0: the start's month, `m`: from the
    /// `m`-th month start) and format, saturating at 255.
    pub calendar: [[u8; 4]; MAX_MONTHS],
    /// Bit `m` is set when a ceasefire was in force at the end of the day
    /// of the `m`-th month start (bit 0: the start date).
    pub in_force_months: u128,
    /// Truces declared.
    pub truces: u32,
    /// Truces declared, by kind (holiday, energy).
    pub truces_by_kind: [u32; 2],
    /// Hours the longest truce held.
    pub longest_truce_hours: f64,
    /// Shocks elsewhere.
    pub shocks: u32,
    /// Deadlines the US set.
    pub deadlines: u32,
    /// Times each tactic fired, by tactic index.
    pub tactic_uses: [u16; MAX_TACTICS],
    /// Each driver's value in this trial.
    pub drivers: [f64; MAX_DRIVERS],
    /// Each driver's quintile (0-4) of its distribution in this trial.
    pub driver_bins: [u8; MAX_DRIVERS],
    /// State on the horizon date.
    pub state: State,
}

/// What happened at one meeting, for observers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MeetingRecord {
    /// Meeting number, from 1.
    pub number: u32,
    /// Day (from the start; fractional: meetings fall between midnights).
    pub day: f64,
    /// Who met.
    pub format: Format,
    /// Hours of talks.
    pub hours: f64,
    /// Tactics that fired (bit `j` for tactic `j`).
    pub fired: u64,
    /// European leaders or advisers were present.
    pub europeans: bool,
    /// A draft formed, with these terms.
    pub draft_formed: Option<f64>,
    /// A draft on the table was reversed.
    pub draft_reversed: bool,
    /// A ceasefire was signed, on these terms.
    pub signed: Option<f64>,
    /// State after the meeting.
    pub state: State,
}

/// Kinds of declared truce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TruceKind {
    /// Declared by Russia for a listed date (Easter, Victory Day).
    Holiday,
    /// A pause in strikes on energy and cities, brokered by the US.
    Energy,
}

impl TruceKind {
    /// Its key in output.
    pub const fn key(self) -> &'static str {
        match self {
            TruceKind::Holiday => "holiday",
            TruceKind::Energy => "energy",
        }
    }
}

/// A declared truce.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TruceRecord {
    /// What kind.
    pub kind: TruceKind,
    /// Day it began.
    pub day: f64,
    /// Hours declared.
    pub declared_hours: f64,
    /// Hours it held.
    pub held_hours: f64,
}

/// Other events, for observers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Happening {
    /// A shock elsewhere raised escalation by `size`.
    Shock {
        /// Escalation added.
        size: f64,
    },
    /// The US set a deadline, due on day `due`.
    Deadline {
        /// Day it falls due.
        due: f64,
    },
    /// A deadline passed; the US acted (sanctions) or let it pass.
    DeadlinePassed {
        /// The US acted.
        acted: bool,
    },
    /// The US walked away.
    UsLeft,
    /// Russia mobilised fully.
    Mobilised,
    /// A ceasefire collapsed.
    Collapsed,
    /// A monthly move happened.
    Move {
        /// Its tactic index.
        tactic: usize,
    },
}

/// Sees a trial as it is played. Every method has a no-op default, and `()`
/// implements it, so the engine pays nothing when nobody watches.
pub trait Observer {
    /// The drivers were drawn; the state on the start date.
    fn start(&mut self, _drivers: &[f64], _state: &State) {}
    /// A month began (day from the start), after the war's noise.
    fn month(&mut self, _day: u32, _state: &State) {}
    /// A meeting ended.
    fn meeting(&mut self, _record: &MeetingRecord) {}
    /// A truce was declared.
    fn truce(&mut self, _record: &TruceRecord) {}
    /// Something else happened on `day`.
    fn happened(&mut self, _day: f64, _what: Happening, _state: &State) {}
    /// The trial ended, with this record.
    fn finish(&mut self, _trial: &Trial) {}
}

impl Observer for () {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    /// Records every state the engine passes through.
    #[derive(Default)]
    struct Watch {
        states: Vec<State>,
        meetings: u32,
        days: Vec<f64>,
    }

    impl Observer for Watch {
        fn start(&mut self, _: &[f64], start: &State) {
            self.states.push(*start);
        }
        fn month(&mut self, day: u32, state: &State) {
            self.states.push(*state);
            self.days.push(f64::from(day));
        }
        fn meeting(&mut self, r: &MeetingRecord) {
            self.meetings += 1;
            self.states.push(r.state);
            self.days.push(r.day);
        }
        fn happened(&mut self, day: f64, _: Happening, state: &State) {
            self.states.push(*state);
            self.days.push(day);
        }
    }

    /// The trials of a run, in order, as the scheduler merges them.
    #[derive(Debug, Default, PartialEq)]
    struct Played(Vec<Trial>);

    impl std::ops::AddAssign<&Played> for Played {
        fn add_assign(&mut self, other: &Played) {
            self.0.extend(other.0.iter().cloned());
        }
    }

    /// Runs `trials` trials on `threads` threads.
    fn run(model: &Model, trials: u64, seed: u64, threads: usize) -> Played {
        let key = keyed(seed);
        let blocks: Vec<u64> = (0..trials.div_ceil(BLOCK_TRIALS)).collect();
        let block = |b| Played(block_trials(b, trials).map(|i| play_indexed(model, key, i, &mut ())).collect());
        let control = Control::default();
        let schedule = Schedule { trials, threads, chunk: BLOCKS_PER_CHUNK, control: &control };
        blockwise(&schedule, &blocks, Played::default(), block, |_| false).0
    }

    #[test]
    fn state_stays_finite_and_in_range_and_time_moves_forward() {
        let model = Model::baseline().unwrap();
        for seed in 0..10 {
            let key = keyed(seed);
            for i in 0..500 {
                let mut watch = Watch::default();
                let t = play_indexed(&model, key, i, &mut watch);
                assert!(watch.states.iter().all(State::in_range), "seed {seed} trial {i}");
                assert!(t.state.in_range());
                assert!(t.hours.is_finite() && t.hours >= 0.0);
                assert!(t.terms.is_none_or(|x| (0.0..=1.0).contains(&x)));
                assert_eq!(watch.meetings, t.meetings, "one record per meeting");
                assert!(watch.days.windows(2).all(|w| w[0] <= w[1]), "events in time order");
                assert!(watch.days.iter().all(|&d| d <= f64::from(model.settings.days)));
                assert_eq!(t.by_format.iter().sum::<u32>(), t.meetings);
            }
        }
    }

    #[test]
    fn watching_a_trial_does_not_change_it() {
        let model = Model::baseline().unwrap();
        let key = keyed(11);
        for i in 0..300 {
            let plain = play_indexed(&model, key, i, &mut ());
            let watched = play_indexed(&model, key, i, &mut Watch::default());
            assert_eq!(plain, watched);
        }
    }

    #[test]
    fn outcomes_follow_the_rules() {
        let model = Model::baseline().unwrap();
        let key = keyed(5);
        for i in 0..2000 {
            let t = play_indexed(&model, key, i, &mut ());
            assert!(trial::matches(&model, &model.rules[t.rule], &t));
            assert!(model.rules[..t.rule].iter().all(|r| !trial::matches(&model, r, &t)), "an earlier rule matched");
            assert_eq!(t.outcome, model.rules[t.rule].outcome);
            assert!(!t.in_force || t.ceasefires > 0);
            assert!(t.collapsed_day.is_none() || t.ceasefires > 0);
        }
    }

    #[test]
    fn runs_with_the_same_seed_are_equal_and_thread_count_does_not_matter() {
        let model = Model::baseline().unwrap();
        let a = run(&model, 9000, 17, 1);
        assert_eq!(a, run(&model, 9000, 17, 2));
        assert_eq!(a, run(&model, 9000, 17, 3));
        assert_ne!(a, run(&model, 9000, 18, 2));
        assert_eq!(a.0.len(), 9000);
    }
}
