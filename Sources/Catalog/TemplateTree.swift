import BundledTemplates
import Foundation

/// The `Templates/` tree the catalog is read from: the copy compiled into the
/// binary, or a folder on disk (template authors iterate on one without
/// rebuilding).
public struct TemplateTree: Sendable {
    public private(set) var files: [String: TemplateFile]

    public init(files: [TemplateFile]) {
        self.files = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The tree this binary was built with.
    public static let bundled = TemplateTree(files: BundledTemplates.files)

    /// Caches that tools leave behind when run inside Templates/; never
    /// templates. The embed-templates build tool skips the same.
    static let toolCaches: Set<String> = ["__pycache__", ".ruff_cache", ".pytest_cache", ".mypy_cache", "node_modules", ".DS_Store"]

    /// Reads every regular file under `directory`, except tool caches.
    public init(directory: URL) throws(CatalogError) {
        let fileManager = FileManager.default
        let root = directory.standardizedFileURL
        guard let walker = fileManager.enumerator(atPath: root.path) else {
            throw CatalogError(path: root.path, message: "cannot read the template folder")
        }
        var collected: [TemplateFile] = []
        while let relative = walker.nextObject() as? String {
            let url = root.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !relative.split(separator: "/").contains(where: { Self.toolCaches.contains(String($0)) })
            else { continue }
            do {
                let attributes = try fileManager.attributesOfItem(atPath: url.path)
                let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o644
                collected.append(TemplateFile(
                    path: relative, contents: try Data(contentsOf: url), isExecutable: permissions & 0o100 != 0
                ))
            } catch {
                throw CatalogError(path: url.path, message: "cannot read: \(error.localizedDescription)")
            }
        }
        self.init(files: collected)
    }

    public subscript(path: String) -> TemplateFile? { files[path] }

    /// Files whose path starts with `folder/`, keyed by the rest of their path.
    public func files(under folder: String) -> [String: TemplateFile] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        var result: [String: TemplateFile] = [:]
        for (path, file) in files where path.hasPrefix(prefix) {
            result[String(path.dropFirst(prefix.count))] = file
        }
        return result
    }

    /// Names of the immediate subfolders of `folder`, sorted.
    public func subfolders(of folder: String) -> [String] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        var names = Set<String>()
        for path in files.keys where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") { names.insert(String(rest[..<slash])) }
        }
        return names.sorted()
    }
}
