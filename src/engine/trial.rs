//! One trial on the calendar, as named steps.
//!
//! Time runs in days from the start date. The trial keeps a clock for
//! every kind of event and jumps from one event to the next:
//!
//! * **meetings**: one process whose rate is the sum of the four formats'
//!   rates, each set by the state (US engagement, the gap between the
//!   sides, escalation, a ceasefire in force). It fires when its integrated
//!   rate reaches a unit exponential (the next-reaction method of Gibson
//!   and Bruck, 2000), so a rate that changes between events is followed
//!   exactly while it is constant, and each meeting costs one clock;
//! * **the US walking away**: the same kind of clock, at a rate that grows
//!   as US engagement falls;
//! * **shocks elsewhere** and **Russia's full mobilisation**: constant
//!   rates, so their times are drawn ahead;
//! * **dated events**: the first of each month (the war's noise and the
//!   monthly moves), the listed holidays, a US deadline falling due, a
//!   ceasefire collapsing, and the horizon.
//!
//! Between events the war moves deterministically (resources burn and are
//! resupplied, the front drifts toward the side with more, fatigue grows,
//! escalation fades, support and sanctions drift), with the fighting's
//! intensity lowered during a declared truce or a signed ceasefire.
//!
//! Every random number comes from the trial's addressable field
//! ([`super::random`]): meeting `k`'s hours, tactic `j` at meeting `k`,
//! month `m`'s noise and so on, each by its own address.

use super::random::{Field, Stream};
use super::{DRIVER_BINS, Happening, MeetingRecord, Observer, Trial, TruceKind, TruceRecord};
use crate::model::math;
use crate::model::{
    Coef, Coefs, DriverTarget, Format, MAX_DRIVERS, MAX_MEETING_HOURS, MAX_MEETINGS, MAX_MONTHS, MAX_TACTICS, Model,
    Rule, State, StateVar, act, situation,
};

/// Days in the "month" that rates are given per.
const MONTH: f64 = 30.0;

/// Plays one trial with the numbers of `d`.
pub fn play<F: Field, O: Observer>(model: &Model, d: &F, obs: &mut O) -> Trial {
    let mut w = World::new(model, d);
    obs.start(&w.trial.drivers[..model.drivers.len()], &w.s);
    loop {
        let (at, event) = w.next_event();
        w.advance_to(at);
        match event {
            Event::Horizon => break,
            Event::Meeting => {
                // Of the dated clocks, a meeting can move only a deadline
                // (an ultimatum set, or dropped as the US leaves or a
                // ceasefire is signed) and the collapse day (a signing).
                let before = (w.deadline_at, w.collapse_at);
                w.meeting(obs);
                if (w.deadline_at, w.collapse_at) != before {
                    w.refresh_dated();
                }
                continue;
            }
            Event::Month => w.month(obs),
            Event::Holiday => w.holiday(obs),
            Event::Shock => w.shock(obs),
            Event::Mobilisation => w.mobilise(obs),
            Event::Walkaway => w.us_walks_away(obs),
            Event::Deadline => w.deadline_falls_due(obs),
            Event::Collapse => w.collapse(obs),
        }
        w.refresh_dated();
    }
    let trial = w.finish();
    obs.finish(&trial);
    trial
}

/// The events a trial jumps between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Event {
    Horizon,
    Month,
    Meeting,
    Holiday,
    Shock,
    Mobilisation,
    Walkaway,
    Deadline,
    Collapse,
}

/// A trial in progress.
struct World<'m, F> {
    model: &'m Model,
    d: &'m F,
    /// This trial's coefficients (the model's, with the drivers drawn).
    c: Coefs,
    s: State,
    trial: Trial,
    /// Days from the start.
    now: f64,
    /// The horizon, in days from the start.
    horizon: f64,
    /// The earliest of the dated clocks before the walk-away clock in the
    /// tie order (horizon, collapse, month, holiday, deadline), and of those
    /// after it (shock, mobilisation). They change only at their own
    /// events, so they are found again only then ([`World::refresh_dated`]),
    /// not at every meeting.
    dated_first: (f64, Event),
    dated_last: (f64, Event),

    /// The meeting clock's unit exponential, and the rate integrated since
    /// the last meeting.
    meeting_e: f64,
    meeting_acc: f64,
    /// The formats' rates per day and the walk-away rate, as of the last
    /// event (the state changes only at events, so they hold until the
    /// next).
    rates: [f64; 4],
    rate: f64,
    walk_rate: f64,
    /// The walk-away clock.
    walk_e: f64,
    walk_acc: f64,
    us_left: bool,
    /// Next shock, and shocks so far.
    next_shock: f64,
    /// Full mobilisation (drawn ahead).
    mobilise_at: f64,
    mobilised: bool,
    /// A US deadline falling due.
    deadline_at: f64,
    /// Next month start (index into the settings' list) and next holiday.
    next_month: usize,
    next_holiday: usize,
    /// A declared truce runs until this day (fighting lowered).
    truce_until: f64,
    truce_from: f64,
    /// A ceasefire in force since this day; its collapse clock's unit
    /// exponential, the hazard integrated up to `collapse_checked` (days
    /// from signing), the multiplier since then, and the day it collapses
    /// if nothing changes (re-read at signing and on the first of each
    /// month: trust and guarantees move the hazard month by month).
    in_force_since: Option<f64>,
    collapse_e: f64,
    collapse_acc: f64,
    collapse_checked: f64,
    collapse_mult: f64,
    collapse_at: f64,
    /// Terms of a draft on the table.
    draft: Option<f64>,
    /// No new draft forms before this day (after a reversal).
    cooldown_until: f64,
}

