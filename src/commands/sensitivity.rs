//! `negsim sensitivity`: the one-at-a-time tornado.

use super::{Error, SENSITIVITY_TRIALS, emit, write_out};
use crate::analysis::sensitivity;
use crate::cli::SensitivityArgs;
use crate::cli::options::{inputs_of, origin};
use crate::cli::progress::watched;
use crate::cli::write;
use crate::model::Overrides;
use crate::report::html;

pub(super) fn sensitivity(args: &SensitivityArgs) -> Result<(), Error> {
    let origin = origin(args.file.as_deref());
    let base = args.model.overrides();
    let load = |more: &[String]| {
        let mut o = Overrides { sets: base.sets.clone() };
        o.sets.extend_from_slice(more);
        args.model.load_with(&origin, &o)
    };
    let plan = sensitivity::plan_sensitivity(&load, args.delta, &args.params)?;
    let inputs = inputs_of([&plan.base]);
    args.out.guard(&inputs)?;
    if let Some(chart) = &args.chart {
        write::guard(chart, &inputs, args.out.force)?;
    }
    let settings = args.model.settings(&plan.base, Some(SENSITIVITY_TRIALS));
    let result = watched(settings.trials * plan.runs() as u64, settings.quiet, |control| {
        sensitivity::sensitivity(&plan, args.target, args.top, &settings.runner(control))
    })?;
    if let Some(chart) = &args.chart {
        emit(&html::tornado_svg(&result), Some(chart))?;
    }
    write_out(&args.out, &result)
}
