//! `GET /api/v1/documents/{id}`, its passages, its marked text and its original file.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use oversight_search::{DocumentText, DocumentView, ErrorCode, PassageView, links};

use super::blocking;
use crate::error::{ApiError, ErrorBody};
use crate::originals::Original;
use crate::state::AppState;

/// A document's metadata (with the evidence for each value) and the outline of its passages.
#[utoipa::path(
    get,
    path = "/documents/{id}",
    tag = "documents",
    params(("id" = String, Path, description = "Document id: 16 hex digits")),
    responses(
        (status = 200, description = "The document", body = DocumentView),
        (status = 404, description = "No document with this id", body = ErrorBody),
    )
)]
pub async fn document(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<DocumentView>, ApiError> {
    let Path(id) = path?;
    let mut view = blocking(&state.engine, move |engine| engine.document(&id)).await?;
    let source = view.document.sources.first();
    if let (Some(originals), Some(source)) = (&state.originals, source)
        && originals.locate(source).is_some()
    {
        view.original_url = Some(links::original_url(&view.document.doc_id));
    }
    Ok(Json(view))
}

/// The original file the document was indexed from, as it was downloaded: a PDF opens at a page
/// with `#page=N`; text and HTML are labelled with the encoding the indexer read them in
/// (`text/plain; charset=utf-8`, `charset=windows-1252`). Only served when the service was started
/// with its corpus folder.
#[utoipa::path(
    get,
    path = "/documents/{id}/original",
    tag = "documents",
    params(("id" = String, Path, description = "Document id: 16 hex digits")),
    responses(
        (status = 200, description = "The file (PDF, HTML shown sandboxed, or text)", content(
            (Vec<u8> = "application/pdf"),
            (String = "text/html; charset=utf-8"),
            (String = "text/plain; charset=utf-8"),
        )),
        (status = 404, description = "No such document, or its original file is not served, gone or changed", body = ErrorBody),
    )
)]
pub async fn original(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Original, ApiError> {
    let Path(id) = path?;
    let Some(originals) = state.originals.clone() else {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "this service does not serve original files (it was started without a corpus folder)",
        ));
    };
    let meta = blocking(&state.engine, move |engine| engine.document_meta(&id)).await?;
    let doc_id = meta.doc_id;
    let encoding = meta.encoding;
    let source = meta.sources.into_iter().next().unwrap_or_default();
    tokio::task::spawn_blocking(move || originals.read(&source, &doc_id, encoding.as_deref()))
        .await
        .map_err(|error| ApiError::internal(&error))?
        .map_err(|error| ApiError::new(ErrorCode::NotFound, error.to_string()))
}

/// A document's full text, passage by passage, as HTML with the matches of `q` marked.
#[utoipa::path(
    get,
    path = "/documents/{id}/text",
    tag = "documents",
    params(
        ("id" = String, Path, description = "Document id: 16 hex digits"),
        ("q" = Option<String>, Query, description = "A query whose words are marked in the text"),
    ),
    responses(
        (status = 200, description = "The passages as HTML (text escaped, matches in <mark>)", body = DocumentText),
        (status = 400, description = "The query is malformed", body = ErrorBody),
        (status = 404, description = "No document with this id", body = ErrorBody),
    )
)]
pub async fn text(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Json<DocumentText>, ApiError> {
    let Path(id) = path?;
    let query = crate::params::single_query_parameter(raw.as_deref(), "q")?;
    let view = blocking(&state.engine, move |engine| {
        engine.document_text(&id, &query)
    })
    .await?;
    Ok(Json(view))
}

/// One passage of a document, in full.
#[utoipa::path(
    get,
    path = "/documents/{id}/passages/{n}",
    tag = "documents",
    params(
        ("id" = String, Path, description = "Document id: 16 hex digits"),
        ("n" = u64, Path, description = "Passage ordinal, from 0"),
    ),
    responses(
        (status = 200, description = "The passage", body = PassageView),
        (status = 400, description = "The ordinal is not a whole number", body = ErrorBody),
        (status = 404, description = "No such document or passage", body = ErrorBody),
    )
)]
pub async fn passage(
    State(state): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<PassageView>, ApiError> {
    let Path((id, ordinal)) = path?;
    let ordinal: u64 = ordinal.parse().map_err(|_| {
        let shown: String = ordinal.chars().take(40).collect();
        ApiError::new(
            ErrorCode::InvalidParameter,
            format!("passage `{shown}` is not a whole number"),
        )
    })?;
    let view = blocking(&state.engine, move |engine| engine.passage(&id, ordinal)).await?;
    Ok(Json(view))
}
