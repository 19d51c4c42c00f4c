//! `negsim sobol`: first-order and total Sobol indices of a measure over
//! the scenario's `[uncertain]` coefficients.

use super::{Error, SOBOL_TRIALS, emit, write_out};
use crate::analysis::uncertain::{self, MAX_SOBOL_RUNS};
use crate::cli::SobolArgs;
use crate::cli::options::{inputs_of, origin};
use crate::cli::progress::watched;
use crate::cli::write;
use crate::model::InputError;
use crate::report::html;

pub(super) fn sobol(args: &SobolArgs) -> Result<(), Error> {
    let model = args.model.load(&origin(args.file.as_deref()))?;
    super::warn(&model);
    uncertain::check(&model, "sobol")?;
    let runs = uncertain::sobol_runs(&model, args.samples);
    if runs > MAX_SOBOL_RUNS {
        return Err(InputError::plain(
            format!(
                "--samples {} with {} uncertain coefficients would take {runs} runs; the cap is {MAX_SOBOL_RUNS}",
                args.samples,
                model.uncertain.len()
            ),
            "lower --samples",
        )
        .into());
    }
    let inputs = inputs_of([&model]);
    args.out.guard(&inputs)?;
    if let Some(chart) = &args.chart {
        write::guard(chart, &inputs, args.out.force)?;
    }
    let settings = args.model.settings(&model, Some(SOBOL_TRIALS));
    let result = watched(settings.trials * (runs as u64 + 1), settings.quiet, |control| {
        uncertain::sobol(&model, args.target, args.samples, args.resamples, &settings.runner(control))
    })?;
    if let Some(chart) = &args.chart {
        emit(&html::sobol_svg(&result), Some(chart))?;
    }
    write_out(&args.out, &result)
}
