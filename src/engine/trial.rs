//! One trial, as named steps: draw a world, then per round let the war
//! move, fire tactics, hold the meeting, let the mediator stay or go, sign
//! a standing draft, concede, form a draft, check for a breakdown; then
//! follow a signed ceasefire ([`super::ceasefire`]) and classify.
//!
//! The order of the random draws is part of the reproducibility scheme
//! (see [`play`]); the steps below draw exactly in that order, and the
//! value-stability tests pin it.

use super::ceasefire;
use super::{Observer, RoundRecord, Trial};
use crate::model::{MAX_MEETING_HOURS, MAX_TACTICS, Model, Pain, Rule, State, StateVar, World, act, situation};
use rand::{Rng, RngExt};

/// Plays one trial. The whole trial's randomness comes from `rng`, in a
/// fixed order: the world draw, then per round the war's noise, one draw
/// for each of the world's talks tactics in tactic order, the hours of
/// talks, the mediator's walk-away draw (while there is a mediator); then
/// per month of ceasefire one draw for each ceasefire tactic and the
/// violation draw.
pub fn play<R: Rng + ?Sized, O: Observer>(model: &Model, rng: &mut R, obs: &mut O) -> Trial {
    let world = draw_world(model, rng);
    let mut talks = Talks::open(model, world);
    obs.world(world, &talks.s);
    let mut t = Trial::new(world, talks.s);

    for round in 1..=model.settings.max_rounds {
        war_moves(model, &mut talks.s, rng);
        obs.environment(round, &talks.s);
        if !talks.open {
            continue;
        }
        t.rounds = round;
        let fired = talks.fire_tactics(round, rng, &mut t, obs);
        let hours = meeting_hours(model, fired.hours_factor, rng);
        t.hours += hours;
        let mut record = RoundRecord::new(round, hours, talks.s, fired.has(act::EXCLUDES_MEDIATOR) && talks.mediator);
        talks.mediator_may_leave(&fired, rng, &mut t, &mut record);
        if talks.sign_or_reverse(&fired, round, &mut t, &mut record) {
            record.state = talks.s;
            obs.round(&record);
            break;
        }
        talks.concede(&fired);
        talks.form_draft(&fired, &mut record);
        talks.break_down_on_escalation(&mut t, &mut record);
        record.state = talks.s;
        obs.round(&record);
        debug_assert!(talks.s.in_range(), "state out of range in round {round}: {:?}", talks.s);
    }

    if t.signed_round.is_some() {
        ceasefire::follow(model, &model.worlds[world], &mut talks.s, &mut t, rng, obs);
    }
    t.state = talks.s;
    classify(model, &mut t);
    t
}

/// The starting world, from one 64-bit draw against the cumulative table.
fn draw_world<R: Rng + ?Sized>(model: &Model, rng: &mut R) -> usize {
    let u: f64 = rng.random();
    model.world_cdf.iter().position(|&c| u < c).unwrap_or(model.world_cdf.len() - 1)
}

/// What the tactics that fired in a round do, together.
struct Fired {
    /// Bits of [`act`].
    acts: u8,
    /// Product of their hours factors.
    hours_factor: f64,
}

impl Fired {
    #[inline]
    fn has(&self, bit: u8) -> bool {
        self.acts & bit != 0
    }
}

/// The talks as they stand between rounds: the state, where each side
/// stands on its concession curve, the mediator and the draft.
struct Talks<'m> {
    model: &'m Model,
    world: &'m World,
    s: State,
    /// Where each side opened.
    ru_open: f64,
    ua_open: f64,
    /// Concession clocks, in rounds.
    ru_clock: f64,
    ua_clock: f64,
    /// Distance each side has conceded along its curve so far.
    ru_moved: f64,
    ua_moved: f64,
    /// A mediator is engaged (until it walks away for good).
    mediator: bool,
    /// Terms of a draft on the table.
    draft: Option<f64>,
    /// Talks go on (false after a breakdown).
    open: bool,
}

