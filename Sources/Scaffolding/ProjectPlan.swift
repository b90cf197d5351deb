import Foundation

/// Every file of a generated project, rendered in memory and sorted by path:
/// nothing touches the disk until the whole project rendered.
public struct ProjectPlan: Sendable, Equatable {
    public let files: [PlannedFile]

    public init(files: [PlannedFile]) {
        self.files = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    public subscript(path: String) -> PlannedFile? { files.first { $0.path == path } }
}

public struct PlannedFile: Sendable, Equatable {
    /// Relative, `/`-separated, never leaving the project folder.
    public let path: String
    public let contents: Data
    public let isExecutable: Bool

    public init(path: String, contents: Data, isExecutable: Bool) {
        self.path = path
        self.contents = contents
        self.isExecutable = isExecutable
    }
}
