//! The routes: the page and its assets from an embedded map, and the JSON
//! API. Every request body is read as bytes and parsed here, so malformed
//! JSON, unknown keys and wrong types get the same JSON error shape (400)
//! as a scenario the model refuses (400, with the located message the
//! command line prints).

use super::edit;
use super::scenarios::{Source, levers};
use super::{CONCURRENT_RUNS, MAX_BODY, MAX_TORNADO_WORK, MAX_TRIALS, QUEUE, TIME_CAP};
use crate::analysis::asof::{self, AsOf};
use crate::analysis::evidence::Given;
use crate::analysis::{Measure, Runner, compare, sensitivity, trace};
use crate::engine::Control;
use crate::model::date::Date;
use crate::model::record::Record;
use crate::model::{InputError, Model, Origin};
use crate::report::{Csv, Export, Json, Text, html};
use crate::results::{GivenReport, RunInfo, Summary};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// The page and its assets: the only files the server sends.
const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const STYLE_CSS: &str = include_str!("page/style.css");

/// What every request shares.
pub struct State {
    /// The scenarios offered, by id.
    scenarios: Vec<(String, Source)>,
    /// Run slots.
    permits: Arc<Semaphore>,
    /// Requests waiting for a slot.
    waiting: AtomicUsize,
    /// Worker threads per run: every core. A lone user (the usual case)
    /// gets an answer as fast as `negsim run` gives it; two runs at once
    /// share the cores as the system schedules them, which is what halving
    /// would give them anyway. The result does not depend on it.
    threads: usize,
    /// Trials played so far by the runs in progress, by the ticket their
    /// page chose (for `/api/progress`).
    progress: Mutex<HashMap<String, Arc<AtomicU64>>>,
}

impl State {
    /// The state of a server offering these scenarios.
    pub fn new(scenarios: Vec<(String, Source)>) -> Arc<State> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Arc::new(State {
            scenarios,
            permits: Arc::new(Semaphore::new(CONCURRENT_RUNS)),
            waiting: AtomicUsize::new(0),
            progress: Mutex::new(HashMap::new()),
            threads: cores,
        })
    }

    fn source(&self, id: &str) -> Result<Source, Failure> {
        self.scenarios.iter().find(|(i, _)| i == id).map(|(_, s)| s.clone()).ok_or_else(|| {
            let known: Vec<&str> = self.scenarios.iter().map(|(i, _)| i.as_str()).collect();
            Failure::bad(
                format!("there is no scenario `{}` here", cut(id, 80)),
                format!("choose one of: {}", known.join(", ")),
            )
        })
    }
}

type Shared = Arc<State>;

/// The router: a fixed set of routes, everything else 404.
pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/", get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }))
        .route("/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/style.css", get(|| async { asset("text/css; charset=utf-8", STYLE_CSS) }))
        .route("/api/scenarios", get(scenario_list))
        .route("/api/levers", get(lever_list))
        .route("/api/run", post(run))
        .route("/api/sensitivity", post(tornado))
        .route("/api/trace", post(story))
        .route("/api/progress", get(progress))
        .route("/api/download/{format}", post(download))
        .fallback(|| async {
            Failure::status(StatusCode::NOT_FOUND, "no such page", "the page is at /").into_response()
        })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

/// Why a request was refused: a status and a JSON body with the message
/// (for input errors, rendered as the command line prints it) and the
/// problems one by one.
#[derive(Debug)]
pub struct Failure {
    status: StatusCode,
    body: Value,
}

impl Failure {
    fn status(status: StatusCode, message: impl Into<String>, help: impl Into<String>) -> Failure {
        let (message, help) = (message.into(), help.into());
        Failure {
            status,
            body: json!({
                "error": format!("error: {message}\n  = help: {help}"),
                "problems": [{"location": null, "message": message, "help": help}],
            }),
        }
    }

    fn bad(message: impl Into<String>, help: impl Into<String>) -> Failure {
        Failure::status(StatusCode::BAD_REQUEST, message, help)
    }
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Failure {
        let problems: Vec<Value> = e
            .problems()
            .iter()
            .map(|p| json!({"location": p.location, "message": p.message, "help": p.help}))
            .collect();
        Failure { status: StatusCode::BAD_REQUEST, body: json!({"error": e.to_string(), "problems": problems}) }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body)).into_response()
    }
}

/// `text` cut to `max` characters, for echoing user input in messages.
fn cut(text: &str, max: usize) -> String {
    crate::model::error::cut(text, max)
}

