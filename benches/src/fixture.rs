//! Prepared benchmark data for the criterion benches: a generated corpus and the three indexes,
//! cached in a folder (`OVERSIGHT_BENCH_DIR`, else the system temp folder) so that repeated runs
//! measure instead of rebuilding.

use std::path::PathBuf;

use crate::compare::ENGINE_NAMES;
use crate::corpus::{BenchCorpus, META_FILE, write_corpus};
use crate::engines::{Engine, oversight, raw_tantivy, sqlite};
use crate::generator::Generator;
use crate::{Error, Result, seed_corpus_dir, trained_generator};

/// A generated corpus with a folder for its indexes.
pub struct Prepared {
    /// The generator that wrote the corpus.
    pub generator: Generator,
    /// The corpus.
    pub corpus: BenchCorpus,
    /// Where its indexes live.
    pub work: PathBuf,
}

/// The cache folder for benchmark data.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("OVERSIGHT_BENCH_DIR").map_or_else(
        || std::env::temp_dir().join("oversight-bench"),
        PathBuf::from,
    )
}

/// The corpus of `mib` MiB for `seed`, generated unless cached.
pub fn prepare(mib: u64, seed: u64) -> Result<Prepared> {
    let root = cache_dir().join(format!("mb{mib}-seed{seed}"));
    let corpus_dir = root.join("corpus");
    let generator = trained_generator(&seed_corpus_dir(), seed)?;
    if !corpus_dir.join(META_FILE).exists() {
        write_corpus(&generator, mib << 20, &corpus_dir, false)?;
    }
    let work = root.join("work");
    std::fs::create_dir_all(&work).map_err(|source| Error::Io {
        path: work.clone(),
        source,
    })?;
    Ok(Prepared {
        generator,
        corpus: BenchCorpus::load(&corpus_dir)?,
        work,
    })
}

impl Prepared {
    /// The engine `name` with its index open, built first unless cached.
    pub fn engine(&self, name: &str) -> Result<Box<dyn Engine>> {
        let path = self.work.join(name);
        let built = path.join(".complete");
        let fresh = !built.exists();
        let engine: Box<dyn Engine> = match name {
            "oversight" => {
                if fresh {
                    oversight::build(&self.corpus.dir, &path, 0)?;
                }
                match oversight::open(&path) {
                    Ok(engine) => Box::new(engine),
                    // Cached by an earlier version in another index format: built again.
                    Err(_) if !fresh => {
                        oversight::build(&self.corpus.dir, &path, 0)?;
                        Box::new(oversight::open(&path)?)
                    }
                    Err(error) => return Err(error),
                }
            }
            "raw-tantivy" if fresh => Box::new(raw_tantivy::build(&self.corpus, &path)?),
            "raw-tantivy" => Box::new(raw_tantivy::open(&path)?),
            _ => {
                std::fs::create_dir_all(&path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                let database = path.join("fts5.db");
                if fresh {
                    Box::new(sqlite::build(&self.corpus, &database)?)
                } else {
                    Box::new(sqlite::open(&database)?)
                }
            }
        };
        if fresh {
            std::fs::write(&built, b"").map_err(|source| Error::Io {
                path: built.clone(),
                source,
            })?;
        }
        Ok(engine)
    }

    /// Every engine, in [`ENGINE_NAMES`] order.
    pub fn engines(&self) -> Result<Vec<Box<dyn Engine>>> {
        ENGINE_NAMES.iter().map(|name| self.engine(name)).collect()
    }
}
