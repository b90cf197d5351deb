import Catalog
import Foundation
import Mustache

/// `api-design` and `security` best practices.
enum SecurityProbes {
    /// Words that betray a stack trace, SQL or an internal error in a body.
    static let leakMarkers = ["traceback", "stack trace", "goroutine", "panic:", "exception", " at java.", "at object.", "node_modules",
                              "sqlite", "sqlstate", "syntax error", "select ", "insert into", "pq:", "psycopg", "sqlalchemy", ".rs:", ".go:", ".py\"", ".ts:"]

    static func expectNoLeak(_ c: ProbeContext, _ exchange: Exchange) throws {
        let body = exchange.response.text.lowercased()
        if let marker = leakMarkers.first(where: { body.contains($0) }) {
            throw ProbeFailure(expected: "an error body without internals", actual: "it contains \"\(marker)\": \(exchange.response.text.truncated())", exchange: exchange)
        }
        try c.expect(exchange.response.status < 500, "no 5xx", actual: "status \(exchange.response.status)", exchange)
    }

    static let all: [Probe] = [
        Probe("api-design.protected-routes-need-a-token", "every route the contract secures is 401 with WWW-Authenticate without a token") { c in
            for route in try Contract.routes(of: "todo-api") where route.requiresAuth {
                let path = route.path.replacingOccurrences(of: "{id}", with: "1")
                let body: [UInt8]? = ["POST", "PUT", "PATCH"].contains(route.method) ? Array(#"{"title":"x"}"#.utf8) : nil
                let request = HTTPRequest(route.method, path, headers: body == nil ? [] : [("Content-Type", "application/json")], body: body)
                try AuthProbes.expectUnauthorized(c, try c.send(request))
            }
        },
        Probe("api-design.openapi-document", "/openapi.json is an OpenAPI 3.x document listing every contract route") { c in
            let exchange = try c.get("/openapi.json")
            try c.expect(exchange, status: 200, "openapi.json")
            let document = exchange.response.json
            try c.expect(document?.at("openapi")?.stringValue?.hasPrefix("3.") == true, "\"openapi\": \"3.x\"", actual: "\(document?.at("openapi")?.compact ?? "not JSON")", exchange)
            guard case .object(let paths)? = document?.at("paths") else {
                throw ProbeFailure(expected: "a paths object", actual: exchange.response.text.truncated(), exchange: exchange)
            }
            for route in try Contract.routes(of: "todo-api") {
                try c.expect(paths[route.path]?.at(route.method.lowercased()) != nil, "\(route.method) \(route.path) in paths (as in the tier's contract)",
                             actual: "paths: \(paths.keys.sorted())", exchange)
            }
        },
        Probe("api-design.docs-page", "/docs serves an HTML page") { c in
            let exchange = try c.get("/docs")
            try c.expect(exchange, status: 200, "docs")
            try c.expect((exchange.response.header("Content-Type") ?? "").contains("text/html"), "Content-Type: text/html", actual: exchange.response.header("Content-Type") ?? "none", exchange)
        },
        Probe("api-design.versioned-paths", "resources live under /api/v1; an unversioned path is not served") { c in
            let user = try c.sharedUser("alice")
            let unversioned = try c.get("/todos", token: user.accessToken)
            try c.expectError(unversioned, status: 404, code: "NOT_FOUND")
        },
        Probe("security.sql-injection", "SQL in q and in fields is data: no 500, no leak, no other user's rows") { c in
            let alice = try c.sharedUser("alice")
            let mallory = try c.newUser("mallory")
            let injections = ["' OR '1'='1", "%' OR 1=1 --", "\"); DROP TABLE todos; --", "1 UNION SELECT password_hash FROM users"]
            for injection in injections {
                let encoded = injection.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let exchange = try c.get("/api/v1/todos?q=\(encoded)", token: mallory.accessToken)
                try expectNoLeak(c, exchange)
                try c.expect(exchange.response.status == 200 && (exchange.response.json?.at("data")?.arrayValue?.isEmpty ?? false),
                             "200 with no rows for ?q=\(injection)", actual: exchange.response.text.truncated(), exchange)
                for target in ["/api/v1/todos/\(encoded)", "/api/v1/todos?sort=\(encoded)", "/api/v1/todos?priority=\(encoded)"] {
                    try expectNoLeak(c, try c.get(target, token: mallory.accessToken))
                }
            }
            let stored = try c.createTodo(mallory, #"{"title":\#(jsonQuote(injections[2]))}"#)
            try c.expect(stored.exchange.response.json?.at("title")?.stringValue == injections[2], "the title stored literally", actual: stored.exchange.response.text.truncated(), stored.exchange)
            let (items, _, exchange) = try c.list("limit=100", alice)
            try c.expect(!items.contains { $0.at("title")?.stringValue == injections[2] }, "alice's list untouched by mallory's rows", actual: "mallory's todo in alice's list", exchange)
            let login = try c.json("POST", "/api/v1/auth/login", #"{"email":"' OR '1'='1","password":"' OR '1'='1"}"#)
            try expectNoLeak(c, login)
            try c.expect(login.response.status == 401 || login.response.status == 422, "401 or 422 for an injected login", actual: "status \(login.response.status)", login)
        },
        Probe("security.no-internals-in-errors", "no stack trace, SQL or file path in any error body") { c in
            let user = try c.sharedUser("alice")
            let requests: [HTTPRequest] = [
                .json("POST", "/api/v1/todos", #"{"title": "#, token: user.accessToken),
                .json("POST", "/api/v1/todos", #"{"title":{"nested":[1,2,{"x":null}]}}"#, token: user.accessToken),
                .json("POST", "/api/v1/todos", #"{"title":"x","due_date":"99999-01-01"}"#, token: user.accessToken),
                .json("PATCH", "/api/v1/todos/99999999999999999999", #"{"title":"x"}"#, token: user.accessToken),
                HTTPRequest("GET", "/api/v1/todos?page=99999999999999999999&limit=-5").bearer(user.accessToken),
                HTTPRequest("POST", "/api/v1/todos", headers: [("Content-Type", "application/json")], body: [0xFF, 0xFE, 0x00, 0x7B]).bearer(user.accessToken),
                .json("POST", "/api/v1/auth/register", #"{"email":null,"password":[],"name":{}}"#),
            ]
            for request in requests {
                let exchange = try c.send(request)
                try expectNoLeak(c, exchange)
                try c.expect((400..<500).contains(exchange.response.status), "a 4xx for bad input", actual: "status \(exchange.response.status)", exchange)
                try c.expect(exchange.response.json?.at("error.code")?.stringValue != nil, "the error envelope", actual: exchange.response.text.truncated(), exchange)
            }
        },
        Probe("security.headers", "nosniff, framing denied, and no Server version banner on every response") { c in
            for target in ["/health", "/api/v1/todos", "/api/v1/missing"] {
                let exchange = try c.get(target)
                try c.expectHeader(exchange, "X-Content-Type-Options", "nosniff")
                let framing = (exchange.response.header("X-Frame-Options") ?? "") + (exchange.response.header("Content-Security-Policy") ?? "")
                try c.expect(framing.uppercased().contains("DENY") || framing.contains("frame-ancestors 'none'"), "X-Frame-Options: DENY or CSP frame-ancestors 'none'", actual: framing.isEmpty ? "neither header" : framing, exchange)
                let server = exchange.response.header("Server") ?? ""
                try c.expect(!matches(server, #"\d"#), "no version in the Server header", actual: "Server: \(server)", exchange)
                try c.expect(exchange.response.header("X-Powered-By") == nil, "no X-Powered-By header", actual: "X-Powered-By: \(exchange.response.header("X-Powered-By") ?? "")", exchange)
            }
        },
    ]
}

/// The tier's contract as the templates carry it (Templates/tiers/<tier>/openapi.json),
/// so the probes list the same routes every scaffold serves.
enum Contract {
    private static let catalog = Result { try Catalog.load() }

    static func routes(of tier: String) throws -> [Route] {
        switch catalog {
        case .success(let catalog): return try catalog.tier(named: tier).routes
        case .failure(let error): throw ProbeFailure(expected: "the tier's contract built into verify", actual: "\(error)")
        }
    }
}