impl<'m, F: Field> World<'m, F> {
    /// Draws the drivers and sets every clock.
    fn new(model: &'m Model, d: &'m F) -> World<'m, F> {
        let mut c = model.coefs;
        let mut s = model.start;
        let mut trial = Trial {
            outcome: 0,
            rule: 0,
            signed_day: None,
            ceasefires: 0,
            terms: None,
            above_red_line: false,
            in_force: false,
            collapsed_day: None,
            days_in_force: 0,
            reversals: 0,
            us_left_day: None,
            mobilised_day: None,
            escalation_peak: 0.0,
            hybrid: false,
            meetings: 0,
            by_format: [0; 4],
            calendar: [[0; 4]; MAX_MONTHS],
            in_force_months: 0,
            truces_by_kind: [0; 2],
            hours: 0.0,
            hours_by_format: [0.0; 4],
            truces: 0,
            longest_truce_hours: 0.0,
            shocks: 0,
            deadlines: 0,
            tactic_uses: [0; MAX_TACTICS],
            drivers: [0.0; MAX_DRIVERS],
            driver_bins: [0; MAX_DRIVERS],
            state: s,
        };
        for (j, driver) in model.drivers.iter().enumerate() {
            let u = d.uniform(Stream::Drivers, j as u64);
            let v = driver.distribution.sample(u);
            match driver.target {
                DriverTarget::Coef(k) => c[k] = v,
                DriverTarget::Start(var) => s.set(var, v),
            }
            trial.drivers[j] = v;
            trial.driver_bins[j] = ((u * DRIVER_BINS as f64) as usize).min(DRIVER_BINS - 1) as u8;
        }
        trial.escalation_peak = s[StateVar::Escalation];
        let per_day = |per_year: f64| per_year / 365.25;
        let first_shock = clock(d.exponential(Stream::Shocks, 0), per_day(c[Coef::ShockRate]));
        let mobilise_at = clock(d.exponential(Stream::Mobilisation, 0), per_day(c[Coef::RuMobilisationRate]));
        let mut w = World {
            model,
            d,
            c,
            s,
            trial,
            now: 0.0,
            horizon: f64::from(model.settings.days),
            dated_first: (f64::INFINITY, Event::Horizon),
            dated_last: (f64::INFINITY, Event::Shock),
            meeting_e: d.exponential(Stream::MeetingClock, 0),
            meeting_acc: 0.0,
            rates: [0.0; 4],
            rate: 0.0,
            walk_rate: 0.0,
            walk_e: d.exponential(Stream::Us, 0),
            walk_acc: 0.0,
            us_left: false,
            next_shock: first_shock,
            mobilise_at,
            mobilised: false,
            deadline_at: f64::INFINITY,
            next_month: 0,
            next_holiday: 0,
            truce_until: f64::NEG_INFINITY,
            truce_from: f64::NEG_INFINITY,
            in_force_since: None,
            collapse_e: 0.0,
            collapse_acc: 0.0,
            collapse_checked: 0.0,
            collapse_mult: 1.0,
            collapse_at: f64::INFINITY,
            draft: None,
            cooldown_until: f64::NEG_INFINITY,
        };
        w.refresh_dated();
        w
    }

    /// US engagement as it acts: none once the US has walked away.
    #[inline]
    fn engagement(&self) -> f64 {
        if self.us_left { 0.0 } else { self.s[StateVar::UsEngagement] }
    }

    /// Each format's meeting rate per day, at the current state.
    fn meeting_rates(&self) -> [f64; 4] {
        let c = &self.c;
        if self.trial.meetings >= MAX_MEETINGS {
            return [0.0; 4];
        }
        let eng = self.engagement();
        let mut factor = 1.0 / MONTH;
        if self.s[StateVar::Escalation] >= c[Coef::PauseEscalation] {
            factor *= c[Coef::PauseFactor];
        }
        if self.in_force_since.is_some() {
            factor *= c[Coef::CeasefireFactor];
        }
        let gap = self.s[StateVar::Demand] - self.s[StateVar::Offer];
        let narrow = if gap <= c[Coef::TrilateralGap] { 1.0 } else { 0.0 };
        [
            c[Coef::RateUsUa] * eng * factor,
            c[Coef::RateUsRu] * eng * factor,
            c[Coef::RateRuUa] * factor,
            c[Coef::RateTri] * eng * narrow * factor,
        ]
    }

    /// The walk-away rate per day.
    fn walkaway_rate(&self) -> f64 {
        if self.us_left { 0.0 } else { self.c[Coef::UsWalkawayRate] * (1.0 - self.s[StateVar::UsEngagement]) / MONTH }
    }

    /// Finds again the earliest of the dated clocks, in the two groups the
    /// tie order puts on either side of the walk-away clock.
    fn refresh_dated(&mut self) {
        let settings = &self.model.settings;
        let month = settings.month_starts.get(self.next_month).map_or(f64::INFINITY, |&d| f64::from(d));
        let holiday = self.model.holidays.get(self.next_holiday).map_or(f64::INFINITY, |h| f64::from(h.day));
        let mobilise = if self.mobilised { f64::INFINITY } else { self.mobilise_at };
        self.dated_first = earliest(&[
            (self.horizon, Event::Horizon),
            (self.collapse_at, Event::Collapse),
            (month, Event::Month),
            (holiday, Event::Holiday),
            (self.deadline_at, Event::Deadline),
        ]);
        self.dated_last = earliest(&[(self.next_shock, Event::Shock), (mobilise, Event::Mobilisation)]);
    }

    /// The next event and its day: the earliest of every clock (ties go to
    /// the first in this order, always the same: horizon, collapse, month,
    /// holiday, deadline, walk-away, shock, mobilisation, meeting). The
    /// earliest of a list is the earliest of the earliest of its parts,
    /// taken in order, so the dated clocks' two groups stand for their
    /// members.
    fn next_event(&mut self) -> (f64, Event) {
        self.rates = self.meeting_rates();
        self.rate = self.rates.iter().sum();
        self.walk_rate = self.walkaway_rate();
        let rate = self.rate;
        let meeting =
            if rate > 0.0 { self.now + (self.meeting_e - self.meeting_acc).max(0.0) / rate } else { f64::INFINITY };
        let walk_rate = self.walk_rate;
        let walk =
            if walk_rate > 0.0 { self.now + (self.walk_e - self.walk_acc).max(0.0) / walk_rate } else { f64::INFINITY };
        let best = earliest(&[self.dated_first, (walk, Event::Walkaway), self.dated_last, (meeting, Event::Meeting)]);
        // Nothing happens after the horizon; an event on it is not played.
        let horizon = self.horizon;
        if best.0 >= horizon { (horizon, Event::Horizon) } else { (best.0.max(self.now), best.1) }
    }

    /// The war moves from `now` to `at`, and the clocks integrate their
    /// rates over the same days.
    fn advance_to(&mut self, at: f64) {
        let dt = at - self.now;
        if dt > 0.0 {
            self.meeting_acc += self.rate * dt;
            self.walk_acc += self.walk_rate * dt;
            self.war_moves(dt);
        }
        self.now = at;
    }

    /// `dt` days of war.
    fn war_moves(&mut self, dt: f64) {
        let c = &self.c;
        let s = &mut self.s;
        let m = dt / MONTH;
        // The intensity left: under a ceasefire, or for the share of the
        // days under a declared truce.
        let lowered = if self.in_force_since.is_some() {
            c[Coef::CeasefireIntensity]
        } else if self.truce_until > self.now {
            let truce = ((self.truce_until.min(self.now + dt) - self.truce_from.max(self.now)) / dt).clamp(0.0, 1.0);
            1.0 - truce * (1.0 - c[Coef::TruceIntensity])
        } else {
            1.0
        };
        let intensity = (c[Coef::Intensity] + c[Coef::EscalationIntensity] * s[StateVar::Escalation]) * lowered;
        let mobilised = if self.mobilised { c[Coef::RuMobilisedResupply] } else { 0.0 };
        s.add(
            StateVar::RuResources,
            (c[Coef::RuResupply] * (1.0 - s[StateVar::Sanctions]) + mobilised - c[Coef::RuBurn] * intensity) * m,
        );
        s.add(
            StateVar::UaResources,
            (c[Coef::UaResupply] * s[StateVar::WesternSupport] - c[Coef::UaBurn] * intensity) * m,
        );
        s.add(
            StateVar::Front,
            c[Coef::FrontPull] * (s[StateVar::RuResources] - s[StateVar::UaResources]) * intensity * m,
        );
        s.add(StateVar::Fatigue, c[Coef::FatigueRate] * intensity * m);
        s.add(StateVar::Escalation, -c[Coef::EscalationDecay] * s[StateVar::Escalation] * m.min(1.0));
        s.add(StateVar::WesternSupport, c[Coef::SupportDrift] * m);
        s.add(StateVar::Sanctions, c[Coef::SanctionsDrift] * m);
        if !self.us_left {
            s.add(StateVar::UsEngagement, c[Coef::UsEngagementDrift] * m);
        }
        if self.in_force_since.is_some() {
            s.add(StateVar::Trust, c[Coef::CeasefireTrustGain] * m);
        }
    }

    /// The cumulative collapse hazard of a ceasefire `tau` days after
    /// signing, at zero trust and no guarantees: Weibull,
    /// `ln 2 * (tau / median)^shape`, so that half collapse by the median.
    fn base_hazard(&self, tau: f64) -> f64 {
        std::f64::consts::LN_2
            * math::powf(tau.max(0.0) / self.c[Coef::CeasefireMedianDays], self.c[Coef::CeasefireShape])
    }

    /// How trust and guarantees scale the hazard (they lengthen a
    /// ceasefire's life by `exp(effect * level)`).
    fn collapse_multiplier(&self) -> f64 {
        let c = &self.c;
        let shape = c[Coef::CeasefireShape];
        math::exp(
            -(c[Coef::CeasefireTrustEffect] * self.s[StateVar::Trust]
                + c[Coef::CeasefireGuaranteeEffect] * self.s[StateVar::Guarantees])
                * shape,
        )
    }

    /// Brings the collapse clock up to now and re-reads the hazard's
    /// multiplier from the current trust and guarantees: the hazard
    /// integrated so far is kept, and the collapse day is where the
    /// integral, at the new multiplier, reaches the clock's unit
    /// exponential.
    fn recheck_collapse(&mut self) {
        let Some(since) = self.in_force_since else { return };
        let tau = self.now - since;
        self.collapse_acc += self.collapse_mult * (self.base_hazard(tau) - self.base_hazard(self.collapse_checked));
        self.collapse_checked = tau;
        self.collapse_mult = self.collapse_multiplier();
        let c = &self.c;
        let target = self.base_hazard(tau) + (self.collapse_e - self.collapse_acc).max(0.0) / self.collapse_mult;
        let days =
            c[Coef::CeasefireMedianDays] * math::powf(target / std::f64::consts::LN_2, 1.0 / c[Coef::CeasefireShape]);
        self.collapse_at = since + days.max(tau);
    }

    /// Notes a rise in escalation.
    fn escalated(&mut self) {
        let e = self.s[StateVar::Escalation];
        if e > self.trial.escalation_peak {
            self.trial.escalation_peak = e;
        }
    }

    /// The situation, as bits of [`situation`], for move conditions.
    fn situation(&self) -> u8 {
        let mut bits = situation::ALWAYS | if self.draft.is_some() { situation::DRAFT } else { situation::NO_DRAFT };
        let front = self.s[StateVar::Front];
        if front > 0.0 {
            bits |= situation::RUSSIA_ADVANCING;
        } else if front < 0.0 {
            bits |= situation::RUSSIA_LOSING;
        }
        bits |= if self.in_force_since.is_none() { situation::WAR } else { situation::CEASEFIRE };
        bits
    }

    /// The first of a month: the war's random move, then the monthly moves
    /// (strikes, sanctions).
    fn month(&mut self, obs: &mut impl Observer) {
        let m = self.next_month as u64;
        self.next_month += 1;
        if self.in_force_since.is_some() && self.next_month < 128 {
            self.trial.in_force_months |= 1 << self.next_month;
        }
        let d = self.d;
        // Uniform noise with the given standard deviation: sqrt(3) times a
        // uniform on [-1, 1]. A ceasefire damps the front's, not the
        // resources'.
        let noise = |n: u64| 3f64.sqrt() * (2.0 * d.uniform(Stream::Month, 19 * m + n) - 1.0);
        let lowered = if self.in_force_since.is_some() { self.c[Coef::CeasefireIntensity] } else { 1.0 };
        self.s.add(StateVar::Front, self.c[Coef::FrontNoise] * noise(0) * lowered);
        self.s.add(StateVar::RuResources, self.c[Coef::ResourceNoise] * noise(1));
        self.s.add(StateVar::UaResources, self.c[Coef::ResourceNoise] * noise(2));
        let now = self.situation();
        let mut fired = self.model.monthly_moves.fired(|w| d.bits(Stream::Month, 19 * m + 3 + u64::from(w)), now);
        while fired != 0 {
            let j = fired.trailing_zeros() as usize;
            fired &= fired - 1;
            self.trial.tactic_uses[j] = self.trial.tactic_uses[j].saturating_add(1);
            apply(&mut self.s, &self.model.tactics[j].effects);
            obs.happened(self.now, Happening::Move { tactic: j }, &self.s);
        }
        self.escalated();
        self.recheck_collapse();
        obs.month(self.now as u32, &self.s);
    }

    /// A meeting: who meets, what they do, how the positions move, and
    /// whether a draft forms, is reversed or is signed.
    fn meeting(&mut self, obs: &mut impl Observer) {
        let k = u64::from(self.trial.meetings);
        let d = self.d;
        let base = 8 * k;
        // The format, in proportion to the formats' rates.
        let rates = self.rates;
        let total = self.rate;
        let mut pick = d.uniform(Stream::Meeting, base) * total;
        let mut format = Format::UsUa;
        for f in Format::ALL {
            format = f;
            if pick < rates[f as usize] {
                break;
            }
            pick -= rates[f as usize];
        }
        self.trial.meetings += 1;
        self.trial.by_format[format as usize] += 1;
        let slot = &mut self.trial.calendar[self.next_month.min(MAX_MONTHS - 1)][format as usize];
        *slot = slot.saturating_add(1);
        self.meeting_e = d.exponential(Stream::MeetingClock, k + 1);
        self.meeting_acc = 0.0;
        let had_draft = self.draft.is_some();

        // Moves: every move of the format draws its 16 bits, whether or not
        // its condition holds; those that fire act.
        let now = self.situation();
        let fired =
            self.model.meeting_moves[format as usize].fired(|w| d.bits(Stream::Tactics, 16 * k + u64::from(w)), now);
        let mut acts = 0_u8;
        let mut hours_factor = 1.0;
        let mut left = fired;
        while left != 0 {
            let j = left.trailing_zeros() as usize;
            left &= left - 1;
            let t = &self.model.tactics[j];
            self.trial.tactic_uses[j] = self.trial.tactic_uses[j].saturating_add(1);
            apply(&mut self.s, &t.effects);
            acts |= t.acts;
            hours_factor *= t.hours_factor;
        }
        self.escalated();
        let hours = self.meeting_hours(format, d.uniform(Stream::Meeting, base + 1), hours_factor);
        self.trial.hours += hours;
        self.trial.hours_by_format[format as usize] += hours;

        if acts & act::ENDS_MEDIATION != 0 && !self.us_left {
            self.us_walks_away(obs);
        }
        if acts & act::ULTIMATUM != 0
            && !self.us_left
            && self.deadline_at.is_infinite()
            && self.in_force_since.is_none()
        {
            self.deadline_at = self.now + self.c[Coef::UsDeadlineDays];
            self.trial.deadlines += 1;
            obs.happened(self.now, Happening::Deadline { due: self.deadline_at }, &self.s);
        }
        let pressed = format.has_us() && acts & act::EXCLUDES_MEDIATOR == 0;
        self.concede(format, pressed, acts & act::FREEZES_RUSSIA != 0);
        let europeans = matches!(format, Format::UsUa | Format::Trilateral)
            && d.uniform(Stream::Meeting, base + 2) < self.c[Coef::EuPresence];
        if europeans {
            let g = self.s[StateVar::Guarantees];
            self.s.add(StateVar::Guarantees, self.c[Coef::EuGuaranteeStep] * (1.0 - g));
        }
        let (draft_reversed, signed) = self.sign_or_reverse(format, had_draft, acts);
        let draft_formed = self.form_draft(acts);
        if format == Format::UsRu {
            self.maybe_energy_pause(base, obs);
        }
        obs.meeting(&MeetingRecord {
            number: self.trial.meetings,
            day: self.now,
            format,
            hours,
            fired,
            europeans,
            draft_formed,
            draft_reversed,
            signed,
            state: self.s,
        });
    }

    /// A session's hours: uniform between the format's ordinary lengths,
    /// times the factors of the moves that fired, within the cap.
    fn meeting_hours(&self, format: Format, u: f64, factor: f64) -> f64 {
        let (lo, hi) = match format {
            Format::UsUa => (Coef::HoursMinUsUa, Coef::HoursMaxUsUa),
            Format::UsRu => (Coef::HoursMinUsRu, Coef::HoursMaxUsRu),
            Format::RuUa => (Coef::HoursMinRuUa, Coef::HoursMaxRuUa),
            Format::Trilateral => (Coef::HoursMinTri, Coef::HoursMaxTri),
        };
        let (lo, hi) = (self.c[lo], self.c[hi]);
        ((lo + u * (hi - lo)) * factor).min(MAX_MEETING_HOURS)
    }

    /// Each side moves toward its current limit by a share of the way that
    /// grows with its pain and, at a meeting with the US, with US pressure.
    /// A position only ever moves toward the other side here: a side whose
    /// limit recedes (its pain eased) stands where it is; it takes ground
    /// back only through an explicit move (an ultimatum, a reversal).
    fn concede(&mut self, format: Format, pressed: bool, russia_frozen: bool) {
        let c = &self.c;
        let s = &mut self.s;
        let (moves_ru, moves_ua) = match format {
            Format::UsUa => (c[Coef::MovesRuUsUa], c[Coef::MovesUaUsUa]),
            Format::UsRu => (c[Coef::MovesRuUsRu], c[Coef::MovesUaUsRu]),
            Format::RuUa => (c[Coef::MovesRuRuUa], c[Coef::MovesUaRuUa]),
            Format::Trilateral => (c[Coef::MovesRuTri], c[Coef::MovesUaTri]),
        };
        let us = if pressed && !self.us_left { s[StateVar::UsEngagement] } else { 0.0 };
        let support = s[StateVar::WesternSupport];
        let ru_pain = (c[Coef::RuPainResources] * (1.0 - s[StateVar::RuResources])
            + c[Coef::RuPainFront] * (-s[StateVar::Front]).max(0.0)
            + c[Coef::RuPainSanctions] * s[StateVar::Sanctions]
            + c[Coef::RuPainSupport] * support)
            .min(1.0);
        let ua_pain = (c[Coef::UaPainResources] * (1.0 - s[StateVar::UaResources])
            + c[Coef::UaPainFront] * s[StateVar::Front].max(0.0)
            + c[Coef::UaPainFatigue] * s[StateVar::Fatigue]
            + c[Coef::UaPainSupport] * (1.0 - support))
            .min(1.0);
        if !russia_frozen {
            let limit = (c[Coef::RuReserve] - c[Coef::RuDesperation] * ru_pain).max(0.0);
            let way = (s[StateVar::Demand] - limit).max(0.0);
            let share =
                (moves_ru * (c[Coef::RuPace] + c[Coef::RuPainPace] * ru_pain + c[Coef::UsPressure] * us)).min(1.0);
            s.add(StateVar::Demand, -share * way);
        }
        let limit = (c[Coef::UaMaxConcession] + c[Coef::UaDesperation] * ua_pain).min(1.0);
        let way = (limit - s[StateVar::Offer]).max(0.0);
        let share = (moves_ua * (c[Coef::UaPace] + c[Coef::UaPainPace] * ua_pain + c[Coef::UsPush] * us)).min(1.0);
        s.add(StateVar::Offer, share * way);
    }

    /// What a draft's terms would be now: Russia's demand plus its political
    /// terms, never less than the precondition.
    fn terms_now(&self) -> f64 {
        (self.s[StateVar::Demand] + self.c[Coef::RuPremium]).max(self.c[Coef::Precondition]).min(1.0)
    }

    /// At a meeting where both sides sit, a draft that was on the table
    /// before it is signed, unless reversed or blocked, and only while
    /// Ukraine's offer still covers its terms. Returns (reversed, signed
    /// terms).
    fn sign_or_reverse(&mut self, format: Format, had_draft: bool, acts: u8) -> (bool, Option<f64>) {
        let Some(terms) = self.draft else { return (false, None) };
        // Positions that no longer meet (a hardened demand) drop the draft.
        if terms > self.s[StateVar::Offer] + 1e-12 || self.terms_now() > self.s[StateVar::Offer] + 1e-12 {
            self.draft = None;
            return (false, None);
        }
        if !format.can_sign() || !had_draft || self.in_force_since.is_some() {
            return (false, None);
        }
        if acts & act::REVERSES_DRAFT != 0 {
            self.draft = None;
            self.trial.reversals += 1;
            self.s.add(StateVar::Demand, self.c[Coef::Hardening]);
            self.cooldown_until = self.now + self.c[Coef::ReversalCooldown];
            return (true, None);
        }
        if acts & act::BLOCKS_AGREEMENT != 0 {
            return (false, None);
        }
        self.draft = None;
        let day = self.now as u32;
        self.trial.signed_day.get_or_insert(day);
        self.trial.ceasefires += 1;
        self.trial.terms = Some(terms);
        self.trial.above_red_line = terms > self.c[Coef::UaRedLine];
        self.in_force_since = Some(self.now);
        self.mark_calendar_day(true);
        self.collapse_e = self.d.exponential(Stream::Ceasefire, u64::from(self.trial.ceasefires - 1));
        self.collapse_acc = 0.0;
        self.collapse_checked = 0.0;
        self.collapse_mult = 1.0;
        self.recheck_collapse();
        self.truce_until = f64::NEG_INFINITY;
        self.deadline_at = f64::INFINITY;
        (false, Some(terms))
    }

    /// Positions that meet form a draft, if nothing blocks it, no reversal
    /// is cooling down, and Ukraine's offer meets any precondition.
    fn form_draft(&mut self, acts: u8) -> Option<f64> {
        if self.draft.is_some()
            || self.in_force_since.is_some()
            || acts & act::BLOCKS_AGREEMENT != 0
            || self.now < self.cooldown_until
        {
            return None;
        }
        let terms = self.terms_now();
        let offer = self.s[StateVar::Offer];
        if terms <= offer && offer >= self.c[Coef::Precondition] {
            self.draft = Some(terms);
            return Some(terms);
        }
        None
    }

    /// A US-Russia meeting may bring a pause in strikes on energy and
    /// cities (as on 29 January 2026), more likely the more engaged the US.
    fn maybe_energy_pause(&mut self, base: u64, obs: &mut impl Observer) {
        let d = self.d;
        let c = &self.c;
        if self.in_force_since.is_some() || self.now < self.truce_until {
            return;
        }
        if d.uniform(Stream::Meeting, base + 3) >= c[Coef::EnergyProbability] * self.engagement() {
            return;
        }
        let declared = 24.0
            * (c[Coef::EnergyDaysMin]
                + d.uniform(Stream::Meeting, base + 4) * (c[Coef::EnergyDaysMax] - c[Coef::EnergyDaysMin]));
        let held = if d.uniform(Stream::Meeting, base + 5) < c[Coef::TruceEarlyEnd] {
            declared * d.uniform(Stream::Meeting, base + 6)
        } else {
            declared
        };
        self.declare_truce(TruceKind::Energy, declared, held, obs);
    }

    fn declare_truce(&mut self, kind: TruceKind, declared: f64, held: f64, obs: &mut impl Observer) {
        self.truce_from = self.now;
        self.truce_until = self.now + held / 24.0;
        self.trial.truces += 1;
        self.trial.truces_by_kind[kind as usize] += 1;
        self.trial.longest_truce_hours = self.trial.longest_truce_hours.max(held);
        obs.truce(&TruceRecord { kind, day: self.now, declared_hours: declared, held_hours: held });
    }

    /// A listed date: Russia may declare a truce (unilaterally, as at
    /// Easter and on Victory Day 2025).
    fn holiday(&mut self, obs: &mut impl Observer) {
        let h = self.next_holiday as u64;
        self.next_holiday += 1;
        let d = self.d;
        let c = &self.c;
        if self.in_force_since.is_some() || self.now < self.truce_until {
            return;
        }
        if d.uniform(Stream::Holidays, 4 * h) >= c[Coef::HolidayProbability] {
            return;
        }
        let declared = c[Coef::HolidayHoursMin]
            + d.uniform(Stream::Holidays, 4 * h + 1) * (c[Coef::HolidayHoursMax] - c[Coef::HolidayHoursMin]);
        let held = if d.uniform(Stream::Holidays, 4 * h + 2) < c[Coef::TruceEarlyEnd] {
            declared * d.uniform(Stream::Holidays, 4 * h + 3)
        } else {
            declared
        };
        self.declare_truce(TruceKind::Holiday, declared, held, obs);
    }

    /// A shock elsewhere raises escalation; the next one is drawn.
    fn shock(&mut self, obs: &mut impl Observer) {
        let n = u64::from(self.trial.shocks);
        self.trial.shocks += 1;
        let (lo, hi) = (self.c[Coef::ShockSizeMin], self.c[Coef::ShockSizeMax]);
        let size = lo + self.d.uniform(Stream::Shocks, 2 * n + 1) * (hi - lo);
        self.s.add(StateVar::Escalation, size);
        self.escalated();
        let rate = self.c[Coef::ShockRate] / 365.25;
        self.next_shock = self.now + clock(self.d.exponential(Stream::Shocks, 2 * (n + 1)), rate);
        obs.happened(self.now, Happening::Shock { size }, &self.s);
    }

    fn mobilise(&mut self, obs: &mut impl Observer) {
        self.mobilised = true;
        self.trial.mobilised_day = Some(self.now as u32);
        obs.happened(self.now, Happening::Mobilised, &self.s);
    }

    /// The US walks away for good, and its arms and money go with it.
    fn us_walks_away(&mut self, obs: &mut impl Observer) {
        self.us_left = true;
        self.trial.us_left_day = Some(self.now as u32);
        self.s.set(StateVar::UsEngagement, 0.0);
        self.s.add(StateVar::WesternSupport, -self.c[Coef::UsSupportLoss]);
        self.deadline_at = f64::INFINITY;
        obs.happened(self.now, Happening::UsLeft, &self.s);
    }

    /// A deadline falls due with no ceasefire: the US acts (sanctions and
    /// tariffs) or lets it pass and loses interest.
    fn deadline_falls_due(&mut self, obs: &mut impl Observer) {
        self.deadline_at = f64::INFINITY;
        let u = self.d.uniform(Stream::Us, u64::from(self.trial.deadlines));
        let acted = u < self.c[Coef::UsFollowThrough];
        if acted {
            self.s.add(StateVar::Sanctions, self.c[Coef::UsSanctionsStep]);
        } else {
            let e = self.s[StateVar::UsEngagement];
            self.s.set(StateVar::UsEngagement, e * (1.0 - self.c[Coef::UsDisengage]));
        }
        obs.happened(self.now, Happening::DeadlinePassed { acted }, &self.s);
    }

    /// A ceasefire collapses: the war resumes, trust falls, talks go on.
    fn collapse(&mut self, obs: &mut impl Observer) {
        self.collapse_at = f64::INFINITY;
        if let Some(since) = self.in_force_since.take() {
            self.trial.days_in_force += (self.now - since) as u32;
        }
        self.trial.collapsed_day.get_or_insert(self.now as u32);
        self.mark_calendar_day(false);
        let trust = self.s[StateVar::Trust];
        self.s.set(StateVar::Trust, trust * (1.0 - self.c[Coef::CollapseTrust]));
        self.draft = None;
        obs.happened(self.now, Happening::Collapsed, &self.s);
    }

    /// The calendar reads "in force on D" at the end of day D, as
    /// `signed_before(D)` and `in_force_on(D)` do: the month start sets its
    /// bit as the day begins, and a signing or a collapse later on that
    /// same day sets or clears it.
    fn mark_calendar_day(&mut self, in_force: bool) {
        let p = self.next_month;
        let day = if p == 0 { Some(0) } else { self.model.settings.month_starts.get(p - 1).copied() };
        if p < 128 && day == Some(self.now as u32) {
            if in_force {
                self.trial.in_force_months |= 1 << p;
            } else {
                self.trial.in_force_months &= !(1 << p);
            }
        }
    }

    /// The horizon: the last ceasefire's days, and the outcome.
    fn finish(mut self) -> Trial {
        if let Some(since) = self.in_force_since {
            self.trial.days_in_force += (self.now - since) as u32;
            self.trial.in_force = true;
        }
        self.escalated();
        self.trial.hybrid = self.trial.escalation_peak >= self.c[Coef::HybridEscalation];
        self.trial.state = self.s;
        let rules = &self.model.rules;
        let rule = rules.iter().position(|r| matches(self.model, r, &self.trial)).unwrap_or(rules.len() - 1);
        self.trial.rule = rule;
        self.trial.outcome = rules[rule].outcome;
        self.trial
    }
}

