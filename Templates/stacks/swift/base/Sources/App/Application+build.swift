import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Builds the whole service from its configuration: database, cache, rate
/// limiters, routes and middleware. Tests call it too, with their own
/// configuration and log sink, so they run the real service.
func buildApplication(
    _ configuration: AppConfiguration, logSink: @escaping JSONLogHandler.Sink = JSONLogHandler.standardOutput
) async throws -> some ApplicationProtocol {
    let level = JSONLogHandler.level(named: configuration.logLevel)
    let logger = Logger(label: "app") { _ in JSONLogHandler(level: level, sink: logSink) }
    // Hummingbird's own start-up lines would come before ours; only its
    // warnings and errors are of interest.
    let frameworkLogger = Logger(label: "hummingbird") { _ in
        JSONLogHandler(level: max(level, .warning), sink: logSink)
    }
    // Lines to log once the server listens, so the first line states the
    // bound address, which is how callers find the port when PORT=0.
    let notes = StartupNotes()

    let openAPIDocument = try OpenAPIDocument.load()
    let migrations = try Migrator.bundled(for: configuration.database.dialect)
    let passwords = PasswordHasher()
    let dummyPasswordHash = try await passwords.hash(base64URLEncode(randomBytes(24)))
    var secret = configuration.jwtSecret
    if secret.isEmpty {
        secret = randomBytes(32)
        notes.add(
            .warning, "JWT_SECRET is not set: using a random secret, so tokens stop working when the process restarts")
    }
    let metrics = HTTPMetrics()
    var services: [any Service] = []
    let database: any Database
    switch configuration.database {
    case .sqliteMemory:
        database = try await SQLiteDatabase.open(path: nil, metrics: metrics, logger: frameworkLogger)
    case .sqliteFile(let path):
        database = try await SQLiteDatabase.open(path: path, metrics: metrics, logger: frameworkLogger)
    case .postgres(let url):
        let postgres = PostgresDatabase(url: url, metrics: metrics, logger: frameworkLogger)
        services.append(postgres.client)
        database = postgres
    }

    var cache: any ResponseCache = MemoryCache()
    var rateLimiter: (any RateLimiter)?
    var authRateLimiter: (any RateLimiter)?
    let redis = configuration.redisURL.map { RedisClient(url: $0) }
    if let client = redis {
        cache = RedisCache(redis: client)
        if configuration.rateLimitPerMinute > 0 {
            rateLimiter = RedisRateLimiter(
                redis: client, prefix: "ratelimit:api:", limit: configuration.rateLimitPerMinute)
        }
        if configuration.authRateLimitPerMinute > 0 {
            authRateLimiter = RedisRateLimiter(
                redis: client, prefix: "ratelimit:auth:", limit: configuration.authRateLimitPerMinute)
        }
    } else {
        if configuration.rateLimitPerMinute > 0 {
            rateLimiter = MemoryRateLimiter(limit: configuration.rateLimitPerMinute)
        }
        if configuration.authRateLimitPerMinute > 0 {
            authRateLimiter = MemoryRateLimiter(limit: configuration.authRateLimitPerMinute)
        }
    }
    // Closes connections after the server has drained: services stop in
    // the reverse order of their start, and the server starts last.
    services.append(ShutdownService(database: database, redis: redis))

    let dependencies = AppDependencies(
        configuration: configuration,
        logger: logger,
        database: database,
        cache: cache,
        tokens: await TokenIssuer(secret: secret, ttl: configuration.accessTokenTTL),
        passwords: passwords,
        metrics: metrics,
        rateLimiter: rateLimiter,
        authRateLimiter: authRateLimiter,
        dummyPasswordHash: dummyPasswordHash
    )

    var app = Application(
        router: buildRouter(dependencies, openAPIDocument: openAPIDocument),
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
        services: services,
        onServerRunning: { channel in
            logger.info("listening", metadata: ["addr": .string(listeningAddress(channel.localAddress))])
            notes.flush(to: logger)
        },
        logger: frameworkLogger
    )
    app.beforeServerStarts {
        // The redis connection is checked now, so a wrong REDIS_URL fails at
        // start-up rather than on the first request.
        if let redis {
            _ = try await redis.send("PING")
        }
        try await Migrator.migrate(database, migrations)
        try await ensureAdmin(dependencies, notes: notes)
    }
    return app
}

