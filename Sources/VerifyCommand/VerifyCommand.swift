import CommandLineSupport
import Foundation
import Verification

/// The `verify` command line: validates the arguments, hands the grading to
/// `Verifier`, prints the report and maps the outcome to an exit code.
public struct VerifyCommand {
    public static let version = "0.1.0"

    static let spec = ArgumentSpec(
        valueOptions: ["--url", "--limited-url", "--tier", "--format", "--junit", "--seed", "--jwt-secret", "--db", "--load-rate", "--load-seconds"],
        flags: ["--list", "--keep", "--version"],
        repeatableOptions: ["--checkpoint", "--skip"]
    )

    let streams: OutputStreams
    let workingDirectory: URL

    public init(
        streams: OutputStreams = StandardStreams(),
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) {
        self.streams = streams
        self.workingDirectory = workingDirectory
    }

    enum Format: String { case human, json }

    public func run(_ arguments: [String]) -> ExitCode {
        let parsed: ParsedArguments
        do {
            parsed = try Self.spec.parse(arguments)
        } catch {
            return usageFailure(error.message)
        }
        if parsed.wantsHelp { streams.out(Self.help); return .success }
        if parsed.has("--version") { streams.out("verify \(Self.version)\n"); return .success }
        if parsed.has("--list") { return list(parsed) }

        let options: VerifyOptions
        let format: Format
        switch validate(parsed) {
        case .failure(let invalid): return usageFailure(invalid.problems.joined(separator: "\n"))
        case .success(let valid): (options, format) = valid
        }

        ChildProcess.stopChildrenOnInterrupt()
        let observer = StreamObserver(streams: streams, format: format)
        let report: VerifyReport
        do {
            report = try Verifier().run(options, observer: observer)
        } catch {
            switch error {
            case .usage(let message): return usageFailure(message)
            case .startup(let message), .process(let message):
                if format == .json { streams.out(JSONLinesReport.event("error", message: message) + "\n") }
                streams.err("verify: \(message)\n")
                return .notStarted
            }
        }
        switch format {
        case .human: streams.out(HumanReport.render(report))
        case .json: streams.out(JSONLinesReport.summary(report) + "\n")
        }
        if let junit = parsed.value("--junit") {
            do {
                try Data(JUnitReport.render(report).utf8).write(to: resolve(junit), options: .atomic)
            } catch {
                streams.err("verify: cannot write the JUnit report to \(junit): \(error.localizedDescription)\n")
                return .failure
            }
        }
        return report.failed > 0 ? .failure : .success
    }

    /// Every problem with the arguments, reported together.
    func validate(_ parsed: ParsedArguments) -> Result<(VerifyOptions, Format), ValidationProblems> {
        var problems: [String] = []
        let format = Format(rawValue: parsed.value("--format") ?? "human")
        if format == nil { problems.append("--format must be human or json, not '\(parsed.value("--format")!)'") }
        var seed = UInt64.random(in: 1...999_999)
        if let text = parsed.value("--seed") {
            if let value = UInt64(text) { seed = value } else { problems.append("--seed must be a whole number, not '\(text)'") }
        }
        var load = LoadSettings()
        for (option, keyPath) in [("--load-rate", \LoadSettings.rate), ("--load-seconds", \LoadSettings.seconds)] {
            guard let text = parsed.value(option) else { continue }
            if let value = Double(text), value > 0, value <= 10_000 { load[keyPath: keyPath] = value } else {
                problems.append("\(option) must be a positive number, not '\(text)'")
            }
        }

        var target: VerifyOptions.Target?
        if let url = parsed.value("--url") {
            if !parsed.positionals.isEmpty { problems.append("give either DIR or --url, not both") }
            if let address = ServerAddress(url: url) {
                if let tier = parsed.value("--tier") { target = .url(address, tier: tier) }
                else { problems.append("--url needs --tier (e.g. --tier todo-api)") }
            } else {
                problems.append("--url must look like http://127.0.0.1:8080, not '\(url)'")
            }
        } else {
            for option in ["--jwt-secret", "--db", "--tier", "--limited-url"] where parsed.value(option) != nil {
                problems.append("\(option) goes with --url; with DIR, verify starts the app and knows it already")
            }
            switch parsed.positionals.count {
            case 0: problems.append("missing the project folder (or --url URL --tier TIER)")
            case 1: target = .project(resolve(parsed.positionals[0]))
            default: problems.append("expected one project folder, got: \(parsed.positionals.joined(separator: " "))")
            }
        }
        var limitedServer: ServerAddress?
        if let url = parsed.value("--limited-url") {
            limitedServer = ServerAddress(url: url)
            if limitedServer == nil { problems.append("--limited-url must look like http://127.0.0.1:8081, not '\(url)'") }
        }
        var database: URL?
        if let path = parsed.value("--db") {
            database = resolve(path)
            if !FileManager.default.fileExists(atPath: database!.path) { problems.append("--db \(path): no such file") }
        }
        guard problems.isEmpty, let target, let format else { return .failure(ValidationProblems(problems)) }
        var options = VerifyOptions(target: target, seed: seed)
        options.jwtSecret = parsed.value("--jwt-secret")
        options.database = database
        options.limitedServer = limitedServer
        options.only = parsed.allValues("--checkpoint")
        options.skip = parsed.allValues("--skip")
        options.keep = parsed.has("--keep")
        options.load = load
        return .success((options, format))
    }

    func list(_ parsed: ParsedArguments) -> ExitCode {
        var suites = TierSuite.all
        if let tier = parsed.value("--tier") {
            guard let suite = TierSuite.named(tier) else {
                let hint = Suggestion.closest(to: tier, among: TierSuite.all.map(\.tier)).map { " (did you mean '\($0)'?)" } ?? ""
                return usageFailure("unknown tier '\(tier)'\(hint); verify grades: \(TierSuite.all.map(\.tier).joined(separator: ", "))")
            }
            suites = [suite]
        }
        streams.out(ChecklistReport.render(suites))
        return .success
    }

    func usageFailure(_ message: String) -> ExitCode {
        streams.usageFailure(message, program: "verify", help: "verify --help")
    }

    func resolve(_ path: String) -> URL { resolvePath(path, against: workingDirectory) }
}

struct ValidationProblems: Error {
    let problems: [String]
    init(_ problems: [String]) { self.problems = problems }
}

extension Result where Failure == ValidationProblems {
    static func failure(_ problems: [String]) -> Result { .failure(ValidationProblems(problems)) }
}

/// Progress to stderr; in json format, every event to stdout as a line too.
final class StreamObserver: VerifyObserver, @unchecked Sendable {
    let streams: OutputStreams
    let format: VerifyCommand.Format
    private let lock = NSLock()

    init(streams: OutputStreams, format: VerifyCommand.Format) {
        self.streams = streams
        self.format = format
    }

    func progress(_ message: String) {
        lock.withLock {
            streams.err("verify: \(message)\n")
            if format == .json { streams.out(JSONLinesReport.event("progress", message: message) + "\n") }
        }
    }

    func finished(_ result: ProbeResult, index: Int, of total: Int) {
        lock.withLock {
            let status: String
            switch result.outcome {
            case .passed: status = "ok"
            case .failed: status = "FAILED"
            case .notRun: status = "not run"
            }
            streams.err(String(format: "[%d/%d] %@ %@ (%.2f s)\n", index, total, status, result.probe.slug, result.seconds))
            if format == .json { streams.out(JSONLinesReport.probe(result) + "\n") }
        }
    }
}
