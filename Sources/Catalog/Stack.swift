/// A language stack: its toolchain, its commands, and the tiers it has
/// templates for. Read from `Templates/stacks/<slug>/stack.json`; its files
/// are `base/` (shared by every tier) plus one overlay folder per tier.
public struct Stack: Sendable {
    public let slug: String
    public let title: String
    public let language: String
    public let framework: String
    /// What a user must have installed, in words ("Go 1.24 or newer").
    public let toolchain: String
    /// Mustache template for the default module or package path, rendered
    /// with the project's names; nil where the ecosystem has no such thing.
    public let defaultModule: String?
    /// Mustache templates for the project's commands, rendered with the
    /// project's names (the binary is named after the project).
    public let commands: Commands
    /// Tiers this stack has an overlay for, sorted.
    public let tiers: [String]
    /// Where the project keeps its SQL migrations (`migrations`, or a resource
    /// folder such as `src/main/resources/migrations`). The schema itself is
    /// contract data, written once in `Templates/contract/migrations/` and
    /// `Templates/tiers/<tier>/migrations/`, and placed here for every stack.
    public let migrationsFolder: String

    public struct Commands: Sendable, Decodable, Equatable {
        public let build: String
        public let test: String
        public let run: String
    }
}

/// The shape of `stack.json`.
struct StackManifest: Decodable {
    let title: String
    let language: String
    let framework: String
    let toolchain: String
    let defaultModule: String?
    let commands: Stack.Commands
    let migrations: String?
}

/// One environment variable of the contract's configuration table, the same
/// in every stack.
public struct ConfigVariable: Sendable, Decodable, Equatable {
    public let name: String
    /// The value used when unset; empty when the variable is unset by default.
    public let defaultValue: String
    public let meaning: String
    /// A value worth showing for a variable that is unset by default.
    public let example: String

    enum CodingKeys: String, CodingKey {
        case name, meaning, example
        case defaultValue = "default"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        defaultValue = try container.decode(String.self, forKey: .defaultValue)
        meaning = try container.decode(String.self, forKey: .meaning)
        example = try container.decodeIfPresent(String.self, forKey: .example) ?? ""
    }
}
