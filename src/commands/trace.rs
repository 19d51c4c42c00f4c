//! `negsim trace`: the story of one trial, or of the first trials that
//! match a `--given` condition.

use super::{Error, emit};
use crate::analysis::evidence::Given;
use crate::analysis::trace;
use crate::cli::TraceArgs;
use crate::cli::options::{Settings, inputs_of, origin};
use crate::cli::progress::watched;
use crate::cli::write;
use crate::model::Model;
use crate::report::{Export, Jsonl, Text, TraceFormat};

pub(super) fn trace(args: &TraceArgs) -> Result<(), Error> {
    let model = args.model.load(&origin(args.file.as_deref()))?;
    if let Some(out) = &args.output {
        write::guard(out, &inputs_of([&model]), args.force)?;
    }
    let settings = args.model.settings(&model, None);
    let seed = settings.seed;
    let trials = match (&args.given, args.trial) {
        (Some(text), _) => find(args, &model, &settings, text)?,
        (None, Some(k)) => {
            note_past_the_run(settings.trials, args.model.trials.is_some(), k);
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
fn find(args: &TraceArgs, model: &Model, settings: &Settings, text: &str) -> Result<Vec<u64>, Error> {
    let given = Given::parse(text, model)?;
    let (searched, seed) = (settings.trials, settings.seed);
    let first = args.first.unwrap_or(1);
    let found = watched(searched, settings.quiet, |control| settings.runner(control).find(model, &given, first))?;
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

/// Trial K past the run (the scenario's trials, or `-n`) is still a trial
/// of longer runs: say so, since that `negsim run` would not have played it.
fn note_past_the_run(trials: u64, flag: bool, k: u64) {
    if k >= trials {
        let run = if flag { "a run" } else { "the scenario's default run" };
        write::say(&format!(
            "note: trial {k} is not part of {run} of {trials} trials (trials 0 to {}); \
             runs of more trials (--trials {} or more) do include it, with this seed",
            trials - 1,
            k.saturating_add(1)
        ));
    }
}
