//! `negsim bench`: the engine against the floor of its random draws.

use super::{Error, emit};
use crate::analysis::bench;
use crate::cli::BenchArgs;
use crate::cli::options::{origin, threads};
use crate::model::Model;
use crate::report::render_brief;

pub(super) fn bench(args: &BenchArgs) -> Result<(), Error> {
    let model = Model::load(&origin(args.file.as_deref()))?;
    let seed = args.seed.unwrap_or(model.settings.seed);
    let report = bench::measure(&model, args.trials, seed, threads(args.threads), usize::from(args.repeat));
    emit(&render_brief(args.format, &report), None)
}