/// A request of the API. Every field but `scenario` is optional; unknown
/// fields are refused (a misspelt `seeds` would otherwise silently run
/// the scenario's own seed).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Ask {
    /// Id of a scenario offered (`/api/scenarios`).
    scenario: String,
    /// `--set` overrides: key to value (number, true/false or text).
    #[serde(default)]
    set: IndexMap<String, Value>,
    /// Trials [default: the scenario's].
    trials: Option<u64>,
    /// Seed [default: the scenario's].
    seed: Option<u64>,
    /// `--given` expression (run only).
    given: Option<String>,
    /// `--as-of` date, YYYY-MM-DD: the forecast given the dated record up
    /// to that day (run only).
    as_of: Option<String>,
    /// Also compare with the scenario unchanged (run only).
    #[serde(default)]
    compare: bool,
    /// Fix the drivers at their central values.
    #[serde(default)]
    central_drivers: bool,
    /// Tornado: the target (negotiated, signed, in_force, or an outcome).
    target: Option<String>,
    /// Tornado: the relative move, above 0 and below 1.
    delta: Option<f64>,
    /// Tornado: only these parameters.
    params: Option<Vec<String>>,
    /// Trace: the trial (from 0).
    trial: Option<u64>,
    /// A name the page chose for this run, to ask `/api/progress` about it.
    ticket: Option<String>,
}

/// Most `set` entries in one request.
const MAX_SETS: usize = 500;

impl Ask {
    fn parse(body: &[u8]) -> Result<Ask, Failure> {
        let ask: Ask = serde_json::from_slice(body).map_err(|e| {
            Failure::bad(
                format!("the request is not what the API takes: {}", cut(&e.to_string(), 300)),
                "send a JSON object {\"scenario\": ID, \"set\": {KEY: VALUE}, \"trials\": N, \"seed\": S}",
            )
        })?;
        if let Some(t) = &ask.ticket
            && (t.is_empty() || t.len() > 64 || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        {
            return Err(Failure::bad(
                "a ticket is 1 to 64 letters, digits or hyphens",
                "send e.g. \"ticket\": \"run-42\", or none",
            ));
        }
        if ask.set.len() > MAX_SETS {
            return Err(Failure::bad(
                format!("{} settings in one request; the cap is {MAX_SETS}", ask.set.len()),
                "send only the values changed",
            ));
        }
        if let Some(n) = ask.trials
            && !(1..=MAX_TRIALS).contains(&n)
        {
            return Err(Failure::status(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("{n} trials: the server runs 1 to {MAX_TRIALS} trials per request"),
                "for more, run `negsim run` on the downloaded scenario",
            ));
        }
        Ok(ask)
    }

    /// The overrides as `--set` takes them, in the order given.
    fn sets(&self) -> Result<Vec<String>, Failure> {
        self.set
            .iter()
            .map(|(key, value)| {
                let text = match value {
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::String(s) => toml::Value::String(s.clone()).to_string(),
                    _ => {
                        return Err(Failure::bad(
                            format!("`{}`: a setting is a number, true/false or text", cut(key, 80)),
                            "send e.g. {\"russia.pain_pace\": 0.15}",
                        ));
                    }
                };
                if key.contains('=') || key.contains('\n') {
                    return Err(Failure::bad(
                        format!("`{}` is not a key", cut(key, 80)),
                        "keys are dotted paths, as `negsim keys` lists them",
                    ));
                }
                Ok(format!("{key}={text}"))
            })
            .collect()
    }

    /// The model as asked for, and the trials and seed to run it with.
    fn model(&self, source: &Source, sets: &[String]) -> Result<(Model, u64, u64), Failure> {
        let model = source.load(sets)?;
        let model = if self.central_drivers { model.with_central_drivers() } else { model };
        let trials = self.trials.unwrap_or(model.settings.trials);
        if trials > MAX_TRIALS {
            return Err(Failure::status(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("the scenario runs {trials} trials; the server runs at most {MAX_TRIALS} per request"),
                "send \"trials\" with fewer",
            ));
        }
        let seed = self.seed.unwrap_or(model.settings.seed);
        Ok((model, trials, seed))
    }
}

/// Sets the flag when dropped: the handler's future is dropped when its
/// client goes away (the page aborts a stale request), which stops the run.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Leaves the queue when dropped.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Lists a run's counter of trials under its ticket while it runs; most
/// [`MAX_TICKETS`] at once (a page has one or two).
struct Listed<'a>(&'a State, Option<String>);