impl<'m> Talks<'m> {
    fn open(model: &'m Model, world: usize) -> Talks<'m> {
        let w = &model.worlds[world];
        let s = w.start;
        Talks {
            model,
            world: w,
            s,
            ru_open: s[StateVar::Demand],
            ua_open: s[StateVar::Offer],
            ru_clock: 0.0,
            ua_clock: 0.0,
            ru_moved: 0.0,
            ua_moved: 0.0,
            mediator: s[StateVar::UsEngagement] > 0.0,
            draft: None,
            open: true,
        }
    }

    /// Each tactic of the world draws once a round, whether or not its
    /// condition holds, so that two models compared trial by trial stay in
    /// step; conditions are judged on the state at the start of the round's
    /// talks. First every draw, with no branch on its result (whether a
    /// tactic fires is a coin flip the CPU cannot predict), into a bit set;
    /// then only the tactics that fired act.
    fn fire_tactics<R: Rng + ?Sized, O: Observer>(
        &mut self,
        round: u32,
        rng: &mut R,
        t: &mut Trial,
        obs: &mut O,
    ) -> Fired {
        let now = situation(&self.s, self.draft.is_some());
        let mut fired = 0_u64;
        for (j, a) in self.world.talks.iter().enumerate() {
            let hit = (u64::from(rng.next_u32()) < a.threshold) & (a.when & now != 0);
            fired |= u64::from(hit) << j;
        }
        let mut out = Fired { acts: 0, hours_factor: 1.0 };
        while fired != 0 {
            let a = &self.world.talks[fired.trailing_zeros() as usize];
            fired &= fired - 1;
            t.tactic_uses[a.tactic] += 1;
            self.s.apply(&a.delta);
            out.acts |= a.acts;
            out.hours_factor *= a.hours_factor;
            obs.tactic(round, false, a.tactic, &self.s);
        }
        out
    }

    /// The mediator may walk away: for good, taking US support with it.
    fn mediator_may_leave<R: Rng + ?Sized>(
        &mut self,
        fired: &Fired,
        rng: &mut R,
        t: &mut Trial,
        record: &mut RoundRecord,
    ) {
        if !self.mediator {
            return;
        }
        let m = &self.model.mediator;
        let walks = fired.has(act::ENDS_MEDIATION)
            || rng.random::<f64>() < m.walkaway_hazard * (1.0 - self.s[StateVar::UsEngagement]);
        if walks {
            self.mediator = false;
            t.mediator_left = true;
            record.mediator_left = true;
            self.s.set(StateVar::UsEngagement, 0.0);
            self.s.add(StateVar::WesternSupport, -m.support_loss);
        }
    }

    /// A draft from last round is signed now, unless reversed or blocked.
    /// True when it was signed (the talks are over).
    fn sign_or_reverse(&mut self, fired: &Fired, round: u32, t: &mut Trial, record: &mut RoundRecord) -> bool {
        let Some(terms) = self.draft else { return false };
        if fired.has(act::REVERSES_DRAFT) {
            self.draft = None;
            t.reversals += 1;
            record.draft_reversed = true;
            false
        } else if !fired.has(act::BLOCKS_AGREEMENT) {
            t.signed_round = Some(round);
            t.terms = Some(terms);
            t.above_red_line = terms > self.model.agreement.red_line;
            record.signed = true;
            true
        } else {
            false
        }
    }

    /// Both sides concede along their curves. Their clocks run at a base
    /// pace, faster with pain, and faster still while an engaged mediator
    /// is in the room: the mediator narrows the gap by hurrying both sides
    /// along their own curves. How far a curve leads, from where the side
    /// opened to its limit, depends on pain too: desperation moves the
    /// limit. Tactics' shifts of demand and offer stay on top.
    fn concede(&mut self, fired: &Fired) {
        let (russia, ukraine, s) = (&self.model.russia, &self.model.ukraine, &mut self.s);
        let ru_pain = pain(&russia.pain, s, s[StateVar::RuResources], -s[StateVar::Front]);
        let ua_pain = pain(&ukraine.pain, s, s[StateVar::UaResources], s[StateVar::Front]);
        let in_room = f64::from(u8::from(self.mediator & !fired.has(act::EXCLUDES_MEDIATOR)));
        let mediation = in_room * self.model.mediator.pull * s[StateVar::UsEngagement];
        // Branch-free: a frozen Russia's clock advances by zero.
        let frozen = fired.has(act::FREEZES_RUSSIA);
        self.ru_clock += f64::from(u8::from(!frozen)) * (russia.base_pace + russia.pain_pace * ru_pain + mediation);
        self.ua_clock += ukraine.base_pace + ukraine.pain_pace * ua_pain + mediation;
        let ru_room = (self.ru_open - (russia.limit - russia.desperation * ru_pain)).max(0.0);
        let ua_room = ((ukraine.limit + ukraine.desperation * ua_pain).min(1.0) - self.ua_open).max(0.0);
        let ru_now = russia.curve.at_clock(self.ru_clock, russia.clock_steps) * ru_room;
        let ua_now = ukraine.curve.at_clock(self.ua_clock, ukraine.clock_steps) * ua_room;
        s.add(StateVar::Demand, -(ru_now - self.ru_moved));
        s.add(StateVar::Offer, ua_now - self.ua_moved);
        self.ru_moved = ru_now;
        self.ua_moved = ua_now;
    }

    /// Positions that cross form a draft, if nothing blocks it and Ukraine
    /// has met any precondition. The draft is Russia's standing demand,
    /// which Ukraine now accepts, but never less than the precondition
    /// Ukraine had to concede to get here, plus any political premium.
    fn form_draft(&mut self, fired: &Fired, record: &mut RoundRecord) {
        let (s, agreement) = (&self.s, &self.model.agreement);
        if self.draft.is_none()
            & !fired.has(act::BLOCKS_AGREEMENT)
            & (s[StateVar::Demand] <= s[StateVar::Offer])
            & (s[StateVar::Offer] >= agreement.precondition)
        {
            let terms = (s[StateVar::Demand].max(agreement.precondition) + agreement.political_premium).min(1.0);
            self.draft = Some(terms);
            record.draft_formed = Some(terms);
        }
    }

    /// Escalation past the threshold ends the talks; the war goes on.
    fn break_down_on_escalation(&mut self, t: &mut Trial, record: &mut RoundRecord) {
        if self.s[StateVar::Escalation] >= self.model.environment.breakdown_escalation {
            self.open = false;
            t.broke_down = true;
            record.broke_down = true;
            self.draft = None;
        }
    }
}

/// One round of war: resources burn and are resupplied, the front drifts
/// toward the side with more resources, plus noise; fatigue grows with the
/// fighting, escalation fades, support and sanctions drift.
#[inline]
fn war_moves<R: Rng + ?Sized>(model: &Model, s: &mut State, rng: &mut R) {
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

/// Tactics multiply a meeting's length; a meeting still ends within a
/// month (`MAX_MEETING_HOURS`), however many lengthening tactics fire.
#[inline]
fn meeting_hours<R: Rng + ?Sized>(model: &Model, factor: f64, rng: &mut R) -> f64 {
    let env = &model.environment;
    ((env.hours_min + rng.random::<f64>() * (env.hours_max - env.hours_min)) * factor).min(MAX_MEETING_HOURS)
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

/// The first rule whose conditions all hold names the outcome.
fn classify(model: &Model, t: &mut Trial) {
    let rule = model.rules.iter().position(|r| matches(r, t)).unwrap_or(model.rules.len() - 1);
    t.rule = rule;
    t.outcome = model.rules[rule].outcome;
}

/// Whether a finished trial meets a rule's conditions.
pub(super) fn matches(r: &Rule, t: &Trial) -> bool {
    let want = |cond: Option<bool>, fact: bool| cond.is_none_or(|c| c == fact);
    want(r.signed, t.signed_round.is_some())
        && want(r.held, t.held)
        && want(r.above_red_line, t.above_red_line)
        && want(r.broke_down, t.broke_down)
        && want(r.mediator_left, t.mediator_left)
        && want(r.reversed, t.reversals > 0)
        && StateVar::ALL.iter().all(|&v| t.state[v] >= r.min[v] && t.state[v] <= r.max[v])
}

impl Trial {
    fn new(world: usize, state: State) -> Trial {
        Trial {
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
            state,
        }
    }
}

impl RoundRecord {
    fn new(round: u32, hours: f64, state: State, mediator_excluded: bool) -> RoundRecord {
        RoundRecord {
            round,
            hours,
            state,
            draft_formed: None,
            draft_reversed: false,
            signed: false,
            mediator_left: false,
            broke_down: false,
            mediator_excluded,
        }
    }
}
