/// The engines the service runs on.
enum SQLDialect: String, Sendable {
    case sqlite, postgres

    /// How a transaction starts. SQLite's IMMEDIATE takes the write lock up
    /// front, which avoids a deadlock between two transactions that both
    /// read first.
    var beginTransaction: String {
        switch self {
        case .sqlite: "BEGIN IMMEDIATE"
        case .postgres: "BEGIN"
        }
    }
}

/// A value bound to a statement. Dates and instants have cases of their own
/// because the engines store them differently: SQLite as text, PostgreSQL as
/// DATE and TIMESTAMPTZ.
enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case bool(Bool)
    case text(String)
    case date(CalendarDate)
    case timestamp(Timestamp)

    static func text(_ value: String?) -> SQLValue {
        value.map { .text($0) } ?? .null
    }

    static func date(_ value: CalendarDate?) -> SQLValue {
        value.map { .date($0) } ?? .null
    }
}

/// One result row, with columns decoded into `SQLValue`s by name.
struct SQLRow: Sendable {
    var columns: [String: SQLValue]

    func int(_ name: String) throws -> Int64 {
        guard case .int(let value) = columns[name] else { throw DatabaseError.unexpectedColumn(name) }
        return value
    }

    func bool(_ name: String) throws -> Bool {
        switch columns[name] {
        case .bool(let value): return value
        case .int(let value): return value != 0
        default: throw DatabaseError.unexpectedColumn(name)
        }
    }

    func text(_ name: String) throws -> String {
        guard case .text(let value) = columns[name] else { throw DatabaseError.unexpectedColumn(name) }
        return value
    }

    func optionalText(_ name: String) throws -> String? {
        if case .null = columns[name] { return nil }
        return try text(name)
    }

    func timestamp(_ name: String) throws -> Timestamp {
        switch columns[name] {
        case .timestamp(let value): return value
        case .text(let text):
            guard let value = Timestamp(parsing: text) else { throw DatabaseError.unexpectedColumn(name) }
            return value
        default: throw DatabaseError.unexpectedColumn(name)
        }
    }

    func optionalDate(_ name: String) throws -> CalendarDate? {
        switch columns[name] {
        case .null: return nil
        case .date(let value): return value
        case .text(let text):
            guard let value = CalendarDate(parsing: text) else { throw DatabaseError.unexpectedColumn(name) }
            return value
        default: throw DatabaseError.unexpectedColumn(name)
        }
    }
}

enum DatabaseError: Error, CustomStringConvertible {
    /// A unique constraint refused the write.
    case uniqueViolation
    case unexpectedColumn(String)
    case unsupportedValue(String)

    var description: String {
        switch self {
        case .uniqueViolation: "unique constraint violated"
        case .unexpectedColumn(let name): "column \(name) is missing or has an unexpected type"
        case .unsupportedValue(let type): "cannot decode a value of type \(type)"
        }
    }
}

/// Runs statements on one connection, inside or outside a transaction.
///
/// Queries are written once, with `?` placeholders, in the SQL subset both
/// engines share; the PostgreSQL executor rewrites the placeholders.
protocol SQLExecutor: Sendable {
    var dialect: SQLDialect { get }

    /// Runs one statement and returns its rows (none for most writes).
    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
}

extension SQLExecutor {
    @discardableResult
    func query(_ sql: String) async throws -> [SQLRow] {
        try await query(sql, [])
    }
}

/// A pool of connections to one database.
protocol Database: Sendable {
    var dialect: SQLDialect { get }

    /// Runs `body` on a connection of its own.
    func withConnection<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T

    /// Runs `body` in a transaction, committing when it returns and rolling
    /// back when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T

    /// Closes every connection.
    func close() async
}

extension Database {
    /// One statement on any free connection.
    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue] = []) async throws -> [SQLRow] {
        try await withConnection { try await $0.query(sql, binds) }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await withConnection { executor in
            try await executor.query(executor.dialect.beginTransaction)
            do {
                let result = try await body(executor)
                try await executor.query("COMMIT")
                return result
            } catch {
                _ = try? await executor.query("ROLLBACK")
                throw error
            }
        }
    }

    /// Whether the database answers, for /ready.
    func ping() async throws {
        try await query("SELECT 1")
    }
}
