//! Refuses a request that announces a body larger than [`crate::settings::MAX_BODY_BYTES`] (the
//! API reads none) with a JSON 413, before any handler runs.

use axum::extract::Request;
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::settings::MAX_BODY_BYTES;

/// The middleware.
pub async fn refuse_large_bodies(request: Request, next: Next) -> Response {
    let announced = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    if announced.is_some_and(|bytes| bytes > MAX_BODY_BYTES as u64) {
        return ApiError::payload_too_large(MAX_BODY_BYTES).into_response();
    }
    next.run(request).await
}
