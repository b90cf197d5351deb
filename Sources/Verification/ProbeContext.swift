import Foundation
import Mustache

/// A registered and logged-in user of the server under test.
public struct TestUser: Sendable {
    public let id: Int
    public let email: String
    public let password: String
    public let name: String
    public let accessToken: String
    public let refreshToken: String
}

/// A server the probes can talk to, and what is known about it.
public struct ServerInstance: Sendable {
    public let client: HTTPClient
    /// Nil when the server was started elsewhere (`verify --url`).
    public let process: ChildProcess?
    public let environment: [String: String]
}

/// What every probe gets: the server, the secrets `verify` chose, unique
/// data for this run, and assertion helpers that throw `ProbeFailure`.
public final class ProbeContext: @unchecked Sendable {
    public let server: ServerInstance
    public let secret: String?
    public let database: URL?
    public let projectDirectory: URL?
    public let seed: UInt64
    public let load: LoadSettings
    /// Starts another instance of the app with extra environment (a low rate
    /// limit, say); nil in `--url` mode.
    let startInstance: (@Sendable ([String: String]) throws -> ServerInstance)?
    /// `--url` mode: a second server the learner started with low limits.
    let limitedServer: ServerInstance?
    let runTests: (@Sendable () throws -> TestRunSummary)?

    private let lock = NSLock()
    private var random: SplitMix64
    private var counter = 0
    private var sharedUsers: [String: TestUser] = [:]
    var notes: [String] = []

    init(
        server: ServerInstance, secret: String?, database: URL?, projectDirectory: URL?, seed: UInt64, load: LoadSettings,
        startInstance: (@Sendable ([String: String]) throws -> ServerInstance)?,
        limitedServer: ServerInstance? = nil,
        runTests: (@Sendable () throws -> TestRunSummary)?
    ) {
        self.server = server
        self.secret = secret
        self.database = database
        self.projectDirectory = projectDirectory
        self.seed = seed
        self.load = load
        self.random = SplitMix64(seed: seed)
        self.startInstance = startInstance
        self.limitedServer = limitedServer
        self.runTests = runTests
    }

    /// The same helpers aimed at another instance, with data of its own (its
    /// database may or may not be shared with the main server's).
    func on(_ instance: ServerInstance) -> ProbeContext {
        ProbeContext(server: instance, secret: secret, database: nil, projectDirectory: nil, seed: seed &+ 7919, load: load,
                     startInstance: nil, runTests: nil)
    }

    public var client: HTTPClient { server.client }

    /// A figure worth printing even when the probe passes.
    public func note(_ text: String) { lock.withLock { notes.append(text) } }

    func takeNotes() -> [String] {
        lock.withLock {
            defer { notes = [] }
            return notes
        }
    }

    // MARK: unique data

    /// A short token unique to this run and call, reproducible from the seed.
    public func unique(_ prefix: String) -> String {
        lock.withLock {
            counter += 1
            let word = String(random.next() % 0xFFFFFF, radix: 36)
            return "\(prefix)-\(seed % 100_000)-\(counter)-\(word)"
        }
    }

    public func randomInt(_ range: ClosedRange<Int>) -> Int {
        lock.withLock { range.lowerBound + Int(random.next() % UInt64(range.count)) }
    }

    // MARK: HTTP

    public func send(_ request: HTTPRequest, on instance: ServerInstance? = nil) throws -> Exchange {
        do {
            return try (instance ?? server).client.send(request)
        } catch let error as HTTPClientError {
            throw ProbeFailure(expected: "a response to \(request.method) \(request.target)", actual: error.description)
        }
    }

    public func get(_ target: String, token: String? = nil) throws -> Exchange {
        try send(HTTPRequest("GET", target).bearer(token))
    }

    public func json(_ method: String, _ target: String, _ body: String, token: String? = nil) throws -> Exchange {
        try send(.json(method, target, body, token: token))
    }

    // MARK: users

