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
    /// The commit payload of the index could not be read.
    #[error("the index's commit record is unreadable: {0}")]
    CommitRecord(String),
}

/// The result type of the indexer.
pub type Result<T> = std::result::Result<T, Error>;
