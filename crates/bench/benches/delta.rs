//! `cargo bench -p hims-bench`: the delta plan of a 2000-table model against its changed
//! copy (see `hims_bench::changed_copy`). Target: `plan` (diff + ordering + render of every
//! change) within 100 ms and 100 MB. `cargo xtask bench` prints the same figures with peak
//! memory and the end-to-end `gen-migration` time.

use criterion::{Criterion, criterion_group, criterion_main};
use hims_bench::{changed_copy, synthetic_model};
use std::hint::black_box;
use std::time::Duration;

const TABLES: usize = 2000;
const SEED: u64 = 1;

fn delta(c: &mut Criterion) {
    let old = synthetic_model(TABLES, SEED);
    let new = changed_copy(&old, SEED);
    let mut group = c.benchmark_group("delta_2000_tables");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("plan", |b| {
        b.iter(|| hims_migrations::delta::plan(black_box(&old), black_box(&new)))
    });
    group.bench_function("diff", |b| {
        b.iter(|| hims_diff::diff(black_box(&old), black_box(&new)))
    });
    group.bench_function("plan_unchanged", |b| {
        b.iter(|| hims_migrations::delta::plan(black_box(&old), black_box(&old)))
    });
    group.finish();
}

criterion_group!(benches, delta);
criterion_main!(benches);
