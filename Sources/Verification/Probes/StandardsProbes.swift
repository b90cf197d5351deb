import Foundation
import Mustache

/// `standards`: CORS, rate limits, latency under load, memory over a long run.
enum StandardsProbes {
    static func allowedOrigin(_ c: ProbeContext) -> String {
        (c.server.environment["CORS_ORIGINS"] ?? "http://localhost:3000").split(separator: ",").first.map(String.init) ?? "http://localhost:3000"
    }

    static func preflight(_ origin: String) -> HTTPRequest {
        HTTPRequest("OPTIONS", "/api/v1/todos", headers: [
            ("Origin", origin), ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "authorization, content-type"),
        ])
    }

    /// An instance with low limits: started now when verify runs the app,
    /// otherwise the one `--limited-url` names.
    static func limitedInstance(_ c: ProbeContext, _ environment: [String: String]) throws -> ServerInstance {
        if let start = c.startInstance { return try start(environment) }
        guard let limited = c.limitedServer else { throw ProbeFailure(expected: "a rate-limited instance", actual: "none") }
        return limited
    }

    static let all: [Probe] = [
        Probe("standards.cors-preflight-allowed", "a preflight from an allowed origin is answered with that origin, methods and headers") { c in
            let origin = allowedOrigin(c)
            let exchange = try c.send(preflight(origin))
            try c.expect((200..<300).contains(exchange.response.status), "a 2xx preflight answer", actual: "status \(exchange.response.status)", exchange)
            try c.expectHeader(exchange, "Access-Control-Allow-Origin", origin)
            let methods = Set(exchange.response.headerValues("Access-Control-Allow-Methods").map { $0.uppercased() })
            try c.expect(methods.contains("POST"), "Access-Control-Allow-Methods with POST", actual: exchange.response.header("Access-Control-Allow-Methods") ?? "none", exchange)
            let headers = Set(exchange.response.headerValues("Access-Control-Allow-Headers").map { $0.lowercased() })
            try c.expect(headers.isSuperset(of: ["authorization", "content-type"]) || headers.contains("*"), "Access-Control-Allow-Headers with Authorization and Content-Type", actual: exchange.response.header("Access-Control-Allow-Headers") ?? "none", exchange)
            let credentials = exchange.response.header("Access-Control-Allow-Credentials") ?? ""
            try c.expect(!(credentials == "true" && exchange.response.header("Access-Control-Allow-Origin") == "*"), "never * together with credentials", actual: "both", exchange)
        },
        Probe("standards.cors-preflight-disallowed", "a preflight from another origin gets no Access-Control-Allow-Origin") { c in
            let exchange = try c.send(preflight("https://evil-\(c.unique("o")).example"))
            let allowed = exchange.response.header("Access-Control-Allow-Origin")
            try c.expect(allowed == nil, "no Access-Control-Allow-Origin", actual: "Access-Control-Allow-Origin: \(allowed ?? "")", exchange)
        },
        Probe("standards.rate-limit", "past RATE_LIMIT_RPM a client gets 429 RATE_LIMITED with Retry-After; /health is never limited", needs: [.limitedInstance]) { c in
            let instance = try limitedInstance(c, ["RATE_LIMIT_RPM": "5", "AUTH_RATE_LIMIT_RPM": "0"])
            let budget = 12
            let user = try c.on(instance).newUser("limited")
            var limited: Exchange?
            for _ in 0..<budget {
                let exchange = try c.send(HTTPRequest("GET", "/api/v1/todos?limit=1").bearer(user.accessToken), on: instance)
                if exchange.response.status == 429 { limited = exchange; break }
            }
            guard let limited else {
                throw ProbeFailure(expected: "429 within \(budget) requests (RATE_LIMIT_RPM=\(instance.environment["RATE_LIMIT_RPM"] ?? "5"))", actual: "never limited")
            }
            try c.expectError(limited, status: 429, code: "RATE_LIMITED")
            let retry = Int(limited.response.header("Retry-After") ?? "") ?? 0
            try c.expect(retry > 0, "Retry-After: a positive number of seconds", actual: "Retry-After: \(limited.response.header("Retry-After") ?? "missing")", limited)
            try c.expect(try c.send(HTTPRequest("GET", "/health"), on: instance), status: 200, "/health while limited")
        },
        Probe("standards.auth-rate-limit", "login and register have their own, stricter limit (AUTH_RATE_LIMIT_RPM)", needs: [.limitedInstance]) { c in
            let instance = try limitedInstance(c, ["RATE_LIMIT_RPM": "1000", "AUTH_RATE_LIMIT_RPM": "3"])
            let budget = 8
            var limited: Exchange?
            for n in 0..<budget {
                let exchange = try c.send(.json("POST", "/api/v1/auth/login", #"{"email":"nobody-\#(n)@example.test","password":"wrong password"}"#), on: instance)
                if exchange.response.status == 429 { limited = exchange; break }
            }
            guard let limited else { throw ProbeFailure(expected: "429 on login within \(budget) attempts", actual: "never limited") }
            try c.expectError(limited, status: 429, code: "RATE_LIMITED")
            try c.expectHeader(limited, "Retry-After")
        },
        Probe("standards.p95-under-200ms", "GET /api/v1/todos with 1,000 todos: p95 under 200 ms at a constant arrival rate, no errors") { c in
            let user = try c.newUser("load")
            try seed(c, user, count: 1000)
            let (rate, seconds) = (c.load.rate, c.load.seconds)
            let load = OpenLoopLoad(address: c.client.address, request: HTTPRequest("GET", "/api/v1/todos?limit=20").bearer(user.accessToken),
                                    rate: rate, warmUp: 1, duration: seconds)
            let report = load.run()
            c.note(report.summary)
            try c.expect(report.errors == 0, "no errors under load", actual: "\(report.errors) of \(report.requests) failed")
            try c.expect(report.p95 < 200, "p95 < 200 ms", actual: String(format: "p95 %.1f ms (%@)", report.p95, report.summary))
        },
        Probe("standards.memory-stable", "resident memory after 3,000 more requests stays within 1.5x + 32 MiB of its size after warm-up", needs: [.ownProcess]) { c in
            guard let process = c.server.process else { return }
            let user = try c.sharedUser("alice")
            let request = HTTPRequest("GET", "/api/v1/todos?limit=50").bearer(user.accessToken)
            let host = "\(c.client.address.host):\(c.client.address.port)"
            let connection = try HTTPConnection(to: c.client.address)
            for _ in 0..<500 { _ = try connection.send(request, host: host) }
            guard let warm = process.residentKiB() else { throw ProbeFailure(expected: "the app's resident memory (/proc)", actual: "unreadable") }
            for n in 0..<3000 {
                let response = try connection.send(n % 3 == 0 ? HTTPRequest("GET", "/api/v1/todos/\(n + 1)").bearer(user.accessToken) : request, host: host)
                if !connection.isOpen { _ = response; break }
            }
            connection.close()
            guard let after = process.residentKiB() else { throw ProbeFailure(expected: "the app's resident memory (/proc)", actual: "unreadable") }
            let bound = warm * 3 / 2 + 32 * 1024
            c.note("RSS \(warm / 1024) MiB after warm-up, \(after / 1024) MiB after 3,000 requests (bound \(bound / 1024) MiB)")
            try c.expect(after <= bound, "RSS ≤ \(bound / 1024) MiB", actual: "\(after / 1024) MiB (from \(warm / 1024) MiB)")
        },
    ]

    /// Creates `count` todos for `user` over a few keep-alive connections.
    static func seed(_ c: ProbeContext, _ user: TestUser, count: Int) throws {
        let host = "\(c.client.address.host):\(c.client.address.port)"
        let failures = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            guard let connection = try? HTTPConnection(to: c.client.address) else { failures.add(); return }
            for n in stride(from: worker, to: count, by: 4) {
                let body = #"{"title":"load \#(n)","priority":"\#(["low", "medium", "high"][n % 3])"}"#
                let request = HTTPRequest.json("POST", "/api/v1/todos", body, token: user.accessToken)
                if (try? connection.send(request, host: host).status) != 201 { failures.add() }
            }
            connection.close()
        }
        try c.expect(failures.value == 0, "\(count) todos created for the load test", actual: "\(failures.value) failed")
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
