import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// PostgreSQL through postgres-nio's `PostgresClient`, a connection pool that
/// runs as a service of the application (it must be running before the
/// first query).
final class PostgresDatabase: Database {
    let dialect = SQLDialect.postgres
    let client: PostgresClient
    private let metrics: HTTPMetrics
    private let logger: Logger

    init(url: PostgresURL, metrics: HTTPMetrics, logger: Logger) {
        let tls: PostgresClient.Configuration.TLS =
            switch url.sslMode {
            case "disable": .disable
            case "require", "verify-ca", "verify-full": .require(.makeClientConfiguration())
            default: .prefer(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password,
            database: url.database, tls: tls)
        configuration.options.additionalStartupParameters = url.settings.sorted { $0.key < $1.key }
            .map { ($0.key, $0.value) }
        configuration.options.maximumConnections = 16
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.metrics = metrics
        self.logger = logger
    }

    func withConnection<T: Sendable>(_ body: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(PostgresExecutor(connection: connection, metrics: metrics, logger: logger))
        }
    }

    /// The pool closes when its service stops with the application.
    func close() async {}
}

private struct PostgresExecutor: SQLExecutor {
    let connection: PostgresConnection
    let metrics: HTTPMetrics
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    /// Microseconds between 1970-01-01 and PostgreSQL's epoch, 2000-01-01.
    static let epochOffsetMicroseconds: Int64 = 946_684_800_000_000
    static let epochOffsetDays = 10957

    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        metrics.countQuery()
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .int(let value): bindings.append(value)
            case .bool(let value): bindings.append(value)
            case .text(let value): bindings.append(value)
            case .date(let value):
                bindings.append(PostgresDate(days: Int32(value.daysSince1970 - Self.epochOffsetDays)))
            case .timestamp(let value):
                bindings.append(PostgresTimestamp(microseconds: value.microseconds - Self.epochOffsetMicroseconds))
            }
        }
        do {
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: Self.numberPlaceholders(sql), binds: bindings), logger: logger)
            var result: [SQLRow] = []
            for try await row in rows {
                var columns: [String: SQLValue] = [:]
                for cell in row {
                    columns[cell.columnName] = try Self.decode(cell)
                }
                result.append(SQLRow(columns: columns))
            }
            return result
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw DatabaseError.uniqueViolation
        }
    }

    /// Turns `?` placeholders into `$1, $2, ...`. The service's queries never
    /// contain a literal question mark, so a plain scan is enough.
    static func numberPlaceholders(_ sql: String) -> String {
        var out = ""
        var number = 0
        for character in sql {
            if character == "?" {
                number += 1
                out += "$\(number)"
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// postgres-nio receives results in the binary format.
    private static func decode(_ cell: PostgresCell) throws -> SQLValue {
        guard var bytes = cell.bytes else { return .null }
        if cell.format == .text {
            return .text(String(buffer: bytes))
        }
        switch cell.dataType {
        case .int8:
            guard let value = bytes.readInteger(as: Int64.self) else { break }
            return .int(value)
        case .int4:
            guard let value = bytes.readInteger(as: Int32.self) else { break }
            return .int(Int64(value))
        case .int2:
            guard let value = bytes.readInteger(as: Int16.self) else { break }
            return .int(Int64(value))
        case .bool:
            guard let value = bytes.readInteger(as: UInt8.self) else { break }
            return .bool(value != 0)
        case .text, .varchar, .name, .bpchar:
            return .text(String(buffer: bytes))
        case .timestamptz, .timestamp:
            guard let value = bytes.readInteger(as: Int64.self) else { break }
            return .timestamp(Timestamp(microseconds: value + epochOffsetMicroseconds))
        case .date:
            guard let value = bytes.readInteger(as: Int32.self) else { break }
            return .date(CalendarDate(daysSince1970: Int(value) + epochOffsetDays))
        default:
            break
        }
        throw DatabaseError.unsupportedValue("\(cell.dataType)")
    }
}

/// TIMESTAMPTZ in PostgreSQL's binary form: microseconds since 2000-01-01,
/// written exactly, where `Date` would round through a Double.
private struct PostgresTimestamp: PostgresNonThrowingEncodable {
    var microseconds: Int64
    static var psqlType: PostgresDataType { .timestamptz }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeInteger(microseconds)
    }
}

/// DATE in PostgreSQL's binary form: days since 2000-01-01.
private struct PostgresDate: PostgresNonThrowingEncodable {
    var days: Int32
    static var psqlType: PostgresDataType { .date }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeInteger(days)
    }
}
