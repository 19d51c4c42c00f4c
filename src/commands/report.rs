//! `negsim report`: the self-contained HTML page.

use super::run::{conditioned, given_and_experts};
use super::{Error, PRECISION_CAP, SENSITIVITY_TRIALS, emit};
use crate::analysis::sensitivity;
use crate::cli::ReportArgs;
use crate::cli::options::{inputs_of, origin};
use crate::cli::progress::watched;
use crate::cli::write;
use crate::model::Model;
use crate::report::html;
use crate::results::{RunInfo, Summary};

pub(super) fn report(args: &ReportArgs) -> Result<(), Error> {
    let origin = origin(args.file.as_deref());
    let model = Model::load_with(&origin, &args.model.overrides())?;
    write::guard(&args.output, &inputs_of([&model]), args.force)?;
    let (given, experts) = given_and_experts(&model, &args.given, &args.experts)?;
    let settings = args.model.settings(&model, args.given.accepted.map(|_| PRECISION_CAP));
    let plan = match &args.tornado {
        Some(_) => Some(sensitivity::plan_sensitivity(&origin, &args.model.overrides(), 0.2, &[])?),
        None => None,
    };
    let summary = if given.is_some() || experts.is_some() {
        conditioned(&model, settings, given.as_ref(), args.given.accepted, experts.as_ref())?
    } else {
        let tally = watched(settings.trials, settings.quiet, |control| settings.runner(control).tally(&model))?;
        Summary::new(&RunInfo::of(&model), &tally, settings.seed)
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
