//! The result of a run: the outcome distribution on the horizon date and
//! everything beside it (the calendar, meetings, truces, attribution),
//! derived once from a tally.

use crate::engine::{DRIVER_BINS, SCHEME};
use crate::model::{Date, Format, Model};
use crate::seeds::{self, OUTCOMES};
use crate::stats::{Histogram, Tally, Z95, wilson};
use serde::{Deserialize, Serialize};

/// What a report needs to know of the model behind a run, beyond its
/// tally: carried in part files, so that `negsim merge` can report without
/// the scenario at hand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunInfo {
    /// Scenario name.
    pub scenario: String,
    /// One line about it.
    pub description: String,
    /// Where it was read from.
    pub file: String,
    /// The first day simulated.
    pub start: String,
    /// The horizon date.
    pub horizon: String,
    /// Days from the start to the horizon.
    pub days: u32,
    /// The calendar points: the start, then the first of each month after
    /// it, up to the horizon.
    pub points: Vec<String>,
    /// The moves, in the model's order.
    pub tactics: Vec<MoveInfo>,
    /// The drivers, in the model's order.
    pub drivers: Vec<DriverInfo>,
    /// The outcome rules, in order.
    pub rules: Vec<RuleInfo>,
    /// Command-line overrides applied (`--set`).
    pub overrides: Vec<String>,
    /// The drivers were fixed at their central values (`--central-drivers`).
    #[serde(default)]
    pub central_drivers: bool,
}

/// A move, as reports name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveInfo {
    /// Id.
    pub id: String,
    /// Who makes it.
    pub actor: String,
    /// It can happen in this scenario (probability above 0).
    pub active: bool,
}

/// A driver, as reports name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriverInfo {
    /// Id.
    pub id: String,
    /// The key it draws.
    pub key: String,
    /// What it stands for.
    pub what: String,
}

/// An outcome rule, as reports name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleInfo {
    /// The outcome it assigns (scenario id).
    pub outcome: String,
    /// Why it is there.
    pub note: String,
}

impl RunInfo {
    /// The report's view of a model.
    pub fn of(model: &Model) -> RunInfo {
        let s = &model.settings;
        let mut points = vec![s.start.to_string()];
        points.extend(s.month_starts.iter().map(|&d| s.date(d).to_string()));
        RunInfo {
            scenario: model.name.clone(),
            description: model.description.clone(),
            file: model.origin.clone(),
            start: s.start.to_string(),
            horizon: s.horizon.to_string(),
            days: s.days,
            points,
            tactics: model
                .tactics
                .iter()
                .map(|t| MoveInfo { id: t.id.clone(), actor: t.actor.key().to_string(), active: t.probability > 0.0 })
                .collect(),
            drivers: model
                .drivers
                .iter()
                .map(|d| DriverInfo { id: d.id.clone(), key: d.key.clone(), what: d.what.clone() })
                .collect(),
            rules: model
                .rules
                .iter()
                .map(|r| RuleInfo {
                    outcome: seeds::scenarios()[r.outcome].id.clone(),
                    note: r.note.clone().unwrap_or_default(),
                })
                .collect(),
            overrides: model.overrides.clone(),
            central_drivers: model.central_drivers,
        }
    }

    fn date(&self, day: u32) -> String {
        Date::parse(&self.start).map_or_else(String::new, |d| d.plus_days(day as i32).to_string())
    }
}

