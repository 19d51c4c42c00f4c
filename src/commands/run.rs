//! `negsim run`: a scenario's outcome distribution; with `--shard`, a part
//! file; with `--given`, the conditioned view beside it; with `--as-of`, the
//! forecast from a date given the record.

use super::{Error, PRECISION_CAP, emit, write_out};
use crate::analysis::asof::{self, AsOf};
use crate::analysis::evidence::Given;
use crate::analysis::{GivenTally, Precision, shard};
use crate::cli::options::{Settings, inputs_of, origin};
use crate::cli::progress::watched;
use crate::cli::write::say;
use crate::cli::{GivenArgs, RunArgs};
use crate::engine::Stop;
use crate::model::record::Record;
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
    let given = conditioning(&model, &args.given)?;
    if given.is_some() && (args.shard.is_some() || args.precision.is_some()) {
        return Err(InputError::plain(
            "--given and --as-of do not combine with --shard or --precision",
            "run the conditioned analysis in one process, with a fixed --trials (or --accepted N)",
        )
        .into());
    }
    if args.uncertain.is_some() {
        crate::analysis::uncertain::check(&model, "--uncertain")?;
        if given.is_some() {
            return Err(InputError::plain(
                "--uncertain does not combine with --given or --as-of",
                "run the replicates without conditioning, or condition without --uncertain",
            )
            .into());
        }
    }
    if let Some(given) = &given {
        let settings = args.model.settings(&model, given.cap());
        let summary = conditioned(&model, settings, given)?;
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
    if let Some(count) = args.uncertain {
        // The replicates after the plain run, each with its trials: R runs.
        let report = watched(settings.trials * count as u64, settings.quiet, |control| {
            crate::analysis::uncertain::replicates(&model, &finished.tally, count, &settings.runner(control))
        })?;
        summary.uncertainty = Some(report);
    }
    write_out(&args.out, &summary)
}

/// What a run is conditioned on: a `--given` expression, or the record up
/// to an `--as-of` date (itself written as an expression).
pub(super) struct Conditioning {
    /// The expression.
    pub given: Given,
    /// With `--as-of`: the date and the record's conditions.
    pub as_of: Option<AsOf>,
    /// Trials to keep (`--accepted`, or the `--as-of` default).
    pub accepted: Option<u64>,
    /// With `--as-of`: the fewest kept trials to answer on.
    pub min_ess: u64,
}

impl Conditioning {
    /// The default number of trials to draw (a cap when trials are kept
    /// until enough match).
    pub fn cap(&self) -> Option<u64> {
        match (&self.as_of, self.accepted) {
            (Some(_), _) => Some(asof::DEFAULT_CAP),
            (None, Some(_)) => Some(PRECISION_CAP),
            (None, None) => None,
        }
    }
}

/// The parsed `--given`, `--as-of` and `--accepted` flags.
pub(super) fn conditioning(model: &Model, args: &GivenArgs) -> Result<Option<Conditioning>, Error> {
    if let Some(date) = args.as_of {
        let record = match &args.record {
            Some(path) => Record::read(path)?,
            None => Record::embedded()?,
        };
        let plan = asof::plan(model, &record, date)?;
        return Ok(Some(Conditioning {
            given: plan.given.clone(),
            as_of: Some(plan),
            accepted: Some(args.accepted.unwrap_or(asof::DEFAULT_ACCEPTED)),
            min_ess: args.min_ess.unwrap_or(asof::MIN_ESS),
        }));
    }
    match &args.given {
        Some(text) => Ok(Some(Conditioning {
            given: Given::parse(text, model)?,
            as_of: None,
            accepted: args.accepted,
            min_ess: 0,
        })),
        None if args.accepted.is_some() => Err(InputError::plain(
            "--accepted counts the trials that match --given or --as-of, and neither is given",
            "add --given EXPR or --as-of DATE, or drop --accepted",
        )
        .into()),
        None => Ok(None),
    }
}

/// Draws the trials of a run with `--given` or `--as-of`: all of them, and
/// those that match. With `--as-of`, refused when too few trials agree with
/// the record.
pub(super) fn draw(model: &Model, settings: &Settings, c: &Conditioning) -> Result<GivenTally, Error> {
    let t = watched(settings.trials, settings.quiet, |control| {
        settings.runner(control).given(model, &c.given, c.accepted).map(|(t, _)| t)
    })?;
    if let Some(plan) = &c.as_of {
        plan.check_kept(model, t.accepted.trials, t.all.trials, c.min_ess)?;
    }
    Ok(t)
}

/// A run with `--given` or `--as-of`: the plain report of every trial
/// drawn, with the conditioned report beside it.
pub(super) fn conditioned(model: &Model, settings: Settings, c: &Conditioning) -> Result<Summary, Error> {
    let info = RunInfo::of(model);
    let t = draw(model, &settings, c)?;
    let mut summary = Summary::new(&info, &t.all, settings.seed);
    summary.given = Some(GivenReport::new(c.given.text(), &info, &t.all, &t.accepted, settings.seed, c.accepted));
    if let Some(plan) = &c.as_of {
        summary.as_of = Some(plan.report(t.accepted.trials, c.min_ess));
    }
    Ok(summary)
}
