import Foundation
import Mustache

/// `monitoring`: health, readiness, metrics, request ids, logs, shutdown.
enum MonitoringProbes {
    /// The sum of every sample of `metric` whose labels contain all of `labels`.
    static func sample(_ text: String, _ metric: String, _ labels: [String] = []) -> Double {
        var total = 0.0
        for line in text.split(separator: "\n") where line.hasPrefix(metric) && !line.hasPrefix("#") {
            let rest = line.dropFirst(metric.count)
            guard rest.first == "{" || rest.first == " " else { continue }
            guard labels.allSatisfy({ line.contains($0) }) else { continue }
            if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { total += value }
        }
        return total
    }

    static let all: [Probe] = [
        Probe("monitoring.health", "GET /health is 200 {\"status\":\"ok\"}") { c in
            let exchange = try c.get("/health")
            try c.expect(exchange, status: 200, "health")
            try c.expect(exchange.response.json?.at("status")?.stringValue == "ok", "{\"status\":\"ok\"}", actual: exchange.response.text.truncated(), exchange)
        },
        Probe("monitoring.ready", "GET /ready is 200 {\"status\":\"ok\"} while the database answers") { c in
            let exchange = try c.get("/ready")
            try c.expect(exchange, status: 200, "ready")
            try c.expect(exchange.response.json?.at("status")?.stringValue == "ok", "{\"status\":\"ok\"}", actual: exchange.response.text.truncated(), exchange)
        },
        Probe("monitoring.metrics-move-with-traffic", "/metrics counts requests by route pattern, durations and db_queries_total") { c in
            let user = try c.sharedUser("alice")
            let before = try c.get("/metrics")
            try c.expect(before, status: 200, "metrics")
            let route = #"route="/api/v1/todos""#
            let requestsBefore = sample(before.response.text, "http_requests_total", [route, #"method="GET""#])
            let queriesBefore = sample(before.response.text, "db_queries_total")
            for _ in 0..<3 { _ = try c.get("/api/v1/todos", token: user.accessToken) }
            _ = try c.get("/api/v1/todos/\(c.randomInt(1_000_000...9_000_000))", token: user.accessToken)
            let after = try c.get("/metrics")
            let text = after.response.text
            let requestsAfter = sample(text, "http_requests_total", [route, #"method="GET""#])
            try c.expect(requestsAfter - requestsBefore >= 3, "http_requests_total{method=\"GET\",route=\"/api/v1/todos\"} up by at least 3", actual: "from \(requestsBefore) to \(requestsAfter)", after)
            try c.expect(sample(text, "db_queries_total") > queriesBefore, "db_queries_total to grow", actual: "from \(queriesBefore) to \(sample(text, "db_queries_total"))", after)
            try c.expect(text.contains("http_request_duration_seconds_bucket"), "an http_request_duration_seconds histogram", actual: "no http_request_duration_seconds_bucket samples", after)
            try c.expect(!matches(text, #"/api/v1/todos/[0-9]"#),
                         "route labels that are patterns (/api/v1/todos/{id}), not raw paths", actual: "a raw path in a label", after)
        },
        Probe("monitoring.request-id", "X-Request-ID is echoed when sane, generated otherwise, on every response") { c in
            let id = c.unique("req")
            let echoed = try c.send(HTTPRequest("GET", "/health", headers: [("X-Request-ID", id)]))
            try c.expectHeader(echoed, "X-Request-ID", id)
            let insane = try c.send(HTTPRequest("GET", "/health", headers: [("X-Request-ID", String(repeating: "r", count: 200))]))
            let generated = insane.response.header("X-Request-ID") ?? ""
            try c.expect(!generated.isEmpty && generated.count <= 128, "a generated X-Request-ID instead of a 200-character one", actual: "X-Request-ID: \(generated.truncated(40))", insane)
            let missing = try c.get("/api/v1/nowhere")
            try c.expectHeader(missing, "X-Request-ID")
        },
        Probe("monitoring.json-request-logs", "one JSON log line per request, with its request_id, method, status and route", needs: [.ownProcess]) { c in
            let id = c.unique("log")
            _ = try c.send(HTTPRequest("GET", "/api/v1/todos", headers: [("X-Request-ID", id)]))
            guard let process = c.server.process else { return }
            var line: Value?
            for _ in 0..<50 {
                let log = (try? String(contentsOf: process.logFile, encoding: .utf8)) ?? ""
                if let found = log.split(separator: "\n").first(where: { $0.contains(id) }) {
                    line = try? JSONDecoder().decode(Value.self, from: Data(found.utf8))
                    if line == nil { throw ProbeFailure(expected: "the log line for request \(id) to be JSON", actual: String(found).truncated()) }
                    break
                }
                usleep(20_000)
            }
            guard let line else { throw ProbeFailure(expected: "a log line with request_id \(id) on stdout", actual: "none; last lines:\n" + process.logTail(5)) }
            try c.expect(line.at("request_id")?.stringValue == id, "request_id \"\(id)\"", actual: line.compact.truncated())
            try c.expect(line.at("method")?.stringValue == "GET" && (line.at("status")?.intValue == 401 || line.at("status")?.stringValue == "401"),
                         "method GET and status 401 in the line", actual: line.compact.truncated())
        },
        Probe("monitoring.graceful-shutdown", "SIGTERM lets the app finish and exit 0 within 10 s", needs: [.ownProcess]) { c in
            guard let start = c.startInstance else { return }
            let instance = try start([:])
            guard let process = instance.process else { return }
            _ = try c.send(HTTPRequest("GET", "/health"), on: instance)
            let began = Date()
            let (code, killed) = process.stop(grace: 10)
            let seconds = Date().timeIntervalSince(began)
            try c.expect(!killed, "an exit within 10 s of SIGTERM", actual: "still running after 10 s; killed")
            try c.expect(code == 0, "exit code 0 after SIGTERM", actual: "exit code \(code); last log lines:\n\(process.logTail(8))")
            c.note(String(format: "stopped in %.2f s", seconds))
        },
    ]
}
