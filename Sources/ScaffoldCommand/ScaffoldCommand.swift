import Catalog
import CommandLineSupport
import Foundation

/// The `scaffold` command line: validates the arguments, hands the work to the
/// catalog and the scaffolder, and maps the outcome to an exit code.
public struct ScaffoldCommand {
    public static let version = "0.1.0"

    let streams: OutputStreams
    let loadCatalog: () throws(CatalogErrors) -> Catalog
    let workingDirectory: URL

    public init(
        streams: OutputStreams = StandardStreams(),
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        loadCatalog: @escaping () throws(CatalogErrors) -> Catalog = { () throws(CatalogErrors) in try Catalog.load() }
    ) {
        self.streams = streams
        self.workingDirectory = workingDirectory
        self.loadCatalog = loadCatalog
    }

    /// Runs `scaffold ARGUMENTS...` (without the program name).
    public func run(_ arguments: [String]) -> ExitCode {
        switch arguments.first {
        case nil:
            streams.err(Help.main)
            return .usage
        case "--help", "-h", "help":
            streams.out(Help.main)
            return .success
        case "--version":
            streams.out("scaffold \(Self.version)\n")
            return .success
        case "list":
            return list(Array(arguments.dropFirst()))
        case "render":
            return render(Array(arguments.dropFirst()))
        default:
            return generate(arguments)
        }
    }

    /// Parses a subcommand's arguments, answering `--help` and usage errors
    /// itself: nil means the command is already done, with `exitCode`.
    func parse(
        _ arguments: [String], _ spec: ArgumentSpec, command: String, help: String, exitCode: inout ExitCode
    ) -> ParsedArguments? {
        do {
            let parsed = try spec.parse(arguments)
            guard !parsed.wantsHelp else {
                streams.out(help)
                exitCode = .success
                return nil
            }
            return parsed
        } catch {
            exitCode = usageFailure(error.message, command: command)
            return nil
        }
    }

    func usageFailure(_ message: String, command: String) -> ExitCode {
        streams.usageFailure(message, program: "scaffold", help: "scaffold \(command) --help")
    }

    func resolve(_ path: String) -> URL { resolvePath(path, against: workingDirectory) }

    /// The built-in catalog, or the one in a `Templates/` folder on disk when a
    /// template author names one (`--templates DIR`), so templates can be
    /// tried without rebuilding the binary.
    func catalog(templates folder: String? = nil) -> Catalog? {
        do {
            guard let folder else { return try loadCatalog() }
            return try Catalog.load(from: TemplateTree(directory: resolve(folder)))
        } catch {
            let origin = folder.map { "the templates in \($0) are broken" } ?? "the built-in templates are broken"
            streams.err("scaffold: \(origin):\n\(error)\n")
            return nil
        }
    }
}
