//! The error type of the indexer.

use std::path::PathBuf;

/// What can stop an indexing run. Problems with single files are not errors: those files are
/// skipped and reported in the run's summary.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The corpus folder does not exist or is not a folder.
    #[error("corpus folder {0} does not exist or is not a folder")]
    CorpusMissing(PathBuf),
    /// The corpus folder could not be listed.
    #[error("cannot list corpus folder {path}: {source}")]
    CorpusUnreadable {
        /// The folder.
        path: PathBuf,
        /// The underlying error.
        source: walkdir::Error,
    },
    /// The index folder holds something that is not an Oversight index.
    #[error(
        "{0} is not an Oversight index (it is not empty and has no CURRENT file); choose another --index folder or empty it"
    )]
    NotAnIndex(PathBuf),
    /// An I/O error on the index folder.
    #[error("cannot write index folder {path}: {source}")]
    IndexIo {
        /// The path concerned.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Another process is writing this index.
    #[error("another `oversight index` is already writing {0}; wait for it to finish")]
    Locked(PathBuf),
    /// The corpus manifest is invalid; nothing was indexed.
    #[error("invalid corpus manifest (manifest.toml): {0}")]
    Manifest(String),
    /// An error from tantivy.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// An error from the shared schema (vocabulary or field layout).
    #[error(transparent)]
    Schema(#[from] oversight_schema::Error),
    /// The corpus is a default and the index was built from another corpus, or does not record
    /// which: updating it would remove that corpus's documents.
    #[error(
        "the index {index} was built from {}, not {corpus}; pass --corpus to say which corpus to index into it (documents the index holds that this corpus lacks are then removed)",
        .recorded.as_deref().unwrap_or("a corpus it does not record")
    )]
    OtherCorpus {
        /// The index folder.
        index: PathBuf,
        /// The corpus the index records, if any.
        recorded: Option<String>,
        /// The default corpus.
        corpus: PathBuf,
    },
    /// A document's id is not the hex digits of a content hash (a damaged record or a bug).
    #[error("the document id `{0}` is not a content hash")]
    InvalidContentId(String),
    /// Something the index stores could not be serialised.
    #[error("cannot serialise {what}: {source}")]
    Serialization {
        /// What was serialised.
        what: &'static str,
        /// The serialiser's error.
        source: serde_json::Error,
    },
}

/// The result type of the indexer.
pub type Result<T> = std::result::Result<T, Error>;
