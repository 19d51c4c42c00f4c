//! Inputs the fuzzers (`fuzz/`, see fuzz/README.md) found to crash negsim
//! or make it report nonsense, kept as regression tests.
//!
//! Every `tests/fuzz_regressions/*.toml` is loaded as an inline scenario
//! (`extends` paths resolve from the working directory; the saved inputs use
//! `builtin:baseline`). A header line `# negsim-fuzz: --set KEY=VALUE` or
//! `# negsim-fuzz: --renormalize` adds that override, for inputs the
//! `set_overrides` and `baseline_overrides` targets found;
//! `# negsim-fuzz: max-seconds N` sets a tighter time limit. Refusing the input
//! (an `InputError`) passes; if it validates, 16 trials are run and the
//! result must be sane: no panic, every trial counted once, the tally's
//! invariants hold, derived figures finite. Loading (and running)
//! each input must also take less than [`MAX_SECONDS`] (or its own limit):
//! the fuzzers treat a slow input as a hang.

use negsim::model::{Model, Origin, Overrides};
use negsim::results::{RunInfo, Summary};
use std::path::{Path, PathBuf};

const TRIALS: u64 = 16;

/// Longest an input may take to load, refuse or run (milliseconds when
/// all is well; the saved slow inputs took 10 s and more).
const MAX_SECONDS: f64 = 5.0;

fn inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The overrides and the time limit named in `# negsim-fuzz:` header lines.
fn headers(text: &str) -> (Overrides, f64) {
    let mut out = Overrides::none();
    let mut limit = MAX_SECONDS;
    for line in text.lines() {
        let Some(arg) = line.strip_prefix("# negsim-fuzz:").map(str::trim) else { continue };
        if let Some(set) = arg.strip_prefix("--set ") {
            out.sets.push(set.trim().to_string());
        } else if let Some(seconds) = arg.strip_prefix("max-seconds ") {
            limit = seconds.trim().parse().unwrap_or_else(|_| panic!("bad max-seconds header: {line}"));
        } else {
            panic!("unknown negsim-fuzz header: {line}");
        }
    }
    (out, limit)
}

fn check(path: &Path) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (overrides, limit) = headers(&text);
    let origin = Origin::Inline { name: name.clone(), text };
    let started = std::time::Instant::now();
    let in_time = || {
        let took = started.elapsed().as_secs_f64();
        assert!(took < limit, "{name}: took {took:.2} s, more than {limit} s");
    };
    let model = match Model::load_with(&origin, &overrides) {
        Ok(model) => model,
        Err(err) => {
            assert!(!err.problems().is_empty(), "{name}: an error with no problem");
            let _ = err.to_string();
            in_time();
            return;
        }
    };
    let tally = negsim::analysis::run(&model, TRIALS, 1, 1);
    tally.check().unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(tally.trials, TRIALS, "{name}");
    assert_eq!(tally.outcomes.iter().sum::<u64>(), TRIALS, "{name}: outcome counts {:?}", tally.outcomes);

    let summary = Summary::new(&RunInfo::of(&model), &tally, 1);
    for o in &summary.outcomes {
        assert!(o.probability.is_finite() && o.ci95.iter().all(|x| x.is_finite()), "{name}: outcome {}", o.id);
    }
    let json = serde_json::to_string(&summary).expect("the summary serializes");
    assert!(!json.contains("NaN"), "{name}: NaN in JSON");
    in_time();
}

#[test]
fn fuzz_regression_inputs_load_and_run() {
    let files = inputs();
    assert!(!files.is_empty(), "tests/fuzz_regressions/ holds no input");
    // Check every input, then fail naming all that failed (each one's panic
    // message is printed as it happens).
    let failed: Vec<String> = files
        .iter()
        .filter(|path| std::panic::catch_unwind(|| check(path)).is_err())
        .map(|path| path.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{} of {} fuzz regression inputs failed: {failed:#?}", failed.len(), files.len());
}
