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
//! as `&mut R`; everything else from the [`Model`]. An [`Observer`] sees
//! every event (for `trace`); the no-op observer `()` compiles away.

mod run;

pub use run::{
    BLOCK_TRIALS, CHECK_BLOCKS, Control, Finished, GivenTally, MAX_ACCEPTED, Observed, Plan, Precision, SCHEME, Shard,
    Stop, execute, keyed_rng, play_indexed, run, run_given, run_observed, run_pair, trial_rng,
};

use crate::model::{MAX_MEETING_HOURS, MAX_TACTICS, Model, Pain, Rule, State, StateVar, act, situation};
use rand::{Rng, RngExt};

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

/// Plays one trial. The whole trial's randomness comes from `rng`, in a
/// fixed order: the world draw, then per round the war's noise, one draw
/// for each of the world's talks tactics in tactic order, the hours of
/// talks, the mediator's walk-away draw (while there is a mediator); then
/// per month of ceasefire one draw for each ceasefire tactic and the
/// violation draw.
pub fn play<R: Rng + ?Sized, O: Observer>(model: &Model, rng: &mut R, obs: &mut O) -> Trial {
    let u: f64 = rng.random();
    let world = model.world_cdf.iter().position(|&c| u < c).unwrap_or(model.world_cdf.len() - 1);
    let w = &model.worlds[world];
    let mut s = w.start;
    obs.world(world, &s);

    let (russia, ukraine, env) = (&model.russia, &model.ukraine, &model.environment);
    let (ru_open, ua_open) = (s[StateVar::Demand], s[StateVar::Offer]);
    let (mut ru_clock, mut ua_clock) = (0.0_f64, 0.0_f64);
    // Distance each side has conceded along its curve so far.
    let (mut ru_moved, mut ua_moved) = (0.0_f64, 0.0_f64);

    let mut t = Trial {
        world,
        outcome: 0,
        rule: 0,
        rounds: 0,
        signed_round: None,
        terms: None,
        above_red_line: false,
        held: false,
        months_held: 0,
        broke_down: false,
        mediator_left: false,
        reversals: 0,
        hours: 0.0,
        tactic_uses: [0; MAX_TACTICS],
        state: s,
    };
    let mut mediator = s[StateVar::UsEngagement] > 0.0;
    let mut draft: Option<f64> = None;
    let mut talks_open = true;

    for round in 1..=model.settings.max_rounds {
        // The war moves whether or not anyone talks.
        environment(model, &mut s, rng);
        obs.environment(round, &s);
        if !talks_open {
            continue;
        }
        t.rounds = round;

        // Tactics fire and act. Each tactic of the world draws once a
        // round, whether or not its condition holds, so that two models
        // compared trial by trial stay in step; conditions are judged on the
        // state at the start of the round's talks.
        let now = situation(&s, draft.is_some());
        // First every draw, with no branch on its result (whether a tactic
        // fires is a coin flip the CPU cannot predict), into a bit set;
        // then only the tactics that fired act.
        let mut fired = 0_u64;
        for (j, a) in w.talks.iter().enumerate() {
            let hit = (u64::from(rng.next_u32()) < a.threshold) & (a.when & now != 0);
            fired |= u64::from(hit) << j;
        }
        let mut acts = 0_u8;
        let mut hours_factor = 1.0;
        while fired != 0 {
            let a = &w.talks[fired.trailing_zeros() as usize];
            fired &= fired - 1;
            t.tactic_uses[a.tactic] += 1;
            s.apply(&a.delta);
            acts |= a.acts;
            hours_factor *= a.hours_factor;
            obs.tactic(round, false, a.tactic, &s);
        }
        let blocks = acts & act::BLOCKS_AGREEMENT != 0;
        let freezes = acts & act::FREEZES_RUSSIA != 0;
        let reverses = acts & act::REVERSES_DRAFT != 0;
        let excludes = acts & act::EXCLUDES_MEDIATOR != 0;
        let ends_mediation = acts & act::ENDS_MEDIATION != 0;
        // Tactics multiply a meeting's length; a meeting still ends within a
        // month (MAX_MEETING_HOURS), however many lengthening tactics fire.
        let hours = ((env.hours_min + rng.random::<f64>() * (env.hours_max - env.hours_min)) * hours_factor)
            .min(MAX_MEETING_HOURS);
        t.hours += hours;

        let mut record = RoundRecord {
            round,
            hours,
            state: s,
            draft_formed: None,
            draft_reversed: false,
            signed: false,
            mediator_left: false,
            broke_down: false,
            mediator_excluded: excludes && mediator,
        };

        // The mediator may walk away: for good, taking US support with it.
        if mediator {
            let walks = ends_mediation
                || rng.random::<f64>() < model.mediator.walkaway_hazard * (1.0 - s[StateVar::UsEngagement]);
            if walks {
                mediator = false;
                t.mediator_left = true;
                record.mediator_left = true;
                s.set(StateVar::UsEngagement, 0.0);
                s.add(StateVar::WesternSupport, -model.mediator.support_loss);
            }
        }

        // A draft from last round is signed now, unless reversed or blocked.
        if let Some(terms) = draft {
            if reverses {
                draft = None;
                t.reversals += 1;
                record.draft_reversed = true;
            } else if !blocks {
                t.signed_round = Some(round);
                t.terms = Some(terms);
                t.above_red_line = terms > model.agreement.red_line;
                record.signed = true;
                record.state = s;
                obs.round(&record);
                break;
            }
        }

        // Both sides concede along their curves. Their clocks run at a base
        // pace, faster with pain, and faster still while an engaged mediator
        // is in the room: the mediator narrows the gap by hurrying both
        // sides along their own curves. How far a curve leads, from where the
        // side opened to its limit, depends on pain too: desperation moves
        // the limit. Tactics' shifts of demand and offer stay on top.
        let ru_pain = pain(&russia.pain, &s, s[StateVar::RuResources], -s[StateVar::Front]);
        let ua_pain = pain(&ukraine.pain, &s, s[StateVar::UaResources], s[StateVar::Front]);
        let in_room = f64::from(u8::from(mediator & !excludes));
        let mediation = in_room * model.mediator.pull * s[StateVar::UsEngagement];
        // Branch-free: a frozen Russia's clock advances by zero.
        ru_clock += f64::from(u8::from(!freezes)) * (russia.base_pace + russia.pain_pace * ru_pain + mediation);
        ua_clock += ukraine.base_pace + ukraine.pain_pace * ua_pain + mediation;
        let ru_room = (ru_open - (russia.limit - russia.desperation * ru_pain)).max(0.0);
        let ua_room = ((ukraine.limit + ukraine.desperation * ua_pain).min(1.0) - ua_open).max(0.0);
        let ru_now = russia.curve.at_clock(ru_clock, russia.clock_steps) * ru_room;
        let ua_now = ukraine.curve.at_clock(ua_clock, ukraine.clock_steps) * ua_room;
        s.add(StateVar::Demand, -(ru_now - ru_moved));
        s.add(StateVar::Offer, ua_now - ua_moved);
        ru_moved = ru_now;
        ua_moved = ua_now;

        // Positions that cross form a draft, if nothing blocks it and
        // Ukraine has met any precondition. The draft is Russia's standing
        // demand, which Ukraine now accepts, but never less than the
        // precondition Ukraine had to concede to get here, plus any
        // political premium.
        if draft.is_none()
            & !blocks
            & (s[StateVar::Demand] <= s[StateVar::Offer])
            & (s[StateVar::Offer] >= model.agreement.precondition)
        {
            let terms =
                (s[StateVar::Demand].max(model.agreement.precondition) + model.agreement.political_premium).min(1.0);
            draft = Some(terms);
            record.draft_formed = Some(terms);
        }

        if s[StateVar::Escalation] >= env.breakdown_escalation {
            talks_open = false;
            t.broke_down = true;
            record.broke_down = true;
            draft = None;
        }
        record.state = s;
        obs.round(&record);
        debug_assert!(s.in_range(), "state out of range in round {round}: {s:?}");
    }

    if t.signed_round.is_some() {
        ceasefire(model, world, &mut s, &mut t, rng, obs);
    }
    t.state = s;
    let rule = model.rules.iter().position(|r| matches(r, &t)).unwrap_or(model.rules.len() - 1);
    t.rule = rule;
    t.outcome = model.rules[rule].outcome;
    t
}

