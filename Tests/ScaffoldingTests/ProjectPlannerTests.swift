import Catalog
import Foundation
import Mustache
import Scaffolding
import Testing

@Suite("ProjectPlanner")
struct ProjectPlannerTests {
    @Test("the tier overlay replaces base files; templates render and lose their suffix")
    func overlayAndRendering() throws {
        let catalog = try Fixtures.catalog()
        let plan = try ProjectPlanner(catalog: catalog).plan(Fixtures.project(in: catalog, name: "my-widgets"))
        #expect(plan.files.map(\.path) == ["README.md", "config.toy", "my_widgets/main.toy", "scripts/run.sh"])
        #expect(Fixtures.text(plan["config.toy"]) == "tier config\n")
        #expect(Fixtures.text(plan["README.md"]) == "# My widgets\n-- Widget API\n")
        #expect(Fixtures.text(plan["my_widgets/main.toy"]) == "module MyWidgets\n")
    }

    @Test("files shared by every stack come first; a tier's partial replaces the base's")
    func layersAndPartials() throws {
        let catalog = try Fixtures.catalog([
            "shared/.gitattributes": "* text=auto eol=lf\n",
            "shared/config.toy": "shared config\n",
            "stacks/toy/widget-api/_partials/footer.mustache": "-- widgets only\n",
        ])
        let plan = try ProjectPlanner(catalog: catalog).plan(Fixtures.project(in: catalog))
        #expect(Fixtures.text(plan[".gitattributes"]) == "* text=auto eol=lf\n")
        #expect(Fixtures.text(plan["config.toy"]) == "tier config\n")
        #expect(Fixtures.text(plan["README.md"]) == "# Widget api\n-- widgets only\n")
        #expect(plan.files.allSatisfy { !$0.path.contains("_partials") })
    }

    @Test("the contract's and the tier's migrations land in the stack's migrations folder, where the stack may override one")
    func migrations() throws {
        let catalog = try Fixtures.catalog([
            "contract/migrations/sqlite/0001_users.sql": "CREATE TABLE users (id INTEGER);\n",
            "tiers/widget-api/migrations/sqlite/0002_widgets.sql": "CREATE TABLE widgets (id INTEGER);\n",
            "tiers/widget-api/migrations/postgres/0002_widgets.sql": "CREATE TABLE widgets (id BIGSERIAL);\n",
            "stacks/toy/stack.json": #"{"title": "Toy", "language": "Toy", "framework": "none", "toolchain": "toy 1", "commands": {"build": "b", "test": "t", "run": "r"}, "migrations": "res/db"}"#,
            "stacks/toy/widget-api/res/db/postgres/0002_widgets.sql": "-- the toy's own dialect\n",
        ])
        let plan = try ProjectPlanner(catalog: catalog).plan(Fixtures.project(in: catalog))
        #expect(Fixtures.text(plan["res/db/sqlite/0001_users.sql"]) == "CREATE TABLE users (id INTEGER);\n")
        #expect(Fixtures.text(plan["res/db/sqlite/0002_widgets.sql"]) == "CREATE TABLE widgets (id INTEGER);\n")
        #expect(Fixtures.text(plan["res/db/postgres/0002_widgets.sql"]) == "-- the toy's own dialect\n")
        #expect(!plan.files.contains { $0.path.hasPrefix("migrations/") })
    }

    @Test("executable bits are kept")
    func executableBits() throws {
        let catalog = try Fixtures.catalog()
        let plan = try ProjectPlanner(catalog: catalog).plan(Fixtures.project(in: catalog))
        #expect(plan["scripts/run.sh"]?.isExecutable == true)
        #expect(plan["config.toy"]?.isExecutable == false)
    }

    @Test("a path segment that renders empty leaves the file out")
    func conditionalFile() throws {
        let catalog = try Fixtures.catalog(["stacks/toy/base/{{#project.module}}go.mod{{/project.module}}": "module\n"])
        let plan = try ProjectPlanner(catalog: catalog).plan(Fixtures.project(in: catalog))
        #expect(plan["go.mod"] == nil)
        #expect(plan.files.count == 4)
    }

    @Test("every template error is reported at once with file, line and column")
    func allErrorsWithLocations() throws {
        let catalog = try Fixtures.catalog([
            "stacks/toy/base/a.txt.mustache": "line one\n  {{missing.key}}\n",
            "stacks/toy/base/b.txt.mustache": "{{#open}}never closed\n",
        ])
        let project = try Fixtures.project(in: catalog)
        do {
            _ = try ProjectPlanner(catalog: catalog).plan(project)
            Issue.record("expected the plan to fail")
        } catch {
            guard case .templates(let errors) = error else {
                Issue.record("unexpected error: \(error)")
                return
            }
            #expect(errors.map { $0.file } == ["Templates/stacks/toy/base/a.txt.mustache", "Templates/stacks/toy/base/b.txt.mustache"])
            #expect(errors.first?.line == 2)
            #expect(errors.first?.column == 3)
            #expect(errors.first?.tag == "{{missing.key}}")
        }
    }

    @Test("the same project plans to identical bytes every time")
    func deterministic() throws {
        let catalog = try Fixtures.catalog()
        let planner = ProjectPlanner(catalog: catalog)
        #expect(try planner.plan(Fixtures.project(in: catalog)) == planner.plan(Fixtures.project(in: catalog)))
    }
}
