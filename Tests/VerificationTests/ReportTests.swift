import Foundation
import Mustache
import Testing
@testable import Verification

@Suite("Reports")
struct ReportTests {
    static func report() -> VerifyReport {
        let suite = TierSuite.named("todo-api")!
        let request = HTTPRequest.json("POST", "/api/v1/todos", #"{"title":"it's"}"#, token: "t0k")
        let response = HTTPResponse(status: 500, headers: [("Content-Type", "text/plain")], body: Array("boom <b>".utf8))
        let exchange = Exchange(request: request, response: response, baseURL: "http://127.0.0.1:9")
        let probes = Array(suite.probes.prefix(3))
        let outcomes: [ProbeOutcome] = [
            .passed,
            .failed(ProbeFailure(expected: "status 201", actual: "status 500", exchange: exchange)),
            .notRun(reason: "needs the SQLite database file"),
        ]
        let results = zip(probes, outcomes).map {
            ProbeResult(probe: $0.0, checkpoint: suite.checkpoint(of: $0.0), outcome: $0.1, seconds: 0.5, notes: [])
        }
        return VerifyReport(tier: "todo-api", seed: 42, baseURL: "http://127.0.0.1:9", results: results, suite: suite)
    }

    @Test("the human report names the failure, a curl to replay it, and the not-run reason")
    func human() {
        let text = HumanReport.render(Self.report())
        #expect(text.contains("FAILED   \(Self.report().results[1].probe.slug)"))
        #expect(text.contains("expected: status 201"))
        #expect(text.contains(#"curl -i -X POST 'http://127.0.0.1:9/api/v1/todos' -H 'Content-Type: application/json' -H 'Authorization: Bearer t0k' --data-binary '{"title":"it'\''s"}'"#))
        #expect(text.contains("not run  \(Self.report().results[2].probe.slug): needs the SQLite database file"))
        #expect(text.hasSuffix("1 passed, 1 failed, 1 not run (seed 42; replay with --seed 42)\n"))
    }

    @Test("JSON lines are one valid object per probe, with the status")
    func jsonLines() throws {
        let report = Self.report()
        let statuses = try report.results.map { result -> String in
            let line = JSONLinesReport.probe(result)
            #expect(!line.contains("\n"))
            let object = try JSONDecoder().decode(Value.self, from: Data(line.utf8))
            return object.at("status")?.stringValue ?? ""
        }
        #expect(statuses == ["passed", "failed", "not_run"])
        let summary = try JSONDecoder().decode(Value.self, from: Data(JSONLinesReport.summary(report).utf8))
        #expect(summary.at("failed") == .int(1) && summary.at("seed") == .int(42))
    }

    @Test("JUnit marks not-run probes skipped and escapes the response")
    func junit() {
        let xml = JUnitReport.render(Self.report())
        #expect(xml.contains(#"tests="3" failures="1" skipped="1""#))
        #expect(xml.contains("<skipped message=\"needs the SQLite database file\"/>"))
        #expect(xml.contains("boom &lt;b&gt;"))
        #expect(!xml.contains("boom <b>"))
    }
}
