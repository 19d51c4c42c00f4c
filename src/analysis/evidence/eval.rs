//! Evaluation: the checked expression the parser builds, the [`Watch`]
//! that records during a trial what the expression needs, and the test of
//! a finished trial.
//!
//! Every figure the [`Trial`] holds is read from it; the figures it does not
//! hold (a meeting's hours or format, meetings between two dates, a move's
//! uses up to a date, whether a ceasefire was in force on a date) are
//! *probes*, recorded by the watch in one slot each. The parser numbers the
//! probes (the same probe written twice shares its slot); [`Watch::new`]
//! allocates the slots once per block of trials; recording and evaluating
//! never allocate.

use crate::engine::{Happening, MeetingRecord, Observer, Trial, TruceRecord};
use crate::model::State;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    #[inline]
    fn apply(self, a: f64, b: f64) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }

    /// `==` or `!=`.
    pub fn is_equality(self) -> bool {
        matches!(self, CmpOp::Eq | CmpOp::Ne)
    }
}

/// A condition read from the trial.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Flag {
    Signed,
    InForce,
    Collapsed,
    AboveRedLine,
    Reversed,
    UsLeft,
    Mobilised,
    Hybrid,
}

/// A number read from the trial. The date figures are their day numbers
/// (days from the start): the parser keeps dates and numbers apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Var {
    Outcome,
    Rule,
    Meetings,
    Ceasefires,
    Reversals,
    Truces,
    Shocks,
    Deadlines,
    Hours,
    Terms,
    DaysInForce,
    EscalationPeak,
    LongestTruce,
    SignedDay,
    CollapsedDay,
    UsLeftDay,
    MobilisedDay,
}

/// A number in a checked expression; `None` when the trial does not have
/// it (a missing figure).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Num {
    Const(f64),
    Var(Var),
    /// Meetings of a format (its index in `Format::ALL`), whole span.
    MeetingsOf(usize),
    /// Hours of talks of a format, whole span.
    HoursOf(usize),
    /// Truces of a kind (`TruceKind as usize`).
    TrucesOf(usize),
    /// Truces of a kind declared between two days (slot in
    /// [`Probes::truces_between`]).
    TrucesBetween(usize),
    /// A move's uses (tactic index), whole span.
    Uses(usize),
    /// A driver's value (driver index).
    Driver(usize),
    /// Meetings between two dates (slot in [`Probes::between`]).
    Between(usize),
    /// A move's uses up to a date (slot in [`Probes::uses_by`]).
    UsesBy(usize),
    /// Hours of meeting N (slot in [`Probes::meetings`]).
    MeetingHours(usize),
    /// Format of meeting N, as its index (slot in [`Probes::meetings`]).
    MeetingFormat(usize),
}

/// A checked condition.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Cond {
    Const(bool),
    Flag(Flag),
    Not(Box<Cond>),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    /// Two numbers compared; false when either is missing.
    Cmp(Num, CmpOp, Num),
    /// Two conditions compared: equal (`true`) or not.
    Same(Box<Cond>, bool, Box<Cond>),
    /// The first ceasefire was signed on or before this day.
    SignedBy(u32),
    /// A ceasefire was in force at the end of a day (slot in
    /// [`Probes::in_force_on`]).
    InForceOn(usize),
}

/// The figures an expression needs recorded during a trial, one slot each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Probes {
    /// Meeting numbers whose hours or format are read.
    pub meetings: Vec<u32>,
    /// Meetings counted: (formats as bits of `Format::bit`, first day, last
    /// day), both days included.
    pub between: Vec<(u8, u32, u32)>,
    /// Uses counted: (tactic index, last day included).
    pub uses_by: Vec<(usize, u32)>,
    /// Days on whose end a ceasefire in force is asked about.
    pub in_force_on: Vec<u32>,
    /// Truces counted: (kind, first day, last day), both days included.
    pub truces_between: Vec<(usize, u32, u32)>,
}

impl Probes {
    /// Nothing to record: the trial alone answers.
    pub fn is_empty(&self) -> bool {
        self.meetings.is_empty()
            && self.between.is_empty()
            && self.uses_by.is_empty()
            && self.in_force_on.is_empty()
            && self.truces_between.is_empty()
    }
}

/// The slot of `probe` in `probes`, added if new.
pub(super) fn slot<T: PartialEq>(probes: &mut Vec<T>, probe: T) -> usize {
    match probes.iter().position(|p| *p == probe) {
        Some(i) => i,
        None => {
            probes.push(probe);
            probes.len() - 1
        }
    }
}

/// No format recorded: the meeting was not held.
const NO_FORMAT: u8 = u8::MAX;

