import Foundation
import Mustache

/// `owasp-api`: the OWASP API Security Top 10 (2023), black-box.
enum OWASPProbes {
    /// Alice's todo, and Bob, who must not reach it.
    static func victim(_ c: ProbeContext) throws -> (alice: TestUser, bob: TestUser, id: Int) {
        let alice = try c.sharedUser("alice")
        let bob = try c.sharedUser("bob")
        let id = try c.createTodo(alice, title: c.unique("private"))
        // Alice reads it first, so a server-side cache holds it: the cache
        // must check the owner as the database query does.
        try c.expect(try c.get("/api/v1/todos/\(id)", token: alice.accessToken), status: 200, "alice reads her todo")
        return (alice, bob, id)
    }

    static func expectUntouched(_ c: ProbeContext, _ alice: TestUser, _ id: Int) throws {
        let read = try c.get("/api/v1/todos/\(id)", token: alice.accessToken)
        try c.expect(read, status: 200, "alice still has her todo")
        try c.expect(read.response.json?.at("title")?.stringValue?.hasPrefix("private") == true, "alice's todo unchanged", actual: read.response.text.truncated(), read)
    }

    static let all: [Probe] = [
        Probe("api1-bola.read", "another user's todo is 404 on GET") { c in
            let (_, bob, id) = try victim(c)
            try c.expectError(try c.get("/api/v1/todos/\(id)", token: bob.accessToken), status: 404, code: "NOT_FOUND")
        },
        Probe("api1-bola.patch", "another user's todo is 404 on PATCH and stays unchanged") { c in
            let (alice, bob, id) = try victim(c)
            try c.expectError(try c.json("PATCH", "/api/v1/todos/\(id)", #"{"title":"pwned"}"#, token: bob.accessToken), status: 404, code: "NOT_FOUND")
            try expectUntouched(c, alice, id)
        },
        Probe("api1-bola.put", "another user's todo is 404 on PUT and stays unchanged") { c in
            let (alice, bob, id) = try victim(c)
            try c.expectError(try c.json("PUT", "/api/v1/todos/\(id)", #"{"title":"pwned"}"#, token: bob.accessToken), status: 404, code: "NOT_FOUND")
            try expectUntouched(c, alice, id)
        },
        Probe("api1-bola.delete", "another user's todo is 404 on DELETE and still exists") { c in
            let (alice, bob, id) = try victim(c)
            try c.expectError(try c.send(HTTPRequest("DELETE", "/api/v1/todos/\(id)").bearer(bob.accessToken)), status: 404, code: "NOT_FOUND")
            try expectUntouched(c, alice, id)
        },
        Probe("api1-bola.list", "a user's list never holds another user's todos") { c in
            let (_, bob, id) = try victim(c)
            let (items, body, exchange) = try c.list("limit=100", bob)
            try c.expect(!c.ids(items).contains(id), "bob's list without alice's todo \(id)", actual: "it is there", exchange)
            let (searched, _, searchExchange) = try c.list("q=private", bob)
            try c.expect(!c.ids(searched).contains(id), "bob's search without alice's todo", actual: "it is there", searchExchange)
            _ = body
        },
        Probe("api2-auth.no-user-enumeration", "a wrong password and an unknown email give the same 401 body") { c in
            let user = try c.sharedUser("alice")
            let wrongPassword = try c.json("POST", "/api/v1/auth/login", #"{"email":\#(jsonQuote(user.email)),"password":"definitely wrong"}"#)
            let unknownEmail = try c.json("POST", "/api/v1/auth/login", #"{"email":"\#(c.unique("ghost"))@example.test","password":"definitely wrong"}"#)
            try c.expectError(wrongPassword, status: 401, code: "UNAUTHORIZED")
            try c.expectError(unknownEmail, status: 401, code: "UNAUTHORIZED")
            func withoutID(_ exchange: Exchange) -> String {
                guard case .object(var error)? = exchange.response.json?.at("error") else { return exchange.response.text }
                error["request_id"] = nil
                return Value.object(error).compact
            }
            try c.expect(withoutID(wrongPassword) == withoutID(unknownEmail), "identical bodies (apart from request_id)",
                         actual: "\(withoutID(wrongPassword)) vs \(withoutID(unknownEmail))", unknownEmail)
        },
        Probe("api3-mass-assignment.ignored-fields", "id, user_id, created_at and role sent by the client are ignored") { c in
            let (alice, bob, _) = try victim(c)
            let (id, created) = try c.createTodo(bob, #"{"title":"mine","id":1,"user_id":\#(alice.id),"created_at":"2000-01-01T00:00:00Z"}"#)
            try c.expect(created.response.json?.at("created_at")?.stringValue?.hasPrefix("2000") == false, "created_at set by the server", actual: created.response.text.truncated(), created)
            try c.expect(try c.get("/api/v1/todos/\(id)", token: bob.accessToken), status: 200, "the todo belongs to its creator")
            try c.expectError(try c.get("/api/v1/todos/\(id)", token: alice.accessToken), status: 404, code: "NOT_FOUND")
            let patched = try c.json("PATCH", "/api/v1/todos/\(id)", #"{"user_id":\#(alice.id),"id":\#(id + 1000)}"#, token: bob.accessToken)
            try c.expect(patched.response.status == 200 && patched.response.json?.at("id")?.intValue == id, "PATCH ignores id and user_id", actual: patched.response.text.truncated(), patched)
            try c.expect(try c.get("/api/v1/todos/\(id)", token: bob.accessToken), status: 200, "still bob's after PATCH")
            let email = c.unique("climber") + "@example.test"
            let register = try c.json("POST", "/api/v1/auth/register", #"{"email":"\#(email)","password":"long enough password","name":"C","role":"admin"}"#)
            try c.expect(register, status: 201, "register")
            try c.expect(register.response.json?.at("role")?.stringValue == "user", "role \"user\" whatever the body says", actual: register.response.text.truncated(), register)
        },
        Probe("api4-resources.unbounded-requests", "huge limit, page and id values are bounded, never a 5xx") { c in
            let user = try c.sharedUser("alice")
            let (items, body, exchange) = try c.list("limit=1000000", user)
            try c.expect(body.at("meta.limit")?.intValue == 100 && items.count <= 100, "limit clamped to 100", actual: body.at("meta")?.compact ?? "no meta", exchange)
            for target in ["/api/v1/todos?page=9223372036854775807", "/api/v1/todos?limit=9223372036854775808", "/api/v1/todos/9223372036854775808"] {
                let big = try c.get(target, token: user.accessToken)
                try c.expect(big.response.status < 500, "no 5xx for \(target)", actual: "status \(big.response.status)", big)
            }
        },
        Probe("api8-config.no-verbose-errors", "unknown routes and methods answer in the envelope, not a framework page") { c in
            for request in [HTTPRequest("GET", "/\(c.unique("x"))"), HTTPRequest("PATCH", "/health"), HTTPRequest("TRACE", "/api/v1/todos")] {
                let exchange = try c.send(request)
                try SecurityProbes.expectNoLeak(c, exchange)
                try c.expect(exchange.response.json?.at("error.code")?.stringValue != nil, "the error envelope", actual: exchange.response.text.truncated(), exchange)
                try c.expect(!(exchange.response.header("Content-Type") ?? "").contains("html"), "JSON, not an HTML error page", actual: exchange.response.header("Content-Type") ?? "", exchange)
            }
        },
    ]
}
