//! Ctrl-C and the progress bar around a command's work.
//!
//! The first Ctrl-C sets a flag the engine checks before every block of
//! trials, so a run stops within milliseconds and writes nothing; a second
//! one ends the process at once. A bar appears on stderr for work that
//! takes over a second, on a terminal only, never on stdout.

use crate::engine::Control;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

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

/// Ctrl-C stopped the work (within a block of trials).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interrupted {
    /// Trials done when it stopped.
    pub done: u64,
    /// Trials the work was to play.
    pub total: u64,
}

/// Does the work of a command (`total` trials in all) with Ctrl-C wired in
/// and, when it takes longer than a second and stderr is a terminal (and
/// not `--quiet`), a progress bar on stderr: trials done, rate, time left.
/// Nothing of it reaches stdout. `work` returns `None` when cancelled.
pub fn watched<T>(total: u64, quiet: bool, work: impl FnOnce(&Control<'_>) -> Option<T>) -> Result<T, Interrupted> {
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
    result.ok_or(Interrupted { done: done.load(Ordering::Relaxed), total })
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
