import BundledTemplates
import Catalog
import Foundation
import Mustache

/// Turns a project (tier x stack x names) into a plan: the files every stack
/// shares, overlaid by the stack's `base/`, overlaid by the stack's tier
/// folder; every path rendered, every `*.mustache` file rendered in strict
/// mode and written without that suffix.
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

    /// The folders a project is assembled from, each with where its files
    /// land in the project, later ones winning: files every stack shares, the
    /// contract's schema and the tier's (in the stack's migrations folder),
    /// the stack's base, then the stack's tier overlay.
    public static func layers(for project: Project) -> [(folder: String, destination: String)] {
        let migrations = project.stack.migrationsFolder + "/"
        return [
            (TemplateLayout.shared, ""),
            ("contract/\(TemplateLayout.migrations)", migrations),
            ("tiers/\(project.tier.slug)/\(TemplateLayout.migrations)", migrations),
            ("stacks/\(project.stack.slug)/\(TemplateLayout.base)", ""),
            ("stacks/\(project.stack.slug)/\(project.tier.slug)", ""),
        ]
    }

    public func plan(_ project: Project) throws(ScaffoldError) -> ProjectPlan {
        let data = ViewModel.make(for: project, configuration: catalog.configuration)
        var errors: [MustacheError] = []

        // Each layer may hold `_partials/NAME.mustache`; a later layer's
        // partial replaces an earlier one of the same name, so a tier fills
        // in the holes its stack's base leaves.
        var partialSources: [String: (file: TemplateFile, location: String)] = [:]
        var sources: [String: (file: TemplateFile, location: String)] = [:]
        for (layer, destination) in Self.layers(for: project) {
            for (relative, file) in catalog.tree.files(under: layer) {
                let location = "\(Self.sourceRoot)/\(layer)/\(relative)"
                let partialPrefix = TemplateLayout.partials + "/"
                if destination.isEmpty, relative.hasPrefix(partialPrefix) {
                    guard relative.hasSuffix(Self.templateSuffix) else { continue }
                    let name = String(relative.dropFirst(partialPrefix.count).dropLast(Self.templateSuffix.count))
                    partialSources[name] = (file, location)
                } else {
                    sources[destination + relative] = (file, location)
                }
            }
        }
        var partials: [String: Template] = [:]
        for name in partialSources.keys.sorted() {
            let (file, location) = partialSources[name]!
            do throws(ScaffoldError) {
                partials[name] = try parse(try text(of: file, at: location), name: location)
            } catch .templates(let found) {
                errors += found
            }
        }
        let renderer = Renderer(partials: partials, strict: true)

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
