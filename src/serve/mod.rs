//! `negsim serve`: the simulator as a local web application.
//!
//! One page (`page/`, embedded in the binary, nothing loaded from
//! elsewhere) and a small JSON API over the same analyses the commands
//! run: a run with its report's charts, the comparison with the unchanged
//! scenario on common random numbers, the tornado, the story of one trial,
//! and downloads (the edited scenario as TOML, the results as JSON and CSV,
//! written by the report layer, so they are the bytes `negsim run` writes).
//!
//! The server is built to be left running on a laptop: it listens on the
//! loopback address unless told otherwise, serves a fixed set of routes
//! (no file is ever read by a path from a request, nothing is written to
//! disk), bounds each request's work (trials, time) and the number of runs
//! at once (a semaphore with a short queue; beyond it requests are
//! refused with 503 at once rather than piling up), runs the engine on
//! blocking threads so the server stays responsive, stops a run whose
//! client went away, and shuts down cleanly on Ctrl-C.
//!
//! Imports the analyses, the report, results, stats, the engine, the model
//! and seeds; never the command line (`commands::serve` calls it).

mod api;
mod edit;
mod scenarios;

use crate::model::InputError;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// Default port of `negsim serve`.
pub const DEFAULT_PORT: u16 = 8350;

/// Most trials one request may run (per model played; a comparison plays
/// two models, a given-run one).
pub const MAX_TRIALS: u64 = 1_000_000;

/// Most trials a tornado may play in all (trials times runs).
pub const MAX_TORNADO_WORK: u64 = 20_000_000;

/// Longest a request may compute before it is stopped and refused.
pub const TIME_CAP: Duration = Duration::from_secs(120);

/// Runs computed at once; the machine's cores are shared between them.
pub const CONCURRENT_RUNS: usize = 2;

/// Requests that may wait for a run slot; beyond them, 503 at once.
pub const QUEUE: usize = 4;

/// Largest request body accepted, bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// What `negsim serve` was asked for.
#[derive(Clone, Debug)]
pub struct Options {
    /// A scenario file to offer beside the shipped ones (and first).
    pub file: Option<PathBuf>,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port (0: any free one).
    pub port: u16,
}

/// Starts the server and serves until Ctrl-C. `announce` is called with
/// the address actually bound (the port may have been 0) before the first
/// request is accepted.
pub fn serve(options: Options, announce: impl FnOnce(SocketAddr)) -> Result<(), InputError> {
    let scenarios = scenarios::catalogue(options.file.clone());
    // A file that does not load is refused at once, with its located
    // errors, rather than on the page's first request.
    if let Some((_, source)) = scenarios.first().filter(|_| options.file.is_some()) {
        source.load(&[])?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| InputError::plain(format!("cannot start the server: {e}"), "check the system's limits"))?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            InputError::plain(
                format!("cannot listen on {addr}: {e}"),
                "choose another port with --port (0 picks a free one), or another address with --bind",
            )
        })?;
        let bound = listener
            .local_addr()
            .map_err(|e| InputError::plain(format!("cannot read the address listened on: {e}"), "try again"))?;
        announce(bound);
        let app = api::router(api::State::new(scenarios));
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                // If the signal cannot be watched, serve until killed.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            })
            .await
            .map_err(|e| InputError::plain(format!("the server stopped: {e}"), "start it again"))
    })
}
