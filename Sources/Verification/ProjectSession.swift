#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `verify DIR`: builds the project, runs its tests, starts it with settings
/// verify chose (so it knows the secret and the database file), probes it,
/// and stops every instance it started.
final class ProjectSession: @unchecked Sendable {
    let directory: URL
    let options: VerifyOptions
    let observer: VerifyObserver
    let scratch: URL
    let secret: String
    let manifest: ProjectManifest
    private let lock = NSLock()
    private var instances: [ChildProcess] = []
    private var instanceCount = 0

    init(directory: URL, options: VerifyOptions, observer: VerifyObserver) throws(VerifyError) {
        self.directory = directory.standardizedFileURL
        self.options = options
        self.observer = observer
        self.manifest = try ProjectManifest.load(from: directory)
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("verify-\(getpid())-\(options.seed)")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    func grade() throws(VerifyError) -> VerifyReport {
        guard let suite = TierSuite.named(manifest.tier) else { throw .usage(Verifier.unknownTier(manifest.tier)) }
        let probes = try Verifier.select(suite, only: options.only)
        let skipped = try Verifier.matching(options.skip, in: suite)
        defer { cleanUp() }

        try build()
        let summary: TestRunSummary? = probes.contains { $0.needs.contains(.project) && !skipped.contains($0.slug) } ? try runTests() : nil
        let database = scratch.appendingPathComponent("app.db")
        let main = try start(extra: [:], database: database)
        let context = ProbeContext(
            server: main, secret: secret, database: database, projectDirectory: directory, seed: options.seed, load: options.load,
            startInstance: { [unowned self] extra in
                do { return try self.start(extra: extra, database: self.scratch.appendingPathComponent("extra-\(UUID().uuidString).db")) }
                catch { throw ProbeFailure(expected: "a second instance with \(extra) to start", actual: "\(error)") }
            },
            runTests: { guard let summary else { throw ProbeFailure(expected: "test results", actual: "the tests did not run") }; return summary }
        )
        let results = Verifier.runProbes(probes, suite: suite, context: context, observer: observer, available: Verifier.unmet(secret: secret, database: database, ownProcess: true), skipped: skipped)
        if options.keep, let process = main.process {
            lock.withLock { instances.removeAll { $0 === process } }
            observer.progress("left running at \(main.client.address.baseURL) (process group \(process.pid); stop it with: kill -TERM -- -\(process.pid))")
            observer.progress("its database: \(database.path); JWT_SECRET=\(secret)")
        }
        return VerifyReport(tier: suite.tier, seed: options.seed, baseURL: main.client.address.baseURL, results: results, suite: suite)
    }

    /// The machine's environment, so toolchains on PATH and package settings
    /// reach the project's commands.
    private var baseEnvironment: [String: String] { ProcessInfo.processInfo.environment }

    private func build() throws(VerifyError) {
        observer.progress("building: \(manifest.commands.build)")
        let log = scratch.appendingPathComponent("build.log")
        let started = Date()
        let code = try runLogged(manifest.commands.build, log: log)
        guard code == 0 else {
            throw .startup("the build failed (exit \(code)): \(manifest.commands.build)\n\(tail(log))")
        }
        observer.progress(String(format: "built in %.1f s", Date().timeIntervalSince(started)))
    }

    private func runTests() throws(VerifyError) -> TestRunSummary {
        observer.progress("running the project's tests: \(manifest.commands.test)")
        let log = scratch.appendingPathComponent("tests.log")
        let started = Date()
        let code = try runLogged(manifest.commands.test, log: log)
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let summary = TestRunSummary.parse(output, exitCode: code)
        observer.progress(String(format: "tests: exit %d, %d passed, %d failed (%@) in %.1f s", code, summary.passed, summary.failed, summary.runner, Date().timeIntervalSince(started)))
        if code != 0 { observer.progress("last lines of the test output:\n" + tail(log)) }
        return summary
    }

    private func runLogged(_ command: String, log: URL) throws(VerifyError) -> Int32 {
        do {
            return try runToCompletion(command, in: directory, environment: baseEnvironment, logFile: log)
        } catch {
            throw .process("\(error)")
        }
    }

    /// Starts an instance on a free port and waits until /health answers.
    func start(extra: [String: String], database: URL) throws(VerifyError) -> ServerInstance {
        let port = try freePort()
        let number = lock.withLock { () -> Int in instanceCount += 1; return instanceCount }
        var environment = baseEnvironment
        let chosen: [String: String] = [
            "HOST": "127.0.0.1",
            "PORT": String(port),
            "DATABASE_URL": "sqlite:\(database.path)",
            "JWT_SECRET": secret,
            "ADMIN_EMAIL": "admin-\(options.seed)@example.test",
            "ADMIN_PASSWORD": "admin-password-\(secret.prefix(12))",
            "RATE_LIMIT_RPM": "0",
            "AUTH_RATE_LIMIT_RPM": "0",
            "CORS_ORIGINS": "http://app.verify.test",
            "MAX_BODY_BYTES": "65536",
            "APP_ENV": "test",
            "LOG_LEVEL": "info",
        ].merging(extra) { _, new in new }
        environment.merge(chosen) { _, new in new }
        environment["REDIS_URL"] = nil
        let log = scratch.appendingPathComponent("app-\(number).log")
        let process: ChildProcess
        do {
            process = try ChildProcess(command: manifest.commands.run, directory: directory, environment: environment, logFile: log, replaceShell: true)
        } catch {
            throw .startup("cannot start the app (\(manifest.commands.run)): \(error)")
        }
        lock.withLock { instances.append(process) }
        let address = ServerAddress(host: "127.0.0.1", port: port)
        let label = extra.isEmpty ? "" : " with " + extra.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        observer.progress("starting: \(manifest.commands.run) on \(address.baseURL)\(label)")
        let started = Date()
        let client = HTTPClient(address: address)
        while Date().timeIntervalSince(started) < 90 {
            if let code = process.poll() {
                throw .startup("the app exited with code \(code) before it was ready; its last log lines:\n\(process.logTail(20))")
            }
            // Alive after answering: another program that took the port in
            // the meantime must not pass for the app.
            if let exchange = try? client.send(HTTPRequest("GET", "/health")), exchange.response.status == 200, process.poll() == nil {
                observer.progress(String(format: "ready after %.1f s", Date().timeIntervalSince(started)))
                return ServerInstance(client: client, process: process, environment: chosen)
            }
            usleep(50_000)
        }
        process.stop()
        throw .startup("the app did not answer GET /health within 90 s; its last log lines:\n\(process.logTail(20))")
    }

    private func cleanUp() {
        let running = lock.withLock { instances }
        for process in running { process.stop() }
        if !options.keep { try? FileManager.default.removeItem(at: scratch) }
    }

    private func tail(_ log: URL, lines: Int = 25) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}

/// A loopback port nobody is listening on right now.
func freePort() throws(VerifyError) -> Int {
    #if canImport(Glibc)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw .process("cannot open a socket") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    guard bound == 0 else { throw .process("cannot bind a loopback port") }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}
