import BundledTemplates
import Catalog
import Foundation

/// A small, valid template tree; tests change one file to check one rule.
enum CatalogFixtures {
    static let openAPI = """
        {"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
         "security": [{"bearerAuth": []}],
         "paths": {
           "/api/v1/widgets": {"get": {"operationId": "listWidgets", "summary": "List widgets"},
                               "post": {"operationId": "createWidget", "summary": "Create a widget"}},
           "/health": {"get": {"operationId": "health", "summary": "Liveness", "security": []}}
         }}
        """

    static var files: [String: String] {
        [
            "contract/configuration.json": #"[{"name": "PORT", "default": "8080", "meaning": "port"}, {"name": "REDIS_URL", "default": "", "meaning": "redis"}]"#,
            "tiers/widget-api/tier.json": #"{"title": "Widget API", "summary": "widgets", "order": 1, "resources": [{"singular": "widget", "plural": "widgets", "fields": [{"name": "id", "type": "integer", "required": true}]}]}"#,
            "tiers/widget-api/openapi.json": openAPI,
            "stacks/toy/stack.json": #"{"title": "Toy", "language": "Toy", "framework": "none", "toolchain": "toy 1", "defaultModule": "example.com/{{project.name.kebab}}", "commands": {"build": "toy build {{project.name.kebab}}", "test": "toy test", "run": "./{{project.name.kebab}}"}}"#,
            "stacks/toy/base/README.md.mustache": "# {{project.name.sentence}}\n",
            "stacks/toy/widget-api/app.toy": "static\n",
        ]
    }

    static func tree(_ files: [String: String], executable: Set<String> = []) -> TemplateTree {
        TemplateTree(files: files.map {
            TemplateFile(path: $0.key, contents: Data($0.value.utf8), isExecutable: executable.contains($0.key))
        })
    }

    static func catalog(_ files: [String: String] = files, executable: Set<String> = []) throws -> Catalog {
        try Catalog.load(from: tree(files, executable: executable))
    }
}
