import Foundation

/// The report a learner reads: one line per checkpoint, every failure with
/// what was expected, what came back, and a curl command to see it again.
public enum HumanReport {
    public static func render(_ report: VerifyReport) -> String {
        var text = "verify \(report.tier) at \(report.baseURL) (seed \(report.seed))\n"
        for list in CheckpointList.allCases {
            let checkpoints = report.suite.checkpoints.filter { $0.list == list }
            let sections = checkpoints.compactMap { checkpoint -> (Checkpoint, [ProbeResult])? in
                let results = report.results.filter { $0.checkpoint == checkpoint }
                return results.isEmpty ? nil : (checkpoint, results)
            }
            guard !sections.isEmpty else { continue }
            text += "\n\(list.rawValue)\n"
            for (checkpoint, results) in sections {
                text += line(checkpoint, results)
                for result in results { text += details(result) }
            }
            if list == .checkpoints {
                for missing in report.suite.notInTier where report.results.count == report.suite.probes.count {
                    text += "  n/a   \(missing.slug.padding(toLength: 22, withPad: " ", startingAt: 0)) not in this tier: \(missing.reason)\n"
                }
            }
        }
        text += "\n\(report.passed) passed, \(report.failed) failed, \(report.notRun) not run (seed \(report.seed); replay with --seed \(report.seed))\n"
        return text
    }

    static func line(_ checkpoint: Checkpoint, _ results: [ProbeResult]) -> String {
        let failed = results.filter { if case .failed = $0.outcome { true } else { false } }.count
        let notRun = results.filter { if case .notRun = $0.outcome { true } else { false } }.count
        let passed = results.count - failed - notRun
        let mark = failed > 0 ? "FAIL" : (passed == 0 ? "skip" : "ok  ")
        var status = "\(passed)/\(results.count) probes passed"
        if failed > 0 { status += ", \(failed) failed" }
        if notRun > 0 { status += ", \(notRun) not run" }
        return "  \(mark)  \(checkpoint.slug.padding(toLength: 22, withPad: " ", startingAt: 0)) \(checkpoint.title): \(status)\n"
    }

    static func details(_ result: ProbeResult) -> String {
        switch result.outcome {
        case .passed:
            return result.notes.map { "          \(result.probe.slug): \($0)\n" }.joined()
        case .notRun(let reason):
            return "        not run  \(result.probe.slug): \(reason)\n"
        case .failed(let failure):
            var text = "        FAILED   \(result.probe.slug): \(result.probe.title)\n"
            text += "                 expected: \(failure.expected)\n"
            text += "                 actual:   \(indent(failure.actual))\n"
            if let exchange = failure.exchange {
                text += "                 replay:   \(exchange.curl.truncated(600))\n"
                let response = exchange.response
                let headers = response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "; ")
                text += "                 response: \(response.status) \(headers.truncated(400))\n"
                if !response.body.isEmpty { text += "                           \(indent(response.text.truncated(400)))\n" }
            }
            return text
        }
    }

    private static func indent(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\n                           ")
    }
}
