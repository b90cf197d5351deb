import Foundation

/// A practice project (Todo API, Blog API, ...): the contract every stack
/// implements for it. Read from `Templates/tiers/<slug>/`: `tier.json` for the
/// entities, `openapi.json` for the routes.
public struct Tier: Sendable {
    public let slug: String
    public let title: String
    public let summary: String
    /// Position in listings, so tiers read in learning order.
    public let order: Int
    public let resources: [Resource]
    public let routes: [Route]
    /// The contract document exactly as written; every project serves it.
    public let openAPIDocument: String
}

public struct Resource: Sendable, Decodable {
    public let singular: String
    public let plural: String
    public let fields: [Field]
}

public struct Field: Sendable, Decodable {
    public let name: String
    public let type: String
    public let required: Bool
    public let nullable: Bool
    public let description: String

    enum CodingKeys: String, CodingKey { case name, type, required, nullable, description }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decode(String.self, forKey: .type)
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? false
        nullable = try container.decodeIfPresent(Bool.self, forKey: .nullable) ?? false
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
    }
}

/// One operation of the tier's OpenAPI document.
public struct Route: Sendable, Equatable {
    public let method: String
    public let path: String
    public let operationID: String
    public let summary: String
    public let requiresAuth: Bool
}

/// The shape of `tier.json`.
struct TierManifest: Decodable {
    let title: String
    let summary: String
    let order: Int
    let resources: [Resource]
}
