//! The state every handler shares.

use std::sync::Arc;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle, PrometheusRecorder};
use oversight_search::SearchEngine;

use crate::cache::{DEFAULT_CACHE_ENTRIES, ResponseCache};
use crate::originals::Originals;

/// Latency buckets, in seconds.
const LATENCY_BUCKETS_SECONDS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

/// Shared by all handlers: the engine, the response cache, the original files and the metrics
/// recorder.
#[derive(Clone)]
pub struct AppState {
    /// The search engine.
    pub engine: Arc<SearchEngine>,
    /// Recent search and facet answers.
    pub cache: Arc<ResponseCache>,
    /// Where request metrics are recorded (owned here, not global, so several apps can coexist).
    pub recorder: Arc<PrometheusRecorder>,
    /// Renders the recorded metrics.
    pub metrics: PrometheusHandle,
    /// The corpus folder whose original files are served, if any.
    pub originals: Option<Arc<Originals>>,
}

impl AppState {
    /// State serving `engine` with a cache of [`DEFAULT_CACHE_ENTRIES`] answers, without original
    /// files.
    pub fn new(engine: Arc<SearchEngine>) -> AppState {
        let recorder = PrometheusBuilder::new()
            .set_buckets(&LATENCY_BUCKETS_SECONDS)
            .unwrap_or_else(|_| PrometheusBuilder::new())
            .build_recorder();
        let metrics = recorder.handle();
        AppState {
            engine,
            cache: Arc::new(ResponseCache::new(DEFAULT_CACHE_ENTRIES)),
            recorder: Arc::new(recorder),
            metrics,
            originals: None,
        }
    }

    /// Keeps at most `entries` answers (0: none).
    pub fn with_cache_entries(mut self, entries: usize) -> AppState {
        self.cache = Arc::new(ResponseCache::new(entries));
        self
    }

    /// Also serves the original files of the corpus folder `corpus`, when it is one.
    pub fn with_originals(mut self, corpus: &std::path::Path) -> AppState {
        self.originals = Originals::open(corpus).map(Arc::new);
        self
    }
}
