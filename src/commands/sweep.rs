//! `negsim sweep`: one run per value of one parameter, or per point of a
//! grid of several.

use super::{Error, emit, write_out};
use crate::analysis::sweep;
use crate::cli::SweepArgs;
use crate::cli::options::{check_sweep_key, inputs_of, origin};
use crate::cli::progress::watched;
use crate::model::Overrides;
use crate::report::html;

pub(super) fn sweep(args: &SweepArgs) -> Result<(), Error> {
    let grid = sweep::grid(&args.set_range)?;
    let base = args.model.overrides();
    for key in &grid.keys {
        check_sweep_key(key, &base.sets)?;
    }
    let origin = origin(args.file.as_deref());
    let load = |more: &[String]| {
        let mut o = Overrides { sets: base.sets.clone() };
        o.sets.extend_from_slice(more);
        args.model.load_with(&origin, &o)
    };
    let models = sweep::sweep_models(&load, &grid)?;
    let inputs = inputs_of(&models);
    args.out.guard(&inputs)?;
    let settings = args.model.settings(&models[0], None);
    let result = watched(settings.trials * models.len() as u64, settings.quiet, |control| {
        sweep::sweep(&models, &grid, &settings.runner(control))
    })?;
    if let Some(page) = &args.out.html {
        emit(&html::sweep_page(&result), Some(page))?;
    }
    write_out(&args.out.text, &result)
}
