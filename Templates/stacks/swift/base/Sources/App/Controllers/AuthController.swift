import Hummingbird

/// Register, login, refresh, logout and the current user.
struct AuthController {
    let dependencies: AppDependencies

    func addRoutes(to routes: Routes, authenticated: AuthenticationMiddleware) {
        var authLimited: [AppMiddleware] = []
        if let limiter = dependencies.authRateLimiter {
            authLimited.append(RateLimitMiddleware(limiter: limiter, tokens: nil, logger: dependencies.logger))
        }
        routes.add(.post, "/api/v1/auth/register", through: authLimited, register)
        routes.add(.post, "/api/v1/auth/login", through: authLimited, login)
        routes.add(.post, "/api/v1/auth/refresh", refresh)
        routes.add(.post, "/api/v1/auth/logout", logout)
        routes.add(.get, "/api/v1/users/me", through: [authenticated], me)
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(request, limit: dependencies.configuration.maxBodyBytes)
        var validator = Validator()
        let email = body.string("email", &validator)
        let password = body.string("password", &validator)
        let name = body.string("name", &validator)

        let normalizedEmail = normalizeEmail(email.value ?? "")
        if !email.invalid {
            validator.check(email.isSet && isValidEmail(normalizedEmail), "email", "must be a valid email address")
        }
        if !password.invalid {
            let length = characterCount(password.value ?? "")
            validator.check(
                password.isSet && (8...128).contains(length), "password", "must be 8 to 128 characters long")
        }
        let trimmedName = trimText(name.value ?? "")
        if !name.invalid {
            let length = characterCount(trimmedName)
            validator.check(name.isSet && (1...100).contains(length), "name", "must be 1 to 100 characters long")
        }
        try validator.validate()

        let hash = try await dependencies.passwords.hash(password.value!)
        let user: User
        do {
            user = try await dependencies.users.create(
                email: normalizedEmail, name: trimmedName, passwordHash: hash, role: .user)
        } catch DatabaseError.uniqueViolation {
            throw APIError.conflict("An account with this email already exists")
        }
        return .json(.created, user.json, headers: [.location: "/api/v1/users/me"])
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(request, limit: dependencies.configuration.maxBodyBytes)
        var validator = Validator()
        let email = body.string("email", &validator)
        let password = body.string("password", &validator)
        if !email.invalid {
            validator.check(email.isSet && email.value != "", "email", "is required")
        }
        if !password.invalid {
            validator.check(password.isSet && password.value != "", "password", "is required")
        }
        try validator.validate()

        let user = try await dependencies.users.find(email: normalizeEmail(email.value!))
        let matches = try await dependencies.passwords.verify(
            password.value!, hash: user?.passwordHash ?? dependencies.dummyPasswordHash)
        guard matches, let user else {
            throw APIError.badCredentials("Invalid email or password")
        }
        let pair = try await dependencies.database.withConnection { db in
            try await issueTokens(db, userID: user.id)
        }
        return .json(.ok, pair)
    }

    /// Rotates a refresh token: the old one is revoked in the transaction
    /// that stores the new one, so a stolen token works at most once.
    @Sendable func refresh(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try await readRefreshToken(request)
        let dependencies = self.dependencies
        let pair: JSON? = try await dependencies.database.transaction { db in
            guard let userID = try await dependencies.refreshTokens.consume(db, tokenHash: RefreshToken.hash(token))
            else { return nil }
            return try await issueTokens(db, userID: userID)
        }
        guard let pair else { throw APIError.badCredentials("Invalid or expired refresh token") }
        return .json(.ok, pair)
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try await readRefreshToken(request)
        let dependencies = self.dependencies
        let userID = try await dependencies.database.withConnection { db in
            try await dependencies.refreshTokens.consume(db, tokenHash: RefreshToken.hash(token))
        }
        guard userID != nil else { throw APIError.badCredentials("Invalid or expired refresh token") }
        return Response(status: .noContent)
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> Response {
        // A valid token for a user that no longer exists.
        guard let user = try await dependencies.users.find(id: try context.requireUserID) else {
            throw APIError.unauthorized("Unknown user")
        }
        return .json(.ok, user.json)
    }

    private func readRefreshToken(_ request: Request) async throws -> String {
        let body = try await JSONBody.decode(request, limit: dependencies.configuration.maxBodyBytes)
        var validator = Validator()
        let token = body.string("refresh_token", &validator)
        if !token.invalid {
            validator.check(token.isSet && token.value != "", "refresh_token", "is required")
        }
        try validator.validate()
        return token.value!
    }

    private func issueTokens(_ db: any SQLExecutor, userID: Int64) async throws -> JSON {
        let now = Timestamp.now()
        let access = try await dependencies.tokens.issue(userID: userID, now: now)
        let refresh = RefreshToken.generate()
        try await dependencies.refreshTokens.create(
            db, userID: userID, tokenHash: refresh.hash,
            expiresAt: now.adding(dependencies.configuration.refreshTokenTTL))
        return .object([
            ("access_token", .string(access)), ("token_type", .string("Bearer")),
            ("expires_in", .int(dependencies.tokens.ttl.components.seconds)), ("refresh_token", .string(refresh.token)),
        ])
    }
}

/// The form emails are stored and looked up in.
func normalizeEmail(_ email: String) -> String {
    trimText(email).lowercased()
}

/// A bare address (`local@domain`, both dot-atoms of RFC 5322 characters);
/// display names, comments and quoted local parts are refused.
func isValidEmail(_ email: String) -> Bool {
    guard (3...254).contains(email.utf8.count) else { return false }
    let parts = email.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2 else { return false }
    return parts.allSatisfy(isDotAtom)
}

private func isDotAtom(_ text: Substring) -> Bool {
    let atext = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)
    return !text.isEmpty
        && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty
                && atom.unicodeScalars.allSatisfy { scalar in
                    (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                        || atext.contains(scalar) || (!scalar.isASCII && !scalar.properties.isWhitespace)
                }
        }
}
