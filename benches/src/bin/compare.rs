//! `compare`: indexes one generated corpus into Oversight, raw tantivy and SQLite FTS5, runs the same
//! query mix through each and prints indexing MiB/s, index size, peak memory and p50/p95/p99 per
//! query class, with the ratio Oversight/peer.

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use oversight_benches::compare::{
    CompareOptions, Comparison, ENGINE_NAMES, EngineFigures, compare,
};
use oversight_benches::corpus::BenchCorpus;
use oversight_benches::queries::QueryClass;
use oversight_benches::{DEFAULT_SEED, seed_corpus_dir, standard_mix, trained_generator};

/// Compare Oversight with its peers on a generated corpus.
#[derive(Parser)]
struct Args {
    /// A corpus written by `bench-corpus` (the same --seed).
    #[arg(long)]
    corpus: PathBuf,
    /// Where the three indexes are kept.
    #[arg(long)]
    work: PathBuf,
    /// The seed the corpus was generated with (it also draws the query mix).
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// Engines to run, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = ENGINE_NAMES.map(String::from))]
    engines: Vec<String>,
    /// Reuse indexes already in --work instead of rebuilding them (no indexing figures then).
    #[arg(long)]
    reuse: bool,
    /// Oversight indexing threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Timed passes over the 200-query mix.
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Time only these query classes, comma-separated (term, and, phrase, common_phrase,
    /// filtered); all of them when absent.
    #[arg(long, value_delimiter = ',')]
    classes: Vec<String>,
    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
    /// Also write the figures as JSON to this file.
    #[arg(long)]
    save: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let corpus = BenchCorpus::load(&args.corpus)
        .with_context(|| format!("{} is not a bench-corpus folder", args.corpus.display()))?;
    let generator = trained_generator(&seed_corpus_dir(), args.seed)?;
    let mut mix = standard_mix(&generator)?;
    if !args.classes.is_empty() {
        if let Some(unknown) = args.classes.iter().find(|name| {
            !QueryClass::ALL
                .iter()
                .any(|class| class.name() == name.as_str())
        }) {
            anyhow::bail!("no query class is called {unknown}");
        }
        mix.retain(|query| args.classes.iter().any(|name| name == query.class.name()));
    }
    let options = CompareOptions {
        engines: args.engines.clone(),
        rebuild: !args.reuse,
        threads: args.threads,
        rounds: args.rounds,
    };
    std::fs::create_dir_all(&args.work)?;
    let comparison = compare(&corpus, &args.work, &mix, &options)?;
    if let Some(path) = &args.save {
        std::fs::write(path, serde_json::to_string_pretty(&comparison)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&comparison)?);
    } else {
        print_tables(&comparison);
    }
    Ok(())
}

fn print_tables(comparison: &Comparison) {
    println!(
        "corpus: {} documents, {:.1} MiB; {} queries x {} rounds",
        comparison.documents, comparison.corpus_mib, comparison.queries, comparison.rounds
    );
    let oversight = comparison
        .engines
        .iter()
        .find(|engine| engine.engine == "oversight");
    println!();
    println!(
        "{:<12} {:>9} {:>10} {:>10} {:>8} {:>10}",
        "indexing", "seconds", "MiB/s", "size MiB", "size/txt", "peak MiB"
    );
    for engine in &comparison.engines {
        if let Some(indexing) = &engine.indexing {
            println!(
                "{:<12} {:>9.1} {:>10.1} {:>10.1} {:>8.2} {:>10.0}",
                engine.engine,
                indexing.seconds,
                indexing.mib_per_second,
                indexing.index_bytes as f64 / 1_048_576.0,
                indexing.size_ratio,
                indexing.peak_rss_mib
            );
        }
    }
    if let Some(oversight) = oversight {
        for peer in comparison
            .engines
            .iter()
            .filter(|engine| engine.engine != "oversight")
        {
            if let (Some(ours), Some(theirs)) = (&oversight.indexing, &peer.indexing) {
                println!(
                    "oversight/{}: indexing speed x{:.2}, index size x{:.2}",
                    peer.engine,
                    ours.mib_per_second / theirs.mib_per_second,
                    ours.index_bytes as f64 / theirs.index_bytes as f64
                );
            }
        }
    }
    println!();
    println!(
        "{:<14} {:<12} {:>9} {:>9} {:>9} {:>9}   ratio oversight/peer p50 p95 p99",
        "class", "engine", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    let classes: Vec<&String> = comparison
        .engines
        .first()
        .map(|engine| engine.latency.keys().collect())
        .unwrap_or_default();
    for class in classes {
        for engine in &comparison.engines {
            let Some(figures) = engine.latency.get(class) else {
                continue;
            };
            let ratio = ratio_text(oversight, engine, class);
            println!(
                "{:<14} {:<12} {:>9.3} {:>9.3} {:>9.3} {:>9.3}   {ratio}",
                class,
                engine.engine,
                figures.p50_ms,
                figures.p95_ms,
                figures.p99_ms,
                figures.max_ms
            );
        }
    }
    print_agreement(comparison);
}

fn ratio_text(oversight: Option<&EngineFigures>, engine: &EngineFigures, class: &str) -> String {
    let Some(ours) = oversight.and_then(|oversight| oversight.latency.get(class)) else {
        return String::new();
    };
    if engine.engine == "oversight" {
        return String::new();
    }
    let Some(theirs) = engine.latency.get(class) else {
        return String::new();
    };
    format!(
        "x{:.2} x{:.2} x{:.2}",
        ours.p50_ms / theirs.p50_ms,
        ours.p95_ms / theirs.p95_ms,
        ours.p99_ms / theirs.p99_ms
    )
}

/// How often the engines found the same number of documents.
fn print_agreement(comparison: &Comparison) {
    let Some(oversight) = comparison
        .engines
        .iter()
        .find(|engine| engine.engine == "oversight")
    else {
        return;
    };
    println!();
    for peer in comparison
        .engines
        .iter()
        .filter(|engine| engine.engine != "oversight")
    {
        let same = oversight
            .outcomes
            .iter()
            .zip(&peer.outcomes)
            .filter(|(ours, theirs)| ours.total_documents == theirs.total_documents)
            .count();
        println!(
            "document totals equal to {}: {same} of {} queries",
            peer.engine,
            oversight.outcomes.len()
        );
    }
}
