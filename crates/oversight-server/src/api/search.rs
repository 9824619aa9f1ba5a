//! `GET /api/v1/search` and `GET /api/v1/facets`.

use axum::Json;
use axum::extract::{RawQuery, State};
use oversight_search::SearchResponse;

use super::blocking;
use crate::error::{ApiError, ErrorBody};
use crate::params::SearchParams;
use crate::state::AppState;

/// Search documents: the page of matching documents with their best passages, totals and
/// disjunctive facet counts.
#[utoipa::path(
    get,
    path = "/search",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "Matching documents, totals and facet counts", body = SearchResponse),
        (status = 400, description = "A parameter or the query is malformed; the message says what to change", body = ErrorBody),
        (status = 503, description = "No index has been published yet", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = SearchParams::parse(raw.as_deref())?.into_request()?;
    let response = blocking(&state.engine, move |engine| engine.search(&request)).await?;
    Ok(Json(response))
}

/// Facet counts and totals only, for a filter sidebar that updates as filters change.
#[utoipa::path(
    get,
    path = "/facets",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "Totals and facet counts; `hits` is empty", body = SearchResponse),
        (status = 400, description = "A parameter or the query is malformed", body = ErrorBody),
        (status = 503, description = "No index has been published yet", body = ErrorBody),
    )
)]
pub async fn facets(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = SearchParams::parse(raw.as_deref())?.into_request()?;
    let response = blocking(&state.engine, move |engine| engine.facets(&request)).await?;
    Ok(Json(response))
}