/// What a run found, ready to lay out.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// negsim version that produced it.
    pub negsim: &'static str,
    /// Scenario name.
    pub scenario: String,
    /// One line about it.
    pub description: String,
    /// Where the scenario was read from.
    pub file: String,
    /// Seed of the run.
    pub seed: u64,
    /// Trials run.
    pub trials: u64,
    /// Seeding scheme (see the README, "Reproducibility").
    pub scheme: &'static str,
    /// Command-line overrides applied to the scenario file.
    pub overrides: Vec<String>,
    /// The drivers were fixed at their central values.
    pub central_drivers: bool,
    /// The first day simulated (YYYY-MM-DD).
    pub start: String,
    /// The horizon date, on which outcomes are read.
    pub horizon: String,
    /// One entry per scenario, in table order.
    pub outcomes: Vec<OutcomeShare>,
    /// Military (1-4) and negotiated (5-7) families.
    pub families: Families,
    /// Ceasefires: shares of all trials.
    pub ceasefire: CeasefireShares,
    /// When the first ceasefire was signed, over trials that signed one.
    pub signing: Option<SigningDates>,
    /// How long the first ceasefire held.
    pub durability: Durability,
    /// The calendar: per date, P(signed by), P(in force on), meetings in
    /// the month that begins there.
    pub calendar: Vec<CalendarPoint>,
    /// Meetings: per trial, by format.
    pub meetings: MeetingStats,
    /// Declared truces.
    pub truces: TruceStats,
    /// Trials per classifying rule.
    pub rules: Vec<RuleCount>,
    /// Which drivers lead to which outcomes.
    pub drivers: Vec<DriverAttribution>,
    /// Use of each move, and the outcomes of the trials it happened in.
    pub tactics: Vec<TacticUse>,
    /// The terms of the ceasefires signed (none when none was).
    pub terms: Option<SignedTerms>,
    /// With `--precision`: the target and how the run met it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionReport>,
    /// With `--given` (or `--as-of`): the distribution among the trials
    /// that match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given: Option<GivenReport>,
    /// With `--as-of`: the date, the record's conditions and the effective
    /// sample size; the forecast itself is `given.summary`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<AsOfReport>,
    /// With `--uncertain R`: each share's spread across R replicates that
    /// draw the `[uncertain]` coefficients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<super::UncertaintyReport>,
}

/// The forecast from a date (`--as-of`): what it is conditioned on.
#[derive(Clone, Debug, Serialize)]
pub struct AsOfReport {
    /// The date.
    pub date: String,
    /// The last day of the record (later events are held out).
    pub record_end: String,
    /// How trials are weighted.
    pub method: &'static str,
    /// The record's conditions, each with its expression and source.
    pub conditions: Vec<AsOfCondition>,
    /// Effective sample size: every kept trial has weight one, so the
    /// number kept.
    pub effective_sample_size: u64,
    /// The fewest the run would accept.
    pub min_effective_sample_size: u64,
}

/// One condition of `--as-of`.
#[derive(Clone, Debug, Serialize)]
pub struct AsOfCondition {
    /// In words.
    pub what: String,
    /// As a `--given` expression.
    pub expression: String,
    /// Where in the record.
    pub source: String,
}

/// One outcome's share.
#[derive(Clone, Debug, Serialize)]
pub struct OutcomeShare {
    /// Scenario id.
    pub id: String,
    /// Scenario number, 1-7.
    pub number: u32,
    /// Title.
    pub title: String,
    /// Published probability.
    pub published: f64,
    /// Trials with this outcome.
    pub count: u64,
    /// Simulated probability.
    pub probability: f64,
    /// 95 % Wilson interval.
    pub ci95: [f64; 2],
}

/// Shares of the two families, simulated and published.
#[derive(Clone, Debug, Serialize)]
pub struct Families {
    /// Outcomes 1-4.
    pub military: FamilyShare,
    /// Outcomes 5-7.
    pub negotiated: FamilyShare,
}

/// A family's share.
#[derive(Clone, Debug, Serialize)]
pub struct FamilyShare {
    /// Published.
    pub published: f64,
    /// Simulated.
    pub probability: f64,
    /// 95 % Wilson interval.
    pub ci95: [f64; 2],
}

/// Ceasefire shares, of all trials.
#[derive(Clone, Debug, Serialize)]
pub struct CeasefireShares {
    /// A ceasefire was signed by the horizon.
    pub signed: f64,
    /// A ceasefire is in force on the horizon date.
    pub in_force: f64,
    /// A ceasefire collapsed before the horizon.
    pub collapsed: f64,
    /// The last ceasefire's terms exceed Ukraine's red line.
    pub above_red_line: f64,
    /// A draft was reversed at least once.
    pub reversed: f64,
    /// The US walked away.
    pub us_left: f64,
    /// Russia mobilised fully.
    pub mobilised: f64,
    /// Escalation reached the hybrid-war level.
    pub hybrid: f64,
}