/// One round of war: resources burn and are resupplied, the front drifts
/// toward the side with more resources, plus noise; fatigue grows with the
/// fighting, escalation fades, support and sanctions drift.
#[inline]
fn environment<R: Rng + ?Sized>(model: &Model, s: &mut State, rng: &mut R) {
    let e = &model.environment;
    let intensity = e.base_intensity + e.escalation_intensity * s[StateVar::Escalation];
    s.add(
        StateVar::RuResources,
        model.russia.resupply * (1.0 - s[StateVar::Sanctions]) - model.russia.burn * intensity,
    );
    s.add(StateVar::UaResources, model.ukraine.resupply * s[StateVar::WesternSupport] - model.ukraine.burn * intensity);
    let noise = e.front_noise * (2.0 * rng.random::<f64>() - 1.0);
    s.add(StateVar::Front, e.front_pull * (s[StateVar::RuResources] - s[StateVar::UaResources]) + noise);
    s.add(StateVar::Fatigue, e.fatigue_rate * intensity);
    s.add(StateVar::Escalation, -e.escalation_decay * s[StateVar::Escalation]);
    s.add(StateVar::WesternSupport, e.support_drift);
    s.add(StateVar::Sanctions, e.sanctions_drift);
}

/// A side's pain in [0, 1]: the weighted sum of what hurts it.
#[inline]
fn pain(w: &Pain, s: &State, own_resources: f64, front_against: f64) -> f64 {
    let p = w.resources * (1.0 - own_resources)
        + w.sanctions * s[StateVar::Sanctions]
        + w.front * front_against.max(0.0)
        + w.fatigue * s[StateVar::Fatigue]
        + w.support_missing * (1.0 - s[StateVar::WesternSupport])
        + w.support_given * s[StateVar::WesternSupport];
    p.min(1.0)
}

