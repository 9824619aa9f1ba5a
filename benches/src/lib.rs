//! Oversight's measuring instruments: a deterministic generator of realistic police-governance
//! corpora trained on the bundled documents, the standard query mix, and the engines compared
//! (Oversight in process, SQLite FTS5, raw tantivy), used by the `bench-corpus` and `compare`
//! programs, the criterion benches and the smoke test.
#![warn(missing_docs)]

pub mod compare;
pub mod corpus;
pub mod engines;
mod error;
pub mod fixture;
pub mod generator;
pub mod lexicon;
pub mod measure;
pub mod model;
pub mod queries;
pub mod rng;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use oversight_schema::vocab::Vocabulary;

pub use error::{Error, Result};

use crate::generator::Generator;
use crate::model::LanguageModel;
use crate::queries::{BenchQuery, QUERIES_PER_CLASS};

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 2014;

/// The bundled seed corpus the generator trains on (`corpus/` at the workspace root).
pub fn seed_corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("corpus")
}

/// A generator trained on `seed_corpus` for the bundled vocabularies' forces.
pub fn trained_generator(seed_corpus: &Path, seed: u64) -> Result<Generator> {
    let vocabulary = Vocabulary::bundled()?;
    let model = LanguageModel::train_dir(seed_corpus, &generator::area_names(&vocabulary))?;
    Ok(Generator::new(model, &vocabulary, seed))
}

/// The standard mix: [`QUERIES_PER_CLASS`] queries of each class (200 in all).
pub fn standard_mix(generator: &Generator) -> Result<Vec<BenchQuery>> {
    mix_of(generator, QUERIES_PER_CLASS)
}

/// A mix with `per_class` queries of each class.
pub fn mix_of(generator: &Generator, per_class: usize) -> Result<Vec<BenchQuery>> {
    let vocabulary = Vocabulary::bundled()?;
    let acronyms: HashSet<String> = vocabulary
        .acronyms
        .iter()
        .map(|acronym| acronym.short.to_ascii_lowercase())
        .collect();
    Ok(queries::query_mix(
        generator.model(),
        &generator.force_slugs(),
        generator.seed(),
        per_class,
        &acronyms,
    ))
}
