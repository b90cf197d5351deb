#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CommandLineSupport
import Foundation

/// What to grade and how.
public struct VerifyOptions: Sendable {
    public enum Target: Sendable {
        /// A project folder with practice.json: build, test, start, probe.
        case project(URL)
        /// A server already running.
        case url(ServerAddress, tier: String)
    }

    public var target: Target
    public var jwtSecret: String?
    public var database: URL?
    /// `--url` mode: a second server started with RATE_LIMIT_RPM=5 and
    /// AUTH_RATE_LIMIT_RPM=3, for the rate-limit probes.
    public var limitedServer: ServerAddress?
    /// Checkpoint slugs, probe slugs or list names; empty means everything.
    public var only: [String] = []
    /// Deselected the same way; reported as not run, never as passed.
    public var skip: [String] = []
    public var seed: UInt64
    public var keep = false
    public var load = LoadSettings()

    public init(target: Target, seed: UInt64) {
        self.target = target
        self.seed = seed
    }
}

public struct VerifyReport: Sendable {
    public let tier: String
    public let seed: UInt64
    public let baseURL: String
    public let results: [ProbeResult]
    public let suite: TierSuite

    public var failed: Int { results.filter { if case .failed = $0.outcome { true } else { false } }.count }
    public var passed: Int { results.filter { if case .passed = $0.outcome { true } else { false } }.count }
    public var notRun: Int { results.count - passed - failed }
}

/// Receives progress while the verifier works (stderr, in the command line).
public protocol VerifyObserver: Sendable {
    func progress(_ message: String)
    func finished(_ result: ProbeResult, index: Int, of total: Int)
}

/// Runs the whole grading: build, tests, start, probes, stop.
public struct Verifier: Sendable {
    public init() {}

    /// The probes `only` selects, or a usage error naming what matched nothing.
    public static func select(_ suite: TierSuite, only: [String]) throws(VerifyError) -> [Probe] {
        guard !only.isEmpty else { return suite.probes }
        let chosen = try matching(only, in: suite)
        return suite.probes.filter { probe in chosen.contains(probe.slug) }
    }

    /// Slugs of the probes that `names` (probe, checkpoint or list names) match.
    static func matching(_ names: [String], in suite: TierSuite) throws(VerifyError) -> Set<String> {
        var unknown: [String] = []
        var chosen = Set<String>()
        for name in names {
            let matching = suite.probes.filter { probe in
                probe.slug == name || probe.checkpointSlug == name || suite.checkpoint(of: probe).list.rawValue == name
            }
            if matching.isEmpty { unknown.append(name) }
            chosen.formUnion(matching.map(\.slug))
        }
        if !unknown.isEmpty {
            let known = suite.checkpoints.map(\.slug) + suite.probes.map(\.slug)
            let lines = unknown.map { name -> String in
                let hint = Suggestion.closest(to: name, among: known).map { " (did you mean '\($0)'?)" } ?? ""
                return "unknown checkpoint or probe '\(name)'\(hint); 'verify --list' shows them all"
            }
            throw .usage(lines.joined(separator: "\n"))
        }
        return chosen
    }

    public func run(_ options: VerifyOptions, observer: VerifyObserver) throws(VerifyError) -> VerifyReport {
        switch options.target {
        case .url(let address, let tier):
            guard let suite = TierSuite.named(tier) else { throw .usage(Self.unknownTier(tier)) }
            let probes = try Self.select(suite, only: options.only)
            let skipped = try Self.matching(options.skip, in: suite)
            let server = ServerInstance(client: HTTPClient(address: address), process: nil, environment: [:])
            observer.progress("probing \(address.baseURL) as \(tier) (seed \(options.seed))")
            do {
                _ = try HTTPClient(address: address).send(HTTPRequest("GET", "/health"))
            } catch {
                throw .startup("\(address.baseURL) does not answer: \(error)")
            }
            let limited = options.limitedServer.map { ServerInstance(client: HTTPClient(address: $0), process: nil, environment: [:]) }
            let context = ProbeContext(server: server, secret: options.jwtSecret, database: options.database, projectDirectory: nil,
                                       seed: options.seed, load: options.load, startInstance: nil, limitedServer: limited, runTests: nil)
            var missing = Self.unmet(secret: options.jwtSecret, database: options.database, ownProcess: false)
            if limited == nil {
                missing[.limitedInstance] = "needs a second instance started with RATE_LIMIT_RPM=5 AUTH_RATE_LIMIT_RPM=3: pass --limited-url URL"
            }
            let results = Self.runProbes(probes, suite: suite, context: context, observer: observer, available: missing, skipped: skipped)
            return VerifyReport(tier: tier, seed: options.seed, baseURL: address.baseURL, results: results, suite: suite)
        case .project(let directory):
            return try ProjectSession(directory: directory, options: options, observer: observer).grade()
        }
    }

    /// Why each requirement cannot be met, for the probes that need it.
    static func unmet(secret: String?, database: URL?, ownProcess: Bool) -> [Requirement: String] {
        var missing: [Requirement: String] = [:]
        if secret == nil { missing[.secret] = "needs the server's JWT secret to mint tokens: pass --jwt-secret" }
        if database == nil { missing[.database] = "needs the SQLite database file: pass --db PATH" }
        if !ownProcess {
            missing[.ownProcess] = "needs a server that verify starts itself (run 'verify DIR' on the project)"
            missing[.project] = "needs the project folder to run its tests (run 'verify DIR')"
        }
        return missing
    }

    static func unknownTier(_ tier: String) -> String {
        let known = TierSuite.all.map(\.tier)
        let hint = Suggestion.closest(to: tier, among: known).map { " (did you mean '\($0)'?)" } ?? ""
        return "unknown tier '\(tier)'\(hint); verify grades: \(known.joined(separator: ", "))"
    }

    /// Runs every probe in order; a probe whose needs are unmet is reported as
    /// not run, with the reason, never as passed.
    static func runProbes(_ probes: [Probe], suite: TierSuite, context: ProbeContext, observer: VerifyObserver, available missing: [Requirement: String], skipped: Set<String>) -> [ProbeResult] {
        var results: [ProbeResult] = []
        for (index, probe) in probes.enumerated() {
            let checkpoint = suite.checkpoint(of: probe)
            let started = Date()
            let outcome: ProbeOutcome
            if skipped.contains(probe.slug) {
                outcome = .notRun(reason: "deselected with --skip")
            } else if let unmet = probe.needs.sorted(by: { $0.rawValue < $1.rawValue }).first(where: { missing[$0] != nil }) {
                outcome = .notRun(reason: missing[unmet]!)
            } else {
                do {
                    try probe.body(context)
                    outcome = .passed
                } catch let failure as ProbeFailure {
                    outcome = .failed(failure)
                } catch {
                    outcome = .failed(ProbeFailure(expected: "the probe to run", actual: "\(error)"))
                }
            }
            let result = ProbeResult(probe: probe, checkpoint: checkpoint, outcome: outcome,
                                     seconds: Date().timeIntervalSince(started), notes: context.takeNotes())
            results.append(result)
            observer.finished(result, index: index + 1, of: probes.count)
        }
        return results
    }
}
