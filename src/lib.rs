//! temp
#![deny(missing_docs)]
pub mod engine;
pub mod model;
pub mod seeds;
pub mod stats;
