import BundledTemplates
import Catalog
import Foundation
import Scaffolding
import Testing

/// `Examples/` is the committed output of `scaffold` for every tier x stack.
/// Regenerating must give the same bytes; after a template change run
/// `scripts/regenerate-examples.sh` and commit the result.
@Suite("Examples golden files")
struct ExamplesGoldenTests {
    static let examples = Fixtures.repositoryRoot.appendingPathComponent("Examples")

    static func sourceCatalog() throws -> Catalog {
        try Catalog.load(from: TemplateTree(directory: Fixtures.repositoryRoot.appendingPathComponent("Templates")))
    }

    static var combinations: [(tier: String, stack: String)] {
        guard let catalog = try? sourceCatalog() else { return [] }
        return catalog.stacks.flatMap { stack in stack.tiers.map { (tier: $0, stack: stack.slug) } }
    }

    @Test("the templates compiled into the binary are the ones in Templates/")
    func bundledMatchesSource() throws {
        let source = try TemplateTree(directory: Fixtures.repositoryRoot.appendingPathComponent("Templates"))
        #expect(TemplateTree.bundled.files.keys.sorted() == source.files.keys.sorted())
        for (path, file) in source.files {
            #expect(TemplateTree.bundled[path] == file, "\(path) differs from the embedded copy: rebuild")
        }
    }

    @Test("there is a committed example for every tier and stack, and nothing else")
    func everyCombinationHasAnExample() throws {
        let committed = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path)
            .filter { !$0.hasPrefix(".") }.sorted()
        #expect(committed == Self.combinations.map { "\($0.tier)-\($0.stack)" }.sorted())
    }

    @Test("regenerating an example gives the committed bytes and modes", arguments: combinations.map { "\($0.tier)-\($0.stack)" })
    func exampleIsUpToDate(_ name: String) throws {
        let catalog = try Self.sourceCatalog()
        let combination = try #require(Self.combinations.first { "\($0.tier)-\($0.stack)" == name })
        let project = try Project(
            tier: catalog.tier(named: combination.tier), stack: catalog.stack(named: combination.stack),
            name: nil, module: nil
        )
        let plan = try ProjectPlanner(catalog: catalog).plan(project)
        let folder = Self.examples.appendingPathComponent(name)
        let onDisk = try Self.files(under: folder)

        let planned = Set(plan.files.map(\.path))
        let committed = Set(onDisk.keys)
        #expect(planned.subtracting(committed).sorted() == [], "missing from Examples/\(name): regenerate")
        #expect(committed.subtracting(planned).sorted() == [], "stale in Examples/\(name): regenerate")
        for file in plan.files {
            guard let existing = onDisk[file.path] else { continue }
            if existing.contents != file.contents {
                Issue.record("Examples/\(name)/\(file.path) differs: \(Self.firstDifference(existing.contents, file.contents))")
            }
            #expect(existing.isExecutable == file.isExecutable, "Examples/\(name)/\(file.path): executable bit differs")
        }
    }

    @Test("generated files use LF line endings only", arguments: combinations.map { "\($0.tier)-\($0.stack)" })
    func lineEndings(_ name: String) throws {
        for (path, file) in try Self.files(under: Self.examples.appendingPathComponent(name)) {
            #expect(!file.contents.contains(UInt8(ascii: "\r")), "\(path) has a CR")
        }
    }

    static func files(under folder: URL) throws -> [String: TemplateFile] {
        try TemplateTree(directory: folder).files
    }

    static func firstDifference(_ committed: Data, _ generated: Data) -> String {
        let old = String(decoding: committed, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let new = String(decoding: generated, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(old.count, new.count) {
            let was = index < old.count ? String(old[index]) : "<end of file>"
            let now = index < new.count ? String(new[index]) : "<end of file>"
            if was != now { return "line \(index + 1): committed \(was.debugDescription), generated \(now.debugDescription)" }
        }
        return "same lines, different bytes"
    }
}
