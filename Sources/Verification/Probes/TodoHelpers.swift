import Foundation
import Mustache

/// Shared moves of the todo-api probes.
extension ProbeContext {
    /// Creates a todo and returns its id; fails the probe unless it is 201.
    @discardableResult
    func createTodo(_ user: TestUser, _ body: String) throws -> (id: Int, exchange: Exchange) {
        let exchange = try json("POST", "/api/v1/todos", body, token: user.accessToken)
        try expect(exchange, status: 201, "create a todo")
        guard let id = exchange.response.json?.at("id")?.intValue else {
            throw ProbeFailure(expected: "the created todo with an integer id", actual: exchange.response.text.truncated(), exchange: exchange)
        }
        return (id, exchange)
    }

    func createTodo(_ user: TestUser, title: String) throws -> Int {
        try createTodo(user, #"{"title":\#(jsonQuote(title))}"#).id
    }

    /// The list's `data` array and the whole body.
    func list(_ query: String, _ user: TestUser) throws -> (items: [Value], body: Value, exchange: Exchange) {
        let exchange = try get("/api/v1/todos" + (query.isEmpty ? "" : "?" + query), token: user.accessToken)
        try expect(exchange, status: 200, "list todos ?\(query)")
        guard let body = exchange.response.json, let items = body.at("data")?.arrayValue else {
            throw ProbeFailure(expected: "a list body with a data array", actual: exchange.response.text.truncated(), exchange: exchange)
        }
        return (items, body, exchange)
    }

    func ids(_ items: [Value]) -> [Int] { items.compactMap { $0.at("id")?.intValue } }
}

let iso8601Pattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]00:00)$"#

func matches(_ text: String, _ pattern: String) -> Bool {
    text.range(of: pattern, options: .regularExpression) != nil
}
