import Foundation
import Scaffolding
import Testing

@Suite("ProjectWriter")
struct ProjectWriterTests {
    let plan = ProjectPlan(files: [
        PlannedFile(path: "README.md", contents: Data("hello\n".utf8), isExecutable: false),
        PlannedFile(path: "scripts/run.sh", contents: Data("#!/bin/sh\n".utf8), isExecutable: true),
    ])

    private func entries(_ folder: URL) -> [String] {
        (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).sorted()
    }

    private func permissions(_ url: URL) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("a new folder (with missing parents) receives every file with its mode")
    func writesNewFolder() throws {
        try Fixtures.withTemporaryFolder { root throws in
            let destination = root.appendingPathComponent("a/b/project")
            #expect(try ProjectWriter().write(plan, to: destination, force: false) == .created)
            #expect(entries(destination) == ["README.md", "scripts", "scripts/run.sh"])
            #expect(try permissions(destination.appendingPathComponent("scripts/run.sh")) == 0o755)
            #expect(try permissions(destination.appendingPathComponent("README.md")) == 0o644)
            #expect(entries(root.appendingPathComponent("a/b")) == ["project"] + entries(destination).map { "project/\($0)" })
        }
    }

    @Test("a non-empty folder is refused without --force and left untouched")
    func refusesNonEmpty() throws {
        try Fixtures.withTemporaryFolder { root throws in
            try Data("mine\n".utf8).write(to: root.appendingPathComponent("README.md"))
            #expect(throws: ScaffoldError.self) { try ProjectWriter().write(plan, to: root, force: false) }
            #expect(entries(root) == ["README.md"])
            #expect(try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8) == "mine\n")
        }
    }

    @Test("--force replaces the project's files and keeps the others")
    func forceMerges() throws {
        try Fixtures.withTemporaryFolder { root throws in
            try Data("mine\n".utf8).write(to: root.appendingPathComponent("README.md"))
            try Data("notes\n".utf8).write(to: root.appendingPathComponent("NOTES.txt"))
            #expect(try ProjectWriter().write(plan, to: root, force: true) == .overwrote(replaced: 1))
            #expect(entries(root) == ["NOTES.txt", "README.md", "scripts", "scripts/run.sh"])
            #expect(try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8) == "hello\n")
        }
    }

    @Test("a failure part-way leaves the destination as it was, with no staging folder")
    func failureLeavesNothing() throws {
        try Fixtures.withTemporaryFolder { root throws in
            let destination = root.appendingPathComponent("project")
            try FileManager.default.createDirectory(at: destination.appendingPathComponent("README.md"), withIntermediateDirectories: true)
            #expect(throws: ScaffoldError.self) { try ProjectWriter().write(plan, to: destination, force: true) }
            #expect(entries(root) == ["project", "project/README.md"])
        }
    }
}
