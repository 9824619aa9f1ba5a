//! Query latency per class (single term, AND of two, phrase, phrase of common words, filtered by
//! force and year range) and of the whole mix, each answered with a full response (top 10
//! documents with snippets, facet counts), for Oversight, raw tantivy and SQLite FTS5 on
//! `OVERSIGHT_BENCH_MB` MiB (default 100; 2 under `--test`).

use std::cell::Cell;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use oversight_benches::DEFAULT_SEED;
use oversight_benches::fixture::prepare;
use oversight_benches::queries::{BenchQuery, QueryClass};
use oversight_benches::standard_mix;

fn corpus_mib() -> u64 {
    if std::env::args().any(|arg| arg == "--test") {
        return 2;
    }
    std::env::var("OVERSIGHT_BENCH_MB")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(100)
}

fn queries(criterion: &mut Criterion) {
    let prepared = prepare(corpus_mib(), DEFAULT_SEED)
        .unwrap_or_else(|error| panic!("preparing the corpus: {error}"));
    let engines = prepared
        .engines()
        .unwrap_or_else(|error| panic!("building the indexes: {error}"));
    let mix = standard_mix(&prepared.generator)
        .unwrap_or_else(|error| panic!("drawing the query mix: {error}"));
    let mut sets: Vec<(&str, Vec<&BenchQuery>)> = QueryClass::ALL
        .iter()
        .map(|class| {
            let queries = mix.iter().filter(|query| query.class == *class).collect();
            (class.name(), queries)
        })
        .collect();
    sets.push(("full_response", mix.iter().collect()));
    for (class, queries) in &sets {
        let mut group = criterion.benchmark_group(format!("query/{class}"));
        for engine in &engines {
            let next = Cell::new(0usize);
            group.bench_function(BenchmarkId::from_parameter(engine.name()), |bencher| {
                bencher.iter(|| {
                    let query = queries[next.get() % queries.len()];
                    next.set(next.get() + 1);
                    engine
                        .run(query)
                        .unwrap_or_else(|error| panic!("{}: {error}", engine.name()))
                });
            });
        }
        group.finish();
    }
}

criterion_group!(benches, queries);
criterion_main!(benches);
