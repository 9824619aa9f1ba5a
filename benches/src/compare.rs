//! The peer comparison: index one generated corpus into each engine, run the same query mix through
//! each, and gather indexing speed, index size, peak memory and latency percentiles per class.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::Result;
use crate::corpus::BenchCorpus;
use crate::engines::{Engine, QueryOutcome, disk_size};
use crate::engines::{oversight, raw_tantivy, sqlite};
use crate::measure::{self, Percentiles};
use crate::queries::{BenchQuery, QueryClass};

/// The engines, by name, in report order.
pub const ENGINE_NAMES: [&str; 3] = ["oversight", "raw-tantivy", "sqlite-fts5"];

/// How one engine indexed the corpus.
#[derive(Debug, Clone, Serialize)]
pub struct IndexingFigures {
    /// Wall-clock seconds, reading the files included.
    pub seconds: f64,
    /// MiB of text per second.
    pub mib_per_second: f64,
    /// Bytes on disk.
    pub index_bytes: u64,
    /// Index size over text size.
    pub size_ratio: f64,
    /// Peak resident memory of the process while indexing, in MiB.
    pub peak_rss_mib: f64,
}

/// One engine's figures.
#[derive(Debug, Clone, Serialize)]
pub struct EngineFigures {
    /// The engine.
    pub engine: String,
    /// Indexing, when this run built the index.
    pub indexing: Option<IndexingFigures>,
    /// Latency per query class, plus `all`.
    pub latency: BTreeMap<String, Percentiles>,
    /// What each query of the mix returned, in mix order.
    #[serde(skip)]
    pub outcomes: Vec<QueryOutcome>,
}

/// Everything a comparison measured.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Documents in the corpus.
    pub documents: usize,
    /// MiB of text.
    pub corpus_mib: f64,
    /// Queries in the mix.
    pub queries: usize,
    /// Timed passes over the mix.
    pub rounds: usize,
    /// Per engine.
    pub engines: Vec<EngineFigures>,
}

/// What to run.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// Engines to run (names of [`ENGINE_NAMES`]).
    pub engines: Vec<String>,
    /// Rebuild indexes even when the work folder has them.
    pub rebuild: bool,
    /// Indexing threads for Oversight (0: one per core).
    pub threads: usize,
    /// Timed passes over the mix (one untimed warm-up pass comes first).
    pub rounds: usize,
}

/// Runs the comparison over `corpus`, keeping the indexes under `work`.
pub fn compare(
    corpus: &BenchCorpus,
    work: &Path,
    mix: &[BenchQuery],
    options: &CompareOptions,
) -> Result<Comparison> {
    let text_bytes = corpus.total_bytes();
    let mut engines = Vec::new();
    for name in ENGINE_NAMES {
        if !options.engines.iter().any(|wanted| wanted == name) {
            continue;
        }
        let (engine, indexing) = open_engine(name, corpus, work, options)?;
        let indexing = indexing.map(|(elapsed, peak_rss)| {
            let path = work.join(name);
            let index_bytes = disk_size(&path);
            IndexingFigures {
                seconds: elapsed.as_secs_f64(),
                mib_per_second: text_bytes as f64 / 1_048_576.0 / elapsed.as_secs_f64(),
                index_bytes,
                size_ratio: index_bytes as f64 / text_bytes as f64,
                peak_rss_mib: peak_rss as f64 / 1_048_576.0,
            }
        });
        let (latency, outcomes) = run_mix(engine.as_ref(), mix, options.rounds)?;
        engines.push(EngineFigures {
            engine: name.to_string(),
            indexing,
            latency,
            outcomes,
        });
    }
    Ok(Comparison {
        documents: corpus.entries.len(),
        corpus_mib: text_bytes as f64 / 1_048_576.0,
        queries: mix.len(),
        rounds: options.rounds,
        engines,
    })
}

type Opened = (Box<dyn Engine>, Option<(Duration, u64)>);

fn open_engine(
    name: &str,
    corpus: &BenchCorpus,
    work: &Path,
    options: &CompareOptions,
) -> Result<Opened> {
    let path = work.join(name);
    let build = options.rebuild || !path.exists();
    measure::reset_peak_rss();
    let started = Instant::now();
    let engine: Box<dyn Engine> = match (name, build) {
        ("oversight", true) => {
            oversight::build(&corpus.dir, &path, options.threads)?;
            Box::new(oversight::open(&path)?) as Box<dyn Engine>
        }
        ("oversight", false) => Box::new(oversight::open(&path)?),
        ("raw-tantivy", true) => Box::new(raw_tantivy::build(corpus, &path)?),
        ("raw-tantivy", false) => Box::new(raw_tantivy::open(&path)?),
        (_, true) => {
            std::fs::create_dir_all(&path).map_err(|source| crate::Error::Io {
                path: path.clone(),
                source,
            })?;
            Box::new(sqlite::build(corpus, &path.join("fts5.db"))?)
        }
        (_, false) => Box::new(sqlite::open(&path.join("fts5.db"))?),
    };
    let indexing = build.then(|| (started.elapsed(), measure::peak_rss_bytes()));
    Ok((engine, indexing))
}

/// Runs the mix once untimed, then `rounds` times timed; returns percentiles per class (and `all`)
/// and the outcome of each query.
pub fn run_mix(
    engine: &dyn Engine,
    mix: &[BenchQuery],
    rounds: usize,
) -> Result<(BTreeMap<String, Percentiles>, Vec<QueryOutcome>)> {
    let outcomes = mix
        .iter()
        .map(|query| engine.run(query))
        .collect::<Result<Vec<_>>>()?;
    let mut samples: BTreeMap<QueryClass, Vec<Duration>> = BTreeMap::new();
    for _ in 0..rounds {
        for query in mix {
            let started = Instant::now();
            let outcome = engine.run(query)?;
            let elapsed = started.elapsed();
            std::hint::black_box(outcome);
            samples.entry(query.class).or_default().push(elapsed);
        }
    }
    let mut latency: BTreeMap<String, Percentiles> = samples
        .iter()
        .map(|(class, durations)| (class.name().to_string(), Percentiles::of(durations)))
        .collect();
    let all: Vec<Duration> = samples.into_values().flatten().collect();
    latency.insert("all".to_string(), Percentiles::of(&all));
    Ok((latency, outcomes))
}
