//! negsim: a seeded Monte Carlo simulator of Russia-Ukraine negotiation
//! scenarios.
//!
//! The published GLOBSEC (June 2025) seven-scenario table and the Russian
//! negotiation tactics documented with it (`seeds/`) feed scenario files
//! (`scenarios/`), which a round-by-round engine plays out trial by trial.
//!
//! Data flows one way, one module per layer:
//!
//! * [`model`]: scenario files in (with `extends`), checked, compiled;
//! * [`engine`]: one trial, many trials, seeding; pure, no I/O;
//! * [`stats`]: mergeable integer tallies, intervals;
//! * [`report`]: one summary, every format;
//! * [`cli`] and [`commands`]: arguments and wiring; [`bench`]: timing.
//!
//! [`seeds`] holds the sources' facts as data; [`shard`] splits a run over
//! machines and merges the parts.

#![deny(missing_docs)]

pub mod analysis;
pub mod bench;
pub mod calibrate;
pub mod cli;
pub mod commands;
pub mod engine;
pub mod evidence;
pub mod history;
pub mod model;
pub mod report;
pub mod seeds;
pub mod shard;
pub mod stats;
pub mod trace;
pub mod uncertainty;
