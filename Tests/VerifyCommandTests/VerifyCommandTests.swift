import CommandLineSupport
import Foundation
import Mustache
import Testing
import VerifyCommand

struct Invocation {
    let code: ExitCode
    let stdout: String
    let stderr: String
}

func verify(_ arguments: String..., in folder: URL = FileManager.default.temporaryDirectory) -> Invocation {
    let streams = RecordedStreams()
    let code = VerifyCommand(streams: streams, workingDirectory: folder).run(arguments)
    return Invocation(code: code, stdout: streams.stdout, stderr: streams.stderr)
}

/// A throwaway project folder with a practice.json and, optionally, a tiny
/// server script, removed when `body` ends.
func withProject<T>(
    build: String = "true", test: String = "echo '1 passed, 0 failed'", run: String, server: String? = nil,
    _ body: (URL) throws -> T
) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verify-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifest = #"{"tier": "todo-api", "stack": "fake", "commands": {"build": \#(quoted(build)), "test": \#(quoted(test)), "run": \#(quoted(run))}}"#
    try Data(manifest.utf8).write(to: folder.appendingPathComponent("practice.json"))
    if let server { try Data(server.utf8).write(to: folder.appendingPathComponent("server.py")) }
    return try body(folder)
}

private func quoted(_ text: String) -> String {
    String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
}

/// Answers /health and nothing else of the contract.
let healthOnlyServer = """
    import http.server, json, os
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/health":
                body = json.dumps({"status": "ok"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
            else:
                body = b"not found"
                self.send_response(404)
                self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        do_POST = do_GET
        def log_message(self, *args):
            pass
    http.server.HTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Handler).serve_forever()
    """

@Suite("verify DIR")
struct ProjectRunTests {
    @Test("a failing build exits 3 with the build's last lines")
    func buildFails() throws {
        try withProject(build: "echo 'main.go:3: undefined: x' >&2; exit 4", run: "true") { folder throws in
            let result = verify(folder.path, "--checkpoint", "monitoring.health")
            #expect(result.code == .notStarted)
            #expect(result.stderr.contains("the build failed (exit 4)"))
            #expect(result.stderr.contains("main.go:3: undefined: x"))
        }
    }

    @Test("an app that dies before it is ready exits 3 with its exit code and log")
    func appDies() throws {
        try withProject(run: "echo 'DATABASE_URL is invalid' >&2; exit 2") { folder throws in
            let result = verify(folder.path, "--checkpoint", "monitoring.health")
            #expect(result.code == .notStarted)
            #expect(result.stderr.contains("the app exited with code 2 before it was ready"))
            #expect(result.stderr.contains("DATABASE_URL is invalid"))
        }
    }

    @Test("probes run against the started app: what it serves passes, what it lacks fails with exit 1")
    func partialServer() throws {
        try withProject(run: "python3 server.py", server: healthOnlyServer) { folder throws in
            let result = verify(folder.path, "--format", "json", "--seed", "5",
                                "--checkpoint", "monitoring.health", "--checkpoint", "rest-api.wrong-method-is-405")
            #expect(result.code == .failure, "\(result.stderr)")
            var statuses: [String: String] = [:]
            for line in result.stdout.split(separator: "\n") {
                guard let event = try? JSONDecoder().decode(Value.self, from: Data(line.utf8)),
                      event["event"] == "probe", case .string(let slug)? = event["slug"], case .string(let status)? = event["status"]
                else { continue }
                statuses[slug] = status
            }
            #expect(statuses == ["monitoring.health": "passed", "rest-api.wrong-method-is-405": "failed"])
            #expect(result.stdout.contains(#""seed":5"#))
        }
    }

    @Test("the tests checkpoint reads the project's own runner")
    func testsCheckpoint() throws {
        try withProject(test: "echo '3 passed, 1 failed'; exit 1", run: "python3 server.py", server: healthOnlyServer) { folder throws in
            let result = verify(folder.path, "--checkpoint", "tests")
            #expect(result.code == .failure)
            #expect(result.stdout.contains("FAILED   tests.suite-passes"))
            #expect(result.stdout.contains("exit 1; 3 passed, 1 failed"))
        }
    }
}

@Suite("verify arguments")
struct ArgumentTests {
    @Test("usage problems exit 2 and are reported together", arguments: [
        ([], ["missing the project folder"]),
        (["--url", "http://127.0.0.1:1"], ["--url needs --tier"]),
        (["dir", "--url", "http://127.0.0.1:1", "--tier", "todo-api"], ["either DIR or --url"]),
        (["dir", "--format", "xml", "--seed", "abc"], ["--format must be human or json", "--seed must be a whole number"]),
        (["--url", "ftp://x", "--tier", "todo-api"], ["--url must look like http://127.0.0.1:8080"]),
        (["dir", "--jwt-secret", "s"], ["--jwt-secret goes with --url"]),
        (["dir", "--chekpoint", "auth"], ["unknown option --chekpoint (did you mean --checkpoint?)"]),
    ])
    func usage(_ arguments: [String], _ messages: [String]) {
        let streams = RecordedStreams()
        let code = VerifyCommand(streams: streams).run(arguments)
        #expect(code == .usage)
        for message in messages { #expect(streams.stderr.contains(message), "\(streams.stderr)") }
    }

    @Test("a folder without practice.json is a usage error that says what is missing")
    func noManifest() {
        let folder = FileManager.default.temporaryDirectory
        let result = verify(folder.path)
        #expect(result.code == .usage)
        #expect(result.stderr.contains("practice.json not found"))
    }

    @Test("an unknown checkpoint is a usage error with a suggestion")
    func unknownCheckpoint() throws {
        try withProject(run: "true") { folder throws in
            let result = verify(folder.path, "--checkpoint", "schemaa")
            #expect(result.code == .usage)
            #expect(result.stderr.contains("did you mean 'schema'?"))
        }
    }

    @Test("an unknown tier for --url is a usage error with a suggestion")
    func unknownTier() {
        let result = verify("--url", "http://127.0.0.1:1", "--tier", "todo")
        #expect(result.code == .usage)
        #expect(result.stderr.contains("unknown tier 'todo' (did you mean 'todo-api'?)"))
    }

    @Test("--url on a port nobody listens on exits 3")
    func nothingListening() {
        let result = verify("--url", "http://127.0.0.1:1", "--tier", "todo-api")
        #expect(result.code == .notStarted)
        #expect(result.stderr.contains("does not answer"))
    }

    @Test("--list shows every list, checkpoint and probe with its needs")
    func list() {
        let result = verify("--list")
        #expect(result.code == .success)
        for text in ["checkpoints", "best-practices", "standards", "owasp-api", "auth.alg-none-rejected",
                     "standards.p95-under-200ms", "[needs database]", "sql-joins: not in this tier"] {
            #expect(result.stdout.contains(text), "missing \(text)")
        }
    }

    @Test("--help and --version", arguments: [["--help"], ["-h"], ["--version"]])
    func help(_ arguments: [String]) {
        let streams = RecordedStreams()
        #expect(VerifyCommand(streams: streams).run(arguments) == .success)
        #expect(streams.stdout.contains(arguments == ["--version"] ? "verify \(VerifyCommand.version)" : "Usage"))
    }
}
