import BundledTemplates
import Catalog
import Foundation
import Mustache

/// Turns a project (tier x stack x names) into a plan: the stack's `base/`
/// files overlaid by the tier's folder, every path rendered, every
/// `*.mustache` file rendered in strict mode and written without that suffix.
///
/// A path segment that renders empty drops the file, which is how a template
/// says "only when": `{{#flag}}name.go{{/flag}}.mustache`.
public struct ProjectPlanner: Sendable {
    public static let templateSuffix = ".mustache"
    /// Prefix for file names in error messages, so they point into the repo.
    public static let sourceRoot = "Templates"

    public let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    public func plan(_ project: Project) throws(ScaffoldError) -> ProjectPlan {
        let stackFolder = "stacks/\(project.stack.slug)"
        let data = ViewModel.make(for: project, configuration: catalog.configuration)
        var errors: [MustacheError] = []

        var partials: [String: Template] = [:]
        for (relative, file) in catalog.tree.files(under: "\(stackFolder)/\(StackLayout.partials)")
        where relative.hasSuffix(Self.templateSuffix) {
            let name = String(relative.dropLast(Self.templateSuffix.count))
            let location = "\(Self.sourceRoot)/\(stackFolder)/\(StackLayout.partials)/\(relative)"
            do throws(ScaffoldError) {
                partials[name] = try parse(try text(of: file, at: location), name: location)
            } catch .templates(let found) {
                errors += found
            }
        }
        let renderer = Renderer(partials: partials, strict: true)

        // Tier files replace base files of the same path.
        var sources: [String: (file: TemplateFile, location: String)] = [:]
        for layer in [StackLayout.base, project.tier.slug] {
            for (relative, file) in catalog.tree.files(under: "\(stackFolder)/\(layer)") {
                sources[relative] = (file, "\(Self.sourceRoot)/\(stackFolder)/\(layer)/\(relative)")
            }
        }

        var planned: [String: (file: PlannedFile, location: String)] = [:]
        for relative in sources.keys.sorted() {
            let (file, location) = sources[relative]!
            let isTemplate = relative.hasSuffix(Self.templateSuffix)
            let pathSource = isTemplate ? String(relative.dropLast(Self.templateSuffix.count)) : relative
            do throws(ScaffoldError) {
                guard let path = try renderPath(pathSource, location: location, renderer: renderer, data: data) else {
                    continue
                }
                let contents = isTemplate
                    ? Data(try render(parse(text(of: file, at: location), name: location), renderer, data).utf8)
                    : file.contents
                if let previous = planned[path] {
                    throw ScaffoldError.conflict(
                        path: location, message: "renders to \(path), as \(previous.location) does"
                    )
                }
                planned[path] = (PlannedFile(path: path, contents: contents, isExecutable: file.isExecutable), location)
            } catch .templates(let found) {
                errors += found
            }
        }
        guard errors.isEmpty else { throw .templates(errors) }
        return ProjectPlan(files: planned.values.map(\.file))
    }

    /// Renders a path as one template (a section may span folders); nil when
    /// any segment of the result is empty, which is how a file says "only when".
    private func renderPath(
        _ path: String, location: String, renderer: Renderer, data: Value
    ) throws(ScaffoldError) -> String? {
        guard path.contains("{{") else { return path }
        let rendered = try render(parse(path, name: location), renderer, data)
        let segments = rendered.split(separator: "/", omittingEmptySubsequences: false)
        if segments.contains(where: \.isEmpty) { return nil }
        if segments.contains(where: { $0 == "." || $0 == ".." }) {
            throw .invalidTemplate(path: location, message: "renders to '\(rendered)', which leaves the project folder")
        }
        return rendered
    }

    private func parse(_ source: String, name: String) throws(ScaffoldError) -> Template {
        do { return try Template(source, name: name) } catch { throw .templates([error]) }
    }

    private func render(_ template: Template, _ renderer: Renderer, _ data: Value) throws(ScaffoldError) -> String {
        do { return try renderer.render(template, data: data) } catch { throw .templates([error]) }
    }

    private func text(of file: TemplateFile, at location: String) throws(ScaffoldError) -> String {
        guard let text = String(data: file.contents, encoding: .utf8) else {
            throw ScaffoldError.invalidTemplate(path: location, message: "a template must be UTF-8 text")
        }
        return text
    }
}
