import BundledTemplates
import Catalog
import Foundation
import Scaffolding
import Testing

/// A small template tree, and the repository's own paths, for the tests.
enum Fixtures {
    static let baseFiles: [String: String] = [
        "contract/configuration.json": #"[{"name": "PORT", "default": "8080", "meaning": "port"}]"#,
        "tiers/widget-api/tier.json": #"{"title": "Widget API", "summary": "widgets", "order": 1, "resources": []}"#,
        "tiers/widget-api/openapi.json": #"{"openapi": "3.1.0", "paths": {"/w": {"get": {"operationId": "listW"}}}}"#,
        "stacks/toy/stack.json": #"{"title": "Toy", "language": "Toy", "framework": "none", "toolchain": "toy 1", "commands": {"build": "b", "test": "t", "run": "r"}}"#,
        "stacks/toy/base/README.md.mustache": "# {{project.name.sentence}}\n{{> footer}}\n",
        "stacks/toy/base/config.toy": "base config\n",
        "stacks/toy/base/scripts/run.sh": "#!/bin/sh\necho run\n",
        "stacks/toy/base/{{project.name.snake}}/main.toy.mustache": "module {{project.name.pascal}}\n",
        "stacks/toy/base/_partials/footer.mustache": "-- {{tier.title}}\n",
        "stacks/toy/widget-api/config.toy": "tier config\n",
    ]

    static func catalog(
        _ changes: [String: String?] = [:], executable: Set<String> = ["stacks/toy/base/scripts/run.sh"]
    ) throws -> Catalog {
        var files = baseFiles
        for (path, contents) in changes { files[path] = contents }
        let tree = TemplateTree(files: files.map {
            TemplateFile(path: $0.key, contents: Data($0.value.utf8), isExecutable: executable.contains($0.key))
        })
        return try Catalog.load(from: tree)
    }

    static func project(in catalog: Catalog, name: String? = nil) throws -> Project {
        try Project(tier: catalog.tier(named: "widget-api"), stack: catalog.stack(named: "toy"), name: name, module: nil)
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh folder under the system's temporary folder, removed by `body`'s end.
    static func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }

    static func text(_ file: PlannedFile?, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        guard let file else {
            Issue.record("file not planned", sourceLocation: sourceLocation)
            return nil
        }
        return String(decoding: file.contents, as: UTF8.self)
    }
}