/// The first signature's date, over trials that signed.
#[derive(Clone, Debug, Serialize)]
pub struct SigningDates {
    /// 10th percentile.
    pub p10: String,
    /// Lower quartile.
    pub p25: String,
    /// Median.
    pub p50: String,
    /// Upper quartile.
    pub p75: String,
    /// 90th percentile.
    pub p90: String,
}

/// How long first ceasefires held.
#[derive(Clone, Debug, Serialize)]
pub struct Durability {
    /// Share of first ceasefires that collapsed within 30 days, Kaplan-Meier
    /// estimate over collapsed and still-standing ceasefires (`null` if none
    /// was signed).
    pub collapsed_within_30_days: Option<f64>,
    /// Median days a first ceasefire held, Kaplan-Meier estimate over
    /// collapsed and still-standing ceasefires (`null` when more than half
    /// still stand on the horizon).
    pub median_days: Option<f64>,
}

/// One date of the calendar.
#[derive(Clone, Debug, Serialize)]
pub struct CalendarPoint {
    /// The date (YYYY-MM-DD): the start, or the first of a month.
    pub date: String,
    /// Share of trials with a ceasefire signed on or before this date.
    pub signed_by: f64,
    /// Share of trials with a ceasefire in force on this date.
    pub in_force: f64,
    /// Mean meetings per trial in the month that begins here (for the
    /// start, the rest of its month), by format, in the order us_ua,
    /// us_ru, ru_ua, trilateral.
    pub meetings: [f64; 4],
}

/// Meetings over the whole span.
#[derive(Clone, Debug, Serialize)]
pub struct MeetingStats {
    /// Mean meetings per trial.
    pub per_trial: f64,
    /// Median meetings per trial.
    pub p50: u32,
    /// 10th and 90th percentiles.
    pub p10: u32,
    /// 90th percentile.
    pub p90: u32,
    /// By format.
    pub by_format: Vec<FormatStats>,
}

/// One format's meetings.
#[derive(Clone, Debug, Serialize)]
pub struct FormatStats {
    /// Format key.
    pub format: String,
    /// Mean meetings of this format per trial.
    pub per_trial: f64,
    /// Mean hours of a meeting of this format.
    pub hours: Option<f64>,
}

/// Declared truces.
#[derive(Clone, Debug, Serialize)]
pub struct TruceStats {
    /// Mean truces per trial.
    pub per_trial: f64,
    /// Mean holiday truces per trial.
    pub holiday: f64,
    /// Mean energy pauses per trial.
    pub energy: f64,
    /// Share of trials with at least one truce.
    pub trials_with_truce: f64,
    /// Median hours the longest truce of a trial held (trials with one).
    pub longest_hours_p50: Option<u32>,
    /// 90th percentile of the same.
    pub longest_hours_p90: Option<u32>,
}

/// Trials one rule classified.
#[derive(Clone, Debug, Serialize)]
pub struct RuleCount {
    /// Rule number, from 1.
    pub rule: usize,
    /// The outcome it assigns.
    pub outcome: String,
    /// Why it is there.
    pub note: String,
    /// Trials it classified.
    pub count: u64,
    /// Their share.
    pub share: f64,
}

/// How one driver's draw relates to the outcomes.
#[derive(Clone, Debug, Serialize)]
pub struct DriverAttribution {
    /// Driver id.
    pub id: String,
    /// The key it draws.
    pub key: String,
    /// Per quintile of the driver's distribution (lowest first), the share
    /// of each outcome (in table order) among the trials in it.
    pub quintiles: Vec<[f64; OUTCOMES]>,
    /// Per outcome: its share in the highest quintile minus its share in
    /// the lowest, with a 95 % interval.
    pub effect: Vec<OutcomeEffect>,
}

/// An outcome's share in one group of trials against another: a driver's
/// top quintile against its bottom one, or the trials in which a move
/// happened against those in which it did not.
#[derive(Clone, Debug, Serialize)]
pub struct OutcomeEffect {
    /// Outcome id.
    pub outcome: String,
    /// Top minus bottom.
    pub diff: f64,
    /// 95 % interval of the difference (two independent shares).
    pub ci95: [f64; 2],
}

