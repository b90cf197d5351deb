import Catalog
import Foundation
import Testing

@Suite("Catalog")
struct CatalogTests {
    @Test("routes are read from the tier's OpenAPI document, with their protection")
    func routesFromOpenAPI() throws {
        let tier = try CatalogFixtures.catalog().tier(named: "widget-api")
        #expect(tier.routes.map { "\($0.method) \($0.path)" } == [
            "GET /api/v1/widgets", "POST /api/v1/widgets", "GET /health",
        ])
        #expect(tier.routes.map(\.requiresAuth) == [true, true, false])
        #expect(tier.routes.first?.operationID == "listWidgets")
    }

    @Test("a stack supports the tiers it has an overlay folder for")
    func stackTiersFromOverlays() throws {
        let stack = try CatalogFixtures.catalog().stack(named: "toy")
        #expect(stack.tiers == ["widget-api"])
        #expect(stack.commands.test == "toy test")
    }

    @Test("every problem in the tree is reported at once, each with its file")
    func reportsAllProblems() {
        var files = CatalogFixtures.files
        files["stacks/toy/stack.json"] = #"{"title": "Toy"}"#
        files["tiers/widget-api/openapi.json"] = "{not json"
        files["stacks/toy/blog-api/x.txt"] = "x"
        #expect {
            try CatalogFixtures.catalog(files)
        } throws: { error in
            guard let errors = error as? CatalogErrors else { return false }
            let paths = Set(errors.errors.map(\.path))
            return paths == ["stacks/toy/stack.json", "tiers/widget-api/openapi.json", "stacks/toy/blog-api"]
        }
    }

    @Test("an unknown tier or stack names the ones that exist")
    func unknownNames() throws {
        let catalog = try CatalogFixtures.catalog()
        #expect(throws: UnknownNameError.self) { try catalog.tier(named: "widgets") }
        do {
            _ = try catalog.stack(named: "toi")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == "stack")
            #expect(error.known == ["toy"])
        }
    }

    @Test("the bundled catalog has the todo-api tier and renders it for go")
    func bundledCatalog() throws {
        let catalog = try Catalog.load()
        let tier = try catalog.tier(named: "todo-api")
        let stack = try catalog.stack(named: "go")
        #expect(stack.tiers.contains("todo-api"))
        #expect(tier.routes.contains { $0.method == "GET" && $0.path == "/api/v1/todos" && $0.requiresAuth })
        #expect(tier.routes.contains { $0.method == "POST" && $0.path == "/api/v1/auth/login" && !$0.requiresAuth })
        #expect(catalog.configuration.map(\.name).contains("DATABASE_URL"))
    }
}
