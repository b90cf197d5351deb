import Foundation
import Testing

@testable import App

@Suite struct HTTPTests {
    @Test func serializesJSONInOrderWithGoStyleEscapes() {
        let value = JSON.object([
            ("b", .string("a\"b\\c\n\t\u{1}<&>\u{2028}")), ("a", .int(-3)), ("n", .null), ("t", .bool(true)),
            ("l", .array([.int(1), .string("é")])),
        ])
        #expect(
            String(decoding: value.serialized(), as: UTF8.self)
                == #"{"b":"a\"b\\c\n\t\u0001<&>\u2028","a":-3,"n":null,"t":true,"l":[1,"é"]}"#)
    }

    @Test func trimsOnlyTheContractsWhitespace() {
        #expect(trimText(" \t\r\n title \n") == "title")
        #expect(trimText("\u{0B}x\u{0B}") == "\u{0B}x\u{0B}")
        #expect(trimText("   ") == "")
        #expect(characterCount("éü") == 2)
    }

    @Test func acceptsJSONMediaTypesOnly() {
        #expect(isJSONMediaType("application/json"))
        #expect(isJSONMediaType("Application/JSON; charset=utf-8"))
        #expect(isJSONMediaType("application/json;"))
        #expect(!isJSONMediaType(nil))
        #expect(!isJSONMediaType("text/plain"))
        #expect(!isJSONMediaType("application/json; charset"))
        #expect(!isJSONMediaType("application/jsonx"))
    }

    @Test func parsesAndEncodesQueriesLikeURLForms() {
        let query = QueryParameters("sort=title&q=100%25+done&priority=high&priority=low&bad=%zz&;x=1&empty")
        #expect(query["q"] == "100% done")
        #expect(query["priority"] == "high")
        #expect(!query.has("bad"))
        #expect(query.has("empty") && query["empty"] == "")
        #expect(query.encoded(excluding: ["sort"]) == "empty=&priority=high&priority=low&q=100%25+done")
    }

    private let spec = ListSpec(
        sortable: ["created_at", "title"], defaultSort: "created_at", defaultOrder: ["created_at": "desc"],
        fields: ["id", "title", "done"])

    @Test func validatesListParameters() {
        var validator = Validator()
        let query = ListQuery(
            QueryParameters("page=2&limit=1000&fields=title,title"), spec: spec, validator: &validator)
        #expect(validator.problems.isEmpty)
        #expect(query.page == 2 && query.limit == 100 && query.offset == 100)
        #expect(query.sort == "created_at" && query.descending)
        #expect(query.fields == ["id", "title"])

        for (raw, field) in [
            ("page=0", "page"), ("page=x", "page"), ("limit=0", "limit"), ("limit=", "limit"), ("sort=owner", "sort"),
            ("order=up", "order"), ("fields=secret", "fields"),
        ] {
            var validator = Validator()
            _ = ListQuery(QueryParameters(raw), spec: spec, validator: &validator)
            #expect(validator.problems.map(\.field) == [field], "\(raw)")
        }
    }

    @Test func listItemsHaveSortedKeys() {
        var validator = Validator()
        let all = ListQuery(QueryParameters(""), spec: spec, validator: &validator)
        let item: [(String, JSON)] = [("title", .string("t")), ("id", .int(1)), ("done", .bool(false))]
        #expect(
            String(decoding: all.project(item).serialized(), as: UTF8.self) == #"{"done":false,"id":1,"title":"t"}"#)
        let some = ListQuery(QueryParameters("fields=title"), spec: spec, validator: &validator)
        #expect(String(decoding: some.project(item).serialized(), as: UTF8.self) == #"{"id":1,"title":"t"}"#)
    }

    @Test func saturatesHugeOffsets() {
        var validator = Validator()
        let query = ListQuery(
            QueryParameters("page=\(Int.max)&limit=100"), spec: spec, validator: &validator)
        #expect(query.offset == Int.max)
    }

    @Test func linksKeepTheQueryAndStopAtTheEnds() throws {
        var validator = Validator()
        let raw = QueryParameters("page=2&limit=2&sort=title")
        let query = ListQuery(raw, spec: spec, validator: &validator)
        let body = query.response(data: [], total: 5, path: "/items", query: raw)
        let links = try #require(body["links"])
        #expect(links["self"] == .string("/items?page=2&limit=2&sort=title"))
        #expect(links["prev"] == .string("/items?page=1&limit=2&sort=title"))
        #expect(links["next"] == .string("/items?page=3&limit=2&sort=title"))
        #expect(links["last"] == .string("/items?page=3&limit=2&sort=title"))
        #expect(body["meta"]?["total_pages"] == .int(3))

        let empty = query.response(data: [], total: 0, path: "/items", query: raw)
        #expect(empty["links"]?["next"] == .null)
        #expect(empty["links"]?["prev"] == .string("/items?page=1&limit=2&sort=title"))
    }

    @Test func comparesETagsAsRFC9110Says() {
        let tag = ETag.of(Array("body".utf8))
        #expect(tag.hasPrefix("\"") && tag.count == 34)
        #expect(ETag.listMatches(tag, tag, strong: true))
        #expect(ETag.listMatches("\"other\", \(tag)", tag, strong: true))
        #expect(ETag.listMatches("*", tag, strong: true))
        #expect(ETag.listMatches("W/\(tag)", tag, strong: false))
        #expect(!ETag.listMatches("W/\(tag)", tag, strong: true))
        #expect(!ETag.listMatches(nil, tag, strong: false))
    }

    @Test func routeTableKnowsTheAllowedMethods() {
        let table = RouteTable()
        table.add(.get, "/api/v1/todos")
        table.add(.post, "/api/v1/todos")
        table.add(.delete, "/api/v1/todos/{id}")
        #expect(table.allowedMethods(for: "/api/v1/todos") == ["GET", "HEAD", "POST"])
        #expect(table.allowedMethods(for: "/api/v1/todos/7") == ["DELETE"])
        #expect(table.allowedMethods(for: "/api/v1/other").isEmpty)
    }

    @Test func recognisesSaneRequestIDs() {
        #expect(RequestIDMiddleware.isSane("abc-123_x.y:z~+/=@"))
        #expect(!RequestIDMiddleware.isSane(""))
        #expect(!RequestIDMiddleware.isSane("has space"))
        #expect(!RequestIDMiddleware.isSane(String(repeating: "a", count: 129)))
        #expect(RequestIDMiddleware.generate().count == 32)
    }

    @Test func validatesEmailAddresses() {
        #expect(isValidEmail("ada@example.com"))
        #expect(isValidEmail("a.b+tag@sub.example.org"))
        for invalid in ["", "a@", "@b", "a@b@c", "a b@c", "a..b@c", ".a@c", "Ada <a@b.c>", "\"q\"@b.c"] {
            #expect(!isValidEmail(invalid), "\(invalid)")
        }
    }
}