/// How often a move was used.
#[derive(Clone, Debug, Serialize)]
pub struct TacticUse {
    /// Move id.
    pub id: String,
    /// Who makes it.
    pub actor: String,
    /// It can happen in this scenario (probability above 0); inactive
    /// moves are listed so that a variant's additions show.
    pub active: bool,
    /// Times it happened, over all trials.
    pub uses: u64,
    /// Trials in which it happened at least once.
    pub trials_used: u64,
    /// Mean uses per trial.
    pub per_trial: f64,
    /// Share of trials in which it happened.
    pub share_of_trials: f64,
    /// Per outcome: its share among the trials in which the move happened
    /// at least once, minus its share among those in which it never did,
    /// with a 95 % interval. An association, not an effect: a move that
    /// happens at meetings is more likely in trials with more meetings.
    /// Empty when either group has fewer than [`MIN_GROUP`] trials.
    pub effect: Vec<OutcomeEffect>,
}

/// The fewest trials in each group for a move's outcome shares to be
/// compared (the normal approximation of the interval needs a few dozen).
pub const MIN_GROUP: u64 = 30;

/// The terms of the ceasefires signed, over signed trials.
#[derive(Clone, Debug, Serialize)]
pub struct SignedTerms {
    /// 10th percentile of the last signed ceasefire's terms (share of
    /// Russia's maximal demands, to the whole percentage point).
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Share of signed trials whose terms were past that trial's red line
    /// (the red line is a driver, drawn per trial).
    pub past_red_line: f64,
    /// Share of signed trials with terms in each band of five percentage
    /// points: `[0, 5)`, `[5, 10)`, ..., `[95, 100]`.
    pub bands: Vec<f64>,
}

/// How a run that stopped at a precision target did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrecisionReport {
    /// Largest half-width asked for, of any outcome's 95 % interval.
    pub target: f64,
    /// Widest half-width reached.
    pub achieved: f64,
    /// Whether the target was reached (else the trial cap stopped the run).
    pub reached: bool,
    /// The trial cap.
    pub cap: u64,
}

/// Below this many accepted trials a conditioned answer carries a warning.
pub const FEW_ACCEPTED: u64 = 1_000;

/// The outcome distribution conditioned on evidence (`--given`).
#[derive(Clone, Debug, Serialize)]
pub struct GivenReport {
    /// The expression, as written.
    pub expression: String,
    /// Trials drawn (all of them; the unconditioned report's trials).
    pub drawn: u64,
    /// Trials that match.
    pub accepted: u64,
    /// `accepted / drawn`.
    pub share: f64,
    /// 95 % Wilson interval of `share`.
    pub share_ci95: [f64; 2],
    /// With `--accepted N`: N.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested: Option<u64>,
    /// With `--accepted N`: whether N trials matched before the cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reached: Option<bool>,
    /// Said plainly when the answer rests on few trials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    /// The report of the accepted trials (`null` when none matched).
    pub summary: Option<Box<Summary>>,
}

impl GivenReport {
    /// The report of `accepted` among `drawn` trials.
    pub fn new(
        expression: &str,
        info: &RunInfo,
        drawn: &Tally,
        accepted: &Tally,
        seed: u64,
        requested: Option<u64>,
    ) -> GivenReport {
        let (n, k) = (drawn.trials, accepted.trials);
        let reached = requested.map(|r| k >= r);
        let mut warnings = Vec::new();
        if k == 0 {
            warnings.push(format!(
                "no trial out of {n} matches `{expression}`: there is nothing to condition on; \
                 check the expression, or draw more with --accepted N (and a larger --trials cap)"
            ));
        } else if k < FEW_ACCEPTED {
            warnings.push(format!(
                "only {k} of {n} trials match `{expression}`: this answer rests on few trials and its \
                 intervals are wide; draw more with --accepted N (e.g. --accepted 10000)"
            ));
        }
        if let (Some(r), Some(false)) = (requested, reached) {
            warnings.push(format!(
                "the cap of {n} trials was reached with {k} matches, fewer than the {r} asked for: raise --trials"
            ));
        }
        let warning = (!warnings.is_empty()).then(|| warnings.join("; "));
        GivenReport {
            expression: expression.to_string(),
            drawn: n,
            accepted: k,
            share: super::share(k, n),
            share_ci95: interval(k, n),
            requested,
            reached,
            warning,
            summary: (k > 0).then(|| Box::new(Summary::new(info, accepted, seed))),
        }
    }
}

