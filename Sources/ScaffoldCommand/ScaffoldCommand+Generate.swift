import Catalog
import CommandLineSupport
import Foundation
import Scaffolding

extension ScaffoldCommand {
    static let generateSpec = ArgumentSpec(
        valueOptions: ["--stack", "--out", "--name", "--module", "--templates"],
        flags: ["--dry-run", "--force"]
    )

    func generate(_ arguments: [String]) -> ExitCode {
        var exitCode = ExitCode.success
        guard let parsed = parse(arguments, Self.generateSpec, command: "<tier>", help: Help.generate, exitCode: &exitCode) else {
            return exitCode
        }
        if let folder = parsed.value("--templates") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: resolve(folder).path, isDirectory: &isDirectory),
                  isDirectory.boolValue
            else {
                return usageFailure("--templates \(folder): no such folder (give the path of a Templates/ folder)", command: "<tier>")
            }
        }
        guard let catalog = catalog(templates: parsed.value("--templates")) else { return .failure }

        // Validate everything first and report every problem together.
        var problems: [String] = []
        if parsed.positionals.count != 1 {
            problems.append(parsed.positionals.isEmpty
                ? "missing the tier to render"
                : "expected one tier, got: \(parsed.positionals.joined(separator: " "))")
        }
        var tier: Tier?
        if let slug = parsed.positionals.first {
            do { tier = try catalog.tier(named: slug) } catch { problems.append(Self.explain(error)) }
        }
        var stack: Stack?
        if let slug = parsed.value("--stack") {
            do { stack = try catalog.stack(named: slug) } catch { problems.append(Self.explain(error)) }
        } else {
            problems.append("missing --stack; available: \(catalog.stacks.map(\.slug).joined(separator: ", "))")
        }
        if let tier, let stack, !stack.tiers.contains(tier.slug) {
            let others = catalog.stacks.filter { $0.tiers.contains(tier.slug) }.map(\.slug)
            problems.append(
                "the \(stack.slug) stack has no \(tier.slug) templates yet; stacks with it: \(others.joined(separator: ", "))"
            )
        }
        var project: Project?
        if let tier, let stack {
            do {
                project = try Project(tier: tier, stack: stack, name: parsed.value("--name"), module: parsed.value("--module"))
            } catch {
                problems += error.problems
            }
        }
        guard let project, problems.isEmpty else {
            return usageFailure(problems.joined(separator: "\n"), command: "<tier>")
        }
        let destination = resolve(parsed.value("--out") ?? project.rawName)
        let force = parsed.has("--force")
        if !force, let entries = try? FileManager.default.contentsOfDirectory(atPath: destination.path), !entries.isEmpty {
            return usageFailure(ScaffoldError.outputNotEmpty(path: destination.path).description, command: "<tier>")
        }

        streams.err("Rendering \(project.tier.title) for \(project.stack.title)...\n")
        let plan: ProjectPlan
        do {
            plan = try ProjectPlanner(catalog: catalog).plan(project)
        } catch {
            streams.err("scaffold: the templates failed to render; nothing was written:\n\(error)\n")
            return .failure
        }
        if parsed.has("--dry-run") {
            streams.out("Would write \(plan.files.count) files to \(destination.path):\n")
            for file in plan.files {
                streams.out("  \(file.path)\(file.isExecutable ? " (executable)" : "")  \(file.contents.count) bytes\n")
            }
            return .success
        }
        do {
            let outcome = try ProjectWriter().write(plan, to: destination, force: force)
            if case .overwrote(let replaced) = outcome {
                streams.err("Replaced \(replaced) existing files (--force).\n")
            }
        } catch {
            switch error {
            case .outputNotEmpty, .outputNotADirectory, .conflict:
                // The destination, not the templates, is at fault: a usage error.
                return usageFailure("\(error)\nNothing was written.", command: "<tier>")
            default:
                streams.err("scaffold: \(error)\nNothing was written.\n")
                return .failure
            }
        }
        streams.out(nextSteps(for: project, plan: plan, destination: destination))
        return .success
    }

    static func explain(_ error: UnknownNameError) -> String {
        var text = "unknown \(error.kind) '\(error.name)'"
        if let suggestion = Suggestion.closest(to: error.name, among: error.known) {
            text += " (did you mean '\(suggestion)'?)"
        }
        return text + "; available: " + error.known.joined(separator: ", ")
    }

    private func nextSteps(for project: Project, plan: ProjectPlan, destination: URL) -> String {
        let shown = displayPath(destination)
        let steps = [
            ("cd \(shown)", ""),
            ("\(project.commands.build) && \(project.commands.run)", "build and start it on http://127.0.0.1:8080"),
            (project.commands.test, "run its tests"),
            ("verify .", "grade it against the \(project.tier.slug) checkpoints"),
        ]
        let width = steps.map(\.0.count).max() ?? 0
        var text = "Created \(project.tier.title) for \(project.stack.title) in \(shown) (\(plan.files.count) files).\n\nNext:\n"
        for (command, comment) in steps {
            text += "  " + command
            if !comment.isEmpty { text += String(repeating: " ", count: width - command.count) + "   # " + comment }
            text += "\n"
        }
        return text
    }

    /// Relative to the working directory when inside it, so it can be pasted.
    private func displayPath(_ url: URL) -> String {
        let base = workingDirectory.standardizedFileURL.path
        let path = url.path
        if path.hasPrefix(base + "/") {
            let relative = String(path.dropFirst(base.count + 1))
            return relative.contains(" ") ? "'\(relative)'" : relative
        }
        return path.contains(" ") ? "'\(path)'" : path
    }
}
