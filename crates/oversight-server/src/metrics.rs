//! Request metrics: a counter and a latency histogram per route and status, and the response
//! cache's hits and misses, in Prometheus form.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use metrics::{Key, Label, Metadata, Recorder};

use crate::cache::Lookup;
use crate::state::AppState;

static METADATA: Metadata<'static> = Metadata::new(module_path!(), metrics::Level::INFO, None);

/// Records every request's route, status and latency.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |path| path.as_str().to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    let elapsed_seconds = started.elapsed().as_secs_f64();
    let labels = vec![
        Label::new("route", route.clone()),
        Label::new("status", response.status().as_u16().to_string()),
    ];
    let counter_key = Key::from_parts("http_requests_total", labels);
    state
        .recorder
        .register_counter(&counter_key, &METADATA)
        .increment(1);
    let histogram_key = Key::from_parts(
        "http_request_duration_seconds",
        vec![Label::new("route", route)],
    );
    state
        .recorder
        .register_histogram(&histogram_key, &METADATA)
        .record(elapsed_seconds);
    response
}

/// Counts a look-up in the response cache, as a hit or a miss (nothing when it is disabled).
pub fn count_cache_lookup(state: &AppState, lookup: Lookup) {
    let result = match lookup {
        Lookup::Hit => "hit",
        Lookup::Miss => "miss",
        Lookup::Uncached => return,
    };
    let key = Key::from_parts(
        "search_cache_lookups_total",
        vec![Label::new("result", result)],
    );
    state
        .recorder
        .register_counter(&key, &METADATA)
        .increment(1);
}
