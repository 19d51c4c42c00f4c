//! Benchmarks of the engine and the model layer.
//!
//! `cargo bench` runs them; compare medians between commits on the same
//! machine. One trial of the baseline plays about 21 meetings.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use negsim::engine;
use negsim::model::Model;
use std::hint::black_box;

fn trials(c: &mut Criterion) {
    let model = Model::baseline().expect("baseline loads");
    let keyed = engine::keyed_rng(20250613);
    let mut group = c.benchmark_group("engine");
    group.throughput(Throughput::Elements(1));
    let mut i = 0_u64;
    group.bench_function("one trial", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            black_box(engine::play_indexed(&model, &keyed, i, &mut ()))
        })
    });
    group.throughput(Throughput::Elements(engine::BLOCK_TRIALS));
    group.bench_function("block of 4096 trials, 1 thread", |b| {
        b.iter(|| black_box(engine::run(&model, engine::BLOCK_TRIALS, 7, 1)))
    });
    group.finish();
}

fn model(c: &mut Criterion) {
    c.bench_function("parse and validate the baseline", |b| b.iter(|| black_box(Model::baseline())));
}

criterion_group!(benches, trials, model);
criterion_main!(benches);