/// Most tickets listed at once.
const MAX_TICKETS: usize = 64;

impl<'a> Listed<'a> {
    fn new(state: &'a State, ticket: String, done: Arc<AtomicU64>) -> Listed<'a> {
        let Ok(mut map) = state.progress.lock() else { return Listed(state, None) };
        if map.len() >= MAX_TICKETS {
            return Listed(state, None);
        }
        map.insert(ticket.clone(), done);
        Listed(state, Some(ticket))
    }
}

impl Drop for Listed<'_> {
    fn drop(&mut self) {
        if let (Some(t), Ok(mut map)) = (&self.1, self.0.progress.lock()) {
            map.remove(t);
        }
    }
}

/// `GET /api/progress?ticket=T`: trials played so far by the run with that
/// ticket; 404 when none is running under it (finished, or never started).
async fn progress(
    axum::extract::State(state): axum::extract::State<Shared>,
    RawQuery(query): RawQuery,
) -> Result<Response, Failure> {
    let query = query.unwrap_or_default();
    let ticket = query.split('&').find_map(|pair| pair.strip_prefix("ticket=")).unwrap_or("");
    let done = state.progress.lock().ok().and_then(|map| map.get(ticket).map(|d| d.load(Ordering::Relaxed)));
    match done {
        Some(done) => Ok(json_response(json!({ "done": done }))),
        None => {
            Err(Failure::status(StatusCode::NOT_FOUND, "no run in progress under that ticket", "it may have finished"))
        }
    }
}

/// Runs `work` on a blocking thread once a run slot is free: refused with
/// 503 when the queue is full, stopped and refused when it passes the time
/// cap. `work` gets a runner's hooks; `None` from it means cancelled.
async fn compute<T: Send + 'static>(
    state: &Shared,
    ticket: Option<String>,
    work: impl FnOnce(&Control<'_>, usize) -> Result<Option<T>, Failure> + Send + 'static,
) -> Result<T, Failure> {
    if state.waiting.fetch_add(1, Ordering::Relaxed) >= QUEUE + CONCURRENT_RUNS {
        state.waiting.fetch_sub(1, Ordering::Relaxed);
        return Err(Failure::status(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy: every run slot is taken and the queue is full",
            "try again in a moment",
        ));
    }
    let queued = Waiting(&state.waiting);
    let _permit = state.permits.clone().acquire_owned().await.map_err(|_| {
        Failure::status(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down", "start it again")
    })?;
    let cancel = Arc::new(AtomicBool::new(false));
    let _stop_when_gone = CancelOnDrop(cancel.clone());
    let threads = state.threads;
    let flag = cancel.clone();
    let done = Arc::new(AtomicU64::new(0));
    let _listed = ticket.map(|t| Listed::new(state, t, done.clone()));
    let mut job = tokio::task::spawn_blocking(move || {
        let control = Control { cancel: Some(&flag), done: Some(&done) };
        work(&control, threads)
    });
    let joined = match tokio::time::timeout(TIME_CAP, &mut job).await {
        Ok(joined) => joined,
        Err(_) => {
            cancel.store(true, Ordering::Relaxed);
            // The run stops within a block; wait for it, so the slot is free
            // when the permit is.
            let _ = job.await;
            return Err(Failure::status(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the request took longer than {} s and was stopped", TIME_CAP.as_secs()),
                "ask for fewer trials (or, for the tornado, fewer parameters)",
            ));
        }
    };
    drop(queued);
    match joined {
        Ok(Ok(Some(value))) => Ok(value),
        Ok(Ok(None)) => Err(Failure::status(StatusCode::SERVICE_UNAVAILABLE, "the run was stopped", "run it again")),
        Ok(Err(failure)) => Err(failure),
        Err(_) => Err(Failure::status(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the run failed inside the server",
            "please report this with the request that caused it",
        )),
    }
}

/// The `<figure>`s of a report page: the same charts `negsim report`
/// draws, with their captions.
fn figures(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<figure>") {
        let Some(len) = rest[start..].find("</figure>") else { break };
        let end = start + len + "</figure>".len();
        out.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    out
}

/// A result as the report layer writes it in JSON: the very text, so the
/// figures reach the page as `negsim run -f json` prints them (a parse and
/// re-print could move a float's last digit).
fn report_json<T: serde::Serialize>(value: &T) -> String {
    Json.export(value)
}

/// A JSON object from fields given as JSON text.
fn raw_object(fields: &[(&str, String)]) -> Response {
    let mut body = String::from("{");
    for (i, (key, text)) in fields.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&Value::String((*key).to_string()).to_string());
        body.push(':');
        body.push_str(text.trim_end());
    }
    body.push('}');
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body).into_response()
}

