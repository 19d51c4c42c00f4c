//! `negsim sobol`: first-order and total Sobol indices of a measure over
//! the scenario's `[uncertain]` coefficients.

use super::{Error, SOBOL_TRIALS, write_out};
use crate::analysis::uncertain::{self, MAX_SOBOL_RUNS};
use crate::cli::SobolArgs;
use crate::cli::options::{inputs_of, origin};
use crate::cli::progress::watched;
use crate::model::InputError;

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
    args.out.guard(&inputs_of([&model]))?;
    let settings = args.model.settings(&model, Some(SOBOL_TRIALS));
    let result = watched(settings.trials * (runs as u64 + 1), settings.quiet, |control| {
        uncertain::sobol(&model, args.target, args.samples, args.resamples, &settings.runner(control))
    })?;
    write_out(&args.out, &result)
}
