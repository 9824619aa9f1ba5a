//! The routes of the HTTP API, each handler thin: parse, call the engine off the async threads,
//! answer JSON.

pub mod concordance;
pub mod documents;
pub mod export;
pub mod search;
pub mod suggest;
pub mod system;
pub mod trends;
pub mod vocabulary;

use std::sync::Arc;

use oversight_search::SearchEngine;

use crate::error::ApiError;

/// Runs blocking engine work on tokio's blocking pool, so async threads never wait on tantivy.
pub async fn blocking<T, F>(engine: &Arc<SearchEngine>, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&SearchEngine) -> Result<T, oversight_search::Error> + Send + 'static,
{
    let engine = Arc::clone(engine);
    tokio::task::spawn_blocking(move || work(&engine))
        .await
        .map_err(|error| ApiError::internal(&error))?
        .map_err(ApiError::from)
}
