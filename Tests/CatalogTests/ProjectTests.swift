import Catalog
import Foundation
import Mustache
import Testing

@Suite("Project")
struct ProjectTests {
    private func project(name: String? = nil, module: String? = nil) throws -> Project {
        let catalog = try CatalogFixtures.catalog()
        return try Project(
            tier: catalog.tier(named: "widget-api"), stack: catalog.stack(named: "toy"), name: name, module: module
        )
    }

    @Test("the name defaults to the tier and fills in the module path and commands")
    func defaults() throws {
        let project = try project()
        #expect(project.rawName == "widget-api")
        #expect(project.module == "example.com/widget-api")
        #expect(project.commands.build == "toy build widget-api")
        #expect(project.commands.run == "./widget-api")
    }

    @Test("a chosen name and module are used as given")
    func chosenNames() throws {
        let project = try project(name: "MyWidgets", module: "github.com/me/widgets")
        #expect(project.name.kebab == "my-widgets")
        #expect(project.module == "github.com/me/widgets")
    }

    @Test("an invalid name and an invalid module are both reported")
    func invalidOptions() throws {
        do {
            _ = try project(name: "1 bad name", module: "/abs//path")
            Issue.record("expected an error")
        } catch let error as Project.InvalidOptions {
            #expect(error.problems.count == 2)
            #expect(error.problems[0].contains("invalid name '1 bad name'"))
            #expect(error.problems[1].contains("invalid module path '/abs//path'"))
        }
    }

    @Test("the view model carries every naming variant and list markers")
    func viewModel() throws {
        let catalog = try CatalogFixtures.catalog()
        let data = ViewModel.make(for: try project(name: "shop-api"), configuration: catalog.configuration)
        guard case .object(let root) = data,
              case .object(let project)? = root["project"],
              case .object(let name)? = project["name"],
              case .array(let configuration)? = root["configuration"],
              case .object(let first)? = configuration.first,
              case .object(let last)? = configuration.last
        else {
            Issue.record("unexpected view model shape: \(data)")
            return
        }
        #expect(name["pascal"] == .string("ShopApi"))
        #expect(name["snake"] == .string("shop_api"))
        #expect(first["first"] == .bool(true) && first["last"] == .bool(false))
        #expect(last["last"] == .bool(true) && last["hasDefault"] == .bool(false))
        #expect(root["openapiDocument"] == .string(CatalogFixtures.openAPI))
    }

    @Test("practice.json names the tier, stack, commands and the default environment")
    func practiceManifest() throws {
        let catalog = try CatalogFixtures.catalog()
        let text = PracticeManifest.json(for: try project(), configuration: catalog.configuration)
        let manifest = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        let expected: Value = [
            "schema": 1, "name": "widget-api", "tier": "widget-api", "stack": "toy", "toolchain": "toy 1",
            "commands": ["build": "toy build widget-api", "test": "toy test", "run": "./widget-api"],
            "environment": ["PORT": "8080"],
        ]
        #expect(manifest == expected)
        #expect(text.hasSuffix("}\n"))
    }
}
