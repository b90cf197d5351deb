import Testing

@testable import App

@Suite struct ConfigurationTests {
    @Test func defaultsWorkWithNoEnvironment() throws {
        let configuration = try AppConfiguration.load(from: [:])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.database == .sqliteFile(path: "./data/app.db"))
        #expect(configuration.redisURL == nil)
        #expect(configuration.jwtSecret.isEmpty)
        #expect(configuration.accessTokenTTL == .seconds(900))
        #expect(configuration.refreshTokenTTL == .seconds(604800))
        #expect(configuration.rateLimitPerMinute == 600)
        #expect(configuration.authRateLimitPerMinute == 20)
        #expect(configuration.corsOrigins == ["http://localhost:3000"])
        #expect(configuration.maxBodyBytes == 1_048_576)
        #expect(configuration.logLevel == "info")
        #expect(configuration.environment == .development)
    }

    @Test func readsEveryVariable() throws {
        let configuration = try AppConfiguration.load(from: [
            "HOST": "0.0.0.0", "PORT": "0", "DATABASE_URL": "postgres://app:secret@db:5433/app?sslmode=disable",
            "REDIS_URL": "redis://:pw@cache:6380/2", "JWT_SECRET": String(repeating: "s", count: 32),
            "CORS_ORIGINS": "https://a.example, https://b.example/", "ADMIN_EMAIL": " Admin@Example.com",
            "ADMIN_PASSWORD": "long enough", "APP_ENV": "production", "LOG_LEVEL": "WARN",
        ])
        #expect(configuration.port == 0)
        guard case .postgres(let postgres) = configuration.database else {
            Issue.record("not PostgreSQL: \(configuration.database)")
            return
        }
        #expect(postgres.host == "db" && postgres.port == 5433 && postgres.database == "app")
        #expect(postgres.username == "app" && postgres.password == "secret" && postgres.sslMode == "disable")
        #expect(configuration.redisURL?.host == "cache" && configuration.redisURL?.database == 2)
        #expect(configuration.redisURL?.password == "pw")
        #expect(configuration.corsOrigins == ["https://a.example", "https://b.example"])
        #expect(configuration.adminEmail == "admin@example.com")
        #expect(configuration.logLevel == "warn")
        #expect(configuration.environment == .production)
    }

    @Test(arguments: [
        ["DATABASE_URL": "mysql://x"],
        ["DATABASE_URL": "sqlite:"],
        ["DATABASE_URL": "postgres://host-only"],
        ["PORT": "http"],
        ["PORT": "70000"],
        ["APP_ENV": "production"],
        ["APP_ENV": "staging"],
        ["JWT_SECRET": "short"],
        ["REDIS_URL": "http://cache"],
        ["CORS_ORIGINS": "not an origin"],
        ["LOG_LEVEL": "loud"],
        ["ADMIN_EMAIL": "admin@example.com"],
        ["ADMIN_EMAIL": "admin@example.com", "ADMIN_PASSWORD": "short"],
        ["HOST": "bad host"],
    ])
    func rejectsInvalidValues(_ environment: [String: String]) {
        #expect(throws: ConfigurationError.self) { try AppConfiguration.load(from: environment) }
    }

    @Test func reportsEveryProblemOnOneLine() {
        do {
            _ = try AppConfiguration.load(from: ["PORT": "http", "DATABASE_URL": "mysql://x"])
            Issue.record("accepted an invalid configuration")
        } catch {
            #expect(error.problems.count == 2)
            #expect(!error.description.contains("\n"))
            #expect(error.description.hasPrefix("invalid configuration: "))
        }
    }
}