    /// Registers and logs in a new user with unique credentials.
    public func newUser(_ label: String = "user") throws -> TestUser {
        let email = unique(label).lowercased() + "@example.test"
        let password = "pw-" + unique("secret")
        let name = "Verify \(label.capitalized)"
        let registered = try json("POST", "/api/v1/auth/register", #"{"email":\#(jsonQuote(email)),"password":\#(jsonQuote(password)),"name":\#(jsonQuote(name))}"#)
        try expect(registered, status: 201, "register a new user")
        guard let id = registered.response.json?.at("id")?.intValue else {
            throw ProbeFailure(expected: "register returns the user with an integer id", actual: registered.response.text.truncated(), exchange: registered)
        }
        let (access, refresh) = try login(email: email, password: password)
        return TestUser(id: id, email: email, password: password, name: name, accessToken: access, refreshToken: refresh)
    }

    public func login(email: String, password: String) throws -> (access: String, refresh: String) {
        let exchange = try json("POST", "/api/v1/auth/login", #"{"email":\#(jsonQuote(email)),"password":\#(jsonQuote(password))}"#)
        try expect(exchange, status: 200, "log in")
        guard let access = exchange.response.json?.at("access_token")?.stringValue,
              let refresh = exchange.response.json?.at("refresh_token")?.stringValue
        else {
            throw ProbeFailure(expected: "login returns access_token and refresh_token", actual: exchange.response.text.truncated(), exchange: exchange)
        }
        return (access, refresh)
    }

    /// One user per label for the whole run, for probes that only read.
    public func sharedUser(_ label: String) throws -> TestUser {
        if let user = lock.withLock({ sharedUsers[label] }) { return user }
        let user = try newUser(label)
        lock.withLock { sharedUsers[label] = user }
        return user
    }

    // MARK: expectations

    public func expect(_ exchange: Exchange, status: Int, _ what: String) throws {
        guard exchange.response.status == status else {
            throw ProbeFailure(expected: "\(what): status \(status)", actual: "status \(exchange.response.status): \(exchange.response.text.truncated())", exchange: exchange)
        }
    }

    public func expect(_ condition: Bool, _ expected: @autoclosure () -> String, actual: @autoclosure () -> String, _ exchange: Exchange? = nil) throws {
        guard condition else { throw ProbeFailure(expected: expected(), actual: actual(), exchange: exchange) }
    }

    /// The contract's error envelope: status, `error.code`, a message, and a
    /// `request_id` equal to the `X-Request-ID` header.
    public func expectError(_ exchange: Exchange, status: Int, code: String) throws {
        try expect(exchange, status: status, "error \(code)")
        let body = exchange.response.json
        let actualCode = body?.at("error.code")?.stringValue
        try expect(actualCode == code, "error.code \"\(code)\"", actual: "error.code \(body?.at("error.code")?.compact ?? "missing") in \(exchange.response.text.truncated())", exchange)
        try expect(body?.at("error.message")?.stringValue?.isEmpty == false, "a non-empty error.message", actual: exchange.response.text.truncated(), exchange)
        let requestID = exchange.response.header("X-Request-ID")
        try expect(requestID != nil && body?.at("error.request_id")?.stringValue == requestID,
                   "error.request_id equal to the X-Request-ID header (\(requestID ?? "missing"))",
                   actual: "error.request_id \(body?.at("error.request_id")?.compact ?? "missing")", exchange)
        if code == "VALIDATION_ERROR" {
            try expect(body?.at("error.details")?.arrayValue != nil, "error.details, an array", actual: exchange.response.text.truncated(), exchange)
        }
    }

    /// A 422 whose details name `field`.
    public func expectValidation(_ exchange: Exchange, field: String) throws {
        try expectError(exchange, status: 422, code: "VALIDATION_ERROR")
        let fields = exchange.response.json?.at("error.details")?.arrayValue?.compactMap { $0.at("field")?.stringValue } ?? []
        try expect(fields.contains(field), "error.details[].field to name \"\(field)\"", actual: "fields \(fields)", exchange)
    }

    public func expectHeader(_ exchange: Exchange, _ name: String, _ expected: String? = nil) throws {
        let value = exchange.response.header(name)
        if let expected {
            try expect(value == expected, "header \(name): \(expected)", actual: value.map { "\(name): \($0)" } ?? "no \(name) header", exchange)
        } else {
            try expect(value != nil, "a \(name) header", actual: "none", exchange)
        }
    }

    // MARK: database

    /// Runs read-only SQL on the app's SQLite file with the sqlite3 CLI.
    public func sqlite(_ sql: String) throws -> [[String]] {
        guard let database else { throw ProbeFailure(expected: "the database file", actual: "none was given") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-readonly", "-separator", "\u{1F}", "-newline", "\u{1E}", database.path, sql]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw ProbeFailure(expected: "the sqlite3 command (Debian package sqlite3)", actual: "\(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ProbeFailure(expected: "sqlite3 to run: \(sql)", actual: errorText)
        }
        // Unit and record separators, because values (CREATE TABLE text) hold newlines.
        return String(decoding: data, as: UTF8.self).split(separator: "\u{1E}").map {
            $0.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        }
    }
}

/// The open-loop load probe's arrival rate and measured duration.
public struct LoadSettings: Sendable {
    public var rate: Double = 100
    public var seconds: Double = 5
    public init() {}
}

/// Small, fast and seedable: the run's data is replayable with `--seed`.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    func truncated(_ limit: Int = 300) -> String {
        count <= limit ? self : String(prefix(limit)) + "… (\(count) characters)"
    }
}