/// Applies a move's effects, each kept in its variable's range.
#[inline]
fn apply(s: &mut State, effects: &[(StateVar, f64)]) {
    for &(v, dx) in effects {
        s.add(v, dx);
    }
}

/// The earliest of `clocks`; a tie goes to the first.
#[inline(always)]
fn earliest<const N: usize>(clocks: &[(f64, Event); N]) -> (f64, Event) {
    let mut best = clocks[0];
    for &(at, e) in &clocks[1..] {
        if at < best.0 {
            best = (at, e);
        }
    }
    best
}

/// Days until a clock with a unit exponential `e` and a constant rate per
/// day fires (never, at rate 0).
#[inline]
fn clock(e: f64, rate: f64) -> f64 {
    if rate > 0.0 { e / rate } else { f64::INFINITY }
}

/// Whether a finished trial meets a rule's conditions.
pub(super) fn matches(_model: &Model, r: &Rule, t: &Trial) -> bool {
    let want = |cond: Option<bool>, fact: bool| cond.is_none_or(|c| c == fact);
    want(r.signed, t.ceasefires > 0)
        && want(r.in_force, t.in_force)
        && want(r.collapsed, t.collapsed_day.is_some())
        && want(r.above_red_line, t.above_red_line)
        && want(r.reversed, t.reversals > 0)
        && want(r.us_left, t.us_left_day.is_some())
        && want(r.mobilised, t.mobilised_day.is_some())
        && want(r.hybrid, t.hybrid)
        && r.bounded.iter().all(|&(v, lo, hi)| t.state[v] >= lo && t.state[v] <= hi)
}
