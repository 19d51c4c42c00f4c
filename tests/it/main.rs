//! negsim's integration tests: one test crate, one module per theme.
//!
//! Each file of `tests/` at the top level would be a crate of its own, linked
//! against negsim and every dev-dependency; one crate links once, so a change
//! of the library rebuilds one test binary instead of sixteen.
//!
//! Run one theme with `cargo test --test it -- <module>::`, for example
//! `cargo test --test it -- corpus::`.
//!
//! Fixtures stay beside this directory: `tests/invalid/` (bad scenario files
//! and, in `expected/`, the errors they must produce), `tests/fuzz_regressions/`
//! and `tests/snapshots/`. insta resolves `snapshot_path` and `glob!` bases
//! from the directory of the source file, `tests/it/`, hence the `../` in
//! them.

mod common;

mod analysis;
mod asof;
mod backtest;
mod behaviour;
mod calibrate_history;
mod cli;
mod corpus;
mod docs;
mod evidence;
mod examples;
mod formats;
mod fuzz_regressions;
mod hardening;
mod html;
mod invalid;
mod layers;
mod parts;
mod properties;
mod scale;
mod serve;
mod stability;
mod trust;
mod uncertain;