/// The situation of a round, as bits of [`situation`], for tactic
/// conditions.
#[inline]
fn situation(s: &State, draft: bool) -> u8 {
    let mut bits = situation::ALWAYS | if draft { situation::DRAFT } else { situation::NO_DRAFT };
    if s[StateVar::Front] > 0.0 {
        bits |= situation::RUSSIA_ADVANCING;
    } else if s[StateVar::Front] < 0.0 {
        bits |= situation::RUSSIA_LOSING;
    }
    bits
}

/// The months after signature: each month the world's ceasefire tactics
/// may fire (adding to the hazard and acting on the state), then the
/// ceasefire is violated with the month's hazard.
fn ceasefire<R: Rng + ?Sized, O: Observer>(
    model: &Model,
    world: usize,
    s: &mut State,
    t: &mut Trial,
    rng: &mut R,
    obs: &mut O,
) {
    let horizon = model.settings.horizon_months;
    let c = &model.ceasefire;
    t.held = true;
    t.months_held = horizon;
    for month in 1..=horizon {
        let mut hazard = c.base_hazard + c.distrust_hazard * (1.0 - s[StateVar::Trust]);
        let w = &model.worlds[world];
        for a in &w.ceasefire {
            if u64::from(rng.next_u32()) < a.threshold {
                t.tactic_uses[a.tactic] += 1;
                s.apply(&a.delta);
                hazard += a.violation_hazard;
                obs.tactic(month, true, a.tactic, s);
            }
        }
        let violated = rng.random::<f64>() < hazard;
        obs.month(month, hazard.min(1.0), violated);
        if violated {
            t.held = false;
            t.months_held = month - 1;
            break;
        }
    }
}

fn matches(r: &Rule, t: &Trial) -> bool {
    let want = |cond: Option<bool>, fact: bool| cond.is_none_or(|c| c == fact);
    want(r.signed, t.signed_round.is_some())
        && want(r.held, t.held)
        && want(r.above_red_line, t.above_red_line)
        && want(r.broke_down, t.broke_down)
        && want(r.mediator_left, t.mediator_left)
        && want(r.reversed, t.reversals > 0)
        && StateVar::ALL.iter().all(|&v| t.state[v] >= r.min[v] && t.state[v] <= r.max[v])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

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
            assert!(matches(&model.rules[t.rule], &t));
            assert!(model.rules[..t.rule].iter().all(|r| !matches(r, &t)), "an earlier rule matched");
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
        assert_eq!(a.trials, 9000);
    }
}
