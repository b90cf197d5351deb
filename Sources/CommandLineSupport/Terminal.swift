import Foundation

/// Where a command writes: standard output for results, standard error for
/// progress and problems. Tests pass in a recording one.
public protocol OutputStreams: AnyObject {
    func out(_ text: String)
    func err(_ text: String)
}

public final class StandardStreams: OutputStreams {
    public init() {}
    public func out(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    public func err(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}

/// Keeps what a command printed, for tests.
public final class RecordedStreams: OutputStreams, @unchecked Sendable {
    public private(set) var stdout = ""
    public private(set) var stderr = ""
    public init() {}
    public func out(_ text: String) { stdout += text }
    public func err(_ text: String) { stderr += text }
}

/// The exit codes every command of the toolkit uses.
public enum ExitCode: Int32, Sendable {
    case success = 0
    case failure = 1
    case usage = 2
    /// `verify`: the build failed or the app never became ready.
    case notStarted = 3
}
