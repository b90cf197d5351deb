/// The shape of a command's arguments: which options take a value, which are
/// plain flags, and how many positionals it expects.
public struct ArgumentSpec: Sendable {
    public let valueOptions: Set<String>
    public let flags: Set<String>
    public let repeatableOptions: Set<String>

    public init(valueOptions: Set<String> = [], flags: Set<String> = [], repeatableOptions: Set<String> = []) {
        self.valueOptions = valueOptions.union(repeatableOptions)
        self.flags = flags.union(["--help", "-h"])
        self.repeatableOptions = repeatableOptions
    }
}

/// Arguments sorted into positionals, options and flags.
public struct ParsedArguments: Sendable, Equatable {
    public var positionals: [String] = []
    public var values: [String: [String]] = [:]
    public var flags: Set<String> = []

    public func value(_ option: String) -> String? { values[option]?.last }
    public func allValues(_ option: String) -> [String] { values[option] ?? [] }
    public func has(_ flag: String) -> Bool { flags.contains(flag) }
    public var wantsHelp: Bool { has("--help") || has("-h") }
}

/// A command line that cannot be run as written; `message` says how to fix it.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ArgumentSpec {
    /// Accepts `--opt value`, `--opt=value`, flags, positionals, and `--` to end
    /// options. Reports every problem found, not only the first.
    public func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var problems: [String] = []
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" { optionsEnded = true; continue }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if flags.contains(name) {
                if inlineValue != nil { problems.append("\(name) takes no value") }
                parsed.flags.insert(name)
            } else if valueOptions.contains(name) {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                    value = arguments[index]
                    index += 1
                } else {
                    problems.append("\(name) needs a value")
                    continue
                }
                if parsed.values[name] != nil, !repeatableOptions.contains(name) {
                    problems.append("\(name) given more than once")
                }
                parsed.values[name, default: []].append(value)
            } else {
                var problem = "unknown option \(name)"
                if let suggestion = Suggestion.closest(to: name, among: (valueOptions.union(flags)).sorted()) {
                    problem += " (did you mean \(suggestion)?)"
                }
                problems.append(problem)
            }
        }
        guard problems.isEmpty else { throw UsageError(problems.joined(separator: "\n")) }
        return parsed
    }
}