fn interval(k: u64, n: u64) -> [f64; 2] {
    let (lo, hi) = wilson(k, n, Z95);
    [lo, hi]
}

/// Kaplan-Meier median of durations: `ended` counts durations that ended
/// (collapsed) at each day, `censored` those still running at each day.
/// Kaplan-Meier survival of first ceasefires: entry `d` is the share still
/// holding after day `d` (ceasefires still standing on the horizon are
/// censored there, after that day's collapses). Empty when none was signed.
fn km_survival(ended: &Histogram, censored: &Histogram) -> Vec<f64> {
    let (e, c) = (ended.counts(), censored.counts());
    let mut at_risk: u64 = ended.total().saturating_add(censored.total());
    if at_risk == 0 {
        return Vec::new();
    }
    let mut surviving = 1.0;
    let mut out = Vec::with_capacity(e.len().max(c.len()));
    for day in 0..e.len().max(c.len()) {
        let d = e.get(day).copied().unwrap_or(0);
        if at_risk > 0 && d > 0 {
            surviving *= 1.0 - d as f64 / at_risk as f64;
        }
        out.push(surviving);
        at_risk = at_risk.saturating_sub(d).saturating_sub(c.get(day).copied().unwrap_or(0));
    }
    out
}

/// Median days a first ceasefire held (Kaplan-Meier); `None` when more
/// than half still stand on the horizon.
fn km_median(ended: &Histogram, censored: &Histogram) -> Option<f64> {
    km_survival(ended, censored).iter().position(|&s| s <= 0.5).map(|d| d as f64)
}

