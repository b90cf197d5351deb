/// A problem in the catalog's data: which file, and what is wrong with it.
public struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): error: \(message)" }
}

/// Every problem found while loading a catalog, reported together so an
/// author fixes them in one pass.
public struct CatalogErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [CatalogError]

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
