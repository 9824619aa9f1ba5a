//! `GET /api/v1/suggest`: completions of a prefix from the vocabulary and the index's words.

use axum::Json;
use axum::extract::{RawQuery, State};
use oversight_search::SuggestResponse;

use super::blocking;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use crate::suggest_params::SuggestParams;

/// Suggestions: completions of `q` (compared lower-cased, accents folded), first from the
/// vocabulary (force names, areas and aliases, themes, acronyms and their expansions, types and
/// subtypes, with the slug a filter takes), then from the words of the index, most documents
/// first, each with the documents a search for `exact:<word>` finds.
#[utoipa::path(
    get,
    path = "/suggest",
    tag = "search",
    params(SuggestParams),
    responses(
        (status = 200, description = "The completions, vocabulary entries first; none for an empty prefix", body = SuggestResponse),
        (status = 400, description = "The prefix is longer than 100 characters or holds control characters, the limit is not from 1 to 50, or a parameter is unknown or repeated", body = ErrorBody),
        (status = 503, description = "No index has been published yet", body = ErrorBody),
    )
)]
pub async fn suggest(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SuggestResponse>, ApiError> {
    let request = SuggestParams::parse(raw.as_deref())?;
    blocking(&state.engine, move |engine| engine.suggest(&request))
        .await
        .map(Json)
}
