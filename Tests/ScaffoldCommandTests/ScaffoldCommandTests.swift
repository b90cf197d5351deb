import CommandLineSupport
import Foundation
import ScaffoldCommand
import Testing

/// Runs the command in-process against the bundled catalog.
struct Invocation {
    let code: ExitCode
    let stdout: String
    let stderr: String
}

func scaffold(_ arguments: String..., in folder: URL = FileManager.default.temporaryDirectory) -> Invocation {
    let streams = RecordedStreams()
    let code = ScaffoldCommand(streams: streams, workingDirectory: folder).run(arguments)
    return Invocation(code: code, stdout: streams.stdout, stderr: streams.stderr)
}

func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
}

@Suite("scaffold <tier>")
struct GenerateCommandTests {
    @Test("an unknown tier exits 2 with a suggestion and the list")
    func unknownTier() {
        let result = scaffold("todo", "--stack", "go")
        #expect(result.code == .usage)
        #expect(result.stderr.contains("unknown tier 'todo' (did you mean 'todo-api'?); available: todo-api"))
    }

    @Test("an unknown stack exits 2 with a suggestion")
    func unknownStack() {
        let result = scaffold("todo-api", "--stack", "golang")
        #expect(result.code == .usage)
        #expect(result.stderr.contains("unknown stack 'golang' (did you mean 'go'?); available: go"))
    }

    @Test("a missing --stack and a bad name are reported together")
    func problemsTogether() {
        let result = scaffold("todo-api", "--name", "9lives")
        #expect(result.code == .usage)
        #expect(result.stderr.contains("missing --stack"))
        #expect(!result.stderr.contains("invalid name"), "the name is checked once tier and stack are known")
    }

    @Test("a non-empty output folder is refused with exit 2 and left untouched")
    func refusesNonEmpty() throws {
        try withTemporaryFolder { folder throws in
            try Data("keep\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
            let result = scaffold("todo-api", "--stack", "go", "--out", ".", in: folder)
            #expect(result.code == .usage)
            #expect(result.stderr.contains("is not empty"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
        }
    }

    @Test("an output path that is a file exits 2 and writes nothing")
    func outputIsAFile() throws {
        try withTemporaryFolder { folder throws in
            try Data("x\n".utf8).write(to: folder.appendingPathComponent("taken"))
            let result = scaffold("todo-api", "--stack", "go", "--out", "taken", in: folder)
            #expect(result.code == .usage)
            #expect(result.stderr.contains("exists and is not a folder"))
            let entries = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(entries == ["taken"])
        }
    }

    @Test("--force writes into a non-empty folder and keeps the other files")
    func forceKeepsOtherFiles() throws {
        try withTemporaryFolder { folder throws in
            try Data("keep\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
            let result = scaffold("todo-api", "--stack", "go", "--out", ".", "--force", in: folder)
            #expect(result.code == .success, "\(result.stderr)")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("go.mod").path))
            let notes = try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8)
            #expect(notes == "keep\n")
        }
    }

    @Test("--dry-run lists every file and writes nothing")
    func dryRun() throws {
        try withTemporaryFolder { folder throws in
            let result = scaffold("todo-api", "--stack", "go", "--dry-run", in: folder)
            #expect(result.code == .success)
            #expect(result.stdout.contains("go.mod"))
            #expect(result.stdout.contains("practice.json"))
            let entries = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(entries.isEmpty)
        }
    }

    @Test("--templates renders from a folder on disk and names the broken template's location")
    func templatesFromDisk() throws {
        try withTemporaryFolder { folder throws in
            let templates = folder.appendingPathComponent("Templates")
            let files = [
                "contract/configuration.json": #"[{"name": "PORT", "default": "8080", "meaning": "port"}]"#,
                "tiers/widget-api/tier.json": #"{"title": "Widget API", "summary": "w", "order": 1, "resources": []}"#,
                "tiers/widget-api/openapi.json": #"{"openapi": "3.1.0", "paths": {}}"#,
                "stacks/toy/stack.json": #"{"title": "Toy", "language": "Toy", "framework": "none", "toolchain": "toy", "commands": {"build": "b", "test": "t", "run": "r"}}"#,
                "stacks/toy/base/main.toy.mustache": "module {{project.name.pascal}}\n",
                "stacks/toy/widget-api/broken.toy.mustache": "line one\n  {{#project}}never closed\n",
            ]
            for (path, contents) in files {
                let url = templates.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: url)
            }
            let broken = scaffold("widget-api", "--stack", "toy", "--templates", "Templates", "--out", "w", in: folder)
            #expect(broken.code == .failure)
            #expect(broken.stderr.contains("broken.toy.mustache:2:3"), "\(broken.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("w").path))

            try Data("line one\n  {{#project}}closed{{/project}}\n".utf8)
                .write(to: templates.appendingPathComponent("stacks/toy/widget-api/broken.toy.mustache"))
            let fixed = scaffold("widget-api", "--stack", "toy", "--templates", "Templates", "--out", "w", in: folder)
            #expect(fixed.code == .success, "\(fixed.stderr)")
            let main = try String(contentsOf: folder.appendingPathComponent("w/main.toy"), encoding: .utf8)
            #expect(main == "module WidgetApi\n")
        }
    }

