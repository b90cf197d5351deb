import CommandLineSupport
import Foundation
import Mustache

extension ScaffoldCommand {
    static let renderSpec = ArgumentSpec(valueOptions: ["--data", "--partials"], flags: ["--strict"])
    static let partialSuffix = ".mustache"

    func render(_ arguments: [String]) -> ExitCode {
        var exitCode = ExitCode.success
        guard let parsed = parse(arguments, Self.renderSpec, command: "render", help: Help.render, exitCode: &exitCode) else {
            return exitCode
        }
        var problems: [String] = []
        if parsed.positionals.count != 1 { problems.append("expected exactly one TEMPLATE file") }
        if parsed.value("--data") == nil { problems.append("missing --data FILE.json") }
        let templatePath = parsed.positionals.first.map(resolve)
        let dataPath = parsed.value("--data").map(resolve)
        var source: String?
        var data: Value?
        if let templatePath {
            source = read(templatePath, problems: &problems)
        }
        if let dataPath, let text = read(dataPath, problems: &problems) {
            do {
                data = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
            } catch {
                problems.append("\(dataPath.path): not valid JSON")
            }
        }
        var partialSources: [String: (source: String, path: String)] = [:]
        if let folder = parsed.value("--partials").map(resolve) {
            do {
                for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                where name.hasSuffix(Self.partialSuffix) {
                    let file = folder.appendingPathComponent(name)
                    if let text = read(file, problems: &problems) {
                        partialSources[String(name.dropLast(Self.partialSuffix.count))] = (text, file.path)
                    }
                }
            } catch {
                problems.append("\(folder.path): cannot read the partials folder")
            }
        }
        guard problems.isEmpty, let templatePath, let source, let data else {
            return usageFailure(problems.joined(separator: "\n"), command: "render")
        }

        var errors: [MustacheError] = []
        var partials: [String: Template] = [:]
        for (name, partial) in partialSources {
            do { partials[name] = try Template(partial.source, name: partial.path) } catch { errors.append(error) }
        }
        var template: Template?
        do { template = try Template(source, name: templatePath.path) } catch { errors.append(error) }
        if let template, errors.isEmpty {
            do {
                let output = try Renderer(partials: partials, strict: parsed.has("--strict")).render(template, data: data)
                streams.out(output)
                return .success
            } catch {
                errors.append(error)
            }
        }
        streams.err(errors.map { "\($0)\n" }.joined())
        return .failure
    }

    private func read(_ url: URL, problems: inout [String]) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            problems.append("\(url.path): no such file")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problems.append("\(url.path): not UTF-8 text")
            return nil
        }
        return text
    }
}
