import Mustache

/// Why a project could not be planned or written. Template problems come all
/// together, each with its `file:line:column`.
public enum ScaffoldError: Error, Sendable, CustomStringConvertible {
    case templates([MustacheError])
    case invalidTemplate(path: String, message: String)
    case outputNotEmpty(path: String)
    case outputNotADirectory(path: String)
    case conflict(path: String, message: String)
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .templates(let errors):
            return errors.map(\.description).joined(separator: "\n")
        case .invalidTemplate(let path, let message):
            return "\(path): error: \(message)"
        case .outputNotEmpty(let path):
            return "\(path) is not empty; choose another --out, or pass --force to write over the files it shares with the project"
        case .outputNotADirectory(let path):
            return "\(path) exists and is not a folder; choose another --out"
        case .conflict(let path, let message):
            return "\(path): \(message)"
        case .io(let path, let message):
            return "\(path): \(message)"
        }
    }
}
