//! The state every handler shares.

use std::sync::Arc;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle, PrometheusRecorder};
use oversight_search::SearchEngine;

/// Latency buckets, in seconds.
const LATENCY_BUCKETS_SECONDS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

/// Shared by all handlers: the engine and the metrics recorder.
#[derive(Clone)]
pub struct AppState {
    /// The search engine.
    pub engine: Arc<SearchEngine>,
    /// Where request metrics are recorded (owned here, not global, so several apps can coexist).
    pub recorder: Arc<PrometheusRecorder>,
    /// Renders the recorded metrics.
    pub metrics: PrometheusHandle,
}

impl AppState {
    /// State serving `engine`.
    pub fn new(engine: Arc<SearchEngine>) -> AppState {
        let recorder = PrometheusBuilder::new()
            .set_buckets(&LATENCY_BUCKETS_SECONDS)
            .unwrap_or_else(|_| PrometheusBuilder::new())
            .build_recorder();
        let metrics = recorder.handle();
        AppState {
            engine,
            recorder: Arc::new(recorder),
            metrics,
        }
    }
}
