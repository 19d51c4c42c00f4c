//! negsim's integration tests: one test crate, one module per theme.
//!
//! Each file of `tests/` at the top level would be a crate of its own, linked
//! against negsim and every dev-dependency; one crate links once, so a change
//! of the library rebuilds one test binary instead of sixteen.
//!
//! Run one theme with `cargo test --test it <module>::`, for example
//! `cargo test --test it corpus::`.
//!
//! Temporarily, while the other modules move to model v2, only the modules
//! about trustworthy inputs and outputs are declared.

mod common;

mod corpus;
mod parts;
mod trust;
