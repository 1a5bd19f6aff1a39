//! Summaries of per-call durations.

/// Median, 99th percentile and throughput of a set of sequential calls.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    /// Median duration, microseconds.
    pub median_us: f64,
    /// 99th percentile (nearest rank), microseconds.
    pub p99_us: f64,
    /// Calls per second of one caller making them back to back.
    pub calls_per_s: f64,
}

impl Summary {
    /// Summarises durations in nanoseconds; `None` when there are none.
    pub fn of(samples_ns: &[u64]) -> Option<Summary> {
        if samples_ns.is_empty() {
            return None;
        }
        let mut sorted = samples_ns.to_vec();
        sorted.sort_unstable();
        let total_ns: u64 = sorted.iter().sum();
        Some(Summary {
            median_us: micros(percentile(&sorted, 50.0)),
            p99_us: micros(percentile(&sorted, 99.0)),
            calls_per_s: sorted.len() as f64 * 1e9 / total_ns.max(1) as f64,
        })
    }
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[u64], p: f64) -> u64 {
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn micros(ns: u64) -> f64 {
    ns as f64 / 1000.0
}
