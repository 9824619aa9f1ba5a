//! The error type of the query engine, with a stable code ([`ErrorCode`]) and a kind for each
//! error.

use std::path::PathBuf;

use crate::error_code::ErrorCode;

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
    /// The error's code in the one table of codes.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            Error::NoIndex(_) => ErrorCode::NoIndex,
            Error::IndexUnreadable { .. } => ErrorCode::IndexUnreadable,
            Error::MalformedQuery { .. } => ErrorCode::MalformedQuery,
            Error::UnsupportedQuery(_) => ErrorCode::UnsupportedQuery,
            Error::UnknownValue { .. } => ErrorCode::UnknownValue,
            Error::InvalidParameter { .. } => ErrorCode::InvalidParameter,
            Error::DocumentNotFound(_) => ErrorCode::DocumentNotFound,
            Error::PassageNotFound { .. } => ErrorCode::PassageNotFound,
            Error::Tantivy(_) => ErrorCode::Internal,
            Error::Corrupt(_) => ErrorCode::CorruptIndex,
        }
    }

    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// Whose fault the error is, as its code's status says.
    pub fn kind(&self) -> ErrorKind {
        match self.error_code().status() {
            404 => ErrorKind::NotFound,
            400..=499 => ErrorKind::BadRequest,
            503 => ErrorKind::Unavailable,
            _ => ErrorKind::Internal,
        }
    }
}

/// The result type of the query engine.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_status_of_the_code() {
        let bad = Error::UnsupportedQuery("no".to_string());
        assert_eq!(
            (bad.code(), bad.kind()),
            ("unsupported_query", ErrorKind::BadRequest)
        );
        let missing = Error::DocumentNotFound("0".to_string());
        assert_eq!(missing.kind(), ErrorKind::NotFound);
        let none = Error::NoIndex(PathBuf::from("data/index"));
        assert_eq!(none.kind(), ErrorKind::Unavailable);
        let corrupt = Error::Corrupt("a passage without a document id".to_string());
        assert_eq!(
            (corrupt.code(), corrupt.kind()),
            ("corrupt_index", ErrorKind::Internal)
        );
    }
}
