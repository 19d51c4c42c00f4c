//! `negsim check-history`: the model against what happened.

use super::{Error, watched_fallible, write_out};
use crate::analysis::history;
use crate::cli::CheckHistoryArgs;
use crate::cli::options::{inputs_of, origin};

pub(super) fn check_history(args: &CheckHistoryArgs) -> Result<(), Error> {
    let model = args.model.load(&origin(args.file.as_deref()))?;
    args.out.guard(&inputs_of([&model]))?;
    let settings = args.model.settings(&model, None);
    let result =
        watched_fallible(settings.trials, settings.quiet, |control| history::check(&model, &settings.runner(control)))?;
    write_out(&args.out, &result)?;
    if args.strict && result.outside() > 0 {
        return Err(Error::Strict { outside: result.outside(), total: result.rows.len() });
    }
    Ok(())
}
