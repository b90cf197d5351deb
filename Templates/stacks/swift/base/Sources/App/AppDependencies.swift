import Logging

/// Everything the controllers need. Building it is `buildApplication`'s job,
/// so tests and `main` wire the same service differently without globals.
struct AppDependencies: Sendable {
    var configuration: AppConfiguration
    var logger: Logger
    var database: any Database
    var cache: any ResponseCache
    var tokens: TokenIssuer
    var passwords: PasswordHasher
    var metrics: HTTPMetrics
    /// Applies to every request; nil disables it.
    var rateLimiter: (any RateLimiter)?
    /// Applies to login and register on top of `rateLimiter`; nil disables it.
    var authRateLimiter: (any RateLimiter)?
    /// Verified when a login names an unknown email, so the answer takes as
    /// long as for a wrong password and timing does not reveal accounts.
    var dummyPasswordHash: String

    var users: UserRepository { UserRepository(database: database) }
    var refreshTokens: RefreshTokenRepository { RefreshTokenRepository() }
}
