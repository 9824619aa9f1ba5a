//! The Oversight query service: a read-only HTTP API over the published index.
//!
//! It also serves the web search page (`/`, `/documents/{id}`), which uses the same API.
//!
//! [`app`] builds the router (so tests can call it without a socket) and [`serve`] runs it on a
//! listener until a shutdown signal, following newly published index generations meanwhile. Every
//! error is a JSON body with a stable code ([`error`]); the OpenAPI document is generated from the
//! handlers ([`openapi`]).
#![warn(missing_docs)]

mod api;
mod body_limit;
pub mod cache;
pub mod concordance_csv;
mod concordance_params;
mod error;
pub mod export_file;
pub mod export_params;
mod listen;
mod metrics;
pub mod originals;
mod params;
mod settings;
pub mod state;
pub mod stream;
mod suggest_params;
mod trends_params;
mod web;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::PrometheusHandle;
use oversight_search::SearchEngine;
use tower::ServiceBuilder;
use tower::limit::ConcurrencyLimitLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
pub use crate::listen::HEADER_READ_TIMEOUT;
pub use crate::settings::{
    API_PREFIX, MAX_BODY_BYTES, MAX_CONCURRENT_REQUESTS, RELOAD_INTERVAL, REQUEST_TIMEOUT,
};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Oversight",
        description = "Full-text search over UK police governance documents: Police and Crime Commissioner reports, Police and Crime Panel agendas and minutes, thematic reviews. Read-only."
    ),
    tags(
        (name = "search", description = "Search documents and count facets"),
        (name = "documents", description = "Read documents and passages"),
        (name = "export", description = "Every match of a search as a file, streamed"),
        (name = "concordance", description = "Every mention of a query in context"),
        (name = "system", description = "Health and metrics")
    )
)]
struct ApiDoc;

/// The OpenAPI document of the service, generated from the handlers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    routers().1
}

fn routers() -> (Router<AppState>, utoipa::openapi::OpenApi, Router<AppState>) {
    let (api, mut document) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(api::search::search))
        .routes(routes!(api::search::facets))
        .routes(routes!(api::suggest::suggest))
        .routes(routes!(api::export::export))
        .routes(routes!(api::trends::trends))
        .routes(routes!(api::concordance::concordance))
        .routes(routes!(api::vocabulary::vocabulary))
        .routes(routes!(api::documents::document))
        .routes(routes!(api::documents::passage))
        .routes(routes!(api::documents::text))
        .routes(routes!(api::documents::original))
        .split_for_parts();
    let (system, system_document) = OpenApiRouter::new()
        .routes(routes!(api::system::healthz))
        .routes(routes!(api::system::metrics))
        .split_for_parts();
    let mut prefixed = utoipa::openapi::Paths::new();
    for (path, item) in std::mem::take(&mut document.paths.paths) {
        prefixed.paths.insert(format!("{API_PREFIX}{path}"), item);
    }
    prefixed.paths.extend(system_document.paths.paths);
    if let Some(system_components) = system_document.components {
        document
            .components
            .get_or_insert_with(Default::default)
            .schemas
            .extend(system_components.schemas);
    }
    document.paths = prefixed;
    describe_error_codes(&mut document);
    (api, document, system)
}

/// Describes every error code, with its status, on the error body's `code` schema, whose values
/// are the codes as sent: the derived schema names the variants, because the derive does not see
/// the `serde(rename)` that [`oversight_search::ErrorCode`]'s declaring macro gives each one.
fn describe_error_codes(document: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{RefOr, Schema};
    let schema = document
        .components
        .as_mut()
        .and_then(|components| components.schemas.get_mut("ErrorCode"));
    if let Some(RefOr::T(Schema::Object(object))) = schema {
        object.description = Some(error::code_table());
        object.enum_values = Some(
            oversight_search::ErrorCode::ALL
                .iter()
                .map(|code| code.as_str().into())
                .collect(),
        );
    }
}

