//! `negsim compare`: two scenarios trial by trial on common random numbers.

use super::{Error, write_out};
use crate::analysis::compare;
use crate::cli::CompareArgs;
use crate::cli::options::inputs_of;
use crate::cli::progress::watched;
use crate::model::Origin;

pub(super) fn compare(args: &CompareArgs) -> Result<(), Error> {
    let base = args.model.overrides();
    let a = args.model.load_with(&Origin::Path(args.a.clone()), &base)?;
    let mut b_overrides = base.clone();
    b_overrides.sets.extend(args.set_b.iter().cloned());
    let b = args.model.load_with(&Origin::Path(args.b.clone().unwrap_or_else(|| args.a.clone())), &b_overrides)?;
    args.out.guard(&inputs_of([&a, &b]))?;
    let settings = args.model.settings(&a, None);
    // Both models play every trial: twice the work of one run.
    let comparison =
        watched(2 * settings.trials, settings.quiet, |control| compare::compare(&a, &b, &settings.runner(control)))?;
    write_out(&args.out, &comparison)
}
