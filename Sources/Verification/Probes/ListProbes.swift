import Foundation
import Mustache

/// `rest-api` list behaviour: pagination, links, filters, sort, sparse fields.
enum ListProbes {
    static let all: [Probe] = [
        Probe("rest-api.pagination-meta-and-links", "page/limit give the right meta and links; prev/next are null at the ends") { c in
            let user = try c.newUser("pager")
            for n in 1...5 { _ = try c.createTodo(user, title: "page item \(n)") }
            let (items, body, exchange) = try c.list("page=2&limit=2", user)
            try c.expect(items.count == 2, "2 items on page 2", actual: "\(items.count)", exchange)
            let meta = body.at("meta")
            try c.expect(meta?.at("page")?.intValue == 2 && meta?.at("limit")?.intValue == 2 && meta?.at("total")?.intValue == 5 && meta?.at("total_pages")?.intValue == 3,
                         "meta {page 2, limit 2, total 5, total_pages 3}", actual: meta?.compact ?? "no meta", exchange)
            let links = body.at("links")
            for (name, page) in [("self", 2), ("first", 1), ("prev", 1), ("next", 3), ("last", 3)] {
                let link = links?.at(name)?.stringValue ?? ""
                try c.expect(link.hasPrefix("/api/v1/todos?") && link.contains("page=\(page)") && link.contains("limit=2"),
                             "links.\(name) relative, with page=\(page)&limit=2", actual: "links.\(name) \(links?.at(name)?.compact ?? "missing")", exchange)
            }
            let (_, last, lastExchange) = try c.list("page=3&limit=2", user)
            try c.expect(last.at("links.next") == .null, "links.next null on the last page", actual: last.at("links")?.compact ?? "no links", lastExchange)
            let (_, first, firstExchange) = try c.list("page=1&limit=2", user)
            try c.expect(first.at("links.prev") == .null, "links.prev null on the first page", actual: first.at("links")?.compact ?? "no links", firstExchange)
            let (beyond, past, pastExchange) = try c.list("page=9&limit=2", user)
            try c.expect(beyond.isEmpty && past.at("meta.total")?.intValue == 5, "a page past the end: empty data, meta.total 5", actual: pastExchange.response.text.truncated(), pastExchange)
        },
        Probe("rest-api.limit-is-clamped", "limit over 100 is clamped to 100") { c in
            let user = try c.sharedUser("alice")
            let (items, body, exchange) = try c.list("limit=1000", user)
            try c.expect(body.at("meta.limit")?.intValue == 100 && items.count <= 100, "meta.limit 100", actual: body.at("meta")?.compact ?? "no meta", exchange)
        },
        Probe("rest-api.bad-list-parameters-are-422", "page/limit below 1 or not numbers, unknown sort/order/fields are 422 naming the parameter") { c in
            let user = try c.sharedUser("alice")
            for (query, field) in [("page=0", "page"), ("limit=0", "limit"), ("page=two", "page"), ("limit=ten", "limit"),
                                   ("sort=password_hash", "sort"), ("order=sideways", "order"), ("fields=title,secret", "fields"),
                                   ("completed=yes", "completed"), ("priority=urgent", "priority"), ("due_before=2026-13-01", "due_before"),
                                   ("due_after=tomorrow", "due_after")] {
                try c.expectValidation(try c.get("/api/v1/todos?\(query)", token: user.accessToken), field: field)
            }
        },
        Probe("rest-api.filters", "completed, priority, due_before/due_after (exclusive) and q filter the list") { c in
            let user = try c.newUser("filter")
            let tag = c.unique("Needle")
            let a = try c.createTodo(user, #"{"title":"alpha \#(tag)","priority":"high","due_date":"2030-01-10"}"#).id
            let b = try c.createTodo(user, #"{"title":"beta","priority":"low","completed":true,"due_date":"2030-01-20"}"#).id
            let d = try c.createTodo(user, #"{"title":"gamma \#(tag.lowercased())","priority":"high"}"#).id
            func expectIDs(_ query: String, _ expected: Set<Int>) throws {
                let (items, _, exchange) = try c.list(query + "&limit=100", user)
                try c.expect(Set(c.ids(items)) == expected, "?\(query) to return ids \(expected.sorted())", actual: "ids \(c.ids(items))", exchange)
            }
            try expectIDs("completed=true", [b])
            try expectIDs("completed=false", [a, d])
            try expectIDs("priority=high", [a, d])
            try expectIDs("due_before=2030-01-20", [a])
            try expectIDs("due_after=2030-01-10", [b])
            try expectIDs("due_after=2030-01-01&due_before=2030-12-31", [a, b])
            try expectIDs("q=\(tag.uppercased())", [a, d])
            try expectIDs("q=\(tag)&priority=high&completed=false", [a, d])
        },
        Probe("rest-api.search-is-literal", "q treats % and _ as plain characters") { c in
            let user = try c.newUser("literal")
            let percent = try c.createTodo(user, title: "100% done")
            _ = try c.createTodo(user, title: "1000 done")
            let underscore = try c.createTodo(user, title: "snake_case")
            _ = try c.createTodo(user, title: "snakeXcase")
            for (query, expected) in [("q=0%25", [percent]), ("q=e_c", [underscore])] {
                let (items, _, exchange) = try c.list(query, user)
                try c.expect(c.ids(items) == expected, "?\(query) to match only \(expected)", actual: "ids \(c.ids(items))", exchange)
            }
        },
        Probe("rest-api.sort-and-order", "sort by priority (low < medium < high), title, due_date; ties broken by id") { c in
            let user = try c.newUser("sorter")
            let high = try c.createTodo(user, #"{"title":"c","priority":"high"}"#).id
            let low = try c.createTodo(user, #"{"title":"b","priority":"low"}"#).id
            let medium = try c.createTodo(user, #"{"title":"a","priority":"medium"}"#).id
            let medium2 = try c.createTodo(user, #"{"title":"a","priority":"medium"}"#).id
            for (query, expected) in [
                ("sort=priority&order=asc", [low, medium, medium2, high]),
                ("sort=priority&order=desc", [high, medium2, medium, low]),
                ("sort=title&order=asc", [medium, medium2, low, high]),
                ("sort=created_at&order=asc", [high, low, medium, medium2]),
                ("", [medium2, medium, low, high]),
            ] {
                let (items, _, exchange) = try c.list(query, user)
                try c.expect(c.ids(items) == expected, "?\(query.isEmpty ? "(default: created_at desc)" : query) to order ids \(expected)", actual: "ids \(c.ids(items))", exchange)
            }
        },
        Probe("rest-api.sparse-fields", "fields=title returns id and title only") { c in
            let user = try c.sharedUser("alice")
            _ = try c.createTodo(user, title: "sparse")
            let (items, _, exchange) = try c.list("fields=title", user)
            for item in items {
                guard case .object(let object) = item else { continue }
                try c.expect(Set(object.keys) == ["id", "title"], "items with exactly id and title", actual: item.compact, exchange)
            }
            try c.expect(!items.isEmpty, "at least one item", actual: "none", exchange)
        },
        Probe("rest-api.links-keep-the-query", "links keep every filter, sort and fields parameter") { c in
            let user = try c.newUser("linker")
            for n in 1...3 { _ = try c.createTodo(user, #"{"title":"keep \#(n)","priority":"high"}"#) }
            let (_, body, exchange) = try c.list("priority=high&sort=title&order=asc&fields=title&limit=1&page=2", user)
            for name in ["self", "first", "prev", "next", "last"] {
                let link = body.at("links.\(name)")?.stringValue ?? ""
                for part in ["priority=high", "sort=title", "order=asc", "fields=title", "limit=1"] {
                    try c.expect(link.contains(part), "links.\(name) to keep \(part)", actual: "links.\(name) \"\(link)\"", exchange)
                }
            }
        },
    ]
}
