//! Any bytes as a scenario file: parse, merge (`extends`), validate, and for
//! what validates a 16-trial run whose tally, summary and JSON are checked
//! (see `src/lib.rs`).
//!
//! Inputs that are not UTF-8 are read lossily, so the TOML parser sees
//! replacement characters rather than the fuzzer wasting them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use negsim::model::Overrides;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    negsim_fuzz::check_text(&text, &Overrides::none());
});