/// JSON text of anything serializable (lists of strings, here).
fn text_of<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

fn json_response(value: Value) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], axum::Json(value)).into_response()
}

/// `GET /api/scenarios`: the scenarios offered.
async fn scenario_list(axum::extract::State(state): axum::extract::State<Shared>) -> Response {
    let list: Vec<Value> = state
        .scenarios
        .iter()
        .map(|(id, source)| {
            let model = source.load(&[]).ok();
            json!({
                "id": id,
                "origin": source.origin().display_name(),
                "name": model.as_ref().map(|m| m.name.clone()),
                "description": model.as_ref().map(|m| m.description.clone()),
            })
        })
        .collect();
    json_response(json!({ "scenarios": list, "max_trials": MAX_TRIALS }))
}

/// `GET /api/levers?scenario=ID`: the scenario's levers with their
/// meaning, range and value, and its default trials and seed.
async fn lever_list(
    axum::extract::State(state): axum::extract::State<Shared>,
    RawQuery(query): RawQuery,
) -> Result<Response, Failure> {
    let query = query.unwrap_or_default();
    let id = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("scenario="))
        .ok_or_else(|| Failure::bad("no scenario named", "ask /api/levers?scenario=baseline"))?;
    let source = state.source(id)?;
    let model = source.load(&[])?;
    Ok(json_response(json!({
        "scenario": id,
        "name": model.name,
        "description": model.description,
        "trials": model.settings.trials.min(MAX_TRIALS),
        "seed": model.settings.seed,
        "levers": levers(&model),
        "tactics": model.tactics.iter().map(|t| &t.id).collect::<Vec<_>>(),
    })))
}

/// What a run conditions on: `--given EXPR` or `--as-of DATE`.
enum Evidence {
    Given(Given),
    AsOf(AsOf),
}

impl Ask {
    /// The request's evidence, checked against the model as `negsim run`
    /// checks `--given` and `--as-of` (which do not combine).
    fn evidence(&self, model: &Model) -> Result<Option<Evidence>, InputError> {
        match (&self.given, &self.as_of) {
            (Some(_), Some(_)) => Err(InputError::plain(
                "given and as_of do not combine: --as-of already conditions on the record",
                "send one of them",
            )),
            (Some(g), None) => Ok(Some(Evidence::Given(Given::parse(g, model)?))),
            (None, Some(d)) => {
                let Some(date) = Date::parse(d) else {
                    return Err(InputError::plain(
                        format!("as_of `{}` is not a date", cut(d, 40)),
                        "send a date as YYYY-MM-DD, e.g. \"2026-02-28\"",
                    ));
                };
                Ok(Some(Evidence::AsOf(asof::plan(model, &Record::embedded()?, date)?)))
            }
            (None, None) => Ok(None),
        }
    }
}

/// A run: its summary (with evidence, the conditioned report in it), as
/// `negsim run` computes it; `Ok(None)` when the run was stopped. With
/// `as_of`, the trials are the cap and the run stops at the default
/// accepted count, as `negsim run --as-of` does.
fn summary(model: &Model, runner: &Runner<'_>, evidence: Option<&Evidence>) -> Result<Option<Summary>, InputError> {
    let info = RunInfo::of(model);
    let (g, accepted, plan) = match evidence {
        None => return Ok(runner.tally(model).map(|t| Summary::new(&info, &t, runner.seed))),
        Some(Evidence::Given(g)) => (g, None, None),
        Some(Evidence::AsOf(plan)) => (&plan.given, Some(asof::DEFAULT_ACCEPTED), Some(plan)),
    };
    let Some((t, _)) = runner.given(model, g, accepted) else { return Ok(None) };
    if let Some(plan) = plan {
        plan.check_kept(model, t.accepted.trials, t.all.trials, asof::MIN_ESS)?;
    }
    let mut s = Summary::new(&info, &t.all, runner.seed);
    s.given = Some(GivenReport::new(g.text(), &info, &t.all, &t.accepted, runner.seed, accepted));
    s.as_of = plan.map(|p| p.report(t.accepted.trials, asof::MIN_ESS));
    Ok(Some(s))
}

