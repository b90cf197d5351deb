import Foundation
import Mustache

/// Everything `scaffold` knows: tiers, stacks and the contract's
/// configuration table, all read from a template tree.
public struct Catalog: Sendable {
    public let tree: TemplateTree
    public let tiers: [Tier]
    public let stacks: [Stack]
    public let configuration: [ConfigVariable]

    /// Reads and checks the whole tree, reporting every problem at once.
    public static func load(from tree: TemplateTree = .bundled) throws(CatalogErrors) -> Catalog {
        var problems: [CatalogError] = []
        let configuration: [ConfigVariable] = decode(
            [ConfigVariable].self, at: "contract/configuration.json", in: tree, problems: &problems
        ) ?? []

        var tiers: [Tier] = []
        for slug in tree.subfolders(of: "tiers") {
            if let tier = loadTier(slug, from: tree, problems: &problems) { tiers.append(tier) }
        }
        tiers.sort { ($0.order, $0.slug) < ($1.order, $1.slug) }

        // Judged by folder, so one broken tier does not also fail every stack.
        let tierFolders = tree.subfolders(of: "tiers")
        var stacks: [Stack] = []
        for slug in tree.subfolders(of: "stacks") {
            if let stack = loadStack(slug, from: tree, knownTiers: Set(tierFolders), problems: &problems) {
                stacks.append(stack)
            }
        }
        if tierFolders.isEmpty { problems.append(CatalogError(path: "tiers", message: "no tier found")) }
        if tree.subfolders(of: "stacks").isEmpty {
            problems.append(CatalogError(path: "stacks", message: "no stack found"))
        }
        guard problems.isEmpty else { throw CatalogErrors(errors: problems) }
        return Catalog(tree: tree, tiers: tiers, stacks: stacks, configuration: configuration)
    }

    public func tier(named slug: String) throws(UnknownNameError) -> Tier {
        guard let tier = tiers.first(where: { $0.slug == slug }) else {
            throw UnknownNameError(kind: "tier", name: slug, known: tiers.map(\.slug))
        }
        return tier
    }

    public func stack(named slug: String) throws(UnknownNameError) -> Stack {
        guard let stack = stacks.first(where: { $0.slug == slug }) else {
            throw UnknownNameError(kind: "stack", name: slug, known: stacks.map(\.slug))
        }
        return stack
    }

    private static func loadTier(_ slug: String, from tree: TemplateTree, problems: inout [CatalogError]) -> Tier? {
        let folder = "tiers/\(slug)"
        let manifest = decode(TierManifest.self, at: "\(folder)/tier.json", in: tree, problems: &problems)
        let documentPath = "\(folder)/openapi.json"
        guard let documentFile = tree[documentPath] else {
            problems.append(CatalogError(path: documentPath, message: "missing: every tier serves its contract"))
            return nil
        }
        let document = String(decoding: documentFile.contents, as: UTF8.self)
        let routes: [Route]
        do {
            routes = try OpenAPIRoutes.routes(in: JSONDecoder().decode(Value.self, from: documentFile.contents))
        } catch {
            problems.append(CatalogError(path: documentPath, message: "not a valid OpenAPI document: \(error)"))
            return nil
        }
        guard let manifest else { return nil }
        return Tier(
            slug: slug, title: manifest.title, summary: manifest.summary, order: manifest.order,
            resources: manifest.resources, routes: routes, openAPIDocument: document
        )
    }

    private static func loadStack(
        _ slug: String, from tree: TemplateTree, knownTiers: Set<String>, problems: inout [CatalogError]
    ) -> Stack? {
        let folder = "stacks/\(slug)"
        let overlays = tree.subfolders(of: folder).filter { $0 != TemplateLayout.base }
        for overlay in overlays where !knownTiers.contains(overlay) {
            problems.append(CatalogError(
                path: "\(folder)/\(overlay)", message: "overlay for unknown tier '\(overlay)'"
            ))
        }
        if tree.files(under: "\(folder)/\(TemplateLayout.base)").isEmpty {
            problems.append(CatalogError(path: "\(folder)/\(TemplateLayout.base)", message: "missing: the stack's shared files"))
        }
        guard let manifest = decode(StackManifest.self, at: "\(folder)/stack.json", in: tree, problems: &problems) else {
            return nil
        }
        return Stack(
            slug: slug, title: manifest.title, language: manifest.language, framework: manifest.framework,
            toolchain: manifest.toolchain, defaultModule: manifest.defaultModule, commands: manifest.commands,
            tiers: overlays.filter(knownTiers.contains), migrationsFolder: manifest.migrations ?? "migrations"
        )
    }

    private static func decode<T: Decodable>(
        _ type: T.Type, at path: String, in tree: TemplateTree, problems: inout [CatalogError]
    ) -> T? {
        guard let file = tree[path] else {
            problems.append(CatalogError(path: path, message: "missing"))
            return nil
        }
        do {
            return try JSONDecoder().decode(T.self, from: file.contents)
        } catch {
            problems.append(CatalogError(path: path, message: describe(error)))
            return nil
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing key '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' should be \(type)"
        case DecodingError.dataCorrupted(let context):
            return "invalid JSON: \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

/// Folder names with a meaning inside `Templates/`.
public enum TemplateLayout {
    /// `Templates/shared/`: files every project gets, whatever its stack.
    public static let shared = "shared"
    /// `Templates/stacks/<stack>/base/`: files every tier of the stack shares.
    public static let base = "base"
    /// `_partials/NAME.mustache` inside any layer: `{{> NAME}}` for the files
    /// of that project; a later layer's partial replaces an earlier one's.
    public static let partials = "_partials"
    /// `contract/migrations/` (every tier) and `tiers/<tier>/migrations/`:
    /// the schema, per SQL dialect, placed in each stack's migrations folder.
    public static let migrations = "migrations"
}

/// A tier or stack name that the catalog does not have, with the names it
/// does have (the command line turns them into a suggestion).
public struct UnknownNameError: Error, Sendable, CustomStringConvertible {
    public let kind: String
    public let name: String
    public let known: [String]

    public var description: String {
        "unknown \(kind) '\(name)'; available: " + known.joined(separator: ", ")
    }
}
