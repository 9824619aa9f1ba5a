//! The error type of the benchmark library.

use std::path::PathBuf;

/// What can go wrong while generating a corpus or running an engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file written by the generator does not have the expected shape.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The seed corpus cannot train a model.
    #[error("training: {0}")]
    Training(String),
    /// SQLite failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Raw tantivy failed.
    #[error("tantivy: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A query did not parse for raw tantivy.
    #[error("tantivy query: {0}")]
    TantivyQuery(#[from] tantivy::query::QueryParserError),
    /// Oversight's indexer failed.
    #[error("oversight indexer: {0}")]
    Indexer(#[from] oversight_indexer::Error),
    /// Oversight's query engine failed.
    #[error("oversight search: {0}")]
    Search(#[from] oversight_search::Error),
    /// The bundled vocabularies are invalid.
    #[error("vocabulary: {0}")]
    Schema(#[from] oversight_schema::Error),
}

/// The result type of the benchmark library.
pub type Result<T> = std::result::Result<T, Error>;
