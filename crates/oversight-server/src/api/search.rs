//! `GET /api/v1/search` and `GET /api/v1/facets`.

use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::extract::{RawQuery, State};
use oversight_search::{FacetsResponse, SearchResponse, ValidSearch};

use super::blocking;
use crate::cache::{Answer, Lookup};
use crate::error::{ApiError, ErrorBody};
use crate::metrics;
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
    let search = valid_search(&state, raw.as_deref())?;
    answer(&state, Answer::Hits, search).await.map(Json)
}

/// Facet counts and totals only, for a filter sidebar that updates as filters change: no hits
/// and no paging (`page`, `per_page` and `passages` are checked but change nothing).
#[utoipa::path(
    get,
    path = "/facets",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "Totals and facet counts, without hits", body = FacetsResponse),
        (status = 400, description = "A parameter or the query is malformed", body = ErrorBody),
        (status = 503, description = "No index has been published yet", body = ErrorBody),
    )
)]
pub async fn facets(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<FacetsResponse>, ApiError> {
    let search = valid_search(&state, raw.as_deref())?;
    let response = answer(&state, Answer::FacetsOnly, search).await?;
    Ok(Json(FacetsResponse::from(response)))
}

/// The search a query string asks for, checked against the served vocabularies.
fn valid_search(state: &AppState, raw: Option<&str>) -> Result<ValidSearch, ApiError> {
    let request = SearchParams::parse(raw)?.into_request()?;
    Ok(request.validate(state.engine.vocabulary())?)
}

/// The answer from the cache when the index has not changed since it was kept; otherwise computed
/// on the blocking pool (and kept). A kept answer's `took_ms` is the time the look-up took.
async fn answer(
    state: &AppState,
    answer: Answer,
    search: ValidSearch,
) -> Result<SearchResponse, ApiError> {
    let started = Instant::now();
    let engine = Arc::clone(&state.engine);
    let (response, lookup) = state
        .cache
        .get_or_compute(answer, state.engine.version(), search, |search| {
            blocking(&engine, move |engine| {
                engine.answer(&search, answer == Answer::Hits)
            })
        })
        .await?;
    metrics::count_cache_lookup(state, lookup);
    let mut response = Arc::unwrap_or_clone(response);
    if lookup == Lookup::Hit {
        response.took_ms = (started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0;
    }
    Ok(response)
}
