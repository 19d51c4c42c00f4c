//! `negsim run`: a scenario's outcome distribution; with `--shard`, a part
//! file; with `--given` or `--expert-concentration`, the conditioned and
//! replicated views beside it.

use super::{Error, PRECISION_CAP, emit, write_out};
use crate::analysis::evidence::Given;
use crate::analysis::{Precision, shard};
use crate::cli::options::{Settings, inputs_of, origin};
use crate::cli::progress::watched;
use crate::cli::write::say;
use crate::cli::{GivenArgs, RunArgs};
use crate::engine::Stop;
use crate::model::{InputError, Model};
use crate::results::{GivenReport, PrecisionReport, RunInfo, Summary};

pub(super) fn run(args: &RunArgs) -> Result<(), Error> {
    if args.shard.is_some() && args.out.format.is_some() {
        return Err(InputError::plain(
            "--shard writes a part file (JSON), not a report, so --format does not apply",
            "drop --format here and give it to `negsim merge`",
        )
        .into());
    }
    let model = args.model.load(&origin(args.file.as_deref()))?;
    super::warn(&model);
    args.out.guard(&inputs_of([&model]))?;
    let given = parse_given(&model, &args.given)?;
    if given.is_some() && (args.shard.is_some() || args.precision.is_some()) {
        return Err(InputError::plain(
            "--given does not combine with --shard or --precision",
            "run the conditioned analysis in one process, with a fixed --trials (or --accepted N)",
        )
        .into());
    }
    if let Some(given) = &given {
        let cap = args.given.accepted.map(|_| PRECISION_CAP);
        let settings = args.model.settings(&model, cap);
        let summary = conditioned(&model, settings, given, args.given.accepted)?;
        if let Some(w) = summary.given.as_ref().and_then(|g| g.warning.as_ref()) {
            say(&format!("warning: {w}"));
        }
        return write_out(&args.out, &summary);
    }
    let settings = args.model.settings(&model, args.precision.map(|_| PRECISION_CAP));
    let total = args.shard.map_or(settings.trials, |s| shard::shard_trials(settings.trials, s));
    let precision = args.precision.map(|half_width| Precision { half_width });
    let finished = watched(total, settings.quiet, |control| {
        let f = settings.runner(control).execute(&model, args.shard, precision);
        (f.stop != Stop::Cancelled).then_some(f)
    })?;
    if let Some(s) = args.shard {
        let part = shard::partial(&model, settings.seed, settings.trials, s, finished.tally);
        return emit(&shard::to_text(&part), args.out.output.as_deref());
    }
    let mut summary = Summary::new(&RunInfo::of(&model), &finished.tally, settings.seed);
    if let Some(target) = args.precision {
        summary.precision = Some(PrecisionReport {
            target,
            achieved: finished.tally.widest_half_width(),
            reached: finished.stop == Stop::Precise,
            cap: settings.trials,
        });
    }
    write_out(&args.out, &summary)
}

/// The parsed `--given` flag.
pub(super) fn parse_given(model: &Model, given: &GivenArgs) -> Result<Option<Given>, Error> {
    Ok(given.given.as_deref().map(|g| Given::parse(g, model)).transpose()?)
}

/// A run with `--given`: the plain report of every trial drawn, with the
/// conditioned report beside it.
pub(super) fn conditioned(
    model: &Model,
    settings: Settings,
    given: &Given,
    accepted: Option<u64>,
) -> Result<Summary, Error> {
    let info = RunInfo::of(model);
    Ok(watched(settings.trials, settings.quiet, |control| {
        let runner = settings.runner(control);
        let (t, _) = runner.given(model, given, accepted)?;
        let report = GivenReport::new(given.text(), &info, &t.all, &t.accepted, settings.seed, accepted);
        let mut summary = Summary::new(&info, &t.all, settings.seed);
        summary.given = Some(report);
        Some(summary)
    })?)
}
