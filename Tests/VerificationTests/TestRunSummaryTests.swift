import Testing
@testable import Verification

@Suite("TestRunSummary")
struct TestRunSummaryTests {
    /// Sample closing output of each runner, keyed by a label. Passed to the
    /// test by label only: Swift Testing prints arguments, and CI logs must
    /// not carry lines that look like another runner's result.
    static let samples: [String: (output: String, runner: String, passed: Int, failed: Int)] = [
        "go test -v": ("=== RUN   TestA\n--- PASS: TestA (0.00s)\n    --- PASS: TestA/sub (0.00s)\n--- FAIL: TestB (0.01s)\nFAIL", "go test -v", 2, 1),
        "pytest with failures": ("tests/test_x.py ..F\n==== 1 failed, 2 passed in 0.12s ====", "pytest", 2, 1),
        "pytest": ("==================== 12 passed in 1.02s ====================", "pytest", 12, 0),
        "cargo test": ("test result: ok. 3 passed; 0 failed; 0 ignored\ntest result: FAILED. 4 passed; 2 failed; 0 ignored", "cargo test", 7, 2),
        "node --test (TAP)": ("# tests 9\n# pass 8\n# fail 1", "node --test", 8, 1),
        "node --test (spec)": ("\u{2714} todo list (739ms)\n\u{2139} tests 80\n\u{2139} suites 33\n\u{2139} pass 80\n\u{2139} fail 0", "node --test", 80, 0),
        "maven surefire": ("[INFO] Tests run: 5, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 1 s - in a.BTest\n[INFO] Tests run: 14, Failures: 1, Errors: 1, Skipped: 0", "maven surefire", 12, 2),
        "summary line": ("lots of output\n41 passed, 0 failed, 2 skipped", "summary line", 41, 0),
    ]

    @Test("each runner's closing lines give its counts", arguments: samples.keys.sorted())
    func parses(_ label: String) throws {
        let sample = try #require(Self.samples[label])
        let summary = TestRunSummary.parse(sample.output, exitCode: 0)
        #expect(summary.runner == sample.runner)
        #expect(summary.passed == sample.passed)
        #expect(summary.failed == sample.failed)
    }

    @Test("swift test's closing line, less the tests it marked failed")
    func swiftTesting() {
        // Built here rather than passed as an argument: Swift Testing prints
        // arguments, and a line that looks like a failure confuses CI's count.
        let mark = "\u{2718}"
        let output = "\u{2714} Test \"a\" passed after 0.1 seconds.\n\(mark) Test \"b\" failed after 0.2 seconds with 1 issue.\n"
            + "\(mark) Test run with 6 tests in 2 suites failed after 0.3 seconds with 1 issue."
        let summary = TestRunSummary.parse(output, exitCode: 1)
        #expect(summary.runner == "swift test")
        #expect(summary.passed == 5 && summary.failed == 1)
    }

    @Test("output no runner prints is counted as nothing, not as a pass")
    func unknownOutput() {
        let summary = TestRunSummary.parse("compiling...\ndone", exitCode: 0)
        #expect(summary.passed == 0 && summary.failed == 0)
        #expect(summary.runner == "none recognised")
    }
}
