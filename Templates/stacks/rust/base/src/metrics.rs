//! Request counts and latencies in the Prometheus text format (0.0.4).
//!
//! Hand-written because the service needs three metric families; the
//! `prometheus` crate would be the right choice for many more.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds in seconds, chosen around the 200 ms p95 target so the
/// histogram says on which side of it requests fall.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// Keyed by route pattern first, so the output is sorted the way people
/// read it and stable between scrapes.
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(String, String, u16), u64>,
    durations: BTreeMap<(String, String), Histogram>,
}

impl Metrics {
    /// Records one finished request. `route` is a pattern such as
    /// `/api/v1/todos/{id}`, never a raw path, so series stay bounded.
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let mut inner = self.inner.lock().expect("metrics lock");
        *inner
            .requests
            .entry((route.to_string(), method.to_string(), status))
            .or_default() += 1;
        let h = inner
            .durations
            .entry((route.to_string(), method.to_string()))
            .or_default();
        let seconds = elapsed.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|upper| seconds <= *upper) {
            h.counts[i] += 1;
        }
        h.count += 1;
        h.sum += seconds;
    }

    /// The exposition text; `queries` is the number of SQL statements sent.
    pub fn render(&self, queries: u64) -> String {
        let inner = self.inner.lock().expect("metrics lock");
        let mut out = String::new();
        out.push_str("# HELP http_requests_total HTTP requests served, by method, route pattern and status.\n");
        out.push_str("# TYPE http_requests_total counter\n");
        for ((route, method, status), count) in &inner.requests {
            let _ = writeln!(
                out,
                "http_requests_total{{method={},route={},status=\"{status}\"}} {count}",
                quote(method),
                quote(route)
            );
        }
        out.push_str("# HELP http_request_duration_seconds HTTP request latency, by method and route pattern.\n");
        out.push_str("# TYPE http_request_duration_seconds histogram\n");
        for ((route, method), h) in &inner.durations {
            let labels = format!("method={},route={}", quote(method), quote(route));
            let mut cumulative = 0;
            for (upper, count) in BUCKETS.iter().zip(h.counts) {
                cumulative += count;
                let _ = writeln!(
                    out,
                    "http_request_duration_seconds_bucket{{{labels},le=\"{upper}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "http_request_duration_seconds_sum{{{labels}}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "http_request_duration_seconds_count{{{labels}}} {}",
                h.count
            );
        }
        out.push_str("# HELP db_queries_total SQL statements sent to the database.\n");
        out.push_str("# TYPE db_queries_total counter\n");
        let _ = writeln!(out, "db_queries_total {queries}");
        out
    }
}

/// Escapes a label value as the exposition format requires.
fn quote(value: &str) -> String {
    format!(
        "\"{}\"",
        value
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_cumulative_buckets() {
        let m = Metrics::default();
        m.observe("GET", "/api/v1/todos/{id}", 200, Duration::from_millis(3));
        m.observe("GET", "/api/v1/todos/{id}", 200, Duration::from_millis(300));
        let text = m.render(7);
        assert!(text.contains(
            "http_requests_total{method=\"GET\",route=\"/api/v1/todos/{id}\",status=\"200\"} 2\n"
        ));
        assert!(text.contains("http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/todos/{id}\",le=\"0.005\"} 1\n"));
        assert!(text.contains("le=\"0.5\"} 2\n"));
        assert!(text.contains("le=\"+Inf\"} 2\n"));
        assert!(text.ends_with("db_queries_total 7\n"));
    }
}
