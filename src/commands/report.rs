//! `negsim report`: the self-contained HTML page.

use super::run::{conditioned, conditioning};
use super::{Error, SENSITIVITY_TRIALS, emit};
use crate::analysis::sensitivity;
use crate::cli::ReportArgs;
use crate::cli::options::{inputs_of, origin};
use crate::cli::progress::watched;
use crate::cli::write;
use crate::model::{InputError, Overrides};
use crate::report::html;
use crate::results::{RunInfo, Summary};

pub(super) fn report(args: &ReportArgs) -> Result<(), Error> {
    let origin = origin(args.file.as_deref());
    let model = args.model.load(&origin)?;
    write::guard(&args.output, &inputs_of([&model]), args.force)?;
    let given = conditioning(&model, &args.given)?;
    if args.uncertain.is_some() {
        crate::analysis::uncertain::check(&model, "--uncertain")?;
        if given.is_some() {
            return Err(InputError::plain(
                "--uncertain does not combine with --given or --as-of",
                "draw the report's replicates without conditioning, or condition without --uncertain",
            )
            .into());
        }
    }
    let settings = args.model.settings(&model, given.as_ref().and_then(|g| g.cap()));
    let base = args.model.overrides();
    let load = |more: &[String]| {
        let mut o = Overrides { sets: base.sets.clone() };
        o.sets.extend_from_slice(more);
        args.model.load_with(&origin, &o)
    };
    let plan = match &args.tornado {
        Some(_) => Some(sensitivity::plan_sensitivity(&load, 0.2, &[])?),
        None => None,
    };
    let summary = match &given {
        Some(g) => conditioned(&model, settings, g)?,
        None => {
            let tally = watched(settings.trials, settings.quiet, |control| settings.runner(control).tally(&model))?;
            let mut summary = Summary::new(&RunInfo::of(&model), &tally, settings.seed);
            if let Some(count) = args.uncertain {
                // As `run --uncertain`: R more runs, each of the run's trials.
                summary.uncertainty = Some(watched(settings.trials * count as u64, settings.quiet, |control| {
                    crate::analysis::uncertain::replicates(&model, &tally, count, &settings.runner(control))
                })?);
            }
            summary
        }
    };
    let tornado = match (&plan, args.tornado) {
        (Some(plan), Some(target)) => {
            let trials = settings.trials.min(SENSITIVITY_TRIALS);
            Some(watched(trials * plan.runs() as u64, settings.quiet, |control| {
                sensitivity::sensitivity(plan, target, Some(15), &settings.runner(control).with_trials(trials))
            })?)
        }
        _ => None,
    };
    emit(&html::page(&summary, tornado.as_ref()), Some(&args.output))
}
