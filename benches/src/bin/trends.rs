//! `trends`: how long trends by year take for the queries of the mix, against a search of the same
//! query in the same run: the full search the API answers (10 documents with snippets, totals,
//! facets) and its facets-only answer (`/api/v1/facets`). Each query runs once untimed (which
//! also counts the denominators of its filter set, timed apart as the first call), then
//! `--rounds` times timed, the three requests taking turns.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use oversight_benches::engines::oversight;
use oversight_benches::measure::Percentiles;
use oversight_benches::queries::BenchQuery;
use oversight_benches::{DEFAULT_SEED, mix_of, seed_corpus_dir, trained_generator};
use oversight_search::{SearchEngine, TrendsBy, TrendsRequest, ValidSearch};

/// Time trends against searches of the same queries.
#[derive(Parser)]
struct Args {
    /// A corpus written by `bench-corpus` (the same --seed); indexed into --work unless --reuse.
    #[arg(long)]
    corpus: PathBuf,
    /// Where the Oversight index is kept (`<work>/oversight`).
    #[arg(long)]
    work: PathBuf,
    /// The seed the corpus was generated with (it also draws the query mix).
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// Reuse the index already in --work.
    #[arg(long)]
    reuse: bool,
    /// Indexing threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Queries of each class of the mix.
    #[arg(long, default_value_t = 10)]
    per_class: usize,
    /// Timed passes over the queries.
    #[arg(long, default_value_t = 3)]
    rounds: usize,
}

/// The samples of one class: search, facets only, trends, and the first trends call.
#[derive(Default)]
struct Samples {
    search: Vec<Duration>,
    facets: Vec<Duration>,
    trends: Vec<Duration>,
    first_trends: Vec<Duration>,
}

fn timed<T>(work: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let answer = work()?;
    let elapsed = started.elapsed();
    std::hint::black_box(answer);
    Ok(elapsed)
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let index = args.work.join("oversight");
    if !args.reuse {
        let started = Instant::now();
        oversight::build(&args.corpus, &index, args.threads)
            .with_context(|| format!("indexing {}", args.corpus.display()))?;
        println!("indexed in {:.1} s", started.elapsed().as_secs_f64());
    }
    let engine = oversight::open(&index)?;
    let engine: &SearchEngine = engine.engine();
    let generator = trained_generator(&seed_corpus_dir(), args.seed)?;
    let mix = mix_of(&generator, args.per_class)?;
    let prepared = mix
        .iter()
        .map(|query| prepare(engine, query))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut samples: BTreeMap<&str, Samples> = BTreeMap::new();
    for (query, (search, trends)) in mix.iter().zip(&prepared) {
        let class = samples.entry(query.class.name()).or_default();
        class
            .first_trends
            .push(timed(|| Ok(engine.trends(trends)?))?);
        engine.search(search)?;
    }
    for _ in 0..args.rounds {
        for (query, (search, trends)) in mix.iter().zip(&prepared) {
            let class = samples.entry(query.class.name()).or_default();
            class.search.push(timed(|| Ok(engine.search(search)?))?);
            class
                .facets
                .push(timed(|| Ok(engine.answer(search, false)?))?);
            class.trends.push(timed(|| Ok(engine.trends(trends)?))?);
        }
    }
    let stats = engine.stats();
    println!(
        "index {}: {} passages; {} queries x {} rounds",
        index.display(),
        stats.passages,
        mix.len(),
        args.rounds
    );
    println!(
        "{:<14} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11} {:>9} {:>9}",
        "class",
        "search50",
        "search95",
        "facets50",
        "facets95",
        "trends50",
        "trends95",
        "1st trends50",
        "t/s p50",
        "t/f p50"
    );
    let mut all = Samples::default();
    for (class, figures) in &samples {
        print_row(class, figures);
        all.search.extend(&figures.search);
        all.facets.extend(&figures.facets);
        all.trends.extend(&figures.trends);
        all.first_trends.extend(&figures.first_trends);
    }
    print_row("all", &all);
    Ok(())
}

/// The search the API makes for `query` and the trends by year of the same query and filters.
fn prepare(
    engine: &SearchEngine,
    query: &BenchQuery,
) -> anyhow::Result<(ValidSearch, TrendsRequest)> {
    let search = oversight::request(query).validate(engine.vocabulary())?;
    let trends = TrendsRequest::new(
        &search,
        &[query.text()],
        TrendsBy::Year,
        engine.vocabulary(),
    )?;
    Ok((search, trends))
}

fn print_row(class: &str, samples: &Samples) {
    let search = Percentiles::of(&samples.search);
    let facets = Percentiles::of(&samples.facets);
    let trends = Percentiles::of(&samples.trends);
    let first = Percentiles::of(&samples.first_trends);
    println!(
        "{:<14} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>11.2} {:>9.2} {:>9.2}",
        class,
        search.p50_ms,
        search.p95_ms,
        facets.p50_ms,
        facets.p95_ms,
        trends.p50_ms,
        trends.p95_ms,
        first.p50_ms,
        trends.p50_ms / search.p50_ms,
        trends.p50_ms / facets.p50_ms
    );
}
