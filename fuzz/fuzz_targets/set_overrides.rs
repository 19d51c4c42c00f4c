//! Raw `--set` arguments on the built-in baseline: the input, read as text,
//! is split at newlines into at most 8 `KEY=VALUE` arguments (so key paths,
//! `[n]` positions, values and bare words are all free-form); a first line
//! of exactly `--renormalize` turns that flag on. Exercises the override
//! parser (`src/model/overrides.rs`), its error spans and rendering, and
//! whatever validates is run and checked like any scenario (`src/lib.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use negsim::model::{Origin, Overrides};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n').peekable();
    let renormalize = lines.next_if(|l| *l == "--renormalize").is_some();
    let sets: Vec<String> = lines.take(8).map(str::to_string).collect();
    negsim_fuzz::check_origin(&Origin::baseline(), &Overrides { sets, renormalize });
});