    @Test("--templates naming no folder is a usage error")
    func templatesMissing() {
        let result = scaffold("todo-api", "--stack", "go", "--templates", "/no/such/templates")
        #expect(result.code == .usage)
        #expect(result.stderr.contains("--templates /no/such/templates: no such folder"))
    }

    @Test("a project is written with its manifest, and the next commands are printed")
    func writesProject() throws {
        try withTemporaryFolder { folder throws in
            let result = scaffold("todo-api", "--stack", "go", "--name", "tasks", "--module", "github.com/me/tasks", in: folder)
            #expect(result.code == .success, "\(result.stderr)")
            let project = folder.appendingPathComponent("tasks")
            let goMod = try String(contentsOf: project.appendingPathComponent("go.mod"), encoding: .utf8)
            #expect(goMod.hasPrefix("module github.com/me/tasks\n"))
            let manifest = try String(contentsOf: project.appendingPathComponent("practice.json"), encoding: .utf8)
            #expect(manifest.contains(#""build": "go build -o bin/tasks .""#))
            #expect(result.stdout.contains("cd tasks"))
            #expect(result.stdout.contains("go test ./..."))
            #expect(result.stdout.contains("verify ."))
        }
    }
}

@Suite("scaffold list, render, help")
struct OtherCommandsTests {
    @Test("list shows every tier and stack; --json is valid JSON")
    func list() throws {
        let text = scaffold("list")
        #expect(text.code == .success)
        #expect(text.stdout.contains("todo-api"))
        #expect(text.stdout.contains("go"))
        #expect(text.stdout.contains("checkpoints: rest-api, schema, auth"))
        let json = scaffold("list", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let tier = (object?["tiers"] as? [[String: Any]])?.first
        #expect(tier?["slug"] as? String == "todo-api")
        #expect(((tier?["checkpoints"] as? [[String: Any]])?.map { $0["slug"] as? String })?.contains("api1-bola") == true)
    }

    @Test("render is lenient by default and strict on request, naming the location")
    func render() throws {
        try withTemporaryFolder { folder throws in
            try Data("Hi {{name}}{{missing}}!\n{{> sign}}".utf8).write(to: folder.appendingPathComponent("t.mustache"))
            try Data(#"{"name": "Ada"}"#.utf8).write(to: folder.appendingPathComponent("d.json"))
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("p"), withIntermediateDirectories: true)
            try Data("-- {{name}}".utf8).write(to: folder.appendingPathComponent("p/sign.mustache"))

            let lenient = scaffold("render", "t.mustache", "--data", "d.json", "--partials", "p", in: folder)
            #expect(lenient.code == .success)
            #expect(lenient.stdout == "Hi Ada!\n-- Ada")

            let strict = scaffold("render", "t.mustache", "--data", "d.json", "--partials", "p", "--strict", in: folder)
            #expect(strict.code == .failure)
            #expect(strict.stderr.contains("t.mustache:1:12"))
            #expect(strict.stderr.contains("{{missing}}"))
        }
    }

    @Test("render reports a missing template and missing --data together")
    func renderUsage() {
        let result = scaffold("render", "nope.mustache")
        #expect(result.code == .usage)
        #expect(result.stderr.contains("missing --data"))
        #expect(result.stderr.contains("nope.mustache: no such file"))
    }

    @Test("--help works on every command", arguments: [["--help"], ["todo-api", "--help"], ["list", "--help"], ["render", "--help"]])
    func help(_ arguments: [String]) {
        let streams = RecordedStreams()
        #expect(ScaffoldCommand(streams: streams).run(arguments) == .success)
        #expect(streams.stdout.contains("Usage"))
    }

    @Test("--version prints the version")
    func version() {
        #expect(scaffold("--version").stdout == "scaffold \(ScaffoldCommand.version)\n")
    }
}
