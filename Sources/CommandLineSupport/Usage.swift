import Foundation

extension OutputStreams {
    /// Every problem on its own line, prefixed with the program, then where to
    /// read the usage; returns the usage exit code.
    public func usageFailure(_ message: String, program: String, help: String) -> ExitCode {
        let lines = message.split(separator: "\n").map { "\(program): \($0)\n" }.joined()
        err(lines + "Run '\(help)' for usage.\n")
        return .usage
    }
}

/// A path as typed on the command line, against `directory` when relative.
public func resolvePath(_ path: String, against directory: URL) -> URL {
    let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
    return url.standardizedFileURL
}
