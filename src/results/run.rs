//! The result of a run: the outcome distribution and everything beside it,
//! derived once from a tally.

use super::experts::ExpertSpread;
use crate::engine::SCHEME;
use crate::model::Model;
use crate::seeds::{self, OUTCOMES};
use crate::stats::{Quantiles, Tally, Z95, wilson};
use serde::{Deserialize, Serialize};

/// What a run found, ready to lay out.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// negsim version that produced it.
    pub negsim: &'static str,
    /// Scenario name.
    pub scenario: String,
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
    /// Round cap.
    pub max_rounds: u32,
    /// Ceasefire horizon, months.
    pub horizon_months: u32,
    /// One entry per scenario, in table order.
    pub outcomes: Vec<OutcomeShare>,
    /// Military (1-4) and negotiated (5-7) families.
    pub families: Families,
    /// Trials per starting world (rows) and outcome (columns).
    pub world_outcome: [[u64; OUTCOMES]; OUTCOMES],
    /// Starting-world probabilities of the model, in table order.
    pub world_probability: [f64; OUTCOMES],
    /// Rounds of talks per trial (to signature or the end of talks).
    pub rounds: Option<RoundStats>,
    /// Round of signature, over signed trials.
    pub rounds_to_signature: Option<RoundStats>,
    /// Mean hours of talks per round.
    pub hours_per_round: Option<f64>,
    /// Ceasefire shares.
    pub ceasefire: CeasefireShares,
    /// Tactic use.
    pub tactics: Vec<TacticUse>,
    /// With `--precision`: the target and how the run met it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionReport>,
    /// With `--given`: the distribution among the trials that match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given: Option<GivenReport>,
    /// With `--expert-concentration`: the spread across redrawn tables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experts: Option<ExpertSpread>,
    /// Signed trials by round of signature (index = round), for charts;
    /// not part of the JSON contract.
    #[serde(skip)]
    pub signature_rounds: Vec<u64>,
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
    /// With `--accepted N`: N, and whether it was reached before the cap.
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
            share: if n == 0 { 0.0 } else { k as f64 / n as f64 },
            requested,
            reached,
            warning,
            summary: (k > 0).then(|| Box::new(Summary::new(info, accepted, seed))),
        }
    }
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
    pub prior: f64,
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
    pub prior: f64,
    /// Simulated.
    pub probability: f64,
    /// 95 % Wilson interval.
    pub ci95: [f64; 2],
}

/// Mean and quantiles of a round count.
#[derive(Clone, Debug, Serialize)]
pub struct RoundStats {
    /// Mean.
    pub mean: f64,
    /// Median.
    pub p50: u32,
    /// 90th percentile.
    pub p90: u32,
    /// Largest.
    pub max: u32,
}

impl From<Quantiles> for RoundStats {
    fn from(s: Quantiles) -> Self {
        RoundStats { mean: s.mean, p50: s.p50, p90: s.p90, max: s.max }
    }
}

/// Ceasefire shares, of all trials.
#[derive(Clone, Debug, Serialize)]
pub struct CeasefireShares {
    /// A ceasefire was signed.
    pub signed: f64,
    /// It held through the horizon.
    pub held: f64,
    /// Signed on terms past Ukraine's red line.
    pub above_red_line: f64,
    /// A draft was reversed at least once.
    pub reversed: f64,
    /// The mediator walked away.
    pub mediator_left: f64,
    /// Talks broke down on escalation.
    pub broke_down: f64,
    /// Mean whole months held, over signed trials (the horizon counts for
    /// those that held).
    pub months_held_mean: Option<f64>,
}

/// How often a tactic was used.
#[derive(Clone, Debug, Serialize)]
pub struct TacticUse {
    /// Tactic id.
    pub id: String,
    /// Times it fired, over all trials.
    pub uses: u64,
    /// Trials in which it fired at least once.
    pub trials_used: u64,
    /// Mean uses per trial.
    pub per_trial: f64,
    /// Share of trials in which it fired.
    pub share_of_trials: f64,
}

