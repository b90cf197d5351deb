import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import Testing

@testable import App

// Black-box API tests start the real service with `buildApplication` on a
// free port (HummingbirdTesting's `.live` setup) and talk to it over HTTP.
//
// Each instance gets its own SQLite file and in-process cache. Set
// TEST_DATABASE_URL=postgres://... and/or TEST_REDIS_URL=redis://... to run
// the same tests against PostgreSQL (a fresh schema per instance, dropped
// afterwards) and Redis (a logical database per running instance, flushed
// first: point it at a Redis dedicated to tests).

enum TestEnvironment {
    /// Known to the tests so they can mint expired and forged tokens, as an
    /// external verifier would.
    static let jwtSecret = "test-secret-0123456789abcdef0123456789"
    static let adminEmail = "admin@example.com"
    static let adminPassword = "admin-password"

    static var postgresURL: String? { ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap(nonEmpty) }
    static var redisURL: String? { ProcessInfo.processInfo.environment["TEST_REDIS_URL"].flatMap(nonEmpty) }

    private static func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }
}

/// Runs `body` against a fresh instance of the service. Rate limits are off
/// unless `overrides` sets them, so tests do not throttle each other.
func withApp(
    _ overrides: [String: String] = [:], setup: TestingSetup = .live,
    _ body: @Sendable (APIClient) async throws -> Void
) async throws {
    var environment = [
        "HOST": "127.0.0.1", "PORT": "0", "APP_ENV": "test", "JWT_SECRET": TestEnvironment.jwtSecret,
        "LOG_LEVEL": "error", "RATE_LIMIT_RPM": "0", "AUTH_RATE_LIMIT_RPM": "0",
        "ADMIN_EMAIL": TestEnvironment.adminEmail, "ADMIN_PASSWORD": TestEnvironment.adminPassword,
    ]
    let database = try await TestDatabase.create()
    environment["DATABASE_URL"] = database.url
    let redisDatabase = TestEnvironment.redisURL == nil ? nil : await RedisDatabases.shared.acquire()
    do {
        if let redisDatabase {
            environment["REDIS_URL"] = try await RedisDatabases.flushed(redisDatabase)
        }
        environment.merge(overrides) { _, override in override }
        let configuration = try AppConfiguration.load(from: environment)
        let app = try await buildApplication(configuration, logSink: { _ in })
        try await app.test(setup) { client in
            try await body(APIClient(client: client))
        }
    } catch {
        await database.drop()
        if let redisDatabase { await RedisDatabases.shared.release(redisDatabase) }
        throw error
    }
    await database.drop()
    if let redisDatabase { await RedisDatabases.shared.release(redisDatabase) }
}

/// A fresh database: a SQLite file in a temporary directory, or a new schema
/// in the PostgreSQL of TEST_DATABASE_URL.
struct TestDatabase: Sendable {
    var url: String
    var drop: @Sendable () async -> Void

    static func create() async throws -> TestDatabase {
        guard let base = TestEnvironment.postgresURL else {
            let directory = FileManager.default.temporaryDirectory.appending(path: "api-test-\(randomSuffix())")
            return TestDatabase(url: "sqlite:" + directory.appending(path: "app.db").path) {
                try? FileManager.default.removeItem(at: directory)
            }
        }
        let schema = "test_" + randomSuffix()
        try await withPostgres(base) { try await $0.query("CREATE SCHEMA \(schema)") }
        // Unknown URL parameters become run-time settings of every
        // connection, so the app's connections start in the new schema.
        let separator = base.contains("?") ? "&" : "?"
        return TestDatabase(url: base + separator + "search_path=" + schema) {
            try? await withPostgres(base) { try await $0.query("DROP SCHEMA \(schema) CASCADE") }
        }
    }

    private static func withPostgres(
        _ url: String, _ body: @Sendable (any Database) async throws -> Void
    ) async throws {
        guard case .postgres(let parsed) = try DatabaseURL(parsing: url) else { return }
        let database = PostgresDatabase(url: parsed, metrics: HTTPMetrics(), logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.client.run() }
            defer { group.cancelAll() }
            try await body(database)
        }
    }
}

