//! Turning parsed arguments into work: load, run, report, write.

use crate::analysis;
use crate::cli::{
    BenchArgs, CalibrateArgs, CheckHistoryArgs, Cli, Command, CompareArgs, EvidenceArgs, ExpertArgs, FitKind,
    MergeArgs, ModelArgs, OutputArgs, ReportArgs, RunArgs, SensitivityArgs, SweepArgs, TraceArgs, TraceFormat,
    ValidateArgs,
};
use crate::engine::{self, Control, Plan, Precision, Stop};
use crate::evidence::Evidence;
use crate::model::{InputError, Model, Origin, Overrides};
use crate::report::{self, Comparison, GivenReport, PrecisionReport, RunInfo, Summary};
use crate::uncertainty::Experts;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: a file, value or flag.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The output could not be written.
    #[error("error: cannot write {path}: {source}")]
    Output {
        /// Where we tried to write.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// Ctrl-C stopped the run (within a block); nothing was written.
    #[error("interrupted: the run stopped after {done} of {total} trials; nothing was written")]
    Interrupted {
        /// Trials done when it stopped.
        done: u64,
        /// Trials asked for.
        total: u64,
    },
    /// `check-history --strict` found figures outside the model's range.
    #[error("check-history --strict: {outside} of {total} figures lie outside the model's central 90 %")]
    Strict {
        /// Figures outside.
        outside: usize,
        /// Figures checked.
        total: usize,
    },
    /// One or more files failed `validate` (each already reported).
    #[error("error: {failed} of {total} files failed validation")]
    Invalid {
        /// Files with problems.
        failed: usize,
        /// Files checked.
        total: usize,
    },
}

impl Error {
    /// Exit code: 2 for bad input, 1 for other failures, 130 when
    /// interrupted.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) | Error::Invalid { .. } => 2,
            Error::Output { .. } | Error::Strict { .. } => 1,
            Error::Interrupted { .. } => 130,
        }
    }
}

/// Runs the command line.
pub fn main(cli: Cli) -> Result<(), Error> {
    match cli.command {
        None => run(&RunArgs::default()),
        Some(Command::Run(args)) => run(&args),
        Some(Command::Compare(args)) => compare(&args),
        Some(Command::Sweep(args)) => sweep(&args),
        Some(Command::Sensitivity(args)) => sensitivity(&args),
        Some(Command::Trace(args)) => trace(&args),
        Some(Command::Report(args)) => html_report(&args),
        Some(Command::Calibrate(args)) => calibrate(&args),
        Some(Command::CheckHistory(args)) => check_history(&args),
        Some(Command::Validate(args)) => validate(&args),
        Some(Command::Bench(args)) => bench(&args),
        Some(Command::Merge(args)) => merge(&args),
    }
}

