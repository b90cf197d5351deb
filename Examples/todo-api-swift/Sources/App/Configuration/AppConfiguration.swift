import Foundation

/// The validated configuration, read once at start-up from environment
/// variables. Durations and sizes are typed so no caller has to remember
/// units, and every variable has a default that works on a developer machine.
struct AppConfiguration: Sendable {
    enum Environment: String, Sendable {
        case development, test, production
    }

    var host: String
    var port: Int
    var database: DatabaseURL
    /// nil: in-process cache and rate limiting.
    var redisURL: RedisURL?
    /// Empty: `AppConfiguration.load` callers generate a per-process secret.
    var jwtSecret: [UInt8]
    var accessTokenTTL: Duration
    var refreshTokenTTL: Duration
    /// Requests per minute per client; 0 disables the limit.
    var rateLimitPerMinute: Int
    /// Requests per minute per client on login and register; 0 disables it.
    var authRateLimitPerMinute: Int
    var corsOrigins: [String]
    var maxBodyBytes: Int
    var adminEmail: String?
    var adminPassword: String?
    var logLevel: String
    var environment: Environment

    /// RFC 7518 section 3.2: an HS256 key must be at least as long as the
    /// hash output.
    static let minimumJWTSecretBytes = 32

    /// Reads every variable and reports every problem at once, so a broken
    /// deployment is fixed in one round trip instead of one per variable.
    static func load(from environment: [String: String]) throws(ConfigurationError) -> AppConfiguration {
        var reader = EnvironmentReader(environment: environment)
        let host = reader.string("HOST", default: "127.0.0.1")
        let port = reader.integer("PORT", default: 8080, in: 0...65535)
        let databaseURL = reader.string("DATABASE_URL", default: "sqlite:./data/app.db")
        let redisURL = reader.string("REDIS_URL", default: "")
        let accessTTL = reader.integer("ACCESS_TTL_SECONDS", default: 900, in: 1...86400)
        let refreshTTL = reader.integer("REFRESH_TTL_SECONDS", default: 604800, in: 1...31_536_000)
        let rateLimit = reader.integer("RATE_LIMIT_RPM", default: 600, in: 0...1_000_000)
        let authRateLimit = reader.integer("AUTH_RATE_LIMIT_RPM", default: 20, in: 0...1_000_000)
        let corsOrigins = reader.list("CORS_ORIGINS", default: "http://localhost:3000")
        let maxBodyBytes = reader.integer("MAX_BODY_BYTES", default: 1_048_576, in: 1...(1 << 30))
        let adminEmail = reader.string("ADMIN_EMAIL", default: "").lowercased()
        let adminPassword = reader.string("ADMIN_PASSWORD", default: "")
        let logLevel = reader.string("LOG_LEVEL", default: "info").lowercased()
        let appEnv = reader.string("APP_ENV", default: "development").lowercased()

        var jwtSecret: [UInt8] = []
        if let secret = environment["JWT_SECRET"], !secret.isEmpty {
            jwtSecret = Array(secret.utf8)
            if jwtSecret.count < minimumJWTSecretBytes {
                reader.problem("JWT_SECRET must be at least \(minimumJWTSecretBytes) bytes long")
            }
        }
        if !isIPAddress(host) && !isHostname(host) {
            reader.problem("HOST \(goQuoted(host)) is not an IP address or host name")
        }
        var database = DatabaseURL.sqliteMemory
        do {
            database = try DatabaseURL(parsing: databaseURL)
        } catch {
            reader.problem("DATABASE_URL \(error.message)")
        }
        var redis: RedisURL?
        if !redisURL.isEmpty {
            redis = RedisURL(parsing: redisURL)
            if redis == nil {
                reader.problem("REDIS_URL must look like redis://host:port/db")
            }
        }
        for origin in corsOrigins where origin != "*" && !isOrigin(origin) {
            reader.problem("CORS_ORIGINS entry \(goQuoted(origin)) is not an origin such as https://example.com")
        }
        if !["debug", "info", "warn", "error"].contains(logLevel) {
            reader.problem("LOG_LEVEL must be one of debug, info, warn, error")
        }
        let environmentName = Environment(rawValue: appEnv)
        if environmentName == nil {
            reader.problem("APP_ENV must be one of development, test, production")
        }
        if environmentName == .production && jwtSecret.isEmpty {
            reader.problem("JWT_SECRET is required when APP_ENV=production")
        }
        if adminEmail.isEmpty != adminPassword.isEmpty {
            reader.problem("ADMIN_EMAIL and ADMIN_PASSWORD must be set together")
        }
        let adminPasswordLength = adminPassword.unicodeScalars.count
        if !adminPassword.isEmpty && !(8...128).contains(adminPasswordLength) {
            reader.problem("ADMIN_PASSWORD must be 8 to 128 characters long")
        }
        if !reader.problems.isEmpty {
            throw ConfigurationError(problems: reader.problems)
        }
        return AppConfiguration(
            host: host,
            port: port,
            database: database,
            redisURL: redis,
            jwtSecret: jwtSecret,
            accessTokenTTL: .seconds(accessTTL),
            refreshTokenTTL: .seconds(refreshTTL),
            rateLimitPerMinute: rateLimit,
            authRateLimitPerMinute: authRateLimit,
            corsOrigins: corsOrigins,
            maxBodyBytes: maxBodyBytes,
            adminEmail: adminEmail.isEmpty ? nil : adminEmail,
            adminPassword: adminPassword.isEmpty ? nil : adminPassword,
            logLevel: logLevel,
            environment: environmentName ?? .development
        )
    }
}

