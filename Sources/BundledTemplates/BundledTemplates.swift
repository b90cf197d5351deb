import Foundation

/// One file of the `Templates/` tree as it was when the binary was built.
struct EmbeddedTemplateFile: Sendable {
    let path: String
    let executable: Bool
    let base64: String
}

/// A file of a template tree: its path relative to the tree's root (always
/// `/`-separated), its exact bytes, and whether it is executable.
public struct TemplateFile: Sendable, Equatable {
    public let path: String
    public let contents: Data
    public let isExecutable: Bool

    public init(path: String, contents: Data, isExecutable: Bool) {
        self.path = path
        self.contents = contents
        self.isExecutable = isExecutable
    }
}

public enum BundledTemplates {
    /// The `Templates/` tree compiled into this binary, sorted by path.
    public static let files: [TemplateFile] = embeddedTemplateFiles.map { file in
        guard let contents = Data(base64Encoded: file.base64) else {
            preconditionFailure("embed-templates wrote invalid base64 for \(file.path)")
        }
        return TemplateFile(path: file.path, contents: contents, isExecutable: file.executable)
    }
}
