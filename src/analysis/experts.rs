//! Expert disagreement: how much of an answer rests on the probability
//! table itself.
//!
//! The published table is the average of 61 experts' answers. Had other
//! experts been asked, or the same ones on another day, the table would
//! differ. We model that by drawing, for each of R replicates, a table from
//! a Dirichlet distribution centred on the scenario's table with
//! concentration K: replicate tables have mean `p` and variance
//! `p (1 - p) / (K + 1)` per world, so K is "how many experts' worth of
//! agreement the table carries". K = 61 treats the table as the mean of 61
//! independent answers (each world's share then has the spread of a share
//! of 61 votes); a smaller K says the experts disagreed more than that,
//! a larger K that their table is firmer.
//!
//! Every replicate runs the same trials (trial `i` uses stream `i` of the
//! run's seed, as in `negsim run`): common random numbers, so the spread
//! across replicates measures the table's uncertainty, not Monte Carlo
//! noise, and vanishes when K grows without bound. The tables come from
//! their own stream, keyed by the seed and [`TABLE_STREAM_KEY`], one stream
//! per replicate: adding replicates never changes the earlier ones.

use super::Runner;
use crate::model::{InputError, Model};
use crate::results::{Band, ExpertSpread, share};
use crate::seeds::{OUTCOMES, scenarios};
use crate::stats::Tally;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::Distribution;
use rand_distr::multi::Dirichlet;

/// Mixed into the seed for the tables' generator, so that table draws and
/// trial draws never share a stream.
pub const TABLE_STREAM_KEY: u64 = 0x6578_7065_7274_7321; // "experts!"

/// Largest concentration accepted (beyond it the spread is below 1e-6 pp).
pub const MAX_CONCENTRATION: f64 = 1e12;
/// Most replicates.
pub const MAX_REPLICATES: u32 = 10_000;
/// Replicates when `--expert-concentration` is given alone.
pub const DEFAULT_REPLICATES: u32 = 100;

/// What `--expert-concentration K --replicates R` asks for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Experts {
    /// Dirichlet concentration K.
    pub concentration: f64,
    /// Replicates R.
    pub replicates: u32,
}

impl Experts {
    /// Checks the flags' values.
    pub fn new(concentration: f64, replicates: Option<u32>) -> Result<Experts, InputError> {
        if !concentration.is_finite() || concentration <= 0.0 || concentration > MAX_CONCENTRATION {
            return Err(InputError::plain(
                format!("--expert-concentration {concentration} is out of range"),
                format!(
                    "give a number above 0 and at most {MAX_CONCENTRATION:e} (61 = the experts behind the published table)"
                ),
            ));
        }
        let replicates = replicates.unwrap_or(DEFAULT_REPLICATES);
        if !(2..=MAX_REPLICATES).contains(&replicates) {
            return Err(InputError::plain(
                format!("--replicates {replicates} is out of range"),
                format!("give 2 to {MAX_REPLICATES} replicates (the 5-95 % spread needs a few dozen to mean much)"),
            ));
        }
        Ok(Experts { concentration, replicates })
    }

    /// The table of replicate `r`: a Dirichlet draw centred on `p`. Worlds
    /// with probability 0 stay at 0 (a Dirichlet needs positive weights).
    pub fn table(&self, p: &[f64; OUTCOMES], seed: u64, r: u32) -> [f64; OUTCOMES] {
        let live: Vec<usize> = (0..OUTCOMES).filter(|&k| p[k] > 0.0).collect();
        let mut out = [0.0; OUTCOMES];
        if live.len() < 2 {
            return *p;
        }
        let alpha: Vec<f64> = live.iter().map(|&k| (self.concentration * p[k]).max(f64::MIN_POSITIVE)).collect();
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ TABLE_STREAM_KEY);
        rng.set_stream(u64::from(r));
        match Dirichlet::new(&alpha) {
            Ok(d) => {
                let draw: Vec<f64> = d.sample(&mut rng);
                let total: f64 = draw.iter().sum();
                if !(total.is_finite() && total > 0.0) {
                    return *p;
                }
                for (&k, x) in live.iter().zip(draw) {
                    out[k] = x / total;
                }
                out
            }
            // Only for weights the checks above exclude; the table as is
            // is then the honest answer.
            Err(_) => *p,
        }
    }
}

/// Percentiles of the values each replicate gave, per measure.
fn bands(
    experts: &Experts,
    trials: u64,
    outcomes: Vec<Vec<f64>>,
    measures: Vec<Vec<f64>>,
    worlds: Vec<Vec<f64>>,
) -> ExpertSpread {
    let ids: Vec<String> = scenarios().iter().map(|s| s.id.clone()).collect();
    ExpertSpread {
        concentration: experts.concentration,
        replicates: experts.replicates,
        trials_per_replicate: trials,
        outcomes: ids.iter().zip(outcomes).map(|(id, xs)| Band::of(id.clone(), xs)).collect(),
        measures: MEASURES.iter().zip(measures).map(|(m, xs)| Band::of(m.to_string(), xs)).collect(),
        worlds: ids.iter().zip(worlds).map(|(id, xs)| Band::of(format!("world:{id}"), xs)).collect(),
    }
}

