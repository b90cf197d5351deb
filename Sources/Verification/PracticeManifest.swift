import Foundation

/// The `practice.json` of a project: how `verify` builds, tests and runs it.
public struct ProjectManifest: Sendable, Decodable {
    public struct Commands: Sendable, Decodable {
        public let build: String
        public let test: String
        public let run: String
    }

    public let tier: String
    public let stack: String?
    public let commands: Commands
    public let environment: [String: String]?

    /// Reads and checks `DIR/practice.json`, reporting every problem at once.
    public static func load(from directory: URL) throws(VerifyError) -> ProjectManifest {
        let url = directory.appendingPathComponent("practice.json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) || !isDirectory.boolValue {
                throw .usage("\(directory.path): no such folder")
            }
            throw .usage("\(url.path) not found: verify grades a project that describes itself in practice.json (see 'verify --help'); for a server that is already running use 'verify --url URL --tier TIER'")
        }
        do {
            return try JSONDecoder().decode(ProjectManifest.self, from: data)
        } catch DecodingError.keyNotFound(let key, let context) {
            let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            throw .usage("\(url.path): missing \"\(path)\" (practice.json needs tier and commands.build, .test, .run)")
        } catch {
            throw .usage("\(url.path): not valid practice.json: \(error)")
        }
    }
}