/// The router with every route and layer, over `state`.
pub fn app(state: AppState) -> Router {
    let (api, document, system) = routers();
    let document = Arc::new(document);
    let api = api.route(
        "/openapi.json",
        get(move || {
            let document = Arc::clone(&document);
            async move { axum::Json(document.as_ref().clone()) }
        }),
    );
    let security_headers = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("content-security-policy"),
            HeaderValue::from_static(
                "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("no-referrer"),
        ));
    Router::new()
        .nest(API_PREFIX, api)
        .merge(system)
        .merge(web::routes())
        .fallback(|request: Request| async move { ApiError::no_route(request.uri().path()) })
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(
            ServiceBuilder::new()
                .layer(security_headers)
                .layer(CompressionLayer::new())
                .layer(axum::middleware::from_fn(answer_in_time))
                .layer(ConcurrencyLimitLayer::new(MAX_CONCURRENT_REQUESTS))
                .layer(axum::middleware::from_fn(body_limit::refuse_large_bodies)),
        )
        .with_state(state)
}

/// Answers a request that takes longer than [`REQUEST_TIMEOUT`] with a JSON 408, dropping its
/// work.
async fn answer_in_time(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::request_timeout(REQUEST_TIMEOUT).into_response(),
    }
}

/// Serves `state` on `listener` until `shutdown` completes, then finishes in-flight requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let reloader = tokio::spawn(follow_published_generations(Arc::clone(&state.engine)));
    let upkeep = tokio::spawn(fold_latency_samples(state.metrics.clone()));
    let router = app(state);
    let served = listen::serve(listener, router, shutdown).await;
    reloader.abort();
    upkeep.abort();
    served
}

/// How often recorded latencies are folded into their histograms.
const METRICS_UPKEEP_INTERVAL: Duration = Duration::from_secs(5);

/// Folds the latency samples recorded since the last pass into the histograms every
/// [`METRICS_UPKEEP_INTERVAL`]. The Prometheus recorder keeps every raw sample until then (about
/// 20 bytes a request), so without it the heap grew with every request served while nobody
/// scraped `/metrics` (20 MiB a minute under load).
async fn fold_latency_samples(metrics: PrometheusHandle) {
    let mut interval = tokio::time::interval(METRICS_UPKEEP_INTERVAL);
    loop {
        interval.tick().await;
        metrics.run_upkeep();
    }
}

/// Checks for a newly published generation every [`RELOAD_INTERVAL`]; commits into the served
/// generation are followed by the engine's reader itself.
async fn follow_published_generations(engine: Arc<SearchEngine>) {
    let mut interval = tokio::time::interval(RELOAD_INTERVAL);
    loop {
        interval.tick().await;
        let engine = Arc::clone(&engine);
        match tokio::task::spawn_blocking(move || engine.refresh()).await {
            Ok(Ok(true)) => tracing::info!("now serving a newly published index generation"),
            Ok(Ok(false)) => {}
            Ok(Err(error)) => {
                tracing::warn!(%error, "could not open the newly published index; still serving the previous one")
            }
            Err(error) => tracing::warn!(%error, "index refresh task failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use oversight_search::ErrorCode;

    use super::*;

    #[test]
    fn the_openapi_error_code_schema_lists_every_code_with_its_status() {
        let document = serde_json::to_value(openapi()).expect("serialises");
        let schema = &document["components"]["schemas"]["ErrorCode"];
        let description = schema["description"].as_str().unwrap_or_default();
        let values: Vec<&str> = schema["enum"]
            .as_array()
            .map(|values| values.iter().filter_map(|value| value.as_str()).collect())
            .unwrap_or_default();
        let sent: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
        assert_eq!(values, sent, "{schema}");
        for code in ErrorCode::ALL {
            let row = format!("`{}` ({})", code.as_str(), code.status());
            assert!(
                description.contains(&row),
                "{row} missing from {description}"
            );
        }
    }
}
