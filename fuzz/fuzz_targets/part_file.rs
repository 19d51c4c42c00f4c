//! Any bytes as a part file for `negsim merge`.
//!
//! The input, read lossily as UTF-8, goes to `shard::parse` as the text of
//! a part file. Nearly every input fails the digest; so that the checks
//! behind the digest are fuzzed too, any input that decodes as a part
//! (serde alone) is also sealed with its own digest and parsed again, as a
//! forger who recomputes SHA-256 would make it. Whatever parses is merged
//! with a real part of the same run (shard 1 of 2 of a 5000-trial run of the
//! built-in baseline), in both orders, and alone; the forged part is also
//! made the whole of a run (shard 1 of 1 of its own trials), so that every
//! tally that passes the checks is summarised and rendered in every format
//! (`src/lib.rs`).
//!
//! Findings: panics, aborts, hangs (`-timeout=5`), an `InputError` with no
//! problem, a NaN or infinity in a summary.
#![no_main]

use libfuzzer_sys::fuzz_target;
use negsim::analysis::shard::{self, Partial};
use negsim::results::Summary;
use std::sync::OnceLock;

/// Shard 1 of 2 of the reference run, and its text.
fn reference() -> &'static (Partial, String) {
    static PART: OnceLock<(Partial, String)> = OnceLock::new();
    PART.get_or_init(|| {
        let text = include_str!("../seeds/part_file/shard-1-of-2.json");
        let part = shard::parse("shard-1-of-2.json", text).expect("the reference part must parse");
        (part, text.to_string())
    })
}

fn merge_with_reference(part: Partial) {
    let (first, _) = reference();
    for parts in [
        vec![("ref.json".to_string(), first.clone()), ("fuzz.json".to_string(), part.clone())],
        vec![("fuzz.json".to_string(), part.clone()), ("ref.json".to_string(), first.clone())],
        vec![("fuzz.json".to_string(), part)],
    ] {
        match shard::merge(&parts) {
            Ok((info, tally, seed)) => {
                assert_eq!(tally.check(), Ok(()), "a merged tally that fails its own check");
                let summary = Summary::new(&info, &tally, seed);
                negsim_fuzz::check_summary(&summary);
                negsim_fuzz::check_rendered(&summary, &[]);
            }
            Err(e) => negsim_fuzz::check_error(&e),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = reference();
    let text = String::from_utf8_lossy(data);
    match shard::parse("fuzz.json", &text) {
        Ok(part) => merge_with_reference(part),
        Err(e) => negsim_fuzz::check_error(&e),
    }
    // As a forger would: whatever decodes, sealed with its own digest.
    if let Ok(mut part) = serde_json::from_str::<Partial>(&text) {
        shard::seal(&mut part);
        match shard::parse("forged.json", &shard::to_text(&part)) {
            Ok(part) => merge_with_reference(part),
            Err(e) => negsim_fuzz::check_error(&e),
        }
        // And as the whole of a run (shard 1 of 1 of its own trials), so
        // that any tally that passes the checks reaches the summary and
        // the reports, alone.
        part.shard = shard::ShardLabel { index: 1, count: 1 };
        part.trials = part.tally.trials;
        shard::seal(&mut part);
        if let Ok(part) = shard::parse("whole.json", &shard::to_text(&part)) {
            match shard::merge(&[("whole.json".to_string(), part)]) {
                Ok((info, tally, seed)) => {
                    let summary = Summary::new(&info, &tally, seed);
                    negsim_fuzz::check_summary(&summary);
                    negsim_fuzz::check_rendered(&summary, &[]);
                }
                Err(e) => negsim_fuzz::check_error(&e),
            }
        }
    }
});
