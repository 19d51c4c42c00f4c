//! `negsim sweep`: one run per value of one parameter.

use super::{Error, write_out};
use crate::analysis::sweep;
use crate::cli::SweepArgs;
use crate::cli::options::{check_sweep_key, inputs_of, origin};
use crate::cli::progress::watched;
use crate::model::Overrides;

pub(super) fn sweep(args: &SweepArgs) -> Result<(), Error> {
    let (key, values) = sweep::sweep_values(&args.set_range)?;
    let base = args.model.overrides();
    check_sweep_key(&key, &base.sets)?;
    let origin = origin(args.file.as_deref());
    let load = |more: &[String]| {
        let mut o = Overrides { sets: base.sets.clone() };
        o.sets.extend_from_slice(more);
        args.model.load_with(&origin, &o)
    };
    let models = sweep::sweep_models(&load, &key, &values)?;
    args.out.guard(&inputs_of(&models))?;
    let settings = args.model.settings(&models[0], None);
    let result = watched(settings.trials * models.len() as u64, settings.quiet, |control| {
        sweep::sweep(&models, &key, &values, &settings.runner(control))
    })?;
    write_out(&args.out, &result)
}
