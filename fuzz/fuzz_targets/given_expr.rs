//! `--given` expressions against the built-in baseline: any text is parsed
//! (src/evidence.rs); an error must name a column and render, and an
//! expression that parses is run on a short conditioned run, which must
//! keep its promises: the unconditioned tally is the plain run's, the
//! accepted trials are a subset, and the report of them serializes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use negsim::evidence::Evidence;
use negsim::model::Model;
use std::sync::OnceLock;

fn baseline() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::baseline().expect("the built-in baseline loads"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let model = baseline();
    match Evidence::parse(&text, model) {
        Err(err) => {
            negsim_fuzz::check_error(&err);
            assert!(err.to_string().contains("--given"), "an error that does not name the flag: {err}");
        }
        Ok(evidence) => {
            let control = negsim::engine::Control::default();
            let (t, _) = negsim::engine::run_given(model, &evidence, negsim_fuzz::TRIALS, negsim_fuzz::SEED, None, 1, &control)
                .expect("a run without a cancel flag finishes");
            assert_eq!(t.all, negsim::engine::run(model, negsim_fuzz::TRIALS, negsim_fuzz::SEED, 1));
            assert!(t.accepted.trials <= t.all.trials);
            for (a, b) in t.accepted.outcomes.iter().zip(&t.all.outcomes) {
                assert!(a <= b);
            }
            let info = negsim::report::RunInfo::of(model);
            let g = negsim::report::GivenReport::new(evidence.text(), &info, &t.all, &t.accepted, 1, None);
            serde_json::to_string(&g).expect("the conditioned report serializes");
        }
    }
});
