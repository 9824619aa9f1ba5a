//! `GET /api/v1/concordance`: every mention of a search's query in context, a page of JSON or
//! the whole of it as streamed CSV.

use std::ops::ControlFlow;
use std::sync::Arc;

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use oversight_search::concordance::{ConcordanceResponse, ValidConcordance};

use super::blocking;
use crate::concordance_csv::CsvRows;
use crate::concordance_params::{self, ConcordanceParams, Format};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use crate::stream::blocking_body;

/// Every mention of the query in the matching documents, one row each with the words around it
/// (key word in context), the document and the passage; a page of them with a cursor to the
/// next, or all of them as CSV with `format=csv`.
#[utoipa::path(
    get,
    path = "/concordance",
    tag = "concordance",
    params(ConcordanceParams),
    responses(
        (status = 200, description = "A page of mentions with the totals; with `format=csv`, every mention as CSV (RFC 4180, a header row)", content(
            (ConcordanceResponse = "application/json"),
            (String = "text/csv; charset=utf-8"),
        )),
        (status = 400, description = "A parameter, the query or the cursor is wrong; the message says what to change", body = ErrorBody),
        (status = 503, description = "No index has been published yet", body = ErrorBody),
    )
)]
pub async fn concordance(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (request, format) = concordance_params::parse(raw.as_deref())?;
    let request = request.validate(state.engine.vocabulary())?;
    match format {
        Format::Json => {
            let page = blocking(&state.engine, move |engine| engine.concordance(&request)).await?;
            Ok(Json(page).into_response())
        }
        Format::Csv => csv(&state, request).await,
    }
}

/// Streams every mention as CSV. The query is compiled and the passages found before the status
/// is sent, so a query that does not compile is still a JSON error; the rows follow as they are
/// read, and stop when the client goes.
async fn csv(state: &AppState, request: ValidConcordance) -> Result<Response, ApiError> {
    let engine = Arc::clone(&state.engine);
    let file_name = file_name(&request.search().request().query);
    let (ready, started) = tokio::sync::oneshot::channel();
    let body = blocking_body(move |out| -> Result<(), String> {
        let mut ready = Some(ready);
        let mut writer = CsvRows::new(out).map_err(|error| error.to_string())?;
        let mut failed = None;
        let walked = engine.concordance_rows(&request, &mut |row| {
            if let Some(ready) = ready.take() {
                let _ = ready.send(Ok(()));
            }
            match writer.write(&row) {
                Ok(()) => ControlFlow::Continue(()),
                Err(error) => {
                    failed = Some(error.to_string());
                    ControlFlow::Break(())
                }
            }
        });
        match (walked, ready.take()) {
            // Nothing was sent yet: the handler answers the error.
            (Err(error), Some(ready)) => {
                let _ = ready.send(Err(error));
                return Ok(());
            }
            (Err(error), None) => return Err(error.to_string()),
            (Ok(()), Some(ready)) => {
                let _ = ready.send(Ok(()));
            }
            (Ok(()), None) => {}
        }
        if let Some(failed) = failed {
            return Err(failed);
        }
        writer.flush().map_err(|error| error.to_string())
    });
    match started.await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => return Err(ApiError::from(error)),
        Err(error) => return Err(ApiError::internal(&error)),
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// `concordance-<the query's words>.csv`, the words lower-cased and joined by hyphens.
fn file_name(query: &str) -> String {
    let words: Vec<String> = query
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut slug = words.join("-");
    slug.truncate(60);
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "concordance.csv".to_string()
    } else {
        format!("concordance-{slug}.csv")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_says_the_query() {
        assert_eq!(
            file_name("\"restorative justice\" -youth"),
            "concordance-restorative-justice-youth.csv"
        );
        assert_eq!(file_name("«»"), "concordance.csv");
    }
}
