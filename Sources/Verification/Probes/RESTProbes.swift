import Foundation
import Mustache

/// `rest-api`: resources, status codes, the error envelope and validation.
enum RESTProbes {
    static let all: [Probe] = [
        Probe("rest-api.create-returns-201-and-location", "POST creates a todo: 201, Location, defaults, trimmed title") { c in
            let user = try c.sharedUser("alice")
            let (id, created) = try c.createTodo(user, #"{"title":"  Buy milk  "}"#)
            try c.expectHeader(created, "Location", "/api/v1/todos/\(id)")
            let body = created.response.json
            try c.expect(body?.at("title")?.stringValue == "Buy milk", "title stored trimmed: \"Buy milk\"", actual: "title \(body?.at("title")?.compact ?? "missing")", created)
            try c.expect(body?.at("completed") == .bool(false), "completed defaults to false", actual: "\(body?.at("completed")?.compact ?? "missing")", created)
            try c.expect(body?.at("priority")?.stringValue == "medium", "priority defaults to \"medium\"", actual: "\(body?.at("priority")?.compact ?? "missing")", created)
            try c.expect(body?.at("description") == .null && body?.at("due_date") == .null, "description and due_date null", actual: created.response.text.truncated(), created)
            for field in ["created_at", "updated_at"] {
                let value = body?.at(field)?.stringValue ?? ""
                try c.expect(matches(value, iso8601Pattern), "\(field) in RFC 3339 UTC", actual: "\(field) \"\(value)\"", created)
            }
            let contentType = created.response.header("Content-Type") ?? ""
            try c.expect(contentType.lowercased().hasPrefix("application/json"), "Content-Type: application/json; charset=utf-8", actual: "Content-Type: \(contentType)", created)
        },
        Probe("rest-api.read-returns-the-resource", "GET /todos/{id} returns what was created") { c in
            let user = try c.sharedUser("alice")
            let title = c.unique("read")
            let (id, _) = try c.createTodo(user, #"{"title":\#(jsonQuote(title)),"priority":"high","due_date":"2031-05-17","description":"d"}"#)
            let read = try c.get("/api/v1/todos/\(id)", token: user.accessToken)
            try c.expect(read, status: 200, "read the todo")
            let body = read.response.json
            try c.expect(body?.at("id")?.intValue == id && body?.at("title")?.stringValue == title && body?.at("priority")?.stringValue == "high" && body?.at("due_date")?.stringValue == "2031-05-17" && body?.at("description")?.stringValue == "d",
                         "the todo as created (id \(id), title \(title), high, 2031-05-17)", actual: read.response.text.truncated(), read)
        },
        Probe("rest-api.patch-updates-partially", "PATCH changes only the fields sent; null clears nullable fields") { c in
            let user = try c.sharedUser("alice")
            let (id, _) = try c.createTodo(user, #"{"title":"patch me","description":"keep?","priority":"low"}"#)
            let patched = try c.json("PATCH", "/api/v1/todos/\(id)", #"{"completed":true,"description":null}"#, token: user.accessToken)
            try c.expect(patched, status: 200, "PATCH the todo")
            let body = patched.response.json
            try c.expect(body?.at("completed") == .bool(true) && body?.at("description") == .null && body?.at("title")?.stringValue == "patch me" && body?.at("priority")?.stringValue == "low",
                         "completed true, description cleared, title and priority unchanged", actual: patched.response.text.truncated(), patched)
            let nullTitle = try c.json("PATCH", "/api/v1/todos/\(id)", #"{"title":null}"#, token: user.accessToken)
            try c.expectValidation(nullTitle, field: "title")
        },
        Probe("rest-api.put-replaces", "PUT replaces every writable field; missing ones take defaults") { c in
            let user = try c.sharedUser("alice")
            let (id, _) = try c.createTodo(user, #"{"title":"old","priority":"high","completed":true,"due_date":"2030-01-01"}"#)
            let replaced = try c.json("PUT", "/api/v1/todos/\(id)", #"{"title":"new"}"#, token: user.accessToken)
            try c.expect(replaced, status: 200, "PUT the todo")
            let body = replaced.response.json
            try c.expect(body?.at("title")?.stringValue == "new" && body?.at("priority")?.stringValue == "medium" && body?.at("completed") == .bool(false) && body?.at("due_date") == .null,
                         "title new, priority medium, completed false, due_date null", actual: replaced.response.text.truncated(), replaced)
            let missingTitle = try c.json("PUT", "/api/v1/todos/\(id)", #"{"priority":"low"}"#, token: user.accessToken)
            try c.expectValidation(missingTitle, field: "title")
        },
        Probe("rest-api.delete-returns-204", "DELETE is 204 with no body; the todo is gone (404)") { c in
            let user = try c.sharedUser("alice")
            let id = try c.createTodo(user, title: "delete me")
            let deleted = try c.send(HTTPRequest("DELETE", "/api/v1/todos/\(id)").bearer(user.accessToken))
            try c.expect(deleted, status: 204, "DELETE the todo")
            try c.expect(deleted.response.body.isEmpty, "an empty body", actual: deleted.response.text.truncated(), deleted)
            try c.expectError(try c.get("/api/v1/todos/\(id)", token: user.accessToken), status: 404, code: "NOT_FOUND")
            try c.expectError(try c.send(HTTPRequest("DELETE", "/api/v1/todos/\(id)").bearer(user.accessToken)), status: 404, code: "NOT_FOUND")
        },
        Probe("rest-api.unknown-resources-are-404", "unknown ids and paths give 404 in the envelope") { c in
            let user = try c.sharedUser("alice")
            try c.expectError(try c.get("/api/v1/todos/987654321", token: user.accessToken), status: 404, code: "NOT_FOUND")
            try c.expectError(try c.get("/api/v1/todos/not-a-number", token: user.accessToken), status: 404, code: "NOT_FOUND")
            try c.expectError(try c.get("/api/v1/\(c.unique("nothing-here"))", token: user.accessToken), status: 404, code: "NOT_FOUND")
        },
        Probe("rest-api.malformed-json-is-400", "malformed JSON and a non-object body are 400 BAD_REQUEST") { c in
            let user = try c.sharedUser("alice")
            try c.expectError(try c.json("POST", "/api/v1/todos", #"{"title": "#, token: user.accessToken), status: 400, code: "BAD_REQUEST")
            try c.expectError(try c.json("POST", "/api/v1/todos", #"["title"]"#, token: user.accessToken), status: 400, code: "BAD_REQUEST")
            try c.expectError(try c.json("POST", "/api/v1/auth/login", "not json"), status: 400, code: "BAD_REQUEST")
        },
        Probe("rest-api.wrong-content-type-is-415", "a body sent as text/plain is 415 UNSUPPORTED_MEDIA_TYPE") { c in
            let user = try c.sharedUser("alice")
            let request = HTTPRequest("POST", "/api/v1/todos", headers: [("Content-Type", "text/plain")], body: Array(#"{"title":"x"}"#.utf8)).bearer(user.accessToken)
            try c.expectError(try c.send(request), status: 415, code: "UNSUPPORTED_MEDIA_TYPE")
        },
        Probe("rest-api.large-body-is-413", "a body over MAX_BODY_BYTES is 413 PAYLOAD_TOO_LARGE") { c in
            let user = try c.sharedUser("alice")
            let limit = Int(c.server.environment["MAX_BODY_BYTES"] ?? "") ?? 1_048_576
            let padding = String(repeating: "x", count: limit + 1024)
            let exchange = try c.json("POST", "/api/v1/todos", #"{"title":"big","description":"\#(padding)"}"#, token: user.accessToken)
            try c.expectError(exchange, status: 413, code: "PAYLOAD_TOO_LARGE")
        },
        Probe("rest-api.wrong-method-is-405", "an unsupported method on a known path is 405 with Allow") { c in
            let user = try c.sharedUser("alice")
            let exchange = try c.send(HTTPRequest("DELETE", "/api/v1/todos").bearer(user.accessToken))
            try c.expectError(exchange, status: 405, code: "METHOD_NOT_ALLOWED")
            let allow = Set(exchange.response.headerValues("Allow").map { $0.uppercased() })
            try c.expect(allow.isSuperset(of: ["GET", "POST"]), "Allow to list GET and POST", actual: "Allow: \(exchange.response.header("Allow") ?? "missing")", exchange)
        },
        Probe("rest-api.validation-is-422-per-field", "invalid fields give 422 VALIDATION_ERROR naming each field") { c in
            let user = try c.sharedUser("alice")
            let cases: [(String, String)] = [
                (#"{"title":"   "}"#, "title"),
                (#"{"title":"\#(String(repeating: "t", count: 201))"}"#, "title"),
                (#"{"title":"ok","description":"\#(String(repeating: "d", count: 2001))"}"#, "description"),
                (#"{"title":"ok","priority":"urgent"}"#, "priority"),
                (#"{"title":"ok","due_date":"2026-02-30"}"#, "due_date"),
                (#"{"title":"ok","completed":"yes"}"#, "completed"),
                (#"{"title":42}"#, "title"),
            ]
            for (body, field) in cases {
                try c.expectValidation(try c.json("POST", "/api/v1/todos", body, token: user.accessToken), field: field)
            }
            let both = try c.json("POST", "/api/v1/todos", #"{"title":"","priority":"urgent"}"#, token: user.accessToken)
            try c.expectValidation(both, field: "title")
            try c.expectValidation(both, field: "priority")
        },
    ]
}
