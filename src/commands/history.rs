//! `negsim check-history`: the model against what happened.

use super::{Error, write_out};
use crate::analysis::history;
use crate::cli::CheckHistoryArgs;
use crate::cli::options::{inputs_of, origin};
use crate::cli::progress::watched;
use crate::model::Model;

pub(super) fn check_history(args: &CheckHistoryArgs) -> Result<(), Error> {
    let model = Model::load_with(&origin(args.file.as_deref()), &args.model.overrides())?;
    args.out.guard(&inputs_of([&model]))?;
    let settings = args.model.settings(&model, None);
    let result = watched(settings.trials, settings.quiet, |control| history::check(&model, &settings.runner(control)))?;
    write_out(&args.out, &result)?;
    if args.strict && result.outside() > 0 {
        return Err(Error::Strict { outside: result.outside(), total: result.rows.len() });
    }
    Ok(())
}
