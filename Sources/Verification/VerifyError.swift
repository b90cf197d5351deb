/// Why `verify` could not grade at all (as opposed to a failed checkpoint).
public enum VerifyError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Bad arguments or a project without a usable manifest: exit 2.
    case usage(String)
    /// The build failed or the app never became ready: exit 3.
    case startup(String)
    /// A process could not be started at all.
    case process(String)

    public var description: String {
        switch self {
        case .usage(let message), .startup(let message), .process(let message): return message
        }
    }
}
