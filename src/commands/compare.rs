//! `negsim compare`: two scenarios trial by trial on common random numbers;
//! with `--as-of`, each conditioned on the record on its own.

use super::run::conditioning;
use super::{Error, emit, write_out};
use crate::analysis::compare;
use crate::cli::CompareArgs;
use crate::cli::options::inputs_of;
use crate::cli::progress::watched;
use crate::model::{InputError, Origin};
use crate::report::html;
use crate::results::{ComparedAsOf, Comparison, RunInfo};

pub(super) fn compare(args: &CompareArgs) -> Result<(), Error> {
    if args.given.given.is_some() {
        return Err(InputError::plain(
            "compare does not take --given: the trials that match differ between the two scenarios",
            "condition each with `negsim run --given EXPR`, or compare forecasts from a date with --as-of DATE",
        )
        .into());
    }
    let base = args.model.overrides();
    let a = args.model.load_with(&Origin::Path(args.a.clone()), &base)?;
    let mut b_overrides = base.clone();
    b_overrides.sets.extend(args.set_b.iter().cloned());
    let b = args.model.load_with(&Origin::Path(args.b.clone().unwrap_or_else(|| args.a.clone())), &b_overrides)?;
    args.out.guard(&inputs_of([&a, &b]))?;
    let (Some(ca), Some(cb)) = (conditioning(&a, &args.given)?, conditioning(&b, &args.given)?) else {
        let settings = args.model.settings(&a, None);
        // Both models play every trial: twice the work of one run.
        let comparison = watched(2 * settings.trials, settings.quiet, |control| {
            compare::compare(&a, &b, &settings.runner(control))
        })?;
        return finish(args, &comparison);
    };
    // --as-of: each side kept where it agrees with the record, on its own.
    let (settings_a, settings_b) = (args.model.settings(&a, ca.cap()), args.model.settings(&b, cb.cap()));
    let ta = super::run::draw(&a, &settings_a, &ca)?;
    let tb = super::run::draw(&b, &settings_b, &cb)?;
    let date = ca.as_of.as_ref().map(|p| p.date.to_string()).unwrap_or_default();
    let as_of = ComparedAsOf {
        date,
        a_kept: ta.accepted.trials,
        a_drawn: ta.all.trials,
        b_kept: tb.accepted.trials,
        b_drawn: tb.all.trials,
    };
    let (ia, ib) = (RunInfo::of(&a), RunInfo::of(&b));
    finish(args, &Comparison::conditioned(&ia, &ib, &ta.accepted, &tb.accepted, settings_a.seed, as_of))
}

/// The page, if asked for, then the text output.
fn finish(args: &CompareArgs, comparison: &Comparison) -> Result<(), Error> {
    if let Some(page) = &args.out.html {
        emit(&html::compare_page(comparison), Some(page))?;
    }
    write_out(&args.out.text, comparison)
}
