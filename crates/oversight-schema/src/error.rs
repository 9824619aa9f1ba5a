//! The error type of the schema crate.

/// What can go wrong while loading the shared model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A vocabulary file is not valid TOML or does not have the expected shape.
    #[error("invalid vocabulary {name}: {message}")]
    VocabularyParse {
        /// The vocabulary (`forces`, `themes`, `acronyms`, `doc_types`).
        name: String,
        /// What is wrong, as the TOML parser or the validation says it.
        message: String,
    },
    /// The index was written with a schema this build does not know.
    #[error("the index has a field layout this build does not know: missing field `{0}`")]
    MissingField(String),
}

/// The result type of the schema crate.
pub type Result<T> = std::result::Result<T, Error>;
