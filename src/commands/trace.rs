//! `negsim trace`: the story of one trial.

use super::{Error, emit};
use crate::analysis::trace;
use crate::cli::TraceArgs;
use crate::cli::options::{inputs_of, origin};
use crate::cli::write;
use crate::model::{Model, Overrides};
use crate::report::{Export, Jsonl, Text, TraceFormat};

pub(super) fn trace(args: &TraceArgs) -> Result<(), Error> {
    let overrides = Overrides { sets: args.set.clone() };
    let model = Model::load_with(&origin(args.file.as_deref()), &overrides)?;
    let model = if args.central_drivers { model.with_central_drivers() } else { model };
    if let Some(out) = &args.output {
        write::guard(out, &inputs_of([&model]), args.force)?;
    }
    let seed = args.seed.unwrap_or(model.settings.seed);
    if args.trial >= model.settings.trials {
        write::say(&format!(
            "note: trial {} is not part of the scenario's default run of {} trials (trials 0 to {}); \
             runs of more trials (--trials {} or more) do include it, with this seed",
            args.trial,
            model.settings.trials,
            model.settings.trials - 1,
            args.trial.saturating_add(1)
        ));
    }
    let story = trace::trace(&model, seed, args.trial);
    let text = match args.format {
        TraceFormat::Text => Text.export(&story),
        TraceFormat::Jsonl => Jsonl.export(&story),
    };
    emit(&text, args.output.as_deref())
}
