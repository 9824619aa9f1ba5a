//! The error type of the query engine, with a stable code and a kind for each error.

use std::path::PathBuf;

/// How an error should be reported: whose fault it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request is wrong; the message says what to change.
    BadRequest,
    /// What was asked for does not exist.
    NotFound,
    /// No index is available yet.
    Unavailable,
    /// Something failed inside; details are logged, not shown.
    Internal,
}

/// What can go wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No index has been published at the path.
    #[error("no index at {0}; run `oversight index` first")]
    NoIndex(PathBuf),
    /// The index folder exists but cannot be opened.
    #[error("the index at {path} cannot be opened: {message}")]
    IndexUnreadable {
        /// The index folder.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The query does not parse.
    #[error("malformed query at character {position}: {message}")]
    MalformedQuery {
        /// Character offset (from 0) where the problem was found.
        position: usize,
        /// What is wrong.
        message: String,
    },
    /// The query is well formed but asks for something not allowed.
    #[error("{0}")]
    UnsupportedQuery(String),
    /// A filter or `field:value` names a value that does not exist.
    #[error("unknown {facet} `{value}`{hint}")]
    UnknownValue {
        /// The facet or field (`force`, `type`, `theme`).
        facet: &'static str,
        /// The value given.
        value: String,
        /// A suggestion, starting with `; `, or empty.
        hint: String,
    },
    /// A request parameter is out of range or malformed.
    #[error("invalid `{name}`: {message}")]
    InvalidParameter {
        /// The parameter.
        name: &'static str,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// No document has this id.
    #[error("no document with id `{0}`")]
    DocumentNotFound(String),
    /// The document has no passage with this ordinal.
    #[error("document `{doc_id}` has no passage {ordinal} (it has {count})")]
    PassageNotFound {
        /// The document.
        doc_id: String,
        /// The ordinal asked for.
        ordinal: u64,
        /// How many passages it has.
        count: u64,
    },
    /// An error inside tantivy.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Stored data that does not read back.
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
}

impl Error {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NoIndex(_) => "no_index",
            Error::IndexUnreadable { .. } => "index_unreadable",
            Error::MalformedQuery { .. } => "malformed_query",
            Error::UnsupportedQuery(_) => "unsupported_query",
            Error::UnknownValue { .. } => "unknown_value",
            Error::InvalidParameter { .. } => "invalid_parameter",
            Error::DocumentNotFound(_) => "document_not_found",
            Error::PassageNotFound { .. } => "passage_not_found",
            Error::Tantivy(_) | Error::Corrupt(_) => "internal",
        }
    }

    /// Whose fault the error is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::MalformedQuery { .. }
            | Error::UnsupportedQuery(_)
            | Error::UnknownValue { .. }
            | Error::InvalidParameter { .. } => ErrorKind::BadRequest,
            Error::DocumentNotFound(_) | Error::PassageNotFound { .. } => ErrorKind::NotFound,
            Error::NoIndex(_) | Error::IndexUnreadable { .. } => ErrorKind::Unavailable,
            Error::Tantivy(_) | Error::Corrupt(_) => ErrorKind::Internal,
        }
    }
}

/// The result type of the query engine.
pub type Result<T> = std::result::Result<T, Error>;
