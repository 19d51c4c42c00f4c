//! `negsim compare`: two scenarios trial by trial on common random numbers.

use super::{Error, write_out};
use crate::analysis::compare;
use crate::analysis::experts::Experts;
use crate::cli::CompareArgs;
use crate::cli::options::inputs_of;
use crate::cli::progress::watched;
use crate::model::{Model, Origin};

pub(super) fn compare(args: &CompareArgs) -> Result<(), Error> {
    let base = args.model.overrides();
    let a = Model::load_with(&Origin::Path(args.a.clone()), &base)?;
    let mut b_overrides = base.clone();
    b_overrides.sets.extend(args.set_b.iter().cloned());
    let b = Model::load_with(&Origin::Path(args.b.clone().unwrap_or_else(|| args.a.clone())), &b_overrides)?;
    args.out.guard(&inputs_of([&a, &b]))?;
    let settings = args.model.settings(&a, None);
    let experts = args.experts.expert_concentration.map(|k| Experts::new(k, args.experts.replicates)).transpose()?;
    let replicates = experts.as_ref().map_or(0, |e| u64::from(e.replicates));
    // Both models play every trial: twice the work of one run, per replicate.
    let work = (2 * settings.trials).saturating_mul(1 + replicates);
    let comparison =
        watched(work, settings.quiet, |control| compare::compare(&a, &b, experts.as_ref(), &settings.runner(control)))?;
    write_out(&args.out, &comparison)
}