fn threads(flag: Option<u16>) -> usize {
    flag.map(usize::from).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn origin(file: Option<&Path>) -> Origin {
    file.map_or_else(Origin::baseline, |p| Origin::Path(p.to_path_buf()))
}

fn overrides(m: &ModelArgs) -> Overrides {
    Overrides { sets: m.set.clone(), renormalize: m.renormalize }
}

/// Default trial cap of a run with `--precision`.
pub const PRECISION_CAP: u64 = 100_000_000;

/// Default trials per run of a sensitivity analysis (two runs a parameter).
pub const SENSITIVITY_TRIALS: u64 = 20_000;

fn run(args: &RunArgs) -> Result<(), Error> {
    if args.shard.is_some() && args.out.format.is_some() {
        return Err(InputError::plain(
            "--shard writes a part file (JSON), not a report, so --format does not apply",
            "drop --format here and give it to `negsim merge`",
        )
        .into());
    }
    let model = Model::load_with(&origin(args.file.as_deref()), &overrides(&args.model))?;
    refuse_overwriting_inputs(args.out.output.as_deref(), &[&model])?;
    let (evidence, experts) = evidence_and_experts(&model, &args.evidence, &args.experts)?;
    if (evidence.is_some() || experts.is_some()) && (args.shard.is_some() || args.precision.is_some()) {
        return Err(InputError::plain(
            "--given and --expert-concentration do not combine with --shard or --precision",
            "run the conditioned or replicated analysis in one process, with a fixed --trials",
        )
        .into());
    }
    let seed = args.model.seed.unwrap_or(model.settings.seed);
    if evidence.is_some() || experts.is_some() {
        let (summary, _) = conditioned(&model, &args.model, &args.evidence, evidence.as_ref(), experts.as_ref(), seed)?;
        if let Some(w) = summary.given.as_ref().and_then(|g| g.warning.as_ref()) {
            eprintln!("warning: {w}");
        }
        return write_out(&args.out, &summary);
    }
    let trials = match args.precision {
        Some(_) => args.model.trials.unwrap_or(PRECISION_CAP),
        None => args.model.trials.unwrap_or(model.settings.trials),
    };
    let plan =
        Plan { seed, trials, shard: args.shard, precision: args.precision.map(|half_width| Precision { half_width }) };
    let total = plan.shard.map_or(trials, |s| crate::shard::shard_trials(trials, s));
    let finished = watched(total, args.model.quiet, |control| {
        let f = engine::execute(&model, &plan, threads(args.model.threads), control);
        (f.stop != Stop::Cancelled).then_some(f)
    })?;
    if let Some(shard) = args.shard {
        let part = crate::shard::partial(&model, seed, trials, shard, finished.tally);
        return emit(&to_json(&part), args.out.output.as_deref());
    }
    let mut summary = Summary::new(&RunInfo::of(&model), &finished.tally, seed);
    if let Some(target) = args.precision {
        summary.precision = Some(PrecisionReport {
            target,
            achieved: finished.tally.widest_half_width(),
            reached: finished.stop == Stop::Precise,
            cap: trials,
        });
    }
    write_out(&args.out, &summary)
}

/// The parsed `--given` and `--expert-concentration` flags.
fn evidence_and_experts(
    model: &Model,
    evidence: &EvidenceArgs,
    experts: &ExpertArgs,
) -> Result<(Option<Evidence>, Option<Experts>), Error> {
    let parsed = evidence.given.as_deref().map(|g| Evidence::parse(g, model)).transpose()?;
    let experts = experts.expert_concentration.map(|k| Experts::new(k, experts.replicates)).transpose()?;
    Ok((parsed, experts))
}

/// A run with `--given` and/or `--expert-concentration`: the plain report
/// of every trial drawn, with the conditioned report and the spread across
/// replicates beside it; and the tally of every trial drawn.
fn conditioned(
    model: &Model,
    flags: &ModelArgs,
    given: &EvidenceArgs,
    evidence: Option<&Evidence>,
    experts: Option<&Experts>,
    seed: u64,
) -> Result<(Summary, crate::stats::Tally), Error> {
    let trials = match given.accepted {
        Some(_) => flags.trials.unwrap_or(PRECISION_CAP),
        None => flags.trials.unwrap_or(model.settings.trials),
    };
    let threads = threads(flags.threads);
    let info = RunInfo::of(model);
    let replicates = experts.map_or(0, |e| u64::from(e.replicates));
    // The replicates run as many trials as the main run drew; with
    // --accepted that is known only afterwards, so the bar counts the main
    // run's cap.
    let work = trials.saturating_add(trials.saturating_mul(replicates));
    watched(work, flags.quiet, |control| {
        let (tally, given_report) = match evidence {
            Some(e) => {
                let (t, _) = engine::run_given(model, e, trials, seed, given.accepted, threads, control)?;
                let report = GivenReport::new(e.text(), &info, &t.all, &t.accepted, seed, given.accepted);
                (t.all, Some(report))
            }
            None => {
                let f = engine::execute(model, &Plan::all(trials, seed), threads, control);
                ((f.stop != Stop::Cancelled).then_some(f.tally)?, None)
            }
        };
        let experts = match experts {
            Some(x) => Some(crate::uncertainty::spread(model, x, tally.trials, seed, threads, control)?),
            None => None,
        };
        let mut summary = Summary::new(&info, &tally, seed);
        summary.given = given_report;
        summary.experts = experts;
        Some((summary, tally))
    })
}

fn write_out<T>(out: &OutputArgs, value: &T) -> Result<(), Error>
where
    report::Table: report::Export<T>,
    report::Json: report::Export<T>,
    report::Csv: report::Export<T>,
    report::Markdown: report::Export<T>,
{
    emit(&report::render(out.format.unwrap_or_default(), value), out.output.as_deref())
}

fn compare(args: &CompareArgs) -> Result<(), Error> {
    let base = overrides(&args.model);
    let a = Model::load_with(&Origin::Path(args.a.clone()), &base)?;
    let mut b_overrides = base.clone();
    b_overrides.sets.extend(args.set_b.iter().cloned());
    let b = Model::load_with(&Origin::Path(args.b.clone().unwrap_or_else(|| args.a.clone())), &b_overrides)?;
    refuse_overwriting_inputs(args.out.output.as_deref(), &[&a, &b])?;
    let trials = args.model.trials.unwrap_or(a.settings.trials);
    let seed = args.model.seed.unwrap_or(a.settings.seed);
    let experts = args.experts.expert_concentration.map(|k| Experts::new(k, args.experts.replicates)).transpose()?;
    let replicates = experts.as_ref().map_or(0, |e| u64::from(e.replicates));
    // Both models play every trial: twice the work of one run, per replicate.
    let work = (2 * trials).saturating_mul(1 + replicates);
    let threads = threads(args.model.threads);
    let (pair, spread) = watched(work, args.model.quiet, |control| {
        let pair = engine::run_pair(&a, &b, trials, seed, threads, control)?;
        let spread = match &experts {
            Some(x) => Some(crate::uncertainty::pair_spread(&a, &b, x, trials, seed, threads, control)?),
            None => None,
        };
        Some((pair, spread))
    })?;
    let mut comparison = Comparison::new(&RunInfo::of(&a), &RunInfo::of(&b), &pair, seed);
    comparison.experts = spread;
    write_out(&args.out, &comparison)
}

fn sweep(args: &SweepArgs) -> Result<(), Error> {
    let (key, values) = analysis::sweep_values(&args.set_range)?;
    let models = analysis::sweep_models(&origin(args.file.as_deref()), &overrides(&args.model), &key, &values)?;
    let refs: Vec<&Model> = models.iter().collect();
    refuse_overwriting_inputs(args.out.output.as_deref(), &refs)?;
    let first = &models[0];
    let trials = args.model.trials.unwrap_or(first.settings.trials);
    let seed = args.model.seed.unwrap_or(first.settings.seed);
    let result = watched(trials * models.len() as u64, args.model.quiet, |control| {
        analysis::sweep(&models, &key, &values, trials, seed, threads(args.model.threads), control)
    })?;
    write_out(&args.out, &result)
}

fn sensitivity(args: &SensitivityArgs) -> Result<(), Error> {
    let origin = origin(args.file.as_deref());
    let plan = analysis::plan_sensitivity(&origin, &overrides(&args.model), args.delta, &args.params)?;
    refuse_overwriting_inputs(args.out.output.as_deref(), &[&plan.base])?;
    if let Some(chart) = &args.chart {
        refuse_overwriting_inputs(Some(chart), &[&plan.base])?;
    }
    let trials = args.model.trials.unwrap_or(SENSITIVITY_TRIALS);
    let seed = args.model.seed.unwrap_or(plan.base.settings.seed);
    let result = watched(trials * plan.runs() as u64, args.model.quiet, |control| {
        analysis::sensitivity(
            &plan,
            &args.target,
            args.delta,
            args.top,
            trials,
            seed,
            threads(args.model.threads),
            control,
        )
    })?;
    if let Some(chart) = &args.chart {
        emit(&report::html::tornado_svg(&result), Some(chart))?;
    }
    write_out(&args.out, &result)
}

fn trace(args: &TraceArgs) -> Result<(), Error> {
    let overrides = Overrides { sets: args.set.clone(), renormalize: args.renormalize };
    let model = Model::load_with(&origin(args.file.as_deref()), &overrides)?;
    refuse_overwriting_inputs(args.output.as_deref(), &[&model])?;
    let seed = args.seed.unwrap_or(model.settings.seed);
    let (_, events) = crate::trace::trace(&model, seed, args.trial);
    let text = match args.format {
        TraceFormat::Text => crate::trace::text(&model, &events),
        TraceFormat::Jsonl => crate::trace::jsonl(&events),
    };
    emit(&text, args.output.as_deref())
}

fn html_report(args: &ReportArgs) -> Result<(), Error> {
    let origin = origin(args.file.as_deref());
    let model = Model::load_with(&origin, &overrides(&args.model))?;
    refuse_overwriting_inputs(Some(&args.output), &[&model])?;
    let (evidence, experts) = evidence_and_experts(&model, &args.evidence, &args.experts)?;
    let trials = args.model.trials.unwrap_or(model.settings.trials);
    let seed = args.model.seed.unwrap_or(model.settings.seed);
    let threads = threads(args.model.threads);
    let plan = match &args.tornado {
        Some(_) => Some(analysis::plan_sensitivity(&origin, &overrides(&args.model), 0.2, &[])?),
        None => None,
    };
    let sens_trials = trials.min(SENSITIVITY_TRIALS);
    let work = trials + plan.as_ref().map_or(0, |p| sens_trials * p.runs() as u64);
    // With --given or --expert-concentration the main run is played below,
    // with the evidence and replicates; here only the tornado.
    let plain = evidence.is_none() && experts.is_none();
    let work = if plain { work } else { work - trials };
    let (tally, tornado) = watched(work, args.model.quiet, |control| {
        let f = engine::execute(&model, &Plan::all(if plain { trials } else { 0 }, seed), threads, control);
        if f.stop == Stop::Cancelled {
            return None;
        }
        let tornado = match (&plan, &args.tornado) {
            (Some(plan), Some(target)) => {
                Some(analysis::sensitivity(plan, target, 0.2, Some(15), sens_trials, seed, threads, control)?)
            }
            _ => None,
        };
        Some((f.tally, tornado))
    })?;
    let (summary, tally) = if !plain {
        conditioned(&model, &args.model, &args.evidence, evidence.as_ref(), experts.as_ref(), seed)?
    } else {
        (Summary::new(&RunInfo::of(&model), &tally, seed), tally)
    };
    emit(&report::html::page(&summary, &tally, tornado.as_ref()), Some(&args.output))
}

fn check_history(args: &CheckHistoryArgs) -> Result<(), Error> {
    let model = Model::load_with(&origin(args.file.as_deref()), &overrides(&args.model))?;
    refuse_overwriting_inputs(args.out.output.as_deref(), &[&model])?;
    let trials = args.model.trials.unwrap_or(model.settings.trials);
    let seed = args.model.seed.unwrap_or(model.settings.seed);
    let result = watched(trials, args.model.quiet, |control| {
        crate::history::check(&model, trials, seed, threads(args.model.threads), control)
    })?;
    write_out(&args.out, &result)?;
    if args.strict && result.outside() > 0 {
        return Err(Error::Strict { outside: result.outside(), total: result.rows.len() });
    }
    Ok(())
}

fn calibrate(args: &CalibrateArgs) -> Result<(), Error> {
    use crate::calibrate::{self as cal, Failure, Target};
    let text = args.file.to_string_lossy();
    let (origin, extends) = match text.strip_prefix(crate::model::load::BUILTIN_PREFIX) {
        Some("baseline") => (Origin::baseline(), text.to_string()),
        _ => (Origin::Path(args.file.clone()), relative_path(&args.file, &args.output)),
    };
    let base = overrides(&args.model);
    let model = Model::load_with(&origin, &base)?;
    refuse_overwriting_inputs(Some(&args.output), &[&model])?;
    let target = match &args.target {
        Some(path) => Target::read(path)?,
        None => Target::published(),
    };
    let trials = args.model.trials.unwrap_or(if args.fit == FitKind::Prior { 100_000 } else { 20_000 });
    let seed = args.model.seed.unwrap_or(model.settings.seed);
    let check_seed = args.check_seed.unwrap_or(seed.wrapping_add(1));
    let threads = threads(args.model.threads);
    // Work for the progress bar: a guess for the params fits (iterations
    // rarely run to the cap), exact for the prior fit.
    let evaluations = match args.fit {
        FitKind::Prior => 3,
        FitKind::Params => 2 * args.iterations + 2,
        FitKind::Both => 2 * args.iterations + 2,
    };
    let mut failure = None;
    let outcome = watched(trials * evaluations, args.model.quiet, |control| {
        match cal::calibrate(&origin, &base, args.fit, &target, trials, seed, args.iterations, threads, control) {
            Ok(c) => {
                let mut sets = base.sets.clone();
                if let Some(w) = c.prior {
                    sets.push("simulation.normalize=true".into());
                    sets.extend(
                        crate::seeds::scenarios()
                            .iter()
                            .zip(w)
                            .map(|(s, p)| format!("worlds.{}.probability={p:?}", s.id)),
                    );
                }
                sets.extend(c.coefficients.iter().map(|(k, v)| format!("{k}={v:?}")));
                let fitted = match Model::load_with(&origin, &Overrides { sets, renormalize: base.renormalize }) {
                    Ok(m) => m,
                    Err(e) => {
                        failure = Some(Error::Input(e));
                        return Some(None);
                    }
                };
                let check = cal::check(&fitted, &target, trials, check_seed, threads, control)?;
                Some(Some((c, check)))
            }
            Err(Failure::Input(e)) => {
                failure = Some(Error::Input(e));
                Some(None)
            }
            Err(Failure::Cancelled) => None,
        }
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    let Some((calibration, check)) = outcome else {
        return Ok(());
    };
    let name = format!("{}-calibrated", model.name);
    let text = cal::scenario_text(&calibration, Some(&check), &extends, &name, &today());
    emit(&text, Some(&args.output))?;
    // The file written must load and hold the fitted values.
    let written = Model::load(&Origin::Path(args.output.clone()))?;
    if let Some(w) = calibration.prior {
        let drift = written.worlds.iter().zip(w).map(|(a, b)| (a.probability - b).abs()).fold(0.0, f64::max);
        if drift > 1e-8 {
            return Err(InputError::plain(
                format!("the written file's world probabilities differ from the fit by {drift}"),
                "report this as a bug",
            )
            .into());
        }
    }
    let report = cal::Report { output: args.output.display().to_string(), calibration, check };
    let text = match args.format {
        report::Format::Json => to_json(&report),
        _ => report.to_table(),
    };
    emit(&text, None)
}

/// `file` as `extends` would name it from a file written at `out`.
fn relative_path(file: &Path, out: &Path) -> String {
    let dir_of = |p: &Path| {
        let parent = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        parent.canonicalize().unwrap_or_else(|_| parent.to_path_buf())
    };
    let (from, to) = (dir_of(out), dir_of(file));
    let (from, to): (Vec<_>, Vec<_>) = (from.components().collect(), to.components().collect());
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut rel = PathBuf::new();
    for _ in common..from.len() {
        rel.push("..");
    }
    for c in &to[common..] {
        rel.push(c);
    }
    if let Some(name) = file.file_name() {
        rel.push(name);
    }
    rel.to_string_lossy().replace('\\', "/")
}

/// Today's date (UTC), ISO 8601, for file headers.
fn today() -> String {
    let days =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn merge(args: &MergeArgs) -> Result<(), Error> {
    let mut parts = Vec::with_capacity(args.parts.len());
    for path in &args.parts {
        parts.push((path.display().to_string(), crate::shard::read(path)?));
    }
    let (info, tally, seed) = crate::shard::merge(&parts)?;
    write_out(&args.out, &Summary::new(&info, &tally, seed))
}

fn bench(args: &BenchArgs) -> Result<(), Error> {
    let model = Model::load(&origin(args.file.as_deref()))?;
    let seed = args.seed.unwrap_or(model.settings.seed);
    let report = crate::bench::measure(&model, args.trials, seed, threads(args.threads), usize::from(args.repeat));
    let text = match args.format {
        report::Format::Json => to_json(&report),
        _ => report.to_table(),
    };
    emit(&text, None)
}

fn validate(args: &ValidateArgs) -> Result<(), Error> {
    let mut failed = 0;
    for file in &args.files {
        match Model::load(&Origin::Path(file.clone())) {
            Ok(model) => {
                let line = format!(
                    "ok: {} (\"{}\": {} tactics, {} rules)\n",
                    file.display(),
                    model.name,
                    model.tactics.len(),
                    model.rules.len()
                );
                emit(&line, None)?;
            }
            Err(err) => {
                failed += 1;
                eprintln!("{err}");
            }
        }
    }
    if failed > 0 {
        return Err(Error::Invalid { failed, total: args.files.len() });
    }
    Ok(())
}

/// Set by Ctrl-C; the engine checks it before every block.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Installs the Ctrl-C handler once: the first Ctrl-C stops the run
/// within a block, a second one ends the process at once.
fn interrupt_flag() -> &'static AtomicBool {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Without a handler (another one was set), Ctrl-C simply ends the
        // process, which also leaves no partial output file behind.
        let _ = ctrlc::set_handler(|| {
            if INTERRUPTED.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    });
    &INTERRUPTED
}

/// How long work goes before a progress bar appears.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// Does the work of a command (`total` trials in all) with Ctrl-C wired in
/// and, when it takes longer than a second and stderr is a terminal (and
/// not `--quiet`), a progress bar on stderr: trials done, rate, time left.
/// Nothing of it reaches stdout. `work` returns `None` when cancelled.
fn watched<T>(total: u64, quiet: bool, work: impl FnOnce(&Control<'_>) -> Option<T>) -> Result<T, Error> {
    let cancel = interrupt_flag();
    let done = AtomicU64::new(0);
    let finished = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        if !quiet {
            scope.spawn(|| show_progress(&done, total, &finished));
        }
        let result = work(&Control { cancel: Some(cancel), done: Some(&done) });
        finished.store(true, Ordering::Relaxed);
        result
    });
    result.ok_or(Error::Interrupted { done: done.load(Ordering::Relaxed), total })
}

fn show_progress(done: &AtomicU64, total: u64, finished: &AtomicBool) {
    let start = Instant::now();
    while start.elapsed() < PROGRESS_AFTER {
        if finished.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Hidden by indicatif itself when stderr is not a terminal.
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    // Rate and time left over the whole run so far: the bar starts a second
    // in, and its own estimate would count that second's trials as instant.
    let rate = move |state: &indicatif::ProgressState| state.pos() as f64 / start.elapsed().as_secs_f64().max(1e-9);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {human_pos}/{human_len} trials  {rate}  {left}") {
        let style = style
            .with_key("rate", move |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0} trials/s", rate(state));
            })
            .with_key("left", move |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let left = state.len().unwrap_or(0).saturating_sub(state.pos()) as f64 / rate(state).max(1e-9);
                let _ = write!(w, "{:.0} s left", left.ceil());
            });
        bar.set_style(style);
    }
    while !finished.load(Ordering::Relaxed) {
        bar.set_position(done.load(Ordering::Relaxed));
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}