/// What a report needs to know of the model behind a run, beyond its
/// tally: carried in shard files, so that `negsim merge` can report without
/// the scenario at hand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunInfo {
    /// Scenario name.
    pub scenario: String,
    /// Where it was read from.
    pub file: String,
    /// Tactic ids, in the model's order.
    pub tactics: Vec<String>,
    /// Starting-world probabilities.
    pub world_probability: [f64; OUTCOMES],
    /// Round cap.
    pub max_rounds: u32,
    /// Ceasefire horizon, months.
    pub horizon_months: u32,
    /// Command-line overrides applied (`--set`, `--renormalize`).
    pub overrides: Vec<String>,
}

impl RunInfo {
    /// The report's view of a model.
    pub fn of(model: &Model) -> RunInfo {
        let world_probability = model.world_probabilities();
        RunInfo {
            scenario: model.name.clone(),
            file: model.origin.clone(),
            tactics: model.tactics.iter().map(|t| t.id.clone()).collect(),
            world_probability,
            max_rounds: model.settings.max_rounds,
            horizon_months: model.settings.horizon_months,
            overrides: model.overrides.clone(),
        }
    }
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

impl Summary {
    /// Derives the summary of a run.
    pub fn new(info: &RunInfo, tally: &Tally, seed: u64) -> Summary {
        let n = tally.trials;
        let share = |k: u64| super::share(k, n);
        let interval = |k: u64| {
            let (lo, hi) = wilson(k, n, Z95);
            [lo, hi]
        };
        let outcomes = seeds::scenarios()
            .iter()
            .enumerate()
            .map(|(i, s)| OutcomeShare {
                id: s.id.clone(),
                number: s.number,
                title: s.title.clone(),
                prior: s.prior(),
                count: tally.outcomes[i],
                probability: share(tally.outcomes[i]),
                ci95: interval(tally.outcomes[i]),
            })
            .collect::<Vec<_>>();
        let family = |range: std::ops::Range<usize>| {
            let k: u64 = tally.outcomes[range.clone()].iter().sum();
            FamilyShare {
                prior: outcomes[range].iter().map(|o| o.prior).sum::<f64>(),
                probability: share(k),
                ci95: interval(k),
            }
        };
        let families = Families { military: family(0..4), negotiated: family(4..OUTCOMES) };
        let tactics = info
            .tactics
            .iter()
            .enumerate()
            .map(|(i, id)| TacticUse {
                id: id.clone(),
                uses: tally.tactic_uses[i],
                trials_used: tally.tactic_trials[i],
                per_trial: share(tally.tactic_uses[i]),
                share_of_trials: share(tally.tactic_trials[i]),
            })
            .collect();
        Summary {
            negsim: env!("CARGO_PKG_VERSION"),
            scenario: info.scenario.clone(),
            file: info.file.clone(),
            seed,
            trials: n,
            scheme: SCHEME,
            overrides: info.overrides.clone(),
            max_rounds: info.max_rounds,
            horizon_months: info.horizon_months,
            outcomes,
            families,
            world_outcome: tally.world_outcome,
            world_probability: info.world_probability,
            rounds: tally.rounds.quantiles().map(RoundStats::from),
            rounds_to_signature: tally.rounds_to_signature.quantiles().map(RoundStats::from),
            hours_per_round: (tally.round_total > 0)
                .then(|| tally.minutes_of_talks as f64 / 60.0 / tally.round_total as f64),
            ceasefire: CeasefireShares {
                signed: share(tally.signed),
                held: share(tally.held),
                above_red_line: share(tally.above_red_line),
                reversed: share(tally.reversed),
                mediator_left: share(tally.mediator_left),
                broke_down: share(tally.broke_down),
                months_held_mean: tally.months_held.quantiles().map(|s| s.mean),
            },
            tactics,
            precision: None,
            given: None,
            experts: None,
            signature_rounds: tally.rounds_to_signature.counts().to_vec(),
        }
    }
}