/// Records, during one trial, the figures an expression needs that the
/// [`Trial`] does not hold: the hours and format of the meetings it names,
/// the meetings it counts between dates, the uses of moves it counts up to
/// a date, and the days on which it asks whether a ceasefire was in force.
///
/// Made by [`Given::watch`](super::Given::watch), once per block of trials;
/// reset when a trial starts ([`Observer::start`]), so one watch serves
/// every trial of the block. Recording overwrites fixed-size storage and
/// never allocates.
#[derive(Clone, Debug)]
pub struct Watch {
    /// Meeting number to its slot plus one (0: not recorded).
    meeting_slot: Vec<u32>,
    /// Hours of each recorded meeting; NaN when it was not held.
    hours: Vec<f64>,
    /// Format index of each recorded meeting; [`NO_FORMAT`] when not held.
    formats: Vec<u8>,
    /// (formats, first day, last day) of each meeting count.
    between: Vec<(u8, u32, u32)>,
    /// Meetings counted for each.
    between_counts: Vec<u32>,
    /// (tactic, last day) of each use count.
    uses_by: Vec<(usize, u32)>,
    /// Uses counted for each.
    uses_counts: Vec<u32>,
    /// Bit set of the tactics any use count reads.
    tactics: u64,
    /// Days asked about by `in_force_on`.
    force_days: Vec<u32>,
    /// Whether a ceasefire that has since collapsed was in force at the end
    /// of each of those days.
    force_hits: Vec<bool>,
    /// Day on which the ceasefire now in force was signed.
    since: Option<u32>,
    /// (kind, first day, last day) of each truce count.
    truces_between: Vec<(usize, u32, u32)>,
    /// Truces counted for each.
    truce_counts: Vec<u32>,
}

/// The bit of a tactic in a 64-bit set (none for indices past 63).
fn bit(tactic: usize) -> u64 {
    u32::try_from(tactic).ok().and_then(|s| 1_u64.checked_shl(s)).unwrap_or(0)
}

/// The day (from the start) of a moment: meetings and events fall between
/// midnights; the engine numbers their days the same way.
#[inline]
fn day_of(at: f64) -> u32 {
    at as u32
}

impl Watch {
    /// Storage for the probes, allocated once.
    pub(super) fn new(probes: &Probes) -> Watch {
        let top = probes.meetings.iter().max().map_or(0, |&n| n as usize + 1);
        let mut meeting_slot = vec![0_u32; top];
        for (s, &n) in (1_u32..).zip(&probes.meetings) {
            if let Some(x) = meeting_slot.get_mut(n as usize) {
                *x = s;
            }
        }
        Watch {
            meeting_slot,
            hours: vec![f64::NAN; probes.meetings.len()],
            formats: vec![NO_FORMAT; probes.meetings.len()],
            between: probes.between.clone(),
            between_counts: vec![0; probes.between.len()],
            uses_by: probes.uses_by.clone(),
            uses_counts: vec![0; probes.uses_by.len()],
            tactics: probes.uses_by.iter().fold(0, |m, &(t, _)| m | bit(t)),
            force_days: probes.in_force_on.clone(),
            force_hits: vec![false; probes.in_force_on.len()],
            since: None,
            truces_between: probes.truces_between.clone(),
            truce_counts: vec![0; probes.truces_between.len()],
        }
    }

    /// Counts a use of `tactic` on `day`.
    #[inline]
    fn used(&mut self, tactic: usize, day: u32) {
        for (count, &(t, last)) in self.uses_counts.iter_mut().zip(&self.uses_by) {
            if t == tactic && day <= last {
                *count += 1;
            }
        }
    }
}

impl Observer for Watch {
    fn start(&mut self, _drivers: &[f64], _state: &State) {
        self.hours.fill(f64::NAN);
        self.formats.fill(NO_FORMAT);
        self.between_counts.fill(0);
        self.uses_counts.fill(0);
        self.force_hits.fill(false);
        self.since = None;
        self.truce_counts.fill(0);
    }

    fn truce(&mut self, r: &TruceRecord) {
        let day = day_of(r.day);
        for (count, &(kind, from, to)) in self.truce_counts.iter_mut().zip(&self.truces_between) {
            if r.kind as usize == kind && from <= day && day <= to {
                *count += 1;
            }
        }
    }

    fn meeting(&mut self, r: &MeetingRecord) {
        let day = day_of(r.day);
        let s = self.meeting_slot.get(r.number as usize).copied().unwrap_or(0) as usize;
        if let Some(i) = s.checked_sub(1)
            && let (Some(h), Some(f)) = (self.hours.get_mut(i), self.formats.get_mut(i))
        {
            *h = r.hours;
            *f = r.format as u8;
        }
        let format = r.format.bit();
        for (count, &(formats, from, to)) in self.between_counts.iter_mut().zip(&self.between) {
            if formats & format != 0 && from <= day && day <= to {
                *count += 1;
            }
        }
        let mut fired = r.fired & self.tactics;
        while fired != 0 {
            let t = fired.trailing_zeros() as usize;
            fired &= fired - 1;
            self.used(t, day);
        }
        if r.signed.is_some() {
            self.since = Some(day);
        }
    }

