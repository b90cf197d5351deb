import Mustache

/// The data every template of a project renders with. Every naming variant and
/// list marker is computed here, so templates need no logic of their own.
///
/// Top-level keys: `project` (`name` in every case, `module`), `tier` (`slug`,
/// `title`, `summary`, `resources`, `routes`), `stack` (`slug`, `title`,
/// `language`, `framework`, `toolchain`), `commands` (`build`, `test`, `run`),
/// `configuration` (the contract's environment variables), `openapiDocument`
/// and `practiceManifest` (ready-made file contents).
public enum ViewModel {
    public static func make(for project: Project, configuration: [ConfigVariable]) -> Value {
        let commands: Value = [
            "build": .string(project.commands.build),
            "test": .string(project.commands.test),
            "run": .string(project.commands.run),
        ]
        return [
            "project": [
                "name": value(of: project.name),
                "module": project.module.map(Value.string) ?? .null,
            ],
            "tier": value(of: project.tier),
            "stack": value(of: project.stack),
            "commands": commands,
            "configuration": .array(marked(configuration.map(value(of:)))),
            "openapiDocument": .string(project.tier.openAPIDocument),
            "practiceManifest": .string(PracticeManifest.json(for: project, configuration: configuration)),
        ]
    }

    public static func value(of name: Name) -> Value {
        [
            "camel": .string(name.camel),
            "pascal": .string(name.pascal),
            "snake": .string(name.snake),
            "kebab": .string(name.kebab),
            "screamingSnake": .string(name.screamingSnake),
            "flat": .string(name.flat),
            "sentence": .string(name.sentence),
        ]
    }

    static func value(of tier: Tier) -> Value {
        [
            "slug": .string(tier.slug),
            "title": .string(tier.title),
            "summary": .string(tier.summary),
            "resources": .array(marked(tier.resources.map(value(of:)))),
            "routes": .array(marked(tier.routes.map(value(of:)))),
        ]
    }

    static func value(of stack: Stack) -> Value {
        [
            "slug": .string(stack.slug),
            "title": .string(stack.title),
            "language": .string(stack.language),
            "framework": .string(stack.framework),
            "toolchain": .string(stack.toolchain),
        ]
    }

    static func value(of resource: Resource) -> Value {
        [
            "singular": value(of: Name(resource.singular)),
            "plural": value(of: Name(resource.plural)),
            "fields": .array(marked(resource.fields.map(value(of:)))),
        ]
    }

    static func value(of field: Field) -> Value {
        [
            "name": value(of: Name(field.name)),
            "type": .string(field.type),
            "required": .bool(field.required),
            "nullable": .bool(field.nullable),
            "description": .string(field.description),
        ]
    }

    static func value(of route: Route) -> Value {
        [
            "method": .string(route.method),
            "path": .string(route.path),
            "operationId": .string(route.operationID),
            "summary": .string(route.summary),
            "requiresAuth": .bool(route.requiresAuth),
        ]
    }

    static func value(of variable: ConfigVariable) -> Value {
        [
            "name": .string(variable.name),
            "default": .string(variable.defaultValue),
            "hasDefault": .bool(!variable.defaultValue.isEmpty),
            "meaning": .string(variable.meaning),
            "example": .string(variable.example),
        ]
    }

    /// Adds `first`, `last` and `index` to each object of a list, for
    /// separators and numbering.
    static func marked(_ items: [Value]) -> [Value] {
        items.enumerated().map { index, item in
            guard case .object(var fields) = item else { return item }
            fields["first"] = .bool(index == 0)
            fields["last"] = .bool(index == items.count - 1)
            fields["index"] = .int(index)
            return .object(fields)
        }
    }
}
