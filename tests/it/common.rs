//! Helpers shared by the integration tests.

use negsim::model::{Model, Origin};
use negsim::stats::Tally;
use std::path::PathBuf;

/// The `negsim` binary, as a user runs it.
pub fn negsim() -> assert_cmd::Command {
    assert_cmd::cargo::cargo_bin_cmd!("negsim")
}

/// A path in the repository.
pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A scenario that extends the built-in baseline with `body`, loaded from a
/// temporary file (kept alive by the returned guard).
pub fn variant(body: &str) -> Model {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("variant.toml");
    std::fs::write(&path, format!("extends = \"builtin:baseline\"\nname = \"variant\"\n{body}\n")).expect("write");
    Model::load(&Origin::Path(path)).unwrap_or_else(|e| panic!("variant does not load:\n{e}"))
}

/// A shipped scenario.
pub fn shipped(name: &str) -> Model {
    Model::load(&Origin::Path(repo(&format!("scenarios/{name}.toml")))).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs a model on two threads.
pub fn tally(model: &Model, trials: u64, seed: u64) -> Tally {
    negsim::analysis::run(model, trials, seed, 2)
}

/// Share and its standard error.
pub fn share(k: u64, n: u64) -> (f64, f64) {
    let p = k as f64 / n as f64;
    (p, (p * (1.0 - p) / n as f64).sqrt())
}

/// Asserts that `b - a` has the given sign and exceeds `k` standard errors
/// of the difference, the two estimates taken as independent. Runs with the
/// same seed share random numbers trial by trial (common random numbers),
/// which makes the true error of the difference smaller: the test is
/// conservative.
pub fn assert_moves(what: &str, a: (f64, f64), b: (f64, f64), up: bool, k: f64) {
    let diff = b.0 - a.0;
    let se = (a.1 * a.1 + b.1 * b.1).sqrt();
    let ok = if up { diff > k * se } else { -diff > k * se };
    assert!(
        ok,
        "{what}: expected {} by more than {k} standard errors: {:.5} -> {:.5} (diff {:+.5}, se {:.5})",
        if up { "a rise" } else { "a fall" },
        a.0,
        b.0,
        diff,
        se
    );
}

/// Mean of a histogram and the standard error of that mean.
pub fn mean_and_se(counts: &[u64]) -> (f64, f64) {
    let n: u64 = counts.iter().sum();
    let nf = n as f64;
    let mean = counts.iter().enumerate().map(|(v, &c)| v as f64 * c as f64).sum::<f64>() / nf;
    let var = counts.iter().enumerate().map(|(v, &c)| (v as f64 - mean).powi(2) * c as f64).sum::<f64>() / (nf - 1.0);
    (mean, (var / nf).sqrt())
}
