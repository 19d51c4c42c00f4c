//! Benchmarks of the engine, the accumulators and the model layer.
//!
//! `cargo bench` runs them; compare medians between commits on the same
//! machine. One trial of the baseline plays about 45 meetings and 19 month
//! starts. For the engine against the RNG floor, see `negsim bench`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use negsim::analysis::run;
use negsim::engine::{self, Draws, Field, Stream};
use negsim::model::Model;
use std::hint::black_box;

fn trials(c: &mut Criterion) {
    let model = Model::baseline().expect("baseline loads");
    let key = engine::keyed(20250613);
    let mut group = c.benchmark_group("engine");
    group.throughput(Throughput::Elements(1));
    let mut i = 0_u64;
    group.bench_function("one trial", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            black_box(engine::play_indexed(&model, key, i, &mut ()))
        })
    });
    group.throughput(Throughput::Elements(engine::BLOCK_TRIALS));
    group.bench_function("block of 4096 trials, 1 thread", |b| {
        b.iter(|| black_box(run(&model, engine::BLOCK_TRIALS, 7, 1)))
    });
    group.sample_size(10);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    group.throughput(Throughput::Elements(model.settings.trials));
    group.bench_function("whole baseline run (100 000 trials, all cores)", |b| {
        b.iter(|| black_box(run(&model, model.settings.trials, model.settings.seed, threads)))
    });
    group.finish();
}

/// The random numbers alone: setting up a trial's streams, and one number.
fn numbers(c: &mut Criterion) {
    let key = engine::keyed(1);
    let mut i = 0_u64;
    c.bench_function("streams of one trial", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            black_box(Draws::new(key, i))
        })
    });
    let draws = Draws::new(key, 7);
    let mut n = 0_u64;
    c.bench_function("one unit exponential", |b| {
        b.iter(|| {
            n = n.wrapping_add(1);
            black_box(draws.exponential(Stream::MeetingClock, n))
        })
    });
}

/// The arithmetic the event loop leans on (see src/model/math.rs).
fn math(c: &mut Criterion) {
    use negsim::model::math;
    let mut x = 0.37_f64;
    c.bench_function("ln", |b| {
        b.iter(|| {
            x = x * 1.000_001 + 1e-9;
            black_box(math::ln(black_box(x)))
        })
    });
    c.bench_function("powf", |b| b.iter(|| black_box(math::powf(black_box(0.731), black_box(2.5)))));
}

fn accumulators(c: &mut Criterion) {
    let model = Model::baseline().expect("baseline loads");
    let a = run(&model, 4096, 1, 1);
    let b = run(&model, 4096, 2, 1);
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

criterion_group!(benches, trials, numbers, math, accumulators, model);
criterion_main!(benches);
