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
    let story = trace::trace(&model, seed, args.trial);
    let text = match args.format {
        TraceFormat::Text => Text.export(&story),
        TraceFormat::Jsonl => Jsonl.export(&story),
    };
    emit(&text, args.output.as_deref())
}
