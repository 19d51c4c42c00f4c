//! `negsim trace`: the story of one trial, or of the first trials that
//! match a `--given` condition.

use super::{Error, emit};
use crate::analysis::evidence::Given;
use crate::analysis::trace;
use crate::cli::TraceArgs;
use crate::cli::options::{inputs_of, origin, threads};
use crate::cli::progress::watched;
use crate::cli::write;
use crate::engine::Control;
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
    let trials = match (&args.given, args.trial) {
        (Some(text), _) => find(args, &model, seed, text)?,
        (None, Some(k)) => {
            note_past_default_run(&model, k);
            vec![k]
        }
        // clap requires one of the two.
        (None, None) => Vec::new(),
    };
    let text: String = trials
        .iter()
        .map(|&k| {
            let story = trace::trace(&model, seed, k);
            match args.format {
                TraceFormat::Text => Text.export(&story),
                TraceFormat::Jsonl => Jsonl.export(&story),
            }
        })
        .collect::<Vec<_>>()
        .join(if args.format == TraceFormat::Text { "\n" } else { "" });
    emit(&text, args.output.as_deref())
}

/// The trials `--given` asks for: the first `--first` that match among the
/// search range, or an error saying none did.
fn find(args: &TraceArgs, model: &Model, seed: u64, text: &str) -> Result<Vec<u64>, Error> {
    let given = Given::parse(text, model)?;
    let searched = args.trials.unwrap_or(model.settings.trials);
    let first = args.first.unwrap_or(1);
    let found = watched(searched, args.quiet, |control: &Control<'_>| {
        let runner = crate::analysis::Runner { trials: searched, seed, threads: threads(args.threads), control };
        runner.find(model, &given, first)
    })?;
    if found.is_empty() {
        return Err(Error::NotFound { given: given.text().to_string(), searched, seed });
    }
    if found.len() < first {
        write::say(&format!(
            "note: only {} of trials 0 to {} match `{}` (seed {seed}); --first asked for {first}",
            found.len(),
            searched - 1,
            given.text()
        ));
    }
    Ok(found)
}

/// Trial K past the scenario's default run is still a trial of longer runs:
/// say so, since `negsim run` alone would not have played it.
fn note_past_default_run(model: &Model, k: u64) {
    if k >= model.settings.trials {
        write::say(&format!(
            "note: trial {} is not part of the scenario's default run of {} trials (trials 0 to {}); \
             runs of more trials (--trials {} or more) do include it, with this seed",
            k,
            model.settings.trials,
            model.settings.trials - 1,
            k.saturating_add(1)
        ));
    }
}
