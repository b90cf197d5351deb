import Foundation

/// Applies, in order, every `NNNN_name.sql` file of a dialect's migration
/// folder that is not yet recorded in `schema_migrations`. Each file runs in
/// its own transaction together with its record, so a failed migration
/// leaves no trace and is retried on the next start.
struct Migrator {
    struct Migration: Sendable {
        var version: Int
        var name: String
        var statements: [String]
    }

    enum Failure: Error, CustomStringConvertible {
        case badName(String)
        case missingFolder(String)

        var description: String {
            switch self {
            case .badName(let file): "migration \(file): name must start with a number"
            case .missingFolder(let path): "no migrations folder at \(path)"
            }
        }
    }

    /// The migrations shipped with the app, in `Resources/migrations/<dialect>/`.
    static func bundled(for dialect: SQLDialect) throws -> [Migration] {
        guard
            let migrations = Bundle.module.url(forResource: "migrations", withExtension: nil, subdirectory: "Resources")
        else { throw Failure.missingFolder("Resources/migrations") }
        return try load(from: migrations.appending(path: dialect.rawValue))
    }

    static func load(from folder: URL) throws -> [Migration] {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw Failure.missingFolder(folder.path)
        }
        return try files.filter { $0.hasSuffix(".sql") }.sorted().map { file in
            guard let version = Int(file.prefix { $0 != "_" }) else { throw Failure.badName(file) }
            let body = try String(contentsOf: folder.appending(path: file), encoding: .utf8)
            return Migration(version: version, name: file, statements: splitStatements(body))
        }
    }

    static func migrate(_ database: any Database, _ migrations: [Migration]) async throws {
        try await database.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at TIMESTAMP NOT NULL
            )
            """)
        for migration in migrations {
            try await database.transaction { db in
                if db.dialect == .postgres {
                    // Serialises instances that start at the same time: the
                    // second waits here, then sees the migration as applied.
                    try await db.query("LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE")
                }
                let applied = try await db.query(
                    "SELECT version FROM schema_migrations WHERE version = ?", [.int(Int64(migration.version))])
                guard applied.isEmpty else { return }
                for statement in migration.statements {
                    try await db.query(statement)
                }
                try await db.query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [.int(Int64(migration.version)), .text(migration.name), .timestamp(.now())])
            }
        }
    }

    /// Splits a file into statements at semicolons outside quotes and
    /// comments, because drivers run one statement per call.
    static func splitStatements(_ sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inString = false
        var inComment = false
        var previous: Character = " "
        for character in sql {
            if inComment {
                if character == "\n" {
                    inComment = false
                    current.append(character)
                }
            } else if inString {
                current.append(character)
                if character == "'" { inString = false }
            } else if character == "-" && previous == "-" {
                current.removeLast()
                inComment = true
            } else if character == "'" {
                inString = true
                current.append(character)
            } else if character == ";" {
                statements.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = inComment ? " " : character
        }
        statements.append(current)
        return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
