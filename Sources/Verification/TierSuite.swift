/// The checkpoints of one tier and the probes that prove them.
public struct TierSuite: Sendable {
    public let tier: String
    public let checkpoints: [Checkpoint]
    public let probes: [Probe]
    /// Checkpoints of the learning paths this tier does not exercise, and why.
    public let notInTier: [(slug: String, reason: String)]

    public func checkpoint(of probe: Probe) -> Checkpoint {
        checkpoints.first { $0.slug == probe.checkpointSlug }!
    }

    /// Every tier `verify` can grade.
    public static let all: [TierSuite] = [todoAPI]

    public static func named(_ tier: String) -> TierSuite? { all.first { $0.tier == tier } }

    static let todoAPI = TierSuite(
        tier: "todo-api",
        checkpoints: [
            Checkpoint(slug: "rest-api", list: .checkpoints, title: "Build a RESTful API from scratch"),
            Checkpoint(slug: "schema", list: .checkpoints, title: "Design a normalised database schema"),
            Checkpoint(slug: "auth", list: .checkpoints, title: "Authentication with JWT"),
            Checkpoint(slug: "caching", list: .checkpoints, title: "Add a caching layer"),
            Checkpoint(slug: "tests", list: .checkpoints, title: "Write unit and integration tests"),
            Checkpoint(slug: "monitoring", list: .checkpoints, title: "Deploy with monitoring"),
            Checkpoint(slug: "query-plans", list: .checkpoints, title: "Optimise queries with the explain plan"),
            Checkpoint(slug: "api-design", list: .bestPractices, title: "API design: resources, versioning, documentation"),
            Checkpoint(slug: "database", list: .bestPractices, title: "Database: WAL, constraints, hashed secrets"),
            Checkpoint(slug: "security", list: .bestPractices, title: "Security: injection, internals, headers"),
            Checkpoint(slug: "standards", list: .standards, title: "API and performance standards"),
            Checkpoint(slug: "api1-bola", list: .owaspAPI, title: "API1:2023 Broken Object Level Authorization"),
            Checkpoint(slug: "api2-auth", list: .owaspAPI, title: "API2:2023 Broken Authentication"),
            Checkpoint(slug: "api3-mass-assignment", list: .owaspAPI, title: "API3:2023 Broken Object Property Level Authorization"),
            Checkpoint(slug: "api4-resources", list: .owaspAPI, title: "API4:2023 Unrestricted Resource Consumption"),
            Checkpoint(slug: "api8-config", list: .owaspAPI, title: "API8:2023 Security Misconfiguration"),
        ],
        probes: RESTProbes.all + ListProbes.all + DatabaseProbes.all.filter { $0.slug.hasPrefix("schema.") }
            + AuthProbes.all + CachingProbes.all + TestsProbes.all + MonitoringProbes.all
            + DatabaseProbes.all.filter { !$0.slug.hasPrefix("schema.") }
            + SecurityProbes.all + OWASPProbes.all + StandardsProbes.all,
        notInTier: [
            (slug: "sql-joins", reason: "todo-api reads one table per request; the blog-api tier grades joins"),
        ]
    )
}
