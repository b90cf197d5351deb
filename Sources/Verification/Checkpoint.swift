/// The four checkpoint lists of the learning paths (PRODUCT.md).
public enum CheckpointList: String, Sendable, CaseIterable {
    case checkpoints
    case bestPractices = "best-practices"
    case standards
    case owaspAPI = "owasp-api"
}

/// A named goal of a learning path, proven by one or more probes.
public struct Checkpoint: Sendable, Equatable {
    public let slug: String
    public let list: CheckpointList
    public let title: String
}

/// What a probe needs beyond HTTP access to the server.
public enum Requirement: String, Sendable, Hashable {
    /// The JWT secret, to mint expired, tampered and unsigned tokens.
    case secret
    /// The SQLite database file, to inspect the schema and explain plans.
    case database
    /// A server `verify` started itself: logs, memory, signals, a second
    /// instance with other settings.
    case ownProcess
    /// The project folder and its test command.
    case project
    /// A second instance with low rate limits: one verify starts, or the one
    /// `--limited-url` names.
    case limitedInstance = "limited-instance"
}

/// One black-box check with a stable slug: `<checkpoint>.<name>`.
public struct Probe: Sendable {
    public let slug: String
    public let title: String
    public let needs: Set<Requirement>
    let body: @Sendable (ProbeContext) throws -> Void

    public init(_ slug: String, _ title: String, needs: Set<Requirement> = [], _ body: @escaping @Sendable (ProbeContext) throws -> Void) {
        self.slug = slug
        self.title = title
        self.needs = needs
        self.body = body
    }

    public var checkpointSlug: String { String(slug.prefix { $0 != "." }) }
}

/// Why a probe failed: what was expected, what came back, and the exchange
/// to replay.
public struct ProbeFailure: Error, Sendable {
    public let expected: String
    public let actual: String
    public let exchange: Exchange?

    public init(expected: String, actual: String, exchange: Exchange? = nil) {
        self.expected = expected
        self.actual = actual
        self.exchange = exchange
    }
}

public enum ProbeOutcome: Sendable {
    case passed
    case failed(ProbeFailure)
    case notRun(reason: String)
}

public struct ProbeResult: Sendable {
    public let probe: Probe
    public let checkpoint: Checkpoint
    public let outcome: ProbeOutcome
    public let seconds: Double
    /// Figures a probe reports even when it passes (latencies, request rates).
    public let notes: [String]
}
