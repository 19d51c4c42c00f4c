//! The engine: one trial of the negotiation, and many trials seeded so that
//! any of them can be replayed alone.
//!
//! A trial ([`play`]) draws a starting world, then plays rounds (one round
//! is one meeting): the war moves, the world's tactics fire and act, both
//! sides concede along their curves at a pace set by their pain, a mediator
//! hurries both along (narrowing the gap) or walks away, a draft agreement forms, and is signed the
//! next round unless reversed. A signed ceasefire then faces a monthly
//! violation hazard over the horizon. Ordered rules name the outcome.
//!
//! The engine is pure: no I/O, no clock, no allocation. Randomness comes in
//! as `&mut R`; everything else from the [`Model`](crate::model::Model). An
//! [`Observer`] sees every event (for `trace`, evidence, history); the no-op
//! observer `()` compiles away.
//!
//! It imports only the model: tallies, evidence and reports live above it
//! and drive it through [`play_indexed`] and the block scheduler
//! [`blockwise`], which is generic over what each block accumulates.
//!
//! * [`trial`]: the round loop as named steps;
//! * [`ceasefire`]: the months after signature;
//! * [`schedule`]: seeding (one stream per trial) and blocks over threads.

mod ceasefire;
mod schedule;
mod trial;

pub use schedule::{
    BLOCK_TRIALS, BLOCKS_PER_CHUNK, CHECK_BLOCKS, Control, SCHEME, Schedule, Shard, Stop, block_trials, blockwise,
    keyed_rng, play_indexed, trial_rng,
};
pub use trial::play;

use crate::model::{MAX_TACTICS, State};

/// What happened in one trial.
#[derive(Clone, Debug, PartialEq)]
pub struct Trial {
    /// Starting world (0-based scenario index).
    pub world: usize,
    /// Outcome (0-based scenario index).
    pub outcome: usize,
    /// Index of the rule that named the outcome.
    pub rule: usize,
    /// Rounds of talks played (to signature, breakdown or the round cap).
    pub rounds: u32,
    /// Round in which a ceasefire was signed.
    pub signed_round: Option<u32>,
    /// Terms of the signed agreement (share of Russia's maximal demands,
    /// political premium included).
    pub terms: Option<f64>,
    /// The signed terms exceed Ukraine's red line.
    pub above_red_line: bool,
    /// The ceasefire held through the horizon.
    pub held: bool,
    /// Whole months the ceasefire held (the horizon if it held; 0 if none
    /// was signed).
    pub months_held: u32,
    /// Talks broke down on escalation.
    pub broke_down: bool,
    /// The mediator walked away.
    pub mediator_left: bool,
    /// How many times a draft agreement was reversed.
    pub reversals: u32,
    /// Hours of talks, summed over rounds.
    pub hours: f64,
    /// Times each tactic fired, by tactic index.
    pub tactic_uses: [u16; MAX_TACTICS],
    /// State at the end (at signature, or after the last round).
    pub state: State,
}

/// What happened in one round, for observers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoundRecord {
    /// Round number, from 1.
    pub round: u32,
    /// Hours of talks.
    pub hours: f64,
    /// State after the round.
    pub state: State,
    /// A draft agreement formed, with these terms.
    pub draft_formed: Option<f64>,
    /// A draft on the table was reversed.
    pub draft_reversed: bool,
    /// A draft was signed.
    pub signed: bool,
    /// The mediator walked away.
    pub mediator_left: bool,
    /// Talks broke down.
    pub broke_down: bool,
    /// The mediator was kept out of the room.
    pub mediator_excluded: bool,
}

/// Sees a trial as it is played. Every method has a no-op default, and `()`
/// implements it, so the engine pays nothing when nobody watches.
pub trait Observer {
    /// The world drawn and the starting state.
    fn world(&mut self, _world: usize, _start: &State) {}
    /// The state after the war moved at the start of a round.
    fn environment(&mut self, _round: u32, _state: &State) {}
    /// A tactic fired (round, or month of ceasefire when `ceasefire`).
    fn tactic(&mut self, _when: u32, _ceasefire: bool, _tactic: usize, _state: &State) {}
    /// A round of talks ended.
    fn round(&mut self, _record: &RoundRecord) {}
    /// A month of ceasefire ended.
    fn month(&mut self, _month: u32, _hazard: f64, _violated: bool) {}
}

impl Observer for () {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

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
        let keyed = keyed_rng(seed);
        let blocks: Vec<u64> = (0..trials.div_ceil(BLOCK_TRIALS)).collect();
        let block = |b| Played(block_trials(b, trials).map(|i| play_indexed(model, &keyed, i, &mut ())).collect());
        let control = Control::default();
        let schedule = Schedule { trials, threads, chunk: BLOCKS_PER_CHUNK, control: &control };
        blockwise(&schedule, &blocks, Played::default(), block, |_| false).0
    }

    /// Records every state the engine passes through.
    #[derive(Default)]
    struct Watch {
        states: Vec<State>,
        rounds: u32,
        tactics: u32,
    }

    impl Observer for Watch {
        fn world(&mut self, _: usize, start: &State) {
            self.states.push(*start);
        }
        fn environment(&mut self, _: u32, state: &State) {
            self.states.push(*state);
        }
        fn tactic(&mut self, _: u32, _: bool, _: usize, state: &State) {
            self.tactics += 1;
            self.states.push(*state);
        }
        fn round(&mut self, record: &RoundRecord) {
            self.rounds += 1;
            self.states.push(record.state);
        }
    }

    #[test]
    fn state_stays_finite_and_in_range_in_every_round() {
        // Every shipped world, many seeds; the engine also debug-asserts it.
        let model = Model::baseline().unwrap();
        for seed in 0..20 {
            let keyed = keyed_rng(seed);
            for i in 0..500 {
                let mut watch = Watch::default();
                let t = play_indexed(&model, &keyed, i, &mut watch);
                assert!(watch.states.iter().all(State::in_range), "seed {seed} trial {i}");
                assert!(t.state.in_range());
                assert!(t.hours.is_finite() && t.hours >= 0.0);
                assert!(t.terms.is_none_or(|x| (0.0..=1.0).contains(&x)));
                assert_eq!(watch.rounds, t.rounds, "one round record per round of talks");
            }
        }
    }

    #[test]
    fn watching_a_trial_does_not_change_it() {
        let model = Model::baseline().unwrap();
        let keyed = keyed_rng(11);
        for i in 0..200 {
            let plain = play_indexed(&model, &keyed, i, &mut ());
            let mut watch = Watch::default();
            let watched = play_indexed(&model, &keyed, i, &mut watch);
            assert_eq!(plain, watched);
            let uses: u32 = plain.tactic_uses.iter().map(|&u| u32::from(u)).sum();
            assert_eq!(uses, watch.tactics);
        }
    }

    #[test]
    fn outcomes_follow_the_rules() {
        let model = Model::baseline().unwrap();
        let keyed = keyed_rng(5);
        for i in 0..2000 {
            let t = play_indexed(&model, &keyed, i, &mut ());
            assert!(trial::matches(&model.rules[t.rule], &t));
            assert!(model.rules[..t.rule].iter().all(|r| !trial::matches(r, &t)), "an earlier rule matched");
            assert_eq!(t.outcome, model.rules[t.rule].outcome);
            assert_eq!(t.held, t.signed_round.is_some() && t.months_held == model.settings.horizon_months);
            if t.signed_round.is_some() {
                assert!(t.outcome >= 4, "a signed trial is a negotiated outcome");
            }
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
