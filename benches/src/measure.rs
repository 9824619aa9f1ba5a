//! Latency percentiles and process memory: the figures every report prints.

use std::time::Duration;

use serde::Serialize;

/// Latency percentiles of a set of samples, in milliseconds.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Percentiles {
    /// Samples.
    pub count: usize,
    /// Median.
    pub p50_ms: f64,
    /// 95th percentile.
    pub p95_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Slowest.
    pub max_ms: f64,
}

impl Percentiles {
    /// Nearest-rank percentiles of `samples`.
    pub fn of(samples: &[Duration]) -> Percentiles {
        if samples.is_empty() {
            return Percentiles::default();
        }
        let mut millis: Vec<f64> = samples
            .iter()
            .map(|sample| sample.as_secs_f64() * 1000.0)
            .collect();
        millis.sort_by(f64::total_cmp);
        let rank = |percent: f64| {
            let position = ((percent / 100.0) * millis.len() as f64).ceil() as usize;
            millis[position.clamp(1, millis.len()) - 1]
        };
        Percentiles {
            count: millis.len(),
            p50_ms: rank(50.0),
            p95_ms: rank(95.0),
            p99_ms: rank(99.0),
            max_ms: millis[millis.len() - 1],
        }
    }
}

/// Resets the process' peak resident set size (Linux `clear_refs`), so a later
/// [`peak_rss_bytes`] measures one phase. Does nothing where unsupported.
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The peak resident set size since start or the last reset, in bytes (0 where unknown).
pub fn peak_rss_bytes() -> u64 {
    status_kib("VmHWM:") * 1024
}

fn status_kib(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with(key))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|value| value.parse().ok())
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let percentiles = Percentiles::of(&samples);
        assert_eq!(percentiles.p50_ms, 50.0);
        assert_eq!(percentiles.p99_ms, 99.0);
        assert_eq!(percentiles.max_ms, 100.0);
    }
}
