import Foundation

/// Pass/fail counts read from what a test runner printed.
public struct TestRunSummary: Sendable, Equatable {
    public let exitCode: Int32
    public let passed: Int
    public let failed: Int
    /// Which runner's closing line the counts came from.
    public let runner: String

    /// Reads the counts of the common runners; the last recognised line wins.
    public static func parse(_ output: String, exitCode: Int32) -> TestRunSummary {
        var passed = 0, failed = 0, runner = "none recognised"
        var goPassed = 0, goFailed = 0
        var cargoPassed = 0, cargoFailed = 0, cargoSeen = false
        var surefire: (Int, Int)?
        var swiftFailed = 0
        for raw in output.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("--- PASS: ") { goPassed += 1 }
            if line.hasPrefix("--- FAIL: ") { goFailed += 1 }
            if let m = capture(line, #"^test result: \w+\. (\d+) passed; (\d+) failed"#) {
                cargoPassed += m[0]; cargoFailed += m[1]; cargoSeen = true
            }
            if let m = capture(line, #"Tests run: (\d+), Failures: (\d+), Errors: (\d+)"#), !line.contains(" - in ") {
                surefire = (m[0] - m[1] - m[2], m[1] + m[2])
            }
            // node --test: "# pass N" with the TAP reporter, "ℹ pass N" with spec.
            if let m = capture(line, #"^(?:#|ℹ) pass (\d+)$"#) { passed = m[0]; runner = "node --test" }
            if let m = capture(line, #"^(?:#|ℹ) fail (\d+)$"#) { failed = m[0]; runner = "node --test" }
            if let m = capture(line, #"^=+ (?:(\d+) failed, )?(\d+) passed"#) {
                passed = m.count == 2 ? m[1] : m[0]; failed = m.count == 2 ? m[0] : 0; runner = "pytest"
            }
            if let m = capture(line, #"^=+ (\d+) failed(?:, \d+ \w+)*"#), !line.contains("passed") {
                failed = m[0]; runner = "pytest"
            }
            if line.hasPrefix("✘ Test "), !line.hasPrefix("✘ Test run"), line.contains(" failed after ") { swiftFailed += 1 }
            if let m = capture(line, #"Test run with (\d+) tests?"#) {
                passed = m[0] - swiftFailed; failed = swiftFailed; runner = "swift test"
            }
            if let m = capture(line, #"^Executed (\d+) tests?, with (\d+) failures?"#), runner != "swift test" {
                passed = m[0] - m[1]; failed = m[1]; runner = "XCTest"
            }
            if let m = capture(line, #"^(\d+) passed, (\d+) failed"#) { passed = m[0]; failed = m[1]; runner = "summary line" }
        }
        if runner == "none recognised" {
            if cargoSeen { passed = cargoPassed; failed = cargoFailed; runner = "cargo test" }
            else if let surefire { passed = surefire.0; failed = surefire.1; runner = "maven surefire" }
            else if goPassed + goFailed > 0 { passed = goPassed; failed = goFailed; runner = "go test -v" }
        }
        return TestRunSummary(exitCode: exitCode, passed: passed, failed: failed, runner: runner)
    }

    private static func capture(_ line: String, _ pattern: String) -> [Int]? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line))
        else { return nil }
        var values: [Int] = []
        for group in 1..<match.numberOfRanges {
            guard let range = Range(match.range(at: group), in: line) else { continue }
            values.append(Int(line[range]) ?? 0)
        }
        return values
    }
}

enum TestsProbes {
    static let all: [Probe] = [
        Probe("tests.suite-passes", "the project's own test command exits 0 with passing tests and none failing", needs: [.project]) { c in
            guard let run = c.runTests else { return }
            let summary = try run()
            c.note("\(summary.passed) passed, \(summary.failed) failed (counted from \(summary.runner)), exit \(summary.exitCode)")
            try c.expect(summary.exitCode == 0, "the test command to exit 0", actual: "exit \(summary.exitCode); \(summary.passed) passed, \(summary.failed) failed")
            try c.expect(summary.failed == 0 && summary.passed > 0, "passing tests and no failure", actual: "\(summary.passed) passed, \(summary.failed) failed (\(summary.runner))")
        },
    ]
}
