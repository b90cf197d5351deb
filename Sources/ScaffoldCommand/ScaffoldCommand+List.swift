import Catalog
import CommandLineSupport
import Mustache
import Verification

extension ScaffoldCommand {
    static let listSpec = ArgumentSpec(flags: ["--json"])

    func list(_ arguments: [String]) -> ExitCode {
        var exitCode = ExitCode.success
        guard let parsed = parse(arguments, Self.listSpec, command: "list", help: Help.list, exitCode: &exitCode) else {
            return exitCode
        }
        if !parsed.positionals.isEmpty {
            return usageFailure("unexpected argument: \(parsed.positionals.joined(separator: " "))", command: "list")
        }
        guard let catalog = catalog() else { return .failure }
        streams.out(parsed.has("--json") ? Self.listJSON(catalog) : Self.listText(catalog))
        return .success
    }

    static func listText(_ catalog: Catalog) -> String {
        let width = (catalog.tiers.map(\.slug) + catalog.stacks.map(\.slug)).map(\.count).max() ?? 0
        func padded(_ slug: String) -> String { slug + String(repeating: " ", count: width - slug.count) }
        var text = "Tiers (practice projects):\n"
        for tier in catalog.tiers {
            let stacks = catalog.stacks.filter { $0.tiers.contains(tier.slug) }.map(\.slug)
            text += "  \(padded(tier.slug))  \(tier.title): \(tier.summary)\n"
            text += "  \(padded(""))  stacks: \(stacks.isEmpty ? "none yet" : stacks.joined(separator: ", "))\n"
            if let suite = TierSuite.named(tier.slug) {
                text += "  \(padded(""))  checkpoints: \(suite.checkpoints.map(\.slug).joined(separator: ", "))\n"
            } else {
                text += "  \(padded(""))  checkpoints: not graded by verify yet\n"
            }
        }
        text += "  ('verify --list' shows every checkpoint's probes.)\n"
        text += "\nStacks:\n"
        for stack in catalog.stacks {
            text += "  \(padded(stack.slug))  \(stack.title): \(stack.framework); needs \(stack.toolchain)\n"
            text += "  \(padded(""))  tiers: \(stack.tiers.joined(separator: ", "))\n"
        }
        return text
    }

    static func listJSON(_ catalog: Catalog) -> String {
        let tiers: [Value] = catalog.tiers.map { tier in
            [
                "slug": .string(tier.slug),
                "title": .string(tier.title),
                "summary": .string(tier.summary),
                "stacks": .array(catalog.stacks.filter { $0.tiers.contains(tier.slug) }.map { .string($0.slug) }),
                "routes": .array(tier.routes.map { .string("\($0.method) \($0.path)") }),
                "checkpoints": .array((TierSuite.named(tier.slug)?.checkpoints ?? []).map { checkpoint in
                    ["slug": .string(checkpoint.slug), "list": .string(checkpoint.list.rawValue), "title": .string(checkpoint.title)]
                }),
            ]
        }
        let stacks: [Value] = catalog.stacks.map { stack in
            [
                "slug": .string(stack.slug),
                "title": .string(stack.title),
                "language": .string(stack.language),
                "framework": .string(stack.framework),
                "toolchain": .string(stack.toolchain),
                "tiers": .array(stack.tiers.map(Value.string)),
            ]
        }
        return JSONText.pretty(["tiers": .array(tiers), "stacks": .array(stacks)]) + "\n"
    }
}
