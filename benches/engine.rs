//! Benchmarks of the engine, the accumulators and the model layer.
//!
//! `cargo bench` runs them; compare medians between commits on the same
//! machine. One trial of the baseline plays about 21 meetings. For the
//! engine against the RNG floor, see `negsim bench`.

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
    group.sample_size(10);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    group.throughput(Throughput::Elements(model.settings.trials));
    group.bench_function("whole baseline run (100 000 trials, all cores)", |b| {
        b.iter(|| black_box(engine::run(&model, model.settings.trials, model.settings.seed, threads)))
    });
    group.finish();
}

fn accumulators(c: &mut Criterion) {
    let model = Model::baseline().expect("baseline loads");
    let a = engine::run(&model, 4096, 1, 1);
    let b = engine::run(&model, 4096, 2, 1);
    c.bench_function("merge two tallies", |bench| {
        bench.iter(|| {
            let mut total = a.clone();
            total += black_box(&b);
            black_box(total)
        })
    });
}

fn model(c: &mut Criterion) {
    c.bench_function("parse and validate the baseline", |b| b.iter(|| black_box(Model::baseline())));
}

criterion_group!(benches, trials, accumulators, model);
criterion_main!(benches);