/// Checks and runs a request's model: the summary.
async fn summarise(state: &Shared, ask: Ask) -> Result<Summary, Failure> {
    let source = state.source(&ask.scenario)?;
    let sets = ask.sets()?;
    compute(state, None, move |control, threads| {
        let (model, trials, seed) = ask.model(&source, &sets)?;
        let evidence = ask.evidence(&model)?;
        let runner = Runner { trials, seed, threads, control };
        Ok(summary(&model, &runner, evidence.as_ref())?)
    })
    .await
}

/// `POST /api/run`: the run, its report's charts, and (with `compare`)
/// the comparison with the scenario unchanged, on common random numbers.
async fn run(axum::extract::State(state): axum::extract::State<Shared>, body: Bytes) -> Result<Response, Failure> {
    let ask = Ask::parse(&body)?;
    let source = state.source(&ask.scenario)?;
    let sets = ask.sets()?;
    let started = std::time::Instant::now();
    let ticket = ask.ticket.clone();
    let (s, comparison) = compute(&state, ticket, move |control, threads| {
        let (model, trials, seed) = ask.model(&source, &sets)?;
        let evidence = ask.evidence(&model)?;
        let runner = Runner { trials, seed, threads, control };
        let Some(s) = summary(&model, &runner, evidence.as_ref())? else { return Ok(None) };
        let comparison = if ask.compare {
            let (base, _, _) = ask.model(&source, &[])?;
            match compare::compare(&base, &model, &runner) {
                Some(c) => Some(c),
                None => return Ok(None),
            }
        } else {
            None
        };
        Ok(Some((s, comparison)))
    })
    .await?;
    let compared = match &comparison {
        Some(c) => format!(
            "{{\"comparison\":{},\"figures\":{}}}",
            report_json(c).trim_end(),
            text_of(&figures(&html::compare_page(c)))
        ),
        None => "null".to_string(),
    };
    Ok(raw_object(&[
        ("summary", report_json(&s)),
        ("figures", text_of(&figures(&html::page(&s, None)))),
        ("compare", compared),
        ("elapsed_ms", started.elapsed().as_millis().to_string()),
    ]))
}

/// `POST /api/sensitivity`: the tornado (each parameter moved down and up
/// on common random numbers), capped in total trials.
async fn tornado(axum::extract::State(state): axum::extract::State<Shared>, body: Bytes) -> Result<Response, Failure> {
    let ask = Ask::parse(&body)?;
    let source = state.source(&ask.scenario)?;
    let sets = ask.sets()?;
    let target = Measure::parse(ask.target.as_deref().unwrap_or("negotiated"))
        .map_err(|e| Failure::bad(format!("target: {e}"), "negotiated, signed, in_force, or an outcome (1-7 or id)"))?;
    let delta = ask.delta.unwrap_or(0.2);
    if !(delta > 0.0 && delta < 1.0) {
        return Err(Failure::bad("the delta must be above 0 and below 1", "send e.g. \"delta\": 0.2"));
    }
    let ticket = ask.ticket.clone();
    let s = compute(&state, ticket, move |control, threads| {
        let load = |more: &[String]| {
            let mut all = sets.clone();
            all.extend_from_slice(more);
            source.load(&all)
        };
        let plan = sensitivity::plan_sensitivity(&load, delta, ask.params.as_deref().unwrap_or(&[]))?;
        let trials = ask.trials.unwrap_or(2_000);
        let work = trials.saturating_mul(plan.runs() as u64);
        if work > MAX_TORNADO_WORK {
            return Err(Failure::status(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "the tornado would play {work} trials ({} runs of {trials}); the server plays at most {MAX_TORNADO_WORK}",
                    plan.runs()
                ),
                "send fewer trials, or name the parameters to move in \"params\"",
            ));
        }
        let seed = ask.seed.unwrap_or(plan.base.settings.seed);
        let runner = Runner { trials, seed, threads, control };
        Ok(sensitivity::sensitivity(&plan, target, Some(15), &runner))
    })
    .await?;
    Ok(raw_object(&[("sensitivity", report_json(&s)), ("svg", text_of(&html::tornado_svg(&s)))]))
}

