import Foundation
import Synchronization

/// Request counts and latencies per method, route pattern and status, plus
/// the number of SQL statements, in the Prometheus text exposition format
/// (version 0.0.4).
///
/// Hand-written because the service needs three metric families and fixed
/// names; swift-metrics with swift-prometheus is the right choice for many
/// more. Routes are patterns such as `/api/v1/todos/{id}`, never raw paths,
/// so the number of series stays bounded.
final class HTTPMetrics: Sendable {
    /// Upper bounds in seconds, around the 200 ms p95 target, so the
    /// histogram says on which side of it requests fall.
    static let durationBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10]

    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct RouteKey: Hashable {
        var method: String
        var route: String
    }

    private struct Histogram {
        /// One per bucket, not cumulative.
        var counts = [UInt64](repeating: 0, count: HTTPMetrics.durationBuckets.count)
        var count: UInt64 = 0
        var sum: Double = 0
    }

    private struct State {
        var requests: [RequestKey: UInt64] = [:]
        var durations: [RouteKey: Histogram] = [:]
    }

    private let state = Mutex(State())
    private let queries = Atomic<UInt64>(0)

    /// Records one finished request.
    func observe(method: String, route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[RequestKey(method: method, route: route, status: status), default: 0] += 1
            let key = RouteKey(method: method, route: route)
            var histogram = state.durations[key] ?? Histogram()
            if let bucket = Self.durationBuckets.firstIndex(where: { seconds <= $0 }) {
                histogram.counts[bucket] += 1
            }
            histogram.count += 1
            histogram.sum += seconds
            state.durations[key] = histogram
        }
    }

    /// Counts one SQL statement sent to the database.
    func countQuery() {
        queries.add(1, ordering: .relaxed)
    }

    var queryCount: UInt64 {
        queries.load(ordering: .relaxed)
    }

    /// Every metric family, sorted so the output is stable between scrapes.
    func exposition() -> String {
        var out = ""
        state.withLock { state in
            out += "# HELP http_requests_total HTTP requests served, by method, route pattern and status.\n"
            out += "# TYPE http_requests_total counter\n"
            let requestKeys = state.requests.keys.sorted {
                ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status)
            }
            for key in requestKeys {
                out += "http_requests_total{method=\(Self.quote(key.method)),route=\(Self.quote(key.route)),"
                out += "status=\"\(key.status)\"} \(state.requests[key]!)\n"
            }
            out += "# HELP http_request_duration_seconds HTTP request latency, by method and route pattern.\n"
            out += "# TYPE http_request_duration_seconds histogram\n"
            for key in state.durations.keys.sorted(by: { ($0.route, $0.method) < ($1.route, $1.method) }) {
                let histogram = state.durations[key]!
                let labels = "method=\(Self.quote(key.method)),route=\(Self.quote(key.route))"
                var cumulative: UInt64 = 0
                for (index, upper) in Self.durationBuckets.enumerated() {
                    cumulative += histogram.counts[index]
                    out +=
                        "http_request_duration_seconds_bucket{\(labels),le=\"\(Self.format(upper))\"} \(cumulative)\n"
                }
                out += "http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(histogram.count)\n"
                out += "http_request_duration_seconds_sum{\(labels)} \(Self.format(histogram.sum))\n"
                out += "http_request_duration_seconds_count{\(labels)} \(histogram.count)\n"
            }
        }
        out += "# HELP db_queries_total SQL statements sent to the database.\n"
        out += "# TYPE db_queries_total counter\n"
        out += "db_queries_total \(queryCount)\n"
        return out
    }

    /// Escapes a label value as the exposition format requires.
    private static func quote(_ value: String) -> String {
        "\""
            + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// The shortest form that reads back as the same number (`0.005`, `1`).
    private static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }
}
