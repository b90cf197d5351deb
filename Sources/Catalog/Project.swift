import Mustache

/// What the user asked for, validated: which tier, which stack, and the names
/// the generated project carries.
public struct Project: Sendable {
    public let tier: Tier
    public let stack: Stack
    public let name: Name
    /// The name as typed; also the default output folder.
    public let rawName: String
    /// The module or package path (`example.com/todo-api` for Go), when the
    /// stack has one.
    public let module: String?
    /// The stack's commands with the project's names filled in.
    public let commands: Stack.Commands

    /// Problems with the chosen names, all of them.
    public struct InvalidOptions: Error, Sendable, CustomStringConvertible {
        public let problems: [String]
        public var description: String { problems.joined(separator: "\n") }
    }

    public init(tier: Tier, stack: Stack, name rawName: String?, module requestedModule: String?) throws(InvalidOptions) {
        let rawName = rawName ?? tier.slug
        var problems: [String] = []
        if !Self.isValidName(rawName) {
            problems.append(
                "invalid name '\(rawName)': use letters, digits, '-' and '_', starting with a letter (e.g. my-todo-api)"
            )
        }
        let name = Name(rawName)
        let nameValues = Self.nameValues(name)
        var module: String?
        if let requestedModule {
            if stack.defaultModule == nil {
                problems.append("--module does not apply to the \(stack.slug) stack: it has no module path")
            } else if !Self.isValidModulePath(requestedModule) {
                problems.append(
                    "invalid module path '\(requestedModule)': use a path like example.com/you/\(name.kebab) (letters, digits, '.', '-', '_', '~', '/')"
                )
            }
            module = requestedModule
        } else if let template = stack.defaultModule {
            module = Self.render(template, nameValues, problems: &problems)
        }
        let templateData = Self.nameValues(name, module: module)
        let commands = Stack.Commands(
            build: Self.render(stack.commands.build, templateData, problems: &problems),
            test: Self.render(stack.commands.test, templateData, problems: &problems),
            run: Self.render(stack.commands.run, templateData, problems: &problems)
        )
        guard problems.isEmpty else { throw InvalidOptions(problems: problems) }
        self.tier = tier
        self.stack = stack
        self.name = name
        self.rawName = rawName
        self.module = module
        self.commands = commands
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
            && !Name(name).words.isEmpty
    }

    static func isValidModulePath(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.hasSuffix("/"), !path.contains("//") else { return false }
        return path.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-._~/".unicodeScalars.contains($0))
        }
    }

    /// `{project: {name: {...}, module}}`: what the stack's small command and
    /// module templates can use.
    static func nameValues(_ name: Name, module: String? = nil) -> Value {
        var project: [String: Value] = ["name": ViewModel.value(of: name)]
        project["module"] = module.map(Value.string) ?? .null
        return ["project": .object(project)]
    }

    /// Renders one of the stack's own strings (commands, module path); a
    /// failure is a bug in stack.json and is reported as a problem.
    private static func render(_ source: String, _ data: Value, problems: inout [String]) -> String {
        do {
            return try Renderer(strict: true).render(Template(source, name: "stack.json (commands, defaultModule)"), data: data)
        } catch {
            problems.append("\(error)")
            return ""
        }
    }
}