    fn happened(&mut self, at: f64, what: Happening, _state: &State) {
        match what {
            Happening::Move { tactic } if self.tactics & bit(tactic) != 0 => self.used(tactic, day_of(at)),
            Happening::Collapsed => {
                // In force at the end of the days from its signing to the
                // day before its collapse.
                if let Some(signed) = self.since.take() {
                    let collapsed = day_of(at);
                    for (hit, &d) in self.force_hits.iter_mut().zip(&self.force_days) {
                        *hit |= signed <= d && d < collapsed;
                    }
                }
            }
            _ => {}
        }
    }
}

impl Num {
    #[inline]
    fn value(&self, t: &Trial, w: &Watch) -> Option<f64> {
        let count = |n: u32| Some(f64::from(n));
        let day = |d: Option<u32>| d.map(f64::from);
        match *self {
            Num::Const(x) => Some(x),
            Num::Var(v) => match v {
                Var::Outcome => Some((t.outcome + 1) as f64),
                Var::Rule => Some((t.rule + 1) as f64),
                Var::Meetings => count(t.meetings),
                Var::Ceasefires => count(t.ceasefires),
                Var::Reversals => count(t.reversals),
                Var::Truces => count(t.truces),
                Var::Shocks => count(t.shocks),
                Var::Deadlines => count(t.deadlines),
                Var::Hours => Some(t.hours),
                Var::Terms => t.terms,
                Var::DaysInForce => count(t.days_in_force),
                Var::EscalationPeak => Some(t.escalation_peak),
                Var::LongestTruce => Some(t.longest_truce_hours),
                Var::SignedDay => day(t.signed_day),
                Var::CollapsedDay => day(t.collapsed_day),
                Var::UsLeftDay => day(t.us_left_day),
                Var::MobilisedDay => day(t.mobilised_day),
            },
            Num::MeetingsOf(f) => t.by_format.get(f).copied().map(f64::from),
            Num::HoursOf(f) => t.hours_by_format.get(f).copied(),
            Num::TrucesOf(k) => t.truces_by_kind.get(k).copied().map(f64::from),
            Num::Uses(j) => t.tactic_uses.get(j).copied().map(f64::from),
            Num::Driver(j) => t.drivers.get(j).copied(),
            Num::Between(s) => w.between_counts.get(s).copied().map(f64::from),
            Num::TrucesBetween(s) => w.truce_counts.get(s).copied().map(f64::from),
            Num::UsesBy(s) => w.uses_counts.get(s).copied().map(f64::from),
            Num::MeetingHours(s) => w.hours.get(s).copied().filter(|h| !h.is_nan()),
            Num::MeetingFormat(s) => w.formats.get(s).copied().filter(|&f| f != NO_FORMAT).map(f64::from),
        }
    }
}

impl Cond {
    /// Whether the condition holds for a finished trial and what its watch
    /// recorded. No allocation.
    pub fn holds(&self, t: &Trial, w: &Watch) -> bool {
        match self {
            Cond::Const(b) => *b,
            Cond::Flag(f) => match f {
                Flag::Signed => t.ceasefires > 0,
                Flag::InForce => t.in_force,
                Flag::Collapsed => t.collapsed_day.is_some(),
                Flag::AboveRedLine => t.above_red_line,
                Flag::Reversed => t.reversals > 0,
                Flag::UsLeft => t.us_left_day.is_some(),
                Flag::Mobilised => t.mobilised_day.is_some(),
                Flag::Hybrid => t.hybrid,
            },
            Cond::Not(c) => !c.holds(t, w),
            Cond::All(cs) => cs.iter().all(|c| c.holds(t, w)),
            Cond::Any(cs) => cs.iter().any(|c| c.holds(t, w)),
            Cond::Cmp(a, op, b) => match (a.value(t, w), b.value(t, w)) {
                (Some(x), Some(y)) => op.apply(x, y),
                _ => false,
            },
            Cond::Same(a, equal, b) => (a.holds(t, w) == b.holds(t, w)) == *equal,
            Cond::SignedBy(d) => t.signed_day.is_some_and(|s| s <= *d),
            Cond::InForceOn(s) => {
                w.force_hits.get(*s).copied().unwrap_or(false)
                    || w.force_days.get(*s).is_some_and(|&d| w.since.is_some_and(|signed| signed <= d))
            }
        }
    }
}

#[cfg(test)]
impl Num {
    /// The value, for tests that compare figures with the trial's fields.
    pub(super) fn value_for_test(&self, t: &Trial, w: &Watch) -> Option<f64> {
        self.value(t, w)
    }
}