/// Every invalid variable. Its description fits on one line because it is
/// what an operator sees on stderr when the service refuses to start.
struct ConfigurationError: Error, CustomStringConvertible {
    var problems: [String]

    var description: String {
        "invalid configuration: " + problems.joined(separator: "; ")
    }
}

/// Where the data lives: `sqlite::memory:`, `sqlite:PATH` or
/// `postgres://user:pass@host:port/db?sslmode=disable`.
enum DatabaseURL: Sendable, Equatable {
    case sqliteMemory
    case sqliteFile(path: String)
    case postgres(PostgresURL)

    struct Problem: Error {
        var message: String
    }

    init(parsing raw: String) throws(Problem) {
        if raw == "sqlite::memory:" {
            self = .sqliteMemory
        } else if raw.hasPrefix("sqlite:") {
            let path = String(raw.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw Problem(message: "sqlite: needs a file path or :memory:") }
            self = .sqliteFile(path: path)
        } else if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            guard let url = PostgresURL(parsing: raw) else {
                throw Problem(message: "must look like postgres://user:pass@host:port/db")
            }
            self = .postgres(url)
        } else {
            throw Problem(message: "must start with sqlite: or postgres://")
        }
    }
}

extension DatabaseURL {
    var dialect: SQLDialect {
        switch self {
        case .sqliteMemory, .sqliteFile: .sqlite
        case .postgres: .postgres
        }
    }
}

struct PostgresURL: Sendable, Equatable {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String
    /// `sslmode` from the query; `disable` turns TLS off.
    var sslMode: String
    /// Any other query parameter is sent as a run-time setting at connection
    /// start-up (as libpq does), e.g. `search_path=tenant_a`.
    var settings: [String: String]

    init?(parsing raw: String) {
        guard let components = URLComponents(string: raw), let host = components.host, !host.isEmpty else {
            return nil
        }
        let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !database.isEmpty else { return nil }
        self.host = host
        self.port = components.port ?? 5432
        self.username = components.user ?? "postgres"
        self.password = components.password
        self.database = database
        var sslMode = "prefer"
        var settings: [String: String] = [:]
        for item in components.queryItems ?? [] {
            if item.name == "sslmode" {
                sslMode = item.value ?? sslMode
            } else {
                settings[item.name] = item.value ?? ""
            }
        }
        self.sslMode = sslMode
        self.settings = settings
    }
}

/// `redis://[:password@]host[:port][/db]`.
struct RedisURL: Sendable, Equatable {
    var host: String
    var port: Int
    var password: String?
    var database: Int

    init?(parsing raw: String) {
        guard let components = URLComponents(string: raw), components.scheme == "redis",
            let host = components.host, !host.isEmpty
        else { return nil }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard let database = path.isEmpty ? 0 : Int(path), database >= 0 else { return nil }
        self.host = host
        self.port = components.port ?? 6379
        self.password = components.password
        self.database = database
    }
}

/// Collects problems while reading variables; blank values count as unset.
private struct EnvironmentReader {
    let environment: [String: String]
    var problems: [String] = []

    mutating func problem(_ message: String) {
        problems.append(message)
    }

    func string(_ name: String, default fallback: String) -> String {
        let value = (environment[name] ?? "").trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? fallback : value
    }

    mutating func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) -> Int {
        let raw = (environment[name] ?? "").trimmingCharacters(in: .whitespaces)
        if raw.isEmpty { return fallback }
        guard let value = Int(raw) else {
            problem("\(name) must be a whole number, got \(goQuoted(raw))")
            return fallback
        }
        guard range.contains(value) else {
            problem("\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
            return fallback
        }
        return value
    }

    func list(_ name: String, default fallback: String) -> [String] {
        string(name, default: fallback).split(separator: ",").compactMap { item in
            var origin = item.trimmingCharacters(in: .whitespaces)
            if origin.hasSuffix("/") { origin.removeLast() }
            return origin.isEmpty ? nil : origin
        }
    }
}

/// Quotes a value the way the other stacks' messages do ("value"), so an
/// operator sees exactly what was read, spaces included.
func goQuoted(_ value: String) -> String {
    var quoted = "\""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": quoted += "\\\""
        case "\\": quoted += "\\\\"
        case "\n": quoted += "\\n"
        case "\t": quoted += "\\t"
        case "\r": quoted += "\\r"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7f {
                quoted += String(format: "\\x%02x", scalar.value)
            } else {
                quoted.unicodeScalars.append(scalar)
            }
        }
    }
    return quoted + "\""
}

private func isIPAddress(_ host: String) -> Bool {
    var ipv4 = in_addr()
    var ipv6 = in6_addr()
    return inet_pton(AF_INET, host, &ipv4) == 1 || inet_pton(AF_INET6, host, &ipv6) == 1
}

private func isHostname(_ host: String) -> Bool {
    guard !host.isEmpty, host.utf8.count <= 253 else { return false }
    return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
        !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
            && label.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }
    }
}

private func isOrigin(_ origin: String) -> Bool {
    guard let components = URLComponents(string: origin),
        let scheme = components.scheme, scheme == "http" || scheme == "https",
        let host = components.host, !host.isEmpty
    else { return false }
    return components.path.isEmpty || components.path == "/"
}
