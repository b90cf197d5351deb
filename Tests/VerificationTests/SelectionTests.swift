import Testing
@testable import Verification

@Suite("Checkpoint selection")
struct SelectionTests {
    let suite = TierSuite.named("todo-api")!

    @Test("every probe belongs to a checkpoint of its tier, and slugs are unique")
    func probesAreWellFormed() {
        let checkpoints = Set(suite.checkpoints.map(\.slug))
        for probe in suite.probes {
            #expect(checkpoints.contains(probe.checkpointSlug), "\(probe.slug) names no checkpoint of the tier")
        }
        #expect(Set(suite.probes.map(\.slug)).count == suite.probes.count)
        for checkpoint in suite.checkpoints {
            #expect(suite.probes.contains { $0.checkpointSlug == checkpoint.slug }, "\(checkpoint.slug) has no probe")
        }
    }

    @Test("every list of the learning paths has checkpoints")
    func everyList() {
        for list in CheckpointList.allCases {
            #expect(suite.checkpoints.contains { $0.list == list }, "no checkpoint in \(list.rawValue)")
        }
    }

    @Test("a probe, a checkpoint or a list selects its probes, in suite order")
    func selects() throws {
        #expect(try Verifier.select(suite, only: ["auth.alg-none-rejected"]).map(\.slug) == ["auth.alg-none-rejected"])
        let auth = try Verifier.select(suite, only: ["auth"])
        #expect(!auth.isEmpty && auth.allSatisfy { $0.checkpointSlug == "auth" })
        let owasp = try Verifier.select(suite, only: ["owasp-api", "api1-bola.read"])
        #expect(owasp.allSatisfy { suite.checkpoint(of: $0).list == .owaspAPI })
        #expect(owasp.filter { $0.slug == "api1-bola.read" }.count == 1)
        #expect(try Verifier.select(suite, only: []).count == suite.probes.count)
    }

    @Test("unknown names are reported together, with a suggestion")
    func unknownNames() {
        #expect(throws: VerifyError.usage(
            "unknown checkpoint or probe 'auht' (did you mean 'auth'?); 'verify --list' shows them all\n"
                + "unknown checkpoint or probe 'kubernetes'; 'verify --list' shows them all"
        )) {
            try Verifier.select(suite, only: ["auht", "kubernetes"])
        }
    }

    @Test("ServerAddress parses what --url accepts", arguments: [
        ("http://127.0.0.1:8080", ServerAddress(host: "127.0.0.1", port: 8080)),
        ("http://localhost:3000/", ServerAddress(host: "localhost", port: 3000)),
        ("http://localhost", ServerAddress(host: "localhost", port: 80)),
    ])
    func parsesURL(_ text: String, _ address: ServerAddress) {
        #expect(ServerAddress(url: text) == address)
    }

    @Test("ServerAddress refuses what it cannot reach", arguments: ["https://127.0.0.1:8443", "127.0.0.1:8080", "http://host:99999", "http://h:1/api"])
    func refusesURL(_ text: String) {
        #expect(ServerAddress(url: text) == nil)
    }
}
