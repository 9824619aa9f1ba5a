//! Indexing throughput (MiB/s of text) of Oversight, raw tantivy and SQLite FTS5 on one generated
//! corpus: `OVERSIGHT_BENCH_INDEX_MB` MiB (default 100; 2 under `--test`).

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use oversight_benches::DEFAULT_SEED;
use oversight_benches::engines::{oversight, raw_tantivy, sqlite};
use oversight_benches::fixture::prepare;

fn corpus_mib() -> u64 {
    if std::env::args().any(|arg| arg == "--test") {
        return 2;
    }
    std::env::var("OVERSIGHT_BENCH_INDEX_MB")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(100)
}

fn indexing(criterion: &mut Criterion) {
    let prepared = match prepare(corpus_mib(), DEFAULT_SEED) {
        Ok(prepared) => prepared,
        Err(error) => panic!("preparing the corpus: {error}"),
    };
    let scratch = prepared.work.join("indexing-scratch");
    let mut group = criterion.benchmark_group("indexing");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.throughput(Throughput::Bytes(prepared.corpus.total_bytes()));
    group.bench_function("oversight", |bencher| {
        bencher.iter(|| {
            oversight::build(&prepared.corpus.dir, &scratch.join("oversight"), 0)
                .unwrap_or_else(|error| panic!("oversight: {error}"))
        });
    });
    group.bench_function("raw-tantivy", |bencher| {
        bencher.iter(|| {
            raw_tantivy::build(&prepared.corpus, &scratch.join("raw-tantivy"))
                .map(|_| ())
                .unwrap_or_else(|error| panic!("raw tantivy: {error}"))
        });
    });
    group.bench_function("sqlite-fts5", |bencher| {
        let database = scratch.join("fts5.db");
        bencher.iter(|| {
            sqlite::build(&prepared.corpus, &database)
                .map(|_| ())
                .unwrap_or_else(|error| panic!("sqlite: {error}"))
        });
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&scratch);
}

criterion_group!(benches, indexing);
criterion_main!(benches);