impl Summary {
    /// Derives the summary of a run.
    pub fn new(info: &RunInfo, tally: &Tally, seed: u64) -> Summary {
        let n = tally.trials;
        let share = |k: u64| super::share(k, n);
        let outcomes = seeds::scenarios()
            .iter()
            .enumerate()
            .map(|(i, s)| OutcomeShare {
                id: s.id.clone(),
                number: s.number,
                title: s.title.clone(),
                published: s.prior(),
                count: tally.outcomes[i],
                probability: share(tally.outcomes[i]),
                ci95: interval(tally.outcomes[i], n),
            })
            .collect::<Vec<_>>();
        let family = |range: std::ops::Range<usize>| {
            let k: u64 = tally.outcomes[range.clone()].iter().sum();
            FamilyShare {
                // Rounded to 12 digits: the sum of 0.11, 0.12 and 0.02 is
                // 0.24999999999999997 in binary.
                published: (outcomes[range].iter().map(|o| o.published).sum::<f64>() * 1e12).round() / 1e12,
                probability: share(k),
                ci95: interval(k, n),
            }
        };
        let families = Families { military: family(0..4), negotiated: family(4..OUTCOMES) };
        let signing = tally.signed_day.quantiles().map(|_| {
            let q = |p: f64| info.date(tally.signed_day.quantile(p).unwrap_or(0));
            SigningDates { p10: q(0.1), p25: q(0.25), p50: q(0.5), p75: q(0.75), p90: q(0.9) }
        });
        // The share of first ceasefires that collapsed within 30 days, by
        // Kaplan-Meier: one signed near the horizon counts for as long as it
        // was seen, so late signings neither inflate nor dilute the share.
        let survival = km_survival(&tally.held_days, &tally.held_days_censored);
        let durability = Durability {
            collapsed_within_30_days: survival.get(29).or(survival.last()).map(|s| 1.0 - s),
            median_days: km_median(&tally.held_days, &tally.held_days_censored),
        };
        let point_days: Vec<u32> = info
            .points
            .iter()
            .map(|p| Date::parse(p).zip(Date::parse(&info.start)).map_or(0, |(d, s)| d.days_after(s).max(0) as u32))
            .collect();
        let signed_counts = tally.signed_day.counts();
        let calendar = point_days
            .iter()
            .enumerate()
            .map(|(p, &day)| {
                let signed_by: u64 = signed_counts.iter().take(day as usize + 1).sum();
                let mut meetings = [0.0; 4];
                for (f, m) in meetings.iter_mut().enumerate() {
                    *m = share(tally.calendar.get(4 * p + f).copied().unwrap_or(0));
                }
                CalendarPoint {
                    date: info.points[p].clone(),
                    signed_by: share(signed_by),
                    in_force: share(tally.in_force_on.get(p).copied().unwrap_or(0)),
                    meetings,
                }
            })
            .collect();
        let mq = tally.meetings.quantiles();
        let meetings = MeetingStats {
            per_trial: mq.map_or(0.0, |q| q.mean),
            p10: mq.map_or(0, |q| q.p10),
            p50: mq.map_or(0, |q| q.p50),
            p90: mq.map_or(0, |q| q.p90),
            by_format: Format::ALL
                .iter()
                .map(|&f| {
                    let k = tally.by_format[f as usize];
                    FormatStats {
                        format: f.key().to_string(),
                        per_trial: share(k),
                        hours: (k > 0).then(|| tally.minutes_by_format[f as usize] as f64 / 60.0 / k as f64),
                    }
                })
                .collect(),
        };
        let truces = TruceStats {
            per_trial: share(tally.truces_by_kind[0] + tally.truces_by_kind[1]),
            holiday: share(tally.truces_by_kind[0]),
            energy: share(tally.truces_by_kind[1]),
            trials_with_truce: share(tally.truce_trials),
            longest_hours_p50: tally.longest_truce.quantile(0.5),
            longest_hours_p90: tally.longest_truce.quantile(0.9),
        };
        let rules = info
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let count = tally.rules.get(i).copied().unwrap_or(0);
                RuleCount { rule: i + 1, outcome: r.outcome.clone(), note: r.note.clone(), count, share: share(count) }
            })
            .collect();
        let drivers = info
            .drivers
            .iter()
            .enumerate()
            .map(|(j, d)| {
                let cell = |b: usize, o: usize| {
                    tally.driver_outcomes.get((j * DRIVER_BINS + b) * OUTCOMES + o).copied().unwrap_or(0)
                };
                let bin_total = |b: usize| (0..OUTCOMES).map(|o| cell(b, o)).sum::<u64>();
                let quintiles = (0..DRIVER_BINS)
                    .map(|b| {
                        let t = bin_total(b);
                        let mut row = [0.0; OUTCOMES];
                        for (o, x) in row.iter_mut().enumerate() {
                            *x = super::share(cell(b, o), t);
                        }
                        row
                    })
                    .collect();
                let (lo, hi) = (0, DRIVER_BINS - 1);
                let (n_lo, n_hi) = (bin_total(lo), bin_total(hi));
                let effect = seeds::scenarios()
                    .iter()
                    .enumerate()
                    .map(|(o, s)| {
                        let (p_lo, p_hi) = (super::share(cell(lo, o), n_lo), super::share(cell(hi, o), n_hi));
                        let se = (crate::stats::standard_error(cell(lo, o), n_lo).powi(2)
                            + crate::stats::standard_error(cell(hi, o), n_hi).powi(2))
                        .sqrt();
                        let diff = p_hi - p_lo;
                        OutcomeEffect { outcome: s.id.clone(), diff, ci95: [diff - Z95 * se, diff + Z95 * se] }
                    })
                    .collect();
                DriverAttribution { id: d.id.clone(), key: d.key.clone(), quintiles, effect }
            })
            .collect();
        let tactics = info
            .tactics
            .iter()
            .enumerate()
            .map(|(i, t)| TacticUse {
                id: t.id.clone(),
                actor: t.actor.clone(),
                active: t.active,
                uses: tally.tactic_uses.get(i).copied().unwrap_or(0),
                trials_used: tally.tactic_trials.get(i).copied().unwrap_or(0),
                per_trial: share(tally.tactic_uses.get(i).copied().unwrap_or(0)),
                share_of_trials: share(tally.tactic_trials.get(i).copied().unwrap_or(0)),
                effect: move_effect(tally, i),
            })
            .collect();
        let terms = signed_terms(tally);
        Summary {
            negsim: env!("CARGO_PKG_VERSION"),
            scenario: info.scenario.clone(),
            description: info.description.clone(),
            file: info.file.clone(),
            seed,
            trials: n,
            scheme: SCHEME,
            overrides: info.overrides.clone(),
            central_drivers: info.central_drivers,
            start: info.start.clone(),
            horizon: info.horizon.clone(),
            outcomes,
            families,
            ceasefire: CeasefireShares {
                signed: share(tally.signed),
                in_force: share(tally.in_force),
                collapsed: share(tally.collapsed),
                above_red_line: share(tally.above_red_line),
                reversed: share(tally.reversed),
                us_left: share(tally.us_left),
                mobilised: share(tally.mobilised),
                hybrid: share(tally.hybrid),
            },
            signing,
            durability,
            calendar,
            meetings,
            truces,
            rules,
            drivers,
            tactics,
            terms,
            precision: None,
            uncertainty: None,
            given: None,
            as_of: None,
        }
    }
}