/// `POST /api/trace`: the story of one trial, as `negsim trace` tells it.
async fn story(axum::extract::State(state): axum::extract::State<Shared>, body: Bytes) -> Result<Response, Failure> {
    let ask = Ask::parse(&body)?;
    let source = state.source(&ask.scenario)?;
    let sets = ask.sets()?;
    let k = ask.trial.unwrap_or(0);
    if k >= crate::model::MAX_TRIALS {
        return Err(Failure::bad(
            format!("trial {k}: trials are numbered from 0 to {}", crate::model::MAX_TRIALS - 1),
            "send a smaller \"trial\"",
        ));
    }
    let t = compute(&state, None, move |_, _| {
        let (model, _, seed) = ask.model(&source, &sets)?;
        Ok(Some(trace::trace(&model, seed, k)))
    })
    .await?;
    let text = Text.export(&t);
    Ok(raw_object(&[
        ("scenario", text_of(&t.scenario)),
        ("horizon", text_of(&t.horizon)),
        ("events", report_json(&t.events)),
        ("lines", text_of(&text.lines().collect::<Vec<_>>())),
    ]))
}

/// `POST /api/download/{toml,json,csv}`: the edited scenario, or the run's
/// results as `negsim run --format json|csv` writes them.
async fn download(
    axum::extract::State(state): axum::extract::State<Shared>,
    axum::extract::Path(format): axum::extract::Path<String>,
    body: Bytes,
) -> Result<Response, Failure> {
    let ask = Ask::parse(&body)?;
    let (kind, ext) = match format.as_str() {
        "toml" => ("application/toml; charset=utf-8", "toml"),
        "json" => ("application/json; charset=utf-8", "json"),
        "csv" => ("text/csv; charset=utf-8", "csv"),
        _ => return Err(Failure::status(StatusCode::NOT_FOUND, "no such download", "toml, json or csv")),
    };
    let name: String =
        ask.scenario.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').take(60).collect();
    let text = if ext == "toml" {
        scenario_file(&state, &ask)?
    } else {
        let s = summarise(&state, ask).await?;
        if ext == "json" { Json.export(&s) } else { Csv.export(&s) }
    };
    let disposition = format!("attachment; filename=\"{name}-edited.{ext}\"");
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        text,
    )
        .into_response())
}

/// The edited scenario: its text with the overrides, and the trials and
/// seed, written in, checked by loading it back.
fn scenario_file(state: &Shared, ask: &Ask) -> Result<String, Failure> {
    let source = state.source(&ask.scenario)?;
    let sets = ask.sets()?;
    if ask.central_drivers || ask.given.is_some() || ask.as_of.is_some() {
        return Err(Failure::bad(
            "central drivers, --given and --as-of are options of a run, not values of the scenario",
            "download the results, or add --central-drivers / --given / --as-of to `negsim run`",
        ));
    }
    let (model, trials, seed) = ask.model(&source, &sets)?;
    let mut all = sets.clone();
    all.push(format!("simulation.trials={trials}"));
    all.push(format!("simulation.seed={seed}"));
    let mut text = source.text()?;
    if let Source::File(path) = &source {
        text = absolute_extends(&text, path);
    }
    let note = format!(
        "Edited in `negsim serve` from {}{}.\n`negsim run THIS_FILE` replays the page's run ({trials} trials, seed {seed}).",
        source.origin().display_name(),
        if sets.is_empty() { String::new() } else { format!(", with {}", sets.join(", ")) }
    );
    let out = edit::edited(&text, &all, &note)?;
    // The file must mean what the page ran: load it back and compare.
    let mut back = Model::load(&Origin::Inline { name: "the downloaded scenario".into(), text: out.clone() })?;
    let same_run = back.settings.trials == trials && back.settings.seed == seed;
    back.settings = model.settings.clone();
    back.origin.clone_from(&model.origin);
    back.overrides.clone_from(&model.overrides);
    back.inputs.clone_from(&model.inputs);
    back.parameters.clone_from(&model.parameters);
    if !same_run || back != model {
        return Err(Failure::status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the edited scenario would not replay the page's run",
            "download the results instead",
        ));
    }
    Ok(out)
}

/// The file's `extends`, made absolute, so the download (saved anywhere)
/// still finds its parent.
fn absolute_extends(text: &str, path: &std::path::Path) -> String {
    let Ok(mut doc) = text.parse::<toml_edit::DocumentMut>() else { return text.to_string() };
    let Some(target) = doc.get("extends").and_then(|v| v.as_str()).map(str::to_string) else { return text.to_string() };
    if target.starts_with(crate::model::load::BUILTIN_PREFIX) {
        return text.to_string();
    }
    let base = path.parent().unwrap_or(std::path::Path::new(""));
    let Ok(full) = std::fs::canonicalize(base.join(&target)) else { return text.to_string() };
    doc["extends"] = toml_edit::value(full.display().to_string());
    doc.to_string()
}
