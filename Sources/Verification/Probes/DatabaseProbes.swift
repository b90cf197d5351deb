import Foundation

/// `schema`, `query-plans` and `database`: what the SQLite file shows.
enum DatabaseProbes {
    static let todoColumns = ["id", "user_id", "title", "description", "completed", "priority", "due_date", "created_at", "updated_at"]
    /// Filter and sort columns of GET /api/v1/todos: each needs an index.
    static let listColumns = ["completed", "priority", "due_date", "created_at", "updated_at", "title"]

    static func columns(_ c: ProbeContext, _ table: String) throws -> [(name: String, notNull: Bool)] {
        try c.sqlite("SELECT name, \"notnull\" FROM pragma_table_info('\(table)')").map { (name: $0[0], notNull: $0[1] == "1") }
    }

    /// Columns of every index of `table`, in order, one array per index.
    static func indexes(_ c: ProbeContext, _ table: String) throws -> [[String]] {
        let names = try c.sqlite("SELECT name FROM pragma_index_list('\(table)')").map { $0[0] }
        return try names.map { name in try c.sqlite("SELECT name FROM pragma_index_info('\(name)') ORDER BY seqno").map { $0[0] } }
    }

    /// The lines of `EXPLAIN QUERY PLAN` (the CLI prints them as a tree).
    static func queryPlan(_ c: ProbeContext, _ sql: String) throws -> [String] {
        try c.sqlite("EXPLAIN QUERY PLAN " + sql).flatMap { $0.joined(separator: " ").split(separator: "\n").map(String.init) }
            .filter { $0 != "QUERY PLAN" }
    }