/// Hands out Redis logical databases 1 to 15, one per running instance, so
/// instances of one run never share cached todos or rate-limit counters.
actor RedisDatabases {
    static let shared = RedisDatabases()
    private var free = Array(1...15)
    private var waiters: [CheckedContinuation<Int, Never>] = []

    func acquire() async -> Int {
        if let number = free.popLast() { return number }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ number: Int) {
        if waiters.isEmpty { free.append(number) } else { waiters.removeFirst().resume(returning: number) }
    }

    /// TEST_REDIS_URL with logical database `number`, emptied first.
    static func flushed(_ number: Int) async throws -> String {
        guard let base = TestEnvironment.redisURL, var components = URLComponents(string: base) else {
            throw TestFailure("TEST_REDIS_URL is not a URL")
        }
        components.path = "/\(number)"
        let url = components.string!
        let client = RedisClient(url: RedisURL(parsing: url)!)
        _ = try await client.send("FLUSHDB")
        await client.close()
        return url
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func randomSuffix() -> String {
    randomBytes(6).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// Sends requests to one instance, optionally with a bearer token.
struct APIClient: Sendable {
    let client: any TestClientProtocol
    var token: String?

    func withToken(_ token: String?) -> APIClient {
        APIClient(client: client, token: token)
    }

    /// `body` is sent as it is, with `Content-Type: application/json`
    /// unless `headers` says otherwise.
    @discardableResult
    func request(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil, headers: [String: String] = [:]
    ) async throws -> APIResponse {
        var fields = HTTPFields()
        if body != nil { fields[.contentType] = "application/json" }
        if let token { fields[.authorization] = "Bearer \(token)" }
        for (name, value) in headers {
            fields[HTTPField.Name(name)!] = value
        }
        let response = try await client.execute(
            uri: path, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
        return APIResponse(
            status: Int(response.status.code), headers: response.headers,
            body: Array(response.body.readableBytesView))
    }

    @discardableResult
    func request(
        _ method: HTTPRequest.Method, _ path: String, json: JSON, headers: [String: String] = [:]
    ) async throws -> APIResponse {
        try await request(method, path, body: String(decoding: json.serialized(), as: UTF8.self), headers: headers)
    }
}

struct APIResponse: Sendable {
    var status: Int
    var headers: HTTPFields
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers[HTTPField.Name(name)!]
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as JSON; an undecodable body fails the test.
    var json: JSONInput {
        get throws {
            do {
                return try JSONDecoder().decode(JSONInput.self, from: Data(body))
            } catch {
                throw TestFailure("body is not JSON: \(text)")
            }
        }
    }

    /// Fails the test unless the status is `expected`.
    @discardableResult
    func expect(_ expected: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> APIResponse {
        try #require(
            status == expected, "status \(status), want \(expected); body: \(text)", sourceLocation: sourceLocation)
        return self
    }

    /// Checks the error envelope: status, code, request_id equal to the
    /// X-Request-ID header, and the fields named in details.
    @discardableResult
    func expectError(
        _ status: Int, _ code: String, fields: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> JSONInput {
        try expect(status, sourceLocation: sourceLocation)
        #expect(header("Content-Type") == "application/json; charset=utf-8", sourceLocation: sourceLocation)
        let envelope = try #require(try json["error"], "no error envelope: \(text)", sourceLocation: sourceLocation)
        #expect(envelope["code"]?.string == code, "body: \(text)", sourceLocation: sourceLocation)
        #expect(envelope["message"]?.string?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(
            envelope["request_id"]?.string == header("X-Request-ID") && header("X-Request-ID") != nil,
            sourceLocation: sourceLocation)
        if code == "VALIDATION_ERROR" {
            let details = try #require(
                envelope["details"]?.array, "no details: \(text)", sourceLocation: sourceLocation)
            let named = Set(details.compactMap { $0["field"]?.string })
            for field in fields {
                #expect(named.contains(field), "details do not name \(field): \(text)", sourceLocation: sourceLocation)
            }
        }
        return envelope
    }
}

extension JSONInput {
    subscript(key: String) -> JSONInput? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    var string: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    var int: Int64? {
        guard case .number(let value) = self else { return nil }
        return Int64(exactly: value)
    }

    var bool: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    var array: [JSONInput]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    var object: [String: JSONInput]? {
        guard case .object(let value) = self else { return nil }
        return value
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// A registered, logged-in account.
struct TestUser: Sendable {
    var id: Int64
    var email: String
    var password: String
    var accessToken: String
    var refreshToken: String
}

extension APIClient {
    /// Creates and logs in a new account with a unique email. Password
    /// hashing is deliberately slow, so tests create few users.
    func registerUser(_ name: String) async throws -> TestUser {
        let email = "\(name)-\(randomSuffix())@example.com"
        let password = "password-\(name)"
        let created = try await request(
            .post, "/api/v1/auth/register",
            json: .object([("email", .string(email)), ("password", .string(password)), ("name", .string(name))])
        ).expect(201).json
        let tokens = try await request(
            .post, "/api/v1/auth/login", json: .object([("email", .string(email)), ("password", .string(password))])
        ).expect(200).json
        return TestUser(
            id: try #require(created["id"]?.int), email: email, password: password,
            accessToken: try #require(tokens["access_token"]?.string),
            refreshToken: try #require(tokens["refresh_token"]?.string))
    }
}
