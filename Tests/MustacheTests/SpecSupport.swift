import Foundation
import Mustache
import Testing

/// One test from a spec-format JSON file (the official suite or our probes).
struct SpecCase: Sendable, CustomTestStringConvertible {
    let file: String
    let name: String
    let desc: String
    let data: Value
    let template: String
    let partials: [String: String]
    let expected: String

    var testDescription: String { "\(file): \(name)" }
}

private struct SpecFile: Decodable {
    struct Test: Decodable {
        let name: String
        let desc: String
        let data: Value
        let template: String
        let partials: [String: String]?
        let expected: String
    }
    let tests: [Test]
}

enum Fixtures {
    static let directory: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    /// Loads `relativePath` below Fixtures; a broken fixture is a test failure,
    /// surfaced as an empty list that the count checks then catch.
    static func cases(_ relativePath: String) -> [SpecCase] {
        let url = directory.appendingPathComponent(relativePath)
        guard let data = try? Data(contentsOf: url),
            let file = try? JSONDecoder().decode(SpecFile.self, from: data)
        else { return [] }
        let label = url.lastPathComponent
        return file.tests.map {
            SpecCase(file: label, name: $0.name, desc: $0.desc, data: $0.data, template: $0.template,
                     partials: $0.partials ?? [:], expected: $0.expected)
        }
    }

    static let requiredFiles = ["comments", "delimiters", "interpolation", "inverted", "partials", "sections"]
    static let required: [SpecCase] = requiredFiles.flatMap { cases("mustache-spec/\($0).json") }
    static let inheritance = cases("mustache-spec/~inheritance.json")
    static let dynamicNames = cases("mustache-spec/~dynamic-names.json")
    static let probes = cases("codegen-whitespace-probes.json")
}

/// Renders a spec case in lenient mode, as the spec requires.
func render(_ spec: SpecCase) throws -> String {
    var partials: [String: Template] = [:]
    for (name, source) in spec.partials {
        partials[name] = try Template(source, name: name)
    }
    let template = try Template(spec.template, name: spec.name)
    return try Renderer(partials: partials).render(template, data: spec.data)
}

func expectSpec(_ spec: SpecCase, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let output = try render(spec)
        #expect(output == spec.expected, "\(spec.desc)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(spec.testDescription) threw \(error)", sourceLocation: sourceLocation)
    }
}
