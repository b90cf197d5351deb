import Foundation

/// A row of the `todos` table.
struct Todo: Sendable, Equatable {
    enum Priority: String, Sendable, CaseIterable {
        case low, medium, high
    }

    var id: Int64 = 0
    var userID: Int64
    var title = ""
    var description: String?
    var completed = false
    var priority = Priority.medium
    var dueDate: CalendarDate?
    var createdAt = Timestamp(microseconds: 0)
    var updatedAt = Timestamp(microseconds: 0)

    /// The JSON fields in response order. The owner is implied by the token
    /// and not part of it.
    var fields: [(String, JSON)] {
        [
            ("id", .int(id)), ("title", .string(title)), ("description", .string(description)),
            ("completed", .bool(completed)), ("priority", .string(priority.rawValue)),
            ("due_date", .string(dueDate?.description)), ("created_at", .string(createdAt.rfc3339)),
            ("updated_at", .string(updatedAt.rfc3339)),
        ]
    }

    /// What a single-todo response sends, and the input of its ETag, so
    /// If-Match and If-None-Match compare like with like.
    var body: [UInt8] { JSON.object(fields).serialized() }
}

/// Selects and orders one page of a user's todos.
struct TodoFilter: Sendable {
    var completed: Bool?
    var priority: Todo.Priority?
    /// Exclusive bounds; todos without a due date are left out by either.
    var dueBefore: CalendarDate?
    var dueAfter: CalendarDate?
    /// A literal, case-insensitive substring of the title.
    var search = ""
    var sort = "created_at"
    var descending = true
    var limit = 20
    var offset = 0
}

/// The queries on `todos`. Every one includes `user_id = ?`, so another
/// user's todo is indistinguishable from a missing one.
struct TodoRepository: Sendable {
    let database: any Database

    /// Maps the sort values the API accepts to SQL. User input only ever
    /// selects an entry; it is never pasted into the query.
    static let sortColumns: [String: String] = [
        "created_at": "created_at",
        "updated_at": "updated_at",
        "due_date": "due_date",
        "title": "title",
        // Alphabetical order would put "high" first.
        "priority": "CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END",
    ]

    private static let columns =
        "id, user_id, title, description, completed, priority, due_date, created_at, updated_at"

    func create(_ todo: Todo) async throws -> Todo {
        var todo = todo
        todo.createdAt = .now()
        todo.updatedAt = todo.createdAt
        let rows = try await database.query(
            """
            INSERT INTO todos (user_id, title, description, completed, priority, due_date, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """,
            [
                .int(todo.userID), .text(todo.title), .text(todo.description), .bool(todo.completed),
                .text(todo.priority.rawValue), .date(todo.dueDate), .timestamp(todo.createdAt),
                .timestamp(todo.updatedAt),
            ])
        todo.id = try rows[0].int("id")
        return todo
    }

    func find(id: Int64, userID: Int64) async throws -> Todo? {
        try await database.query(
            "SELECT \(Self.columns) FROM todos WHERE id = ? AND user_id = ?", [.int(id), .int(userID)]
        ).first.map(Self.todo)
    }

    /// Writes every writable field; nil when the todo is gone.
    func update(_ todo: Todo) async throws -> Todo? {
        var todo = todo
        todo.updatedAt = .now()
        let rows = try await database.query(
            """
            UPDATE todos SET title = ?, description = ?, completed = ?, priority = ?, due_date = ?, updated_at = ?
            WHERE id = ? AND user_id = ? RETURNING id
            """,
            [
                .text(todo.title), .text(todo.description), .bool(todo.completed), .text(todo.priority.rawValue),
                .date(todo.dueDate), .timestamp(todo.updatedAt), .int(todo.id), .int(todo.userID),
            ])
        return rows.isEmpty ? nil : todo
    }

    /// Whether a todo was deleted.
    func delete(id: Int64, userID: Int64) async throws -> Bool {
        let rows = try await database.query(
            "DELETE FROM todos WHERE id = ? AND user_id = ? RETURNING id", [.int(id), .int(userID)])
        return !rows.isEmpty
    }

    /// One page of the user's todos and the number that match on all pages.
    func list(userID: Int64, filter: TodoFilter) async throws -> (todos: [Todo], total: Int) {
        var conditions = ["user_id = ?"]
        var binds: [SQLValue] = [.int(userID)]
        if let completed = filter.completed {
            conditions.append("completed = ?")
            binds.append(.bool(completed))
        }
        if let priority = filter.priority {
            conditions.append("priority = ?")
            binds.append(.text(priority.rawValue))
        }
        // A NULL due date compares as unknown, so these conditions also leave
        // out todos without one, as the contract asks.
        if let dueBefore = filter.dueBefore {
            conditions.append("due_date < ?")
            binds.append(.date(dueBefore))
        }
        if let dueAfter = filter.dueAfter {
            conditions.append("due_date > ?")
            binds.append(.date(dueAfter))
        }
        if !filter.search.isEmpty {
            conditions.append(#"LOWER(title) LIKE ? ESCAPE '\'"#)
            binds.append(.text("%" + Self.escapeLike(filter.search.lowercased()) + "%"))
        }
        let condition = conditions.joined(separator: " AND ")
        let total = try await database.query("SELECT COUNT(*) AS total FROM todos WHERE \(condition)", binds)[0]
            .int("total")

        let column = Self.sortColumns[filter.sort] ?? "created_at"
        let direction = filter.descending ? " DESC" : " ASC"
        // The engines disagree on where NULLs sort, so todos without a due
        // date go last explicitly. The id tie-breaker makes pages stable.
        var order = column + direction + ", id" + direction
        if filter.sort == "due_date" {
            order = "(due_date IS NULL), " + order
        }
        let rows = try await database.query(
            "SELECT \(Self.columns) FROM todos WHERE \(condition) ORDER BY \(order) LIMIT ? OFFSET ?",
            binds + [.int(Int64(filter.limit)), .int(Int64(filter.offset))])
        return (try rows.map(Self.todo), Int(total))
    }

    /// Makes `%` and `_` match themselves in a LIKE pattern.
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    private static func todo(_ row: SQLRow) throws -> Todo {
        Todo(
            id: try row.int("id"), userID: try row.int("user_id"), title: try row.text("title"),
            description: try row.optionalText("description"), completed: try row.bool("completed"),
            priority: Todo.Priority(rawValue: try row.text("priority")) ?? .medium,
            dueDate: try row.optionalDate("due_date"), createdAt: try row.timestamp("created_at"),
            updatedAt: try row.timestamp("updated_at"))
    }
}
