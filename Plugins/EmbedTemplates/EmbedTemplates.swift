import Foundation
import PackagePlugin

/// Compiles every file under the package's `Templates/` folder into the target,
/// so the `scaffold` binary carries its templates and works when copied alone.
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        let templates = context.package.directoryURL.appending(path: "Templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplateFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding the template tree into \(target.name)",
                executable: try context.tool(named: "embed-templates").url,
                arguments: [templates.path(percentEncoded: false), output.path(percentEncoded: false)],
                // Every file, so an edited template triggers a rebuild, and
                // every folder, so an added or removed one does too.
                inputFiles: Self.entries(under: templates),
                outputFiles: [output]
            )
        ]
    }

    private static func entries(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return [directory]
        }
        return [directory] + walker.compactMap { $0 as? URL }
    }
}