/// An output must not replace a scenario file the models read.
fn refuse_overwriting_inputs(output: Option<&Path>, models: &[&Model]) -> Result<(), Error> {
    let Some(out) = output.and_then(|p| p.canonicalize().ok()) else {
        return Ok(());
    };
    if models.iter().any(|m| m.inputs.contains(&out)) {
        return Err(InputError::plain(
            format!("-o {} would overwrite a scenario file this run reads", out.display()),
            "write the output to another file",
        )
        .into());
    }
    Ok(())
}

/// Pretty JSON with a final newline. Our output types hold only strings,
/// integers and finite floats, which serde_json cannot fail on.
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).map(|s| s + "\n").unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"))
}

/// Writes output to stdout, or atomically to a file: the text goes to a
/// temporary file beside the target, which is then renamed over it, so the
/// target holds either its old content or all of the new.
fn emit(text: &str, path: Option<&Path>) -> Result<(), Error> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                // A closed pipe (`negsim run | head`) is the reader's choice.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(Error::Output { path: PathBuf::from("<stdout>"), source: e }),
                Ok(()) => Ok(()),
            }
        }
        Some(path) => {
            let fail = |source| Error::Output { path: path.to_path_buf(), source };
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
            tmp.write_all(text.as_bytes()).map_err(fail)?;
            tmp.as_file().sync_all().map_err(fail)?;
            tmp.persist(path).map_err(|e| fail(e.error))?;
            Ok(())
        }
    }
}
