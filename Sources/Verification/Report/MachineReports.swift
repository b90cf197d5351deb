import Foundation

/// `--format json`: one JSON object per line, one per probe, then a summary.
public enum JSONLinesReport {
    public static func probe(_ result: ProbeResult) -> String {
        var fields: [(String, String)] = [
            ("event", jsonQuote("probe")), ("slug", jsonQuote(result.probe.slug)),
            ("checkpoint", jsonQuote(result.checkpoint.slug)), ("list", jsonQuote(result.checkpoint.list.rawValue)),
            ("title", jsonQuote(result.probe.title)), ("seconds", String(format: "%.3f", result.seconds)),
        ]
        switch result.outcome {
        case .passed:
            fields.append(("status", jsonQuote("passed")))
        case .notRun(let reason):
            fields += [("status", jsonQuote("not_run")), ("reason", jsonQuote(reason))]
        case .failed(let failure):
            fields += [("status", jsonQuote("failed")), ("expected", jsonQuote(failure.expected)), ("actual", jsonQuote(failure.actual))]
            if let exchange = failure.exchange {
                fields += [("curl", jsonQuote(exchange.curl)), ("response_status", String(exchange.response.status)),
                           ("response_body", jsonQuote(exchange.response.text.truncated(2000)))]
            }
        }
        if !result.notes.isEmpty { fields.append(("notes", "[" + result.notes.map(jsonQuote).joined(separator: ",") + "]")) }
        return object(fields)
    }

    public static func summary(_ report: VerifyReport) -> String {
        object([("event", jsonQuote("summary")), ("tier", jsonQuote(report.tier)), ("base_url", jsonQuote(report.baseURL)),
                ("seed", String(report.seed)), ("passed", String(report.passed)), ("failed", String(report.failed)),
                ("not_run", String(report.notRun))])
    }

    public static func event(_ name: String, message: String) -> String {
        object([("event", jsonQuote(name)), ("message", jsonQuote(message))])
    }

    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(jsonQuote($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }
}

/// `--junit FILE`: one test suite per checkpoint, one test case per probe;
/// not-run probes are `<skipped>` with their reason, never passes.
public enum JUnitReport {
    public static func render(_ report: VerifyReport) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<testsuites name="verify \#(escape(report.tier))" tests="\#(report.results.count)" failures="\#(report.failed)" skipped="\#(report.notRun)">"# + "\n"
        for checkpoint in report.suite.checkpoints {
            let results = report.results.filter { $0.checkpoint == checkpoint }
            guard !results.isEmpty else { continue }
            let failures = results.filter { if case .failed = $0.outcome { true } else { false } }.count
            let skipped = results.filter { if case .notRun = $0.outcome { true } else { false } }.count
            xml += #"  <testsuite name="\#(escape(checkpoint.list.rawValue)).\#(escape(checkpoint.slug))" tests="\#(results.count)" failures="\#(failures)" skipped="\#(skipped)">"# + "\n"
            for result in results {
                xml += #"    <testcase classname="\#(escape(checkpoint.slug))" name="\#(escape(result.probe.slug))" time="\#(String(format: "%.3f", result.seconds))""#
                switch result.outcome {
                case .passed:
                    xml += "/>\n"
                case .notRun(let reason):
                    xml += ">\n      <skipped message=\"\(escape(reason))\"/>\n    </testcase>\n"
                case .failed(let failure):
                    var body = "expected: \(failure.expected)\nactual: \(failure.actual)"
                    if let exchange = failure.exchange { body += "\nreplay: \(exchange.curl)\nresponse: \(exchange.response.status) \(exchange.response.text.truncated(1000))" }
                    xml += ">\n      <failure message=\"\(escape(failure.expected))\">\(escape(body))</failure>\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 forbids most control characters even escaped.
                if scalar.value < 0x20 { out += "?" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

/// `verify --list`: every checkpoint and probe, grouped by list.
public enum ChecklistReport {
    public static func render(_ suites: [TierSuite]) -> String {
        var text = ""
        for suite in suites {
            text += "tier \(suite.tier): \(suite.probes.count) probes\n"
            for list in CheckpointList.allCases {
                text += "\n  \(list.rawValue)\n"
                for checkpoint in suite.checkpoints where checkpoint.list == list {
                    text += "    \(checkpoint.slug): \(checkpoint.title)\n"
                    for probe in suite.probes where probe.checkpointSlug == checkpoint.slug {
                        let needs = probe.needs.isEmpty ? "" : "  [needs " + probe.needs.map(\.rawValue).sorted().joined(separator: ", ") + "]"
                        text += "      \(probe.slug.padding(toLength: 44, withPad: " ", startingAt: 0)) \(probe.title)\(needs)\n"
                    }
                }
                if list == .checkpoints {
                    for missing in suite.notInTier { text += "    \(missing.slug): not in this tier (\(missing.reason))\n" }
                }
            }
        }
        return text
    }
}
