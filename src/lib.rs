//! negsim: a seeded Monte Carlo simulator of Russia-Ukraine negotiation
//! scenarios.
//!
//! The published GLOBSEC (June 2025) seven-scenario table and the
//! negotiation tactics documented with it (`seeds/`) feed scenario files
//! (`scenarios/`), which an event-driven engine plays out on a calendar,
//! trial by trial; the published table is the target the model is
//! calibrated to, and the dated record (`seeds/events.toml`) what it is
//! checked against.
//!
//! # The house
//!
//! Data flows one way; each layer imports only the layers above it in this
//! list (a test, `tests/it/layers.rs`, reads every `crate::` path and holds
//! the rule):
//!
//! * [`seeds`]: the sources' facts as data; imports nothing;
//! * [`model`]: scenario text in, a checked [`model::Model`] out (the only
//!   place that reads input files); imports seeds;
//! * [`engine`]: one trial, and the block scheduler; pure, no I/O, no
//!   tallies; imports the model;
//! * [`stats`]: mergeable integer tallies and intervals; imports the engine's
//!   `Trial`, the model and seeds;
//! * [`results`]: the types every command produces (the JSON contract);
//!   imports stats, the engine's scheme name, the model and seeds;
//! * [`analysis`]: everything that plays models many times (the
//!   [`analysis::Runner`], compare, sweep, sensitivity, calibration,
//!   evidence, history, trace, shards, bench) and fills results; imports
//!   results, stats, the engine, the model and seeds;
//! * [`report`]: results to bytes, one file per format; imports results and
//!   seeds (and the model's date type);
//! * [`cli`]: arguments, options, progress, safe writing; imports the
//!   model, the analyses' domain types and the report's formats;
//! * [`serve`]: `negsim serve`, the local web page and its JSON API;
//!   imports the analyses, report, results, stats, the engine, the model
//!   and seeds, never the command line;
//! * [`commands`]: one file per subcommand, the only module that imports
//!   everything; `main.rs` calls it and prints its error.

#![deny(missing_docs)]

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod engine;
pub mod model;
pub mod report;
pub mod results;
pub mod seeds;
pub mod serve;
pub mod stats;
