//! `--given` expressions against the built-in baseline: any text is parsed
//! (src/analysis/evidence/); an error must name a place and render, and an
//! expression that parses is run on a short conditioned run, which must
//! keep its promises: the unconditioned tally is the plain run's, the
//! accepted trials are a subset, and the report of them serializes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use negsim::analysis::Runner;
use negsim::analysis::evidence::Given;
use negsim::engine::Control;
use negsim::model::Model;
use std::sync::OnceLock;

fn baseline() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::baseline().expect("the built-in baseline loads"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let model = baseline();
    match Given::parse(&text, model) {
        Err(err) => {
            negsim_fuzz::check_error(&err);
            assert!(err.to_string().contains("--given"), "an error that does not name the flag: {err}");
        }
        Ok(given) => {
            let control = Control::default();
            let runner = Runner { trials: negsim_fuzz::TRIALS, seed: negsim_fuzz::SEED, threads: 1, control: &control };
            let (t, _) = runner.given(model, &given, None).expect("a run without a cancel flag finishes");
            assert_eq!(t.all, negsim::analysis::run(model, negsim_fuzz::TRIALS, negsim_fuzz::SEED, 1));
            assert!(t.accepted.trials <= t.all.trials);
            for (a, b) in t.accepted.outcomes.iter().zip(&t.all.outcomes) {
                assert!(a <= b);
            }
            t.accepted.check().expect("the accepted tally keeps its invariants");
            let info = negsim::results::RunInfo::of(model);
            let g = negsim::results::GivenReport::new(given.text(), &info, &t.all, &t.accepted, 1, None);
            serde_json::to_string(&g).expect("the conditioned report serializes");
        }
    }
});
