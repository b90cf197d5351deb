import Foundation
import Logging
import SQLiteNIO

/// SQLite through sqlite-nio, which runs the blocking C calls on a thread
/// pool. Every connection enforces foreign keys and waits for a busy
/// database instead of failing; files use WAL so readers proceed while one
/// writer commits.
final class SQLiteDatabase: Database {
    let dialect = SQLDialect.sqlite
    private let pool: ConnectionPool<SQLiteConnection>
    private let metrics: HTTPMetrics

    private init(pool: ConnectionPool<SQLiteConnection>, metrics: HTTPMetrics) {
        self.pool = pool
        self.metrics = metrics
    }

    /// `path` nil is an in-memory database, which lives as long as its one
    /// connection: every connection to `:memory:` is a separate, empty
    /// database.
    static func open(path: String?, metrics: HTTPMetrics, logger: Logger) async throws -> SQLiteDatabase {
        var connections: [SQLiteConnection] = []
        if let path {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for _ in 0..<4 {
                let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                _ = try await connection.query("PRAGMA journal_mode = WAL")
                connections.append(connection)
            }
        } else {
            connections.append(try await SQLiteConnection.open(storage: .memory, logger: logger))
        }
        for connection in connections {
            _ = try await connection.query("PRAGMA foreign_keys = ON")
            _ = try await connection.query("PRAGMA busy_timeout = 5000")
        }
        return SQLiteDatabase(pool: ConnectionPool(connections), metrics: metrics)
    }

    func withConnection<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        let connection = await pool.acquire()
        do {
            let result = try await body(SQLiteExecutor(connection: connection, metrics: metrics))
            await pool.release(connection)
            return result
        } catch {
            await pool.release(connection)
            throw error
        }
    }

    func close() async {
        for connection in await pool.connections {
            try? await connection.close()
        }
    }
}

private struct SQLiteExecutor: SQLExecutor {
    let connection: SQLiteConnection
    let metrics: HTTPMetrics
    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        metrics.countQuery()
        let rows: [SQLiteRow]
        do {
            rows = try await connection.query(sql, binds.map(Self.sqliteData))
        } catch let error as SQLiteError where error.reason == .constraintUniqueFailed {
            throw DatabaseError.uniqueViolation
        }
        return try rows.map { row in
            var columns: [String: SQLValue] = [:]
            for column in row.columns {
                switch column.data {
                case .integer(let value): columns[column.name] = .int(Int64(value))
                case .text(let value): columns[column.name] = .text(value)
                case .null: columns[column.name] = .null
                case .float, .blob: throw DatabaseError.unsupportedValue("\(column.data)")
                }
            }
            return SQLRow(columns: columns)
        }
    }

    private static func sqliteData(_ value: SQLValue) -> SQLiteData {
        switch value {
        case .null: .null
        case .int(let value): .integer(SQLiteInt64(value))
        case .bool(let value): .integer(value ? 1 : 0)
        case .text(let value): .text(value)
        case .date(let value): .text(value.description)
        case .timestamp(let value): .text(value.canonical)
        }
    }
}
