//! Raw `--set` arguments on the built-in baseline: the input, read as text,
//! is split at newlines into at most 8 `KEY=VALUE` arguments (so key paths,
//! `[n]` positions, values and bare words are all free-form). Exercises the override
//! parser (`src/model/overrides.rs`), its error spans and rendering, and
//! whatever validates is run and checked like any scenario (`src/lib.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use negsim::model::{Origin, Overrides};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let sets: Vec<String> = text.split('\n').take(8).map(str::to_string).collect();
    negsim_fuzz::check_origin(&Origin::baseline(), &Overrides { sets });
});
