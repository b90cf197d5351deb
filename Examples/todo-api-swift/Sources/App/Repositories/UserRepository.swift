/// A row of the `users` table.
struct User: Sendable {
    enum Role: String, Sendable {
        case user, admin
    }

    var id: Int64
    var email: String
    var name: String
    var role: Role
    var passwordHash: String
    var createdAt: Timestamp

    /// The public shape of a user: never the password hash.
    var json: JSON {
        .object([
            ("id", .int(id)), ("email", .string(email)), ("name", .string(name)), ("role", .string(role.rawValue)),
            ("created_at", .string(createdAt.rfc3339)),
        ])
    }
}

/// The queries on `users`. A taken email is `DatabaseError.uniqueViolation`.
struct UserRepository: Sendable {
    let database: any Database

    private static let columns = "id, email, name, role, password_hash, created_at"

    func create(email: String, name: String, passwordHash: String, role: User.Role) async throws -> User {
        let createdAt = Timestamp.now()
        let rows = try await database.query(
            "INSERT INTO users (email, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [.text(email), .text(name), .text(passwordHash), .text(role.rawValue), .timestamp(createdAt)])
        return User(
            id: try rows[0].int("id"), email: email, name: name, role: role, passwordHash: passwordHash,
            createdAt: createdAt)
    }

    /// Finds a user by normalised (trimmed, lower-case) email.
    func find(email: String) async throws -> User? {
        try await database.query("SELECT \(Self.columns) FROM users WHERE email = ?", [.text(email)])
            .first.map(Self.user)
    }

    func find(id: Int64) async throws -> User? {
        try await database.query("SELECT \(Self.columns) FROM users WHERE id = ?", [.int(id)]).first.map(Self.user)
    }

    private static func user(_ row: SQLRow) throws -> User {
        User(
            id: try row.int("id"), email: try row.text("email"), name: try row.text("name"),
            role: User.Role(rawValue: try row.text("role")) ?? .user, passwordHash: try row.text("password_hash"),
            createdAt: try row.timestamp("created_at"))
    }
}

/// The queries on `refresh_tokens`, which hold SHA-256 hashes only.
struct RefreshTokenRepository: Sendable {
    func create(_ db: any SQLExecutor, userID: Int64, tokenHash: String, expiresAt: Timestamp) async throws {
        try await db.query(
            "INSERT INTO refresh_tokens (user_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?)",
            [.int(userID), .text(tokenHash), .timestamp(expiresAt), .timestamp(.now())])
    }

    /// Revokes a live token and returns its user; nil for unknown, used and
    /// expired tokens. The check and the revocation are one statement, so two
    /// concurrent requests with the same token cannot both succeed.
    func consume(_ db: any SQLExecutor, tokenHash: String) async throws -> Int64? {
        let now = Timestamp.now()
        let rows = try await db.query(
            """
            UPDATE refresh_tokens SET revoked_at = ?
            WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?
            RETURNING user_id
            """,
            [.timestamp(now), .text(tokenHash), .timestamp(now)])
        return try rows.first?.int("user_id")
    }
}
