import Mustache
import Testing

@Suite("Mustache spec v1.4.2")
struct SpecTests {
    @Test("required modules pass", arguments: Fixtures.required)
    func required(_ spec: SpecCase) {
        expectSpec(spec)
    }

    @Test("optional inheritance module passes", arguments: Fixtures.inheritance)
    func inheritance(_ spec: SpecCase) {
        expectSpec(spec)
    }

    @Test("optional dynamic-names module passes", arguments: Fixtures.dynamicNames)
    func dynamicNames(_ spec: SpecCase) {
        expectSpec(spec)
    }

    @Test("code-generation whitespace probes pass", arguments: Fixtures.probes)
    func probes(_ spec: SpecCase) {
        expectSpec(spec)
    }

    @Test("every fixture file loads with the expected number of tests")
    func counts() {
        let perFile = Dictionary(grouping: Fixtures.required, by: \.file).mapValues(\.count)
        #expect(perFile == [
            "comments.json": 12, "delimiters.json": 14, "interpolation.json": 42,
            "inverted.json": 22, "partials.json": 12, "sections.json": 34,
        ])
        #expect(Fixtures.required.count == 136)
        #expect(Fixtures.inheritance.count == 27)
        #expect(Fixtures.dynamicNames.count == 21)
        #expect(Fixtures.probes.count == 14)
    }
}