/// The measures a replicate contributes, in the order of [`MEASURES`].
fn measures(t: &Tally) -> [f64; 4] {
    let negotiated: u64 = t.outcomes[4..].iter().sum();
    [
        share(t.trials - negotiated, t.trials),
        share(negotiated, t.trials),
        share(t.signed, t.trials),
        share(t.held, t.trials),
    ]
}

const MEASURES: [&str; 4] = ["military", "negotiated", "signed", "held"];

/// Runs every replicate of `model`; `None` if cancelled. Each replicate is
/// a run of `trials` trials with `seed` on its own table.
pub fn spread(model: &Model, experts: &Experts, runner: &Runner<'_>) -> Option<ExpertSpread> {
    let (trials, seed) = (runner.trials, runner.seed);
    let p = model.world_probabilities();
    let mut outcome_shares = vec![Vec::new(); OUTCOMES];
    let mut measure_shares = vec![Vec::new(); MEASURES.len()];
    let mut world_shares = vec![Vec::new(); OUTCOMES];
    for r in 0..experts.replicates {
        let table = experts.table(&p, seed, r);
        let replicate = model.with_world_probabilities(table);
        let tally = runner.tally(&replicate)?;
        for k in 0..OUTCOMES {
            outcome_shares[k].push(share(tally.outcomes[k], tally.trials));
            world_shares[k].push(table[k]);
        }
        for (m, x) in measures(&tally).into_iter().enumerate() {
            measure_shares[m].push(x);
        }
    }
    Some(bands(experts, trials, outcome_shares, measure_shares, world_shares))
}

/// The spread of B - A across replicates, for `compare`: replicate `r`
/// redraws both tables from the same stream (so two files with the same
/// table get the same draw) and plays both models on common random numbers.
pub fn pair_spread(a: &Model, b: &Model, experts: &Experts, runner: &Runner<'_>) -> Option<ExpertSpread> {
    let (trials, seed) = (runner.trials, runner.seed);
    let (pa, pb) = (a.world_probabilities(), b.world_probabilities());
    let mut outcome_diffs = vec![Vec::new(); OUTCOMES];
    let mut measure_diffs = vec![Vec::new(); MEASURES.len()];
    let mut world_diffs = vec![Vec::new(); OUTCOMES];
    for r in 0..experts.replicates {
        let (ta, tb) = (experts.table(&pa, seed, r), experts.table(&pb, seed, r));
        let pair = runner.pair(&a.with_world_probabilities(ta), &b.with_world_probabilities(tb))?;
        let (x, y) = (&pair.a, &pair.b);
        for k in 0..OUTCOMES {
            outcome_diffs[k].push(share(y.outcomes[k], y.trials) - share(x.outcomes[k], x.trials));
            world_diffs[k].push(tb[k] - ta[k]);
        }
        let (mx, my) = (measures(x), measures(y));
        for m in 0..MEASURES.len() {
            measure_diffs[m].push(my[m] - mx[m]);
        }
    }
    Some(bands(experts, trials, outcome_diffs, measure_diffs, world_diffs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_centred_on_the_prior_and_sum_to_one() {
        let p = [0.2, 0.13, 0.04, 0.38, 0.11, 0.12, 0.02];
        let e = Experts::new(61.0, Some(4000)).unwrap();
        let mut mean = [0.0; OUTCOMES];
        let mut var = [0.0; OUTCOMES];
        for r in 0..e.replicates {
            let t = e.table(&p, 1, r);
            assert!((t.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            for k in 0..OUTCOMES {
                mean[k] += t[k] / 4000.0;
                var[k] += (t[k] - p[k]).powi(2) / 4000.0;
            }
        }
        for k in 0..OUTCOMES {
            // Dirichlet: variance p(1-p)/(K+1). The mean of 4000 draws is
            // within 4 standard errors of p; the variance within 15 %.
            let v = p[k] * (1.0 - p[k]) / 62.0;
            assert!((mean[k] - p[k]).abs() < 4.0 * (v / 4000.0).sqrt(), "world {k}: mean {}", mean[k]);
            assert!((var[k] / v - 1.0).abs() < 0.15, "world {k}: variance {} vs {v}", var[k]);
        }
    }

    #[test]
    fn tables_are_reproducible_and_their_own_per_replicate() {
        let p = [0.2, 0.13, 0.04, 0.38, 0.11, 0.12, 0.02];
        let e = Experts::new(61.0, None).unwrap();
        assert_eq!(e.table(&p, 7, 3), e.table(&p, 7, 3));
        assert_ne!(e.table(&p, 7, 3), e.table(&p, 7, 4));
        assert_ne!(e.table(&p, 7, 3), e.table(&p, 8, 3));
        // A world at 0 stays at 0.
        let q = [0.5, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0];
        let t = e.table(&q, 1, 0);
        assert_eq!((t[1], t[2], t[4]), (0.0, 0.0, 0.0));
        assert!((t[0] + t[3] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn bad_flags_are_refused() {
        for k in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e13] {
            assert!(Experts::new(k, None).is_err(), "{k}");
        }
        assert!(Experts::new(61.0, Some(1)).is_err());
        assert!(Experts::new(61.0, Some(MAX_REPLICATES + 1)).is_err());
    }
}
