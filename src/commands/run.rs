//! `negsim run`: a scenario's outcome distribution; with `--shard`, a part
//! file; with `--given` or `--expert-concentration`, the conditioned and
//! replicated views beside it.

use super::{Error, PRECISION_CAP, emit, write_out};
use crate::analysis::evidence::Given;
use crate::analysis::experts::{self, Experts};
use crate::analysis::{Precision, shard};
use crate::cli::options::{Settings, inputs_of, origin};
use crate::cli::progress::watched;
use crate::cli::write::say;
use crate::cli::{ExpertArgs, GivenArgs, RunArgs};
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
    let model = Model::load_with(&origin(args.file.as_deref()), &args.model.overrides())?;
    args.out.guard(&inputs_of([&model]))?;
    let (given, experts) = given_and_experts(&model, &args.given, &args.experts)?;
    if (given.is_some() || experts.is_some()) && (args.shard.is_some() || args.precision.is_some()) {
        return Err(InputError::plain(
            "--given and --expert-concentration do not combine with --shard or --precision",
            "run the conditioned or replicated analysis in one process, with a fixed --trials",
        )
        .into());
    }
    if given.is_some() || experts.is_some() {
        let cap = args.given.accepted.map(|_| PRECISION_CAP);
        let settings = args.model.settings(&model, cap);
        let summary = conditioned(&model, settings, given.as_ref(), args.given.accepted, experts.as_ref())?;
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

/// The parsed `--given` and `--expert-concentration` flags.
pub(super) fn given_and_experts(
    model: &Model,
    given: &GivenArgs,
    experts: &ExpertArgs,
) -> Result<(Option<Given>, Option<Experts>), Error> {
    let parsed = given.given.as_deref().map(|g| Given::parse(g, model)).transpose()?;
    let experts = experts.expert_concentration.map(|k| Experts::new(k, experts.replicates)).transpose()?;
    Ok((parsed, experts))
}

/// A run with `--given` and/or `--expert-concentration`: the plain report
/// of every trial drawn, with the conditioned report and the spread across
/// replicates beside it.
pub(super) fn conditioned(
    model: &Model,
    settings: Settings,
    given: Option<&Given>,
    accepted: Option<u64>,
    experts: Option<&Experts>,
) -> Result<Summary, Error> {
    let info = RunInfo::of(model);
    let replicates = experts.map_or(0, |e| u64::from(e.replicates));
    // The replicates run as many trials as the main run drew; with
    // --accepted that is known only afterwards, so the bar counts the main
    // run's cap.
    let work = settings.trials.saturating_add(settings.trials.saturating_mul(replicates));
    Ok(watched(work, settings.quiet, |control| {
        let runner = settings.runner(control);
        let (tally, given_report) = match given {
            Some(g) => {
                let (t, _) = runner.given(model, g, accepted)?;
                let report = GivenReport::new(g.text(), &info, &t.all, &t.accepted, settings.seed, accepted);
                (t.all, Some(report))
            }
            None => (runner.tally(model)?, None),
        };
        let experts = match experts {
            Some(x) => Some(experts::spread(model, x, &runner.with_trials(tally.trials))?),
            None => None,
        };
        let mut summary = Summary::new(&info, &tally, settings.seed);
        summary.given = given_report;
        summary.experts = experts;
        Some(summary)
    })?)
}