/// The middleware chain and every route. The order matters: the request id
/// comes first so every later step, including the log line and any error
/// envelope, can carry it, and errors become envelopes inside CORS so that
/// browsers can read them.
func buildRouter(_ dependencies: AppDependencies, openAPIDocument: [UInt8]) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    let table = RouteTable()
    // Router middleware applies to the routes added after it.
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ObservabilityMiddleware(logger: dependencies.logger, metrics: dependencies.metrics))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: AppCORSMiddleware(allowedOrigins: dependencies.configuration.corsOrigins))
    router.add(middleware: ErrorMiddleware(routes: table, logger: dependencies.logger))
    router.add(middleware: BodyLimitMiddleware(maxBytes: dependencies.configuration.maxBodyBytes))
    if let limiter = dependencies.rateLimiter {
        router.add(
            middleware: RateLimitMiddleware(limiter: limiter, tokens: dependencies.tokens, logger: dependencies.logger))
    }

    let routes = Routes(router: router, table: table)
    let authenticated = AuthenticationMiddleware(tokens: dependencies.tokens)
    OperationsController(dependencies: dependencies, openAPIDocument: openAPIDocument).addRoutes(to: routes)
    AuthController(dependencies: dependencies).addRoutes(to: routes, authenticated: authenticated)
    addTierRoutes(to: routes, dependencies: dependencies, authenticated: authenticated)
    return router
}

/// Creates the bootstrap admin account from ADMIN_EMAIL and ADMIN_PASSWORD
/// unless it exists. An existing account is left as it is, so a changed
/// ADMIN_PASSWORD never silently resets a password.
private func ensureAdmin(_ dependencies: AppDependencies, notes: StartupNotes) async throws {
    guard let email = dependencies.configuration.adminEmail, let password = dependencies.configuration.adminPassword,
        try await dependencies.users.find(email: email) == nil
    else { return }
    let hash = try await dependencies.passwords.hash(password)
    do {
        _ = try await dependencies.users.create(email: email, name: "Administrator", passwordHash: hash, role: .admin)
        notes.add(.info, "created admin account", ["email": .string(email)])
    } catch DatabaseError.uniqueViolation {
        // Another instance created it first.
    }
}

/// `host:port`, with IPv6 addresses in brackets, as clients write them.
private func listeningAddress(_ address: SocketAddress?) -> String {
    guard let address, let ip = address.ipAddress, let port = address.port else { return "unknown" }
    return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
}

/// The OpenAPI document of the contract, shipped as a resource.
enum OpenAPIDocument {
    static func load() throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources")
        else { throw CocoaError(.fileNoSuchFile) }
        return Array(try Data(contentsOf: url))
    }
}

/// Log lines held back until the server listens.
final class StartupNotes: Sendable {
    private let lines = Mutex<[(Logger.Level, String, Logger.Metadata)]>([])

    func add(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata = [:]) {
        lines.withLock { $0.append((level, message, metadata)) }
    }

    func flush(to logger: Logger) {
        for (level, message, metadata) in lines.withLock({ lines in
            defer { lines = [] }; return lines
        }) {
            logger.log(level: level, "\(message)", metadata: metadata)
        }
    }
}

/// Closes the database and Redis connections when the service stops.
private struct ShutdownService: Service {
    let database: any Database
    let redis: RedisClient?

    func run() async throws {
        try? await gracefulShutdown()
        await database.close()
        await redis?.close()
    }
}
