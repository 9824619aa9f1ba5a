//! `GET /api/v1/export`: every match of a search as a CSV or NDJSON file, streamed.
//!
//! The search is compiled before the answer starts, so a bad request is a JSON 4xx; then the rows
//! are written on the blocking pool into the body as they are read ([`crate::stream`]). The
//! request timeout covers only that start: a long export is not cut, and a client that goes stops
//! the walk. `exports_running` and `export_rows_total` in `/metrics` show the work.

use std::ops::ControlFlow;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use metrics::{Counter, Gauge, Key, Metadata, Recorder};
use oversight_search::{Export, ExportLevel};

use super::blocking;
use crate::error::{ApiError, ErrorBody};
use crate::export_file::{ExportFormat, RowWriter};
use crate::export_params::{ExportParams, ExportRequest, today};
use crate::state::AppState;
use crate::stream::{ChunkWriter, blocking_body};

static METADATA: Metadata<'static> = Metadata::new(module_path!(), metrics::Level::INFO, None);

/// Export a search: every matching passage (default) or document, as CSV or NDJSON, streamed
/// without a cap.
#[utoipa::path(
    get,
    path = "/export",
    tag = "export",
    params(ExportParams),
    responses(
        (status = 200, description = "The rows, streamed: CSV (RFC 4180, a header row) or NDJSON (one object a line); `Content-Disposition` names the file after the query and the day", content((String = "text/csv"), (String = "application/x-ndjson"))),
        (status = 400, description = "A parameter or the query is malformed; the message says what to change", body = ErrorBody),
        (status = 503, description = "No index has been published yet", body = ErrorBody),
    )
)]
pub async fn export(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let request = ExportRequest::parse(raw.as_deref(), state.engine.vocabulary())?;
    let file_name = request.file_name(&today());
    let ExportRequest {
        search,
        format,
        level,
        bom,
    } = request;
    let export = blocking(&state.engine, move |engine| engine.export(&search, level)).await?;
    let running = state
        .recorder
        .register_gauge(&Key::from_name("exports_running"), &METADATA);
    let rows = state
        .recorder
        .register_counter(&Key::from_name("export_rows_total"), &METADATA);
    running.increment(1.0);
    let body = blocking_body(move |out| {
        let _running = Running(running);
        write_rows(export, out, format, level, bom, &rows)
    });
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .map_err(|error| ApiError::internal(&error))?;
    Response::builder()
        .header(header::CONTENT_TYPE, format.content_type())
        .header(header::CONTENT_DISPOSITION, disposition)
        .header(header::CACHE_CONTROL, "no-store")
        .body(body)
        .map_err(|error| ApiError::internal(&error))
}

/// Counts an export as running until it is dropped, however the export ends.
struct Running(Gauge);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.decrement(1.0);
    }
}

/// Writes the export's rows to `out`, counting each in `rows`; stops at the first failed write.
fn write_rows(
    export: Export,
    out: &mut ChunkWriter,
    format: ExportFormat,
    level: ExportLevel,
    bom: bool,
    rows: &Counter,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut writer = RowWriter::new(out, format, level, bom)?;
    let mut failed = None;
    export.run(|row| match writer.write(row) {
        Ok(()) => {
            rows.increment(1);
            ControlFlow::Continue(())
        }
        Err(error) => {
            failed = Some(error);
            ControlFlow::Break(())
        }
    })?;
    if let Some(error) = failed {
        return Err(error.into());
    }
    writer.finish()?;
    Ok(())
}
