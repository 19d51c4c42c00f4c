//! Value stability: exact outputs pinned for a seed, so that an accidental
//! change of the random numbers, the seeding scheme, the engine or the
//! baseline is caught.
//!
//! When a change is meant to alter these numbers (a new coefficient, a
//! recalibration, a change of the scheme), update them in the same commit
//! and say so in its message. The pins were last updated for model v2
//! (scheme `splitmix-streams-v2`, the calibrated baseline).

use negsim::engine::{self, Draws, Field, SCHEME, Stream};
use negsim::model::Model;

#[test]
fn the_scheme_is_splitmix_streams_and_its_numbers_are_pinned() {
    assert_eq!(SCHEME, "splitmix-streams-v2");
    let key = engine::keyed(42);
    let (t0, t1) = (Draws::new(key, 0), Draws::new(key, 1));
    let words = [
        t0.bits(Stream::Drivers, 0),
        t1.bits(Stream::Drivers, 0),
        t0.bits(Stream::Meeting, 5),
        t0.bits(Stream::Ceasefire, 0),
    ];
    assert_eq!(words, PINNED_WORDS);
    // A number depends on its whole address.
    assert_ne!(t0.bits(Stream::Meeting, 5), t0.bits(Stream::Tactics, 5));
    assert_ne!(t0.bits(Stream::Meeting, 5), t0.bits(Stream::Meeting, 6));
}

const PINNED_WORDS: [u64; 4] = [1939954342133418099, 2450329429612894009, 2131216195488178974, 16686009265892211109];

#[test]
fn the_baseline_for_seed_42_is_pinned() {
    let model = Model::baseline().unwrap();
    let tally = negsim::analysis::run(&model, 10_000, 42, 2);
    assert_eq!(tally.outcomes, PINNED_OUTCOMES);
    assert_eq!((tally.signed, tally.in_force, tally.collapsed, tally.by_format.iter().sum::<u64>()), PINNED_CEASEFIRE);
    let key = engine::keyed(42);
    let firsts: Vec<(usize, u32, Option<u32>)> = (0..5)
        .map(|k| {
            let t = engine::play_indexed(&model, key, k, &mut ());
            (t.outcome, t.meetings, t.signed_day)
        })
        .collect();
    assert_eq!(firsts, PINNED_FIRST_TRIALS);
}

const PINNED_OUTCOMES: [u64; 7] = [2020, 1301, 401, 3715, 1127, 1228, 208];
const PINNED_CEASEFIRE: (u64, u64, u64, u64) = (2900, 2213, 1456, 449929);
const PINNED_FIRST_TRIALS: [(usize, u32, Option<u32>); 5] =
    [(3, 40, None), (1, 12, None), (5, 92, Some(532)), (0, 19, None), (1, 5, None)];

#[test]
fn any_trial_replays_alone_as_it_ran() {
    // Trial K's contribution to a run equals trial K played alone: the run
    // of K + 1 trials minus the run of K trials is trial K.
    let model = Model::baseline().unwrap();
    let key = engine::keyed(3);
    for k in [0_u64, 1, 4095, 4096, 9999] {
        let before = negsim::analysis::run(&model, k, 3, 2);
        let after = negsim::analysis::run(&model, k + 1, 3, 2);
        let alone = engine::play_indexed(&model, key, k, &mut ());
        let diff: Vec<u64> = after.outcomes.iter().zip(before.outcomes).map(|(a, b)| a - b).collect();
        let mut expected = vec![0; 7];
        expected[alone.outcome] = 1;
        assert_eq!(diff, expected, "trial {k}");
        let meetings = |t: &negsim::stats::Tally| t.by_format.iter().sum::<u64>();
        assert_eq!(meetings(&after) - meetings(&before), u64::from(alone.meetings), "trial {k}");
        assert_eq!(after.signed - before.signed, u64::from(alone.signed_day.is_some()), "trial {k}");
    }
}
