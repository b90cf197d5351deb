import Foundation
import Testing

@testable import App

/// The todo routes over HTTP, with two users to prove that nobody sees
/// anyone else's data.
@Suite struct TodoAPITests {
    private func path(_ todo: JSONInput) throws -> String {
        "/api/v1/todos/\(try #require(todo["id"]?.int))"
    }

    @Test func lifecycle() async throws {
        try await withApp { anonymous in
            let client = anonymous.withToken(try await anonymous.registerUser("lifecycle").accessToken)
            let created = try await client.request(
                .post, "/api/v1/todos",
                body:
                    #"{"title": "  Buy milk  ", "id": 424242, "user_id": 1, "created_at": "2000-01-01T00:00:00Z", "unknown": true}"#
            ).expect(201)
            let todo = try created.json
            let path = try path(todo)
            #expect(created.header("Location") == path)
            #expect(todo["title"]?.string == "Buy milk", "title not trimmed")
            #expect(todo["completed"]?.bool == false && todo["priority"]?.string == "medium")
            #expect(todo["description"]?.isNull == true && todo["due_date"]?.isNull == true)
            #expect(todo["id"]?.int != 424242 && todo["created_at"]?.string?.hasPrefix("2000") == false)

            let first = try await client.request(.get, path).expect(200)
            let etag = try #require(first.header("ETag"))
            #expect(first.header("X-Cache") == "MISS" && etag.hasPrefix("\""))
            let second = try await client.request(.get, path).expect(200)
            #expect(second.header("X-Cache") == "HIT" && second.header("ETag") == etag && second.body == first.body)
            let notModified = try await client.request(.get, path, headers: ["If-None-Match": etag]).expect(304)
            #expect(notModified.body.isEmpty)

            try await client.request(.patch, path, body: #"{"completed": true}"#, headers: ["If-Match": #""stale""#])
                .expectError(412, "PRECONDITION_FAILED")
            // An invalid body is a 422 even with a stale If-Match.
            try await client.request(.patch, path, body: #"{"title": ""}"#, headers: ["If-Match": #""stale""#])
                .expectError(422, "VALIDATION_ERROR", fields: ["title"])
            let patched = try await client.request(
                .patch, path, body: #"{"completed": true, "description": "2 litres", "due_date": "2030-01-31"}"#,
                headers: ["If-Match": etag]
            ).expect(200)
            let patchedTodo = try patched.json
            #expect(patchedTodo["completed"]?.bool == true && patchedTodo["description"]?.string == "2 litres")
            #expect(patchedTodo["title"]?.string == "Buy milk" && patchedTodo["due_date"]?.string == "2030-01-31")
            #expect(patched.header("ETag") != nil && patched.header("ETag") != etag)

            // The write invalidated the cache: the next read is fresh.
            let afterPatch = try await client.request(.get, path).expect(200)
            #expect(afterPatch.header("X-Cache") == "MISS")
            #expect(try afterPatch.json["completed"]?.bool == true)
            #expect(afterPatch.header("ETag") == patched.header("ETag"), "the read returns what the write stored")
            try await client.request(.get, path, headers: ["If-None-Match": etag]).expect(200)

            let cleared = try await client.request(.patch, path, body: #"{"description": null, "due_date": null}"#)
                .expect(200).json
            #expect(cleared["description"]?.isNull == true && cleared["due_date"]?.isNull == true)
            #expect(cleared["completed"]?.bool == true)
            try await client.request(.patch, path, body: #"{"title": null}"#)
                .expectError(422, "VALIDATION_ERROR", fields: ["title"])
            try await client.request(.patch, path, body: #"{"completed": null, "priority": null}"#)
                .expectError(422, "VALIDATION_ERROR", fields: ["completed", "priority"])

            let replaced = try await client.request(.put, path, body: #"{"title": "Buy oat milk", "priority": "high"}"#)
                .expect(200).json
            #expect(replaced["title"]?.string == "Buy oat milk" && replaced["priority"]?.string == "high")
            #expect(replaced["completed"]?.bool == false && replaced["description"]?.isNull == true)
            #expect(replaced["created_at"]?.string == todo["created_at"]?.string)
            #expect(replaced["updated_at"]?.string != todo["updated_at"]?.string)
            try await client.request(.put, path, body: #"{"priority": "low"}"#)
                .expectError(422, "VALIDATION_ERROR", fields: ["title"])
            #expect(try await client.request(.get, path).json["title"]?.string == "Buy oat milk")

            let current = try #require(try await client.request(.get, path).header("ETag"))
            try await client.request(.delete, path, headers: ["If-Match": #""stale""#])
                .expectError(412, "PRECONDITION_FAILED")
            let deleted = try await client.request(.delete, path, headers: ["If-Match": current]).expect(204)
            #expect(deleted.body.isEmpty)
            try await client.request(.get, path).expectError(404, "NOT_FOUND")
            try await client.request(.delete, path).expectError(404, "NOT_FOUND")
            try await client.request(.get, "/api/v1/todos/not-a-number").expectError(404, "NOT_FOUND")
            try await client.request(.get, "/api/v1/todos/0").expectError(404, "NOT_FOUND")
        }
    }

    @Test func validation() async throws {
        try await withApp { anonymous in
            let client = anonymous.withToken(try await anonymous.registerUser("validation").accessToken)
            let invalid: [(String, [String])] = [
                ("{}", ["title"]),
                (#"{"title": "   "}"#, ["title"]),
                (#"{"title": "\#(String(repeating: "t", count: 201))"}"#, ["title"]),
                (#"{"title": 7}"#, ["title"]),
                (#"{"title": "ok", "description": "\#(String(repeating: "d", count: 2001))"}"#, ["description"]),
                (#"{"title": "ok", "priority": "urgent"}"#, ["priority"]),
                (#"{"title": "ok", "completed": "yes"}"#, ["completed"]),
                (#"{"title": "ok", "due_date": "2030-02-30"}"#, ["due_date"]),
                (#"{"title": "ok", "due_date": "31/01/2030"}"#, ["due_date"]),
                (#"{"title": "", "priority": "x", "due_date": "soon"}"#, ["title", "priority", "due_date"]),
                // NUL is refused up front: PostgreSQL cannot store it.
                (#"{"title": "\n\u0000\n"}"#, ["title"]),
                (#"{"title": "ok", "description": "a\u0000b"}"#, ["description"]),
                // Only space, tab, CR and LF are trimmed, as in every stack: a
                // vertical tab counts towards the 200 characters.
                (#"{"title": "\#(String(repeating: "t", count: 200))\u000b"}"#, ["title"]),
            ]
            for (body, fields) in invalid {
                try await client.request(.post, "/api/v1/todos", body: body)
                    .expectError(422, "VALIDATION_ERROR", fields: fields)
            }

            // Boundaries are inclusive, counted in characters rather than bytes.
            let long = try await client.request(
                .post, "/api/v1/todos",
                json: .object([
                    ("title", .string(String(repeating: "é", count: 200))),
                    ("description", .string(String(repeating: "ü", count: 2000))), ("priority", .string("low")),
                    ("due_date", .string("2030-12-31")), ("completed", .bool(true)),
                ])
            ).expect(201).json
            #expect(long["priority"]?.string == "low" && long["completed"]?.bool == true)
            #expect(long["due_date"]?.string == "2030-12-31")

            try await client.request(.post, "/api/v1/todos", body: #"[{"title": "array"}]"#)
                .expectError(400, "BAD_REQUEST")
            try await client.request(
                .post, "/api/v1/todos", body: #"{"title": "x"}"#, headers: ["Content-Type": "text/plain"]
            )
            .expectError(415, "UNSUPPORTED_MEDIA_TYPE")
            try await anonymous.request(.post, "/api/v1/todos", body: #"{"title": "anonymous"}"#)
                .expectError(401, "UNAUTHORIZED")
            try await anonymous.request(.get, "/api/v1/todos").expectError(401, "UNAUTHORIZED")

            let wrongMethod = try await client.request(.delete, "/api/v1/todos")
            try wrongMethod.expectError(405, "METHOD_NOT_ALLOWED")
            #expect(wrongMethod.header("Allow") == "GET, HEAD, POST")
            let onItem = try await client.request(.post, "/api/v1/todos/1", body: "{}")
            try onItem.expectError(405, "METHOD_NOT_ALLOWED")
            #expect(onItem.header("Allow") == "DELETE, GET, HEAD, PATCH, PUT")
        }
    }

    @Test func todosAreInvisibleToOtherUsers() async throws {
        try await withApp { anonymous in
            let alice = anonymous.withToken(try await anonymous.registerUser("alice").accessToken)
            let bob = anonymous.withToken(try await anonymous.registerUser("bob").accessToken)
            let todo = try await alice.request(.post, "/api/v1/todos", body: #"{"title": "Alice's secret"}"#)
                .expect(201).json
            let path = try path(todo)
            try await alice.request(.get, path).expect(200)  // warm the cache: a hit must not leak either

            try await bob.request(.get, path).expectError(404, "NOT_FOUND")
            try await bob.request(.patch, path, body: #"{"title": "mine now"}"#).expectError(404, "NOT_FOUND")
            try await bob.request(.put, path, body: #"{"title": "mine now"}"#).expectError(404, "NOT_FOUND")
            try await bob.request(.delete, path).expectError(404, "NOT_FOUND")
            #expect(try await bob.request(.get, "/api/v1/todos").expect(200).json["data"]?.array?.isEmpty == true)
            #expect(try await alice.request(.get, path).expect(200).json["title"]?.string == "Alice's secret")
        }
    }

    @Test func list() async throws {
        try await withApp { anonymous in
            let client = anonymous.withToken(try await anonymous.registerUser("lister").accessToken)
            let seed = [
                #"{"title": "Alpha 100% done", "priority": "low", "due_date": "2030-01-10", "completed": true}"#,
                #"{"title": "bravo snake_case", "priority": "high", "due_date": "2030-01-20"}"#,
                #"{"title": "charlie", "priority": "medium"}"#,
                #"{"title": "delta 100 percent", "priority": "high", "due_date": "2030-01-30", "completed": true}"#,
                #"{"title": "echo snakeXcase", "priority": "low"}"#,
            ]
            for body in seed {
                try await client.request(.post, "/api/v1/todos", body: body).expect(201)
            }
            func list(_ query: String) async throws -> JSONInput {
                try await client.request(.get, "/api/v1/todos?" + query).expect(200).json
            }
            func expectTitles(
                _ query: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation
            ) async throws {
                let titles = try await list(query)["data"]?.array?.compactMap { $0["title"]?.string }
                #expect(titles == expected, "?\(query)", sourceLocation: sourceLocation)
            }

            // Default order: newest first.
            try await expectTitles(
                "", ["echo snakeXcase", "delta 100 percent", "charlie", "bravo snake_case", "Alpha 100% done"])

            // Pagination, meta and links.
            let filtered = try await list("limit=2&priority=high&priority=low&sort=title")["meta"]
            #expect(filtered?["page"]?.int == 1 && filtered?["limit"]?.int == 2)
            #expect(filtered?["total"]?.int == 2 && filtered?["total_pages"]?.int == 1)
            let paged = try await list("limit=2&sort=title&order=asc")
            #expect(paged["meta"]?["total"]?.int == 5 && paged["meta"]?["total_pages"]?.int == 3)
            let links = try #require(paged["links"])
            #expect(links["prev"]?.isNull == true && links["first"]?.string != nil && links["last"]?.string != nil)
            let next = try #require(links["next"]?.string.flatMap { URLComponents(string: $0) })
            let nextQuery = Dictionary(uniqueKeysWithValues: (next.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            #expect(next.path == "/api/v1/todos")
            #expect(nextQuery == ["page": "2", "limit": "2", "sort": "title", "order": "asc"])
            let last = try await client.request(.get, try #require(links["last"]?.string)).expect(200).json
            #expect(last["links"]?["next"]?.isNull == true && last["links"]?["prev"]?.isNull == false)
            #expect(last["data"]?.array?.count == 1)
            let past = try await list("page=9&limit=2")
            #expect(past["data"]?.array?.isEmpty == true && past["meta"]?["total"]?.int == 5)
            #expect(try await list("limit=1000")["meta"]?["limit"]?.int == 100, "limit is clamped")

            // Filters. Titles are lower case where order matters: how case
            // sorts depends on the database collation.
            try await expectTitles("completed=true&sort=title&order=asc", ["Alpha 100% done", "delta 100 percent"])
            try await expectTitles(
                "completed=false&sort=title&order=asc", ["bravo snake_case", "charlie", "echo snakeXcase"])
            try await expectTitles("priority=high&sort=title&order=asc", ["bravo snake_case", "delta 100 percent"])
            try await expectTitles(
                "due_after=2030-01-10&sort=due_date&order=asc", ["bravo snake_case", "delta 100 percent"])
            try await expectTitles(
                "due_before=2030-01-30&sort=due_date&order=asc", ["Alpha 100% done", "bravo snake_case"])
            try await expectTitles("due_after=2030-01-10&due_before=2030-01-30", ["bravo snake_case"])
            try await expectTitles("q=100%25", ["Alpha 100% done"])
            try await expectTitles("q=SNAKE_&sort=title&order=asc", ["bravo snake_case"])
            try await expectTitles("q=ECHO", ["echo snakeXcase"])
            try await expectTitles("q=alpha", ["Alpha 100% done"])
            try await expectTitles("q=nothing-matches", [])

            // Sorting: priority by rank, ties by id in the same direction.
            try await expectTitles(
                "sort=priority&order=asc",
                ["Alpha 100% done", "echo snakeXcase", "charlie", "bravo snake_case", "delta 100 percent"])
            try await expectTitles(
                "sort=priority&order=desc",
                ["delta 100 percent", "bravo snake_case", "charlie", "echo snakeXcase", "Alpha 100% done"])
            try await expectTitles(
                "sort=due_date&order=desc",
                ["delta 100 percent", "bravo snake_case", "Alpha 100% done", "echo snakeXcase", "charlie"])
            try await expectTitles(
                "sort=created_at&order=asc",
                ["Alpha 100% done", "bravo snake_case", "charlie", "delta 100 percent", "echo snakeXcase"])

            // Sparse fieldsets always include id.
            let sparse = try #require(try await list("fields=title&limit=1")["data"]?.array?.first?.object)
            #expect(Set(sparse.keys) == ["id", "title"])

            // Lists have an ETag too.
            let tagged = try await client.request(.get, "/api/v1/todos?sort=title").expect(200)
            try await client.request(
                .get, "/api/v1/todos?sort=title", headers: ["If-None-Match": try #require(tagged.header("ETag"))]
            ).expect(304)

            // Every invalid parameter is named.
            for (query, field) in [
                ("page=0", "page"), ("page=two", "page"), ("limit=0", "limit"), ("limit=ten", "limit"),
                ("sort=owner", "sort"), ("order=up", "order"), ("fields=title,secret", "fields"),
                ("completed=yes", "completed"), ("completed=1", "completed"), ("priority=urgent", "priority"),
                ("due_before=2030-13-01", "due_before"), ("due_after=tomorrow", "due_after"),
            ] {
                try await client.request(.get, "/api/v1/todos?" + query)
                    .expectError(422, "VALIDATION_ERROR", fields: [field])
            }
        }
    }
}
