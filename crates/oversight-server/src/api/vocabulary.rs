//! `GET /api/v1/vocabulary`: the forces, document types, themes and acronyms the filters take.

use axum::Json;
use axum::extract::{RawQuery, State};
use oversight_search::VocabularyView;

use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The controlled vocabulary: every force and national body (slug, name, aliases, region, whether
/// it is national), every document type with its subtypes, the theme tree with labels, and the
/// acronyms with the long forms a search for them also finds. Takes no parameters.
#[utoipa::path(
    get,
    path = "/vocabulary",
    tag = "search",
    responses(
        (status = 200, description = "The vocabulary", body = VocabularyView),
        (status = 400, description = "A parameter was given; this route takes none", body = ErrorBody),
    )
)]
pub async fn vocabulary(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<VocabularyView>, ApiError> {
    crate::params::no_parameters(raw.as_deref())?;
    Ok(Json(VocabularyView::of(state.engine.vocabulary())))
}