    static let all: [Probe] = [
        Probe("schema.tables-and-columns", "tables users, todos, refresh_tokens, schema_migrations; columns named as the JSON fields", needs: [.database]) { c in
            let tables = Set(try c.sqlite("SELECT name FROM sqlite_master WHERE type = 'table'").map { $0[0] })
            for table in ["users", "todos", "refresh_tokens", "schema_migrations"] {
                try c.expect(tables.contains(table), "a table named \(table)", actual: "tables \(tables.sorted())")
            }
            let todo = Set(try columns(c, "todos").map(\.name))
            try c.expect(todo.isSuperset(of: todoColumns), "todos columns \(todoColumns)", actual: "\(todo.sorted())")
            let users = Set(try columns(c, "users").map(\.name))
            try c.expect(users.isSuperset(of: ["id", "email", "name", "role", "password_hash", "created_at"]), "users columns id, email, name, role, password_hash, created_at", actual: "\(users.sorted())")
        },
        Probe("schema.foreign-keys-cascade", "todos.user_id and refresh_tokens.user_id reference users ON DELETE CASCADE", needs: [.database]) { c in
            for table in ["todos", "refresh_tokens"] {
                let keys = try c.sqlite("SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('\(table)')")
                try c.expect(keys.contains { $0[0] == "users" && $0[1] == "user_id" && $0[3].uppercased() == "CASCADE" },
                             "\(table).user_id REFERENCES users ON DELETE CASCADE", actual: keys.isEmpty ? "no foreign key" : "\(keys)")
            }
        },
        Probe("schema.not-null-and-checks", "required columns are NOT NULL; priority and lengths have CHECK constraints", needs: [.database]) { c in
            let todo = try columns(c, "todos")
            for required in ["user_id", "title", "completed", "priority", "created_at", "updated_at"] {
                try c.expect(todo.first { $0.name == required }?.notNull == true, "todos.\(required) NOT NULL", actual: "nullable or missing")
            }
            let users = try columns(c, "users")
            for required in ["email", "password_hash", "role"] {
                try c.expect(users.first { $0.name == required }?.notNull == true, "users.\(required) NOT NULL", actual: "nullable or missing")
            }
            let sql = try c.sqlite("SELECT sql FROM sqlite_master WHERE name = 'todos'").first?.first ?? ""
            try c.expect(sql.uppercased().contains("CHECK"), "CHECK constraints on todos (priority, lengths)", actual: sql.truncated(200))
            let unique = try c.sqlite("SELECT \"unique\" FROM pragma_index_list('users') i JOIN pragma_index_info(i.name) c WHERE c.name = 'email'")
            try c.expect(unique.contains { $0[0] == "1" }, "a UNIQUE constraint on users.email", actual: "none")
        },
        Probe("schema.indexes", "an index for the foreign key and for every list filter and sort column", needs: [.database]) { c in
            let todoIndexes = try indexes(c, "todos")
            try c.expect(todoIndexes.contains { $0.first == "user_id" }, "an index leading with todos.user_id", actual: "\(todoIndexes)")
            for column in listColumns {
                try c.expect(todoIndexes.contains { $0.contains(column) }, "an index covering todos.\(column)", actual: "\(todoIndexes)")
            }
            try c.expect(try indexes(c, "refresh_tokens").contains { $0.first == "user_id" }, "an index leading with refresh_tokens.user_id", actual: "none")
        },
        Probe("schema.migrations-recorded", "migrations are recorded in schema_migrations", needs: [.database]) { c in
            let count = Int(try c.sqlite("SELECT count(*) FROM schema_migrations").first?.first ?? "0") ?? 0
            try c.expect(count >= 1, "at least one row in schema_migrations", actual: "\(count)")
        },
        Probe("query-plans.list-uses-an-index", "the hot list query (a user's todos, newest first) searches an index, not the table", needs: [.database]) { c in
            let plan = try queryPlan(c, "SELECT id, title FROM todos WHERE user_id = 1 ORDER BY created_at DESC, id DESC LIMIT 20")
            let text = plan.joined(separator: " | ")
            try c.expect(plan.contains { $0.contains("todos") && $0.contains("USING") && $0.contains("INDEX") } && !plan.contains { $0.contains("SCAN todos") && !$0.contains("INDEX") },
                         "SEARCH todos USING INDEX ... (user_id=?)", actual: text)
            c.note("plan: " + text)
            let filtered = try queryPlan(c, "SELECT id FROM todos WHERE user_id = 1 AND priority = 'high' ORDER BY created_at DESC LIMIT 20")
            try c.expect(!filtered.contains { $0.contains("SCAN todos") && !$0.contains("INDEX") }, "no full scan for a priority filter", actual: filtered.joined(separator: " | "))
        },
        Probe("query-plans.lookup-by-primary-key", "reading one todo uses the primary key", needs: [.database]) { c in
            let plan = try queryPlan(c, "SELECT * FROM todos WHERE id = 1 AND user_id = 1")
            try c.expect(plan.contains { $0.contains("PRIMARY KEY") || $0.contains("USING INDEX") }, "SEARCH todos USING INTEGER PRIMARY KEY", actual: plan.joined(separator: " | "))
        },
        Probe("database.sqlite-wal", "SQLite runs in WAL mode", needs: [.database]) { c in
            let mode = try c.sqlite("PRAGMA journal_mode").first?.first ?? ""
            try c.expect(mode.lowercased() == "wal", "journal_mode wal", actual: mode)
        },
        Probe("database.password-hashed", "passwords are stored with a slow hash (argon2id, bcrypt, scrypt, PBKDF2), never in plain text", needs: [.database]) { c in
            let user = try c.sharedUser("alice")
            let hash = try c.sqlite("SELECT password_hash FROM users WHERE id = \(user.id)").first?.first ?? ""
            try c.expect(!hash.isEmpty && !hash.contains(user.password), "a hash that does not contain the password", actual: hash.isEmpty ? "no row" : "the password in the column")
            let lower = hash.lowercased()
            let slow = lower.hasPrefix("$argon2") || lower.hasPrefix("$2a$") || lower.hasPrefix("$2b$") || lower.hasPrefix("$2y$")
                || lower.hasPrefix("$scrypt") || lower.hasPrefix("scrypt") || lower.contains("pbkdf2")
            try c.expect(slow, "a PHC/modular hash string: $argon2id$..., $2b$..., scrypt..., pbkdf2...", actual: String(hash.prefix(24)) + "…")
            if lower.contains("pbkdf2"), let iterations = hash.split(whereSeparator: { "$:=,".contains($0) }).compactMap({ Int($0) }).max() {
                try c.expect(iterations >= 600_000, "PBKDF2 with at least 600,000 iterations", actual: "\(iterations)")
            }
        },
    ]
}