/// Each outcome's share among the trials in which move `j` happened, minus
/// among those in which it did not (empty when a group is too small).
fn move_effect(tally: &Tally, j: usize) -> Vec<OutcomeEffect> {
    let cell =
        |happened: usize, o: usize| tally.tactic_outcomes.get((j * 2 + happened) * OUTCOMES + o).copied().unwrap_or(0);
    let group = |happened: usize| (0..OUTCOMES).map(|o| cell(happened, o)).sum::<u64>();
    let (n_without, n_with) = (group(0), group(1));
    if n_without < MIN_GROUP || n_with < MIN_GROUP {
        return Vec::new();
    }
    seeds::scenarios()
        .iter()
        .enumerate()
        .map(|(o, s)| {
            let diff = super::share(cell(1, o), n_with) - super::share(cell(0, o), n_without);
            let se = (crate::stats::standard_error(cell(1, o), n_with).powi(2)
                + crate::stats::standard_error(cell(0, o), n_without).powi(2))
            .sqrt();
            OutcomeEffect { outcome: s.id.clone(), diff, ci95: [diff - Z95 * se, diff + Z95 * se] }
        })
        .collect()
}

/// Quantiles and bands of the signed terms.
fn signed_terms(tally: &Tally) -> Option<SignedTerms> {
    let counts = tally.terms.counts();
    let n = tally.terms.total();
    if n == 0 {
        return None;
    }
    let pp = |q: f64| tally.terms.quantile(q).map_or(0.0, |v| f64::from(v) / 100.0);
    let mut bands = [0_u64; 20];
    for (v, &c) in counts.iter().enumerate() {
        bands[(v / 5).min(19)] += c;
    }
    Some(SignedTerms {
        p10: pp(0.1),
        p50: pp(0.5),
        p90: pp(0.9),
        past_red_line: super::share(tally.above_red_line, n),
        bands: bands.iter().map(|&c| super::share(c, n)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kaplan_meier_median_counts_censoring() {
        // Ten ceasefires: five collapse on days 1..=5, five still stand at
        // day 3: survival falls to 0.5 only on day 5 (at risk shrinks).
        let mut ended = Histogram::new(10);
        let mut censored = Histogram::new(10);
        for d in 1..=5 {
            ended.record(d);
        }
        for _ in 0..5 {
            censored.record(3);
        }
        // Day 1: 9/10 -> 0.9; day 2: 8/9 -> 0.8; day 3: 7/8 -> 0.7; then 5
        // censored leave; day 4: 1/2 left -> 0.35 <= 0.5.
        assert_eq!(km_median(&ended, &censored), Some(4.0));
        assert_eq!(km_median(&Histogram::new(3), &Histogram::new(3)), None);
    }
}
