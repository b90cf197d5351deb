import Foundation
import Mustache

/// `caching`: ETags, conditional requests and the server-side cache.
enum CachingProbes {
    static let all: [Probe] = [
        Probe("caching.etag-and-304", "GET returns a strong ETag; If-None-Match with it is 304 with no body") { c in
            let user = try c.sharedUser("alice")
            let id = try c.createTodo(user, title: c.unique("etag"))
            let first = try c.get("/api/v1/todos/\(id)", token: user.accessToken)
            try c.expectHeader(first, "ETag")
            let etag = first.response.header("ETag")!
            try c.expect(!etag.hasPrefix("W/") && etag.hasPrefix("\"") && etag.hasSuffix("\""), "a strong, quoted ETag", actual: "ETag: \(etag)", first)
            let conditional = try c.send(HTTPRequest("GET", "/api/v1/todos/\(id)", headers: [("If-None-Match", etag)]).bearer(user.accessToken))
            try c.expect(conditional, status: 304, "If-None-Match with the current ETag")
            try c.expect(conditional.response.body.isEmpty, "an empty 304 body", actual: conditional.response.text.truncated(), conditional)
        },
        Probe("caching.list-etag", "lists return an ETag and honour If-None-Match") { c in
            let user = try c.sharedUser("alice")
            let first = try c.get("/api/v1/todos?limit=5", token: user.accessToken)
            try c.expectHeader(first, "ETag")
            let again = try c.send(HTTPRequest("GET", "/api/v1/todos?limit=5", headers: [("If-None-Match", first.response.header("ETag")!)]).bearer(user.accessToken))
            try c.expect(again, status: 304, "If-None-Match on an unchanged list")
        },
        Probe("caching.if-match-precondition", "PATCH/PUT/DELETE with a stale If-Match are 412; with the current ETag they succeed") { c in
            let user = try c.sharedUser("alice")
            let id = try c.createTodo(user, title: c.unique("ifmatch"))
            let read = try c.get("/api/v1/todos/\(id)", token: user.accessToken)
            let etag = read.response.header("ETag") ?? "\"none\""
            for method in ["PATCH", "PUT", "DELETE"] {
                var request = HTTPRequest.json(method, "/api/v1/todos/\(id)", #"{"title":"stale"}"#, token: user.accessToken)
                if method == "DELETE" { request = HTTPRequest("DELETE", "/api/v1/todos/\(id)").bearer(user.accessToken) }
                try c.expectError(try c.send(request.header("If-Match", "\"stale-\(c.unique("e"))\"")), status: 412, code: "PRECONDITION_FAILED")
            }
            let fresh = try c.send(HTTPRequest.json("PATCH", "/api/v1/todos/\(id)", #"{"completed":true}"#, token: user.accessToken).header("If-Match", etag))
            try c.expect(fresh, status: 200, "PATCH with the current ETag")
        },
        Probe("caching.server-cache-hit", "a repeated GET of one todo is served from the cache (X-Cache: MISS then HIT)") { c in
            let user = try c.sharedUser("alice")
            let id = try c.createTodo(user, title: c.unique("cached"))
            let first = try c.get("/api/v1/todos/\(id)", token: user.accessToken)
            try c.expectHeader(first, "X-Cache")
            let second = try c.get("/api/v1/todos/\(id)", token: user.accessToken)
            try c.expectHeader(second, "X-Cache", "HIT")
        },
        Probe("caching.no-stale-read-after-write", "after PATCH, PUT or DELETE the next GET never shows the old data") { c in
            let user = try c.sharedUser("alice")
            let id = try c.createTodo(user, title: "before")
            _ = try c.get("/api/v1/todos/\(id)", token: user.accessToken)
            let cached = try c.get("/api/v1/todos/\(id)", token: user.accessToken)
            try c.expect(try c.json("PATCH", "/api/v1/todos/\(id)", #"{"title":"after patch"}"#, token: user.accessToken), status: 200, "PATCH")
            let afterPatch = try c.get("/api/v1/todos/\(id)", token: user.accessToken)
            try c.expect(afterPatch.response.json?.at("title")?.stringValue == "after patch", "the patched title", actual: afterPatch.response.text.truncated(), afterPatch)
            try c.expect(afterPatch.response.header("ETag") != cached.response.header("ETag"), "a new ETag after the write", actual: "the same ETag \(afterPatch.response.header("ETag") ?? "")", afterPatch)
            try c.expect(try c.json("PUT", "/api/v1/todos/\(id)", #"{"title":"after put"}"#, token: user.accessToken), status: 200, "PUT")
            let afterPut = try c.get("/api/v1/todos/\(id)", token: user.accessToken)
            try c.expect(afterPut.response.json?.at("title")?.stringValue == "after put", "the replaced title", actual: afterPut.response.text.truncated(), afterPut)
            try c.expect(try c.send(HTTPRequest("DELETE", "/api/v1/todos/\(id)").bearer(user.accessToken)), status: 204, "DELETE")
            try c.expectError(try c.get("/api/v1/todos/\(id)", token: user.accessToken), status: 404, code: "NOT_FOUND")
        },
    ]
}
