import Mustache

/// `practice.json`: how `verify` (and a person) builds, tests and runs a
/// project, whichever stack it is written in.
public enum PracticeManifest {
    public static let fileName = "practice.json"
    /// Bumped when the manifest's shape changes incompatibly.
    public static let schemaVersion = 1

    public static func json(for project: Project, configuration: [ConfigVariable]) -> String {
        var environment: [String: Value] = [:]
        for variable in configuration where !variable.defaultValue.isEmpty {
            environment[variable.name] = .string(variable.defaultValue)
        }
        let manifest: Value = [
            "schema": .int(schemaVersion),
            "name": .string(project.name.kebab),
            "tier": .string(project.tier.slug),
            "stack": .string(project.stack.slug),
            "toolchain": .string(project.stack.toolchain),
            "commands": [
                "build": .string(project.commands.build),
                "test": .string(project.commands.test),
                "run": .string(project.commands.run),
            ],
            "environment": .object(environment),
        ]
        return JSONText.pretty(manifest) + "\n"
    }
}

/// Deterministic, human-readable JSON: two-space indentation, keys sorted.
public enum JSONText {
    public static func pretty(_ value: Value) -> String {
        var output = ""
        write(value, indent: "", into: &output)
        return output
    }

    private static func write(_ value: Value, indent: String, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += String(number)
        case .string(let text): quote(text, into: &output)
        case .array(let items):
            guard !items.isEmpty else { output += "[]"; return }
            output += "[\n"
            for (index, item) in items.enumerated() {
                output += indent + "  "
                write(item, indent: indent + "  ", into: &output)
                output += index == items.count - 1 ? "\n" : ",\n"
            }
            output += indent + "]"
        case .object(let fields):
            guard !fields.isEmpty else { output += "{}"; return }
            output += "{\n"
            let keys = fields.keys.sorted()
            for (index, key) in keys.enumerated() {
                output += indent + "  "
                quote(key, into: &output)
                output += ": "
                write(fields[key]!, indent: indent + "  ", into: &output)
                output += index == keys.count - 1 ? "\n" : ",\n"
            }
            output += indent + "}"
        }
    }

    private static func quote(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
