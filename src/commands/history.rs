//! `negsim check-history`: the model against what happened.

use super::{Error, write_out};
use crate::analysis::history;
use crate::cli::CheckHistoryArgs;
use crate::cli::options::{inputs_of, origin};
use crate::cli::progress::watched;

pub(super) fn check_history(args: &CheckHistoryArgs) -> Result<(), Error> {
    let model = args.model.load(&origin(args.file.as_deref()))?;
    args.out.guard(&inputs_of([&model]))?;
    let settings = args.model.settings(&model, None);
    let mut failure = None;
    let result =
        watched(settings.trials, settings.quiet, |control| match history::check(&model, &settings.runner(control)) {
            Ok(r) => r.map(Some),
            Err(e) => {
                failure = Some(e);
                Some(None)
            }
        })?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    let Some(result) = result else { return Ok(()) };
    write_out(&args.out, &result)?;
    if args.strict && result.outside() > 0 {
        return Err(Error::Strict { outside: result.outside(), total: result.rows.len() });
    }
    Ok(())
}
