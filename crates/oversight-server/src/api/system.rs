//! `GET /healthz` and `GET /metrics`.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::ToSchema;

use super::blocking;
use crate::error::ApiError;
use crate::state::AppState;

/// The service's health and the index it serves.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the service answers.
    pub status: &'static str,
    /// The published index generation served.
    pub generation: String,
    /// Documents in the index.
    pub documents: u64,
    /// Passages in the index.
    pub passages: u64,
}

/// Health and the served index generation.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "system",
    responses((status = 200, description = "The service is up", body = Health))
)]
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let stats = blocking(&state.engine, |engine| Ok(engine.stats())).await?;
    Ok(Json(Health {
        status: "ok",
        generation: stats.generation,
        documents: stats.documents,
        passages: stats.passages,
    }))
}

/// Request counts and latency histograms by route, in Prometheus text format.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "system",
    responses((status = 200, description = "Prometheus text exposition", content_type = "text/plain"))
)]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
