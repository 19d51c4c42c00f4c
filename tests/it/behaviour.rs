//! The model behaves as its sources say it should: each documented effect
//! moves the outcome distribution in the documented direction.
//!
//! Every test runs both models with the same fixed seed and asserts that
//! the difference exceeds four standard errors of the difference, computed
//! as if the two runs were independent (conservative: the runs share random
//! numbers trial by trial). At four standard errors a test whose effect is
//! absent fails by chance about once in 16 000 runs, and the seeds are
//! fixed, so the suite is deterministic.
//!
//! The shipped variants extend `scenarios/baseline-calibrated.toml`, so they
//! are measured against it: a variant's effect is the change from the model
//! that reproduces the published table, not from the uncalibrated one.

use crate::common::*;
use negsim::seeds::OUTCOMES;

const TRIALS: u64 = 200_000;
const SEED: u64 = 7;
const K: f64 = 4.0;

fn outcome(t: &negsim::stats::Tally, number: usize) -> (f64, f64) {
    share(t.outcomes[number - 1], t.trials)
}

fn negotiated(t: &negsim::stats::Tally) -> (f64, f64) {
    share(t.outcomes[4..].iter().sum(), t.trials)
}

/// 002, Conclusions: empowering Ukraine changes Putin's calculus.
#[test]
fn more_western_support_lowers_breakthrough_and_raises_the_negotiated_share() {
    let base = tally(&negsim::model::Model::baseline().unwrap(), TRIALS, SEED);
    // Every world's support up by 0.3 (capped at 1).
    let more = variant(
        "[start]\nwestern_support = 0.9\n\
         [worlds.supported-attrition.start]\nwestern_support = 1.0\n\
         [worlds.russian-breakthrough.start]\nwestern_support = 0.6\n\
         [worlds.mutual-exhaustion.start]\nwestern_support = 0.75\n\
         [worlds.unacceptable-ceasefire.start]\nwestern_support = 0.7\n\
         [worlds.fragile-ceasefire.start]\nwestern_support = 1.0\n\
         [worlds.durable-peace.start]\nwestern_support = 1.0\n",
    );
    let more = tally(&more, TRIALS, SEED);
    assert_moves("outcome 3 (breakthrough)", outcome(&base, 3), outcome(&more, 3), false, K);
    assert_moves("negotiated share (5-7)", negotiated(&base), negotiated(&more), true, K);
}

/// 002, Figure 1, scenario 3 and Conclusions (Bolton's off-ramp).
#[test]
fn the_us_withdrawal_variant_raises_outcomes_3_and_5() {
    let base = tally(&shipped("baseline-calibrated"), TRIALS, SEED);
    let gone = tally(&shipped("us-withdrawal"), TRIALS, SEED);
    assert_moves("outcome 3 (breakthrough)", outcome(&base, 3), outcome(&gone, 3), true, K);
    assert_moves("outcome 5 (unacceptable ceasefire)", outcome(&base, 5), outcome(&gone, 5), true, K);
    assert_eq!(gone.mediator_left, gone.trials, "the US leaves in every trial");
}

/// 002, tactics section: time and energy exhaustion prolongs talks.
#[test]
fn stronger_time_exhaustion_lengthens_talks() {
    let base = tally(&negsim::model::Model::baseline().unwrap(), TRIALS, SEED);
    let long = tally(&variant("[tactics.time_exhaustion]\nprobability = 0.45\n"), TRIALS, SEED);
    assert_moves("mean rounds of talks", mean_and_se(base.rounds.counts()), mean_and_se(long.rounds.counts()), true, K);
    // And the meetings themselves get longer.
    let hours = |t: &negsim::stats::Tally| t.minutes_of_talks as f64 / t.round_total as f64;
    assert!(hours(&long) > hours(&base) * 1.1, "{} vs {}", hours(&long), hours(&base));
}

/// 002, tactics section: last-minute reversal of agreed commitments.
#[test]
fn a_higher_chance_of_last_minute_reversal_lowers_signed_ceasefires() {
    let base = tally(&negsim::model::Model::baseline().unwrap(), TRIALS, SEED);
    let fickle = tally(&variant("[tactics.last_minute_reversal]\nprobability = 0.8\n"), TRIALS, SEED);
    assert_moves("signed share", share(base.signed, base.trials), share(fickle.signed, fickle.trials), false, K);
    assert!(fickle.reversed > base.reversed);
}

/// 002, Figure 1, scenarios 5-7: delayed revenge erodes a ceasefire.
#[test]
fn stronger_delayed_revenge_lowers_ceasefires_that_hold() {
    let base = tally(&negsim::model::Model::baseline().unwrap(), TRIALS, SEED);
    let vengeful = tally(&variant("[tactics.delayed_revenge]\nprobability = 0.4\n"), TRIALS, SEED);
    assert_moves("held share", share(base.held, base.trials), share(vengeful.held, vengeful.trials), false, K);
    // Revenge acts after signature, so the talks are untouched: with
    // common random numbers the signed count is identical.
    assert_eq!(base.signed, vengeful.signed);
}

/// A world given probability one starts every trial.
#[test]
fn a_world_given_probability_one_starts_every_trial() {
    let ids = negsim::seeds::scenarios().iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    for (k, id) in ids.iter().enumerate() {
        let mut body = String::new();
        for other in &ids {
            let p = if other == id { 1.0 } else { 0.0 };
            body.push_str(&format!("[worlds.{other}]\nprobability = {p}\n"));
        }
        let t = tally(&variant(&body), 20_000, SEED);
        for (row, counts) in t.world_outcome.iter().enumerate() {
            let n: u64 = counts.iter().sum();
            assert_eq!(n, if row == k { t.trials } else { 0 }, "world {id}: row {row}");
        }
    }
    assert_eq!(ids.len(), OUTCOMES);
}

/// 002, Conclusions: secondary sanctions can make negotiation Russia's least
/// bad option.
#[test]
fn the_sanctions_variant_raises_the_negotiated_share_and_exhaustion() {
    let base = tally(&shipped("baseline-calibrated"), TRIALS, SEED);
    let squeezed = tally(&shipped("sanctions-pressure"), TRIALS, SEED);
    assert_moves("negotiated share", negotiated(&base), negotiated(&squeezed), true, K);
    assert_moves("outcome 4 (exhaustion)", outcome(&base, 4), outcome(&squeezed, 4), true, K);
}

/// 001: territory first means fewer ceasefires, all on terms past the red line.
#[test]
fn the_anchorage_variant_lowers_ceasefires_and_leaves_only_unacceptable_ones() {
    let base = tally(&shipped("baseline-calibrated"), TRIALS, SEED);
    let anchorage = tally(&shipped("anchorage-formula"), TRIALS, SEED);
    assert_moves("signed share", share(base.signed, base.trials), share(anchorage.signed, anchorage.trials), false, K);
    assert_eq!(anchorage.above_red_line, anchorage.signed, "every deal carries the precondition's terms");
}

/// 004: territory traded for political control: more deals, past the red line.
#[test]
fn the_political_control_variant_raises_unacceptable_ceasefires() {
    let base = tally(&shipped("baseline-calibrated"), TRIALS, SEED);
    let trade = tally(&shipped("political-control-trade"), TRIALS, SEED);
    assert_moves("signed share", share(base.signed, base.trials), share(trade.signed, trade.trials), true, K);
    assert_moves("outcome 5", outcome(&base, 5), outcome(&trade, 5), true, K);
}
