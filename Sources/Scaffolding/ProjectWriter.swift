import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a plan to disk so that a failure leaves nothing behind: the files go
/// to a staging folder beside the destination, and are moved into place only
/// once every one of them was written.
public struct ProjectWriter: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The destination did not exist (or was empty) and now holds the project.
        case created
        /// `--force`: the project's files replaced their namesakes; other files stayed.
        case overwrote(replaced: Int)
    }

    public init() {}

    public func write(_ plan: ProjectPlan, to destination: URL, force: Bool) throws(ScaffoldError) -> Outcome {
        let destination = destination.standardizedFileURL
        let existing = try contents(of: destination)
        if let existing, !existing.isEmpty {
            guard force else { throw .outputNotEmpty(path: destination.path) }
            try checkOverwritable(plan, in: destination)
        }
        guard let existing else { return try createFolder(plan, at: destination) }

        // An existing folder: stage inside it, so only the folder itself must be
        // writable, then move each file into place.
        let staging = destination.appendingPathComponent(".scaffold-\(UUID().uuidString)")
        do {
            try writeFiles(plan, into: staging)
            var replaced = 0
            for file in plan.files {
                let target = destination.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(
                    at: target.deletingLastPathComponent(), withIntermediateDirectories: true
                )
                if FileManager.default.fileExists(atPath: target.path) { replaced += 1 }
                // rename(2) replaces an existing file atomically.
                if rename(staging.appendingPathComponent(file.path).path, target.path) != 0 {
                    throw ScaffoldError.io(path: target.path, message: String(cString: strerror(errno)))
                }
            }
            try? FileManager.default.removeItem(at: staging)
            return existing.isEmpty ? .created : .overwrote(replaced: replaced)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw Self.scaffoldError(error, at: destination)
        }
    }

    /// A new folder is staged beside its destination and renamed into place,
    /// so it appears complete or not at all.
    private func createFolder(_ plan: ProjectPlan, at destination: URL) throws(ScaffoldError) -> Outcome {
        let parent = destination.deletingLastPathComponent()
        let createdParents = try createFolders(parent)
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).scaffold-\(UUID().uuidString)")
        do {
            try writeFiles(plan, into: staging)
            try FileManager.default.moveItem(at: staging, to: destination)
            return .created
        } catch {
            try? FileManager.default.removeItem(at: staging)
            for folder in createdParents.reversed() { try? FileManager.default.removeItem(at: folder) }
            throw Self.scaffoldError(error, at: destination)
        }
    }

    private static func scaffoldError(_ error: any Error, at destination: URL) -> ScaffoldError {
        (error as? ScaffoldError) ?? .io(path: destination.path, message: error.localizedDescription)
    }

    /// The names in `folder`, or nil when it does not exist.
    private func contents(of folder: URL) throws(ScaffoldError) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { throw .outputNotADirectory(path: folder.path) }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw .io(path: folder.path, message: "cannot read: \(error.localizedDescription)")
        }
    }

    /// With `--force`, a file may replace a file but never a folder (or the
    /// reverse); finding that out before moving anything keeps a failure clean.
    private func checkOverwritable(_ plan: ProjectPlan, in destination: URL) throws(ScaffoldError) {
        for file in plan.files {
            var isDirectory: ObjCBool = false
            let target = destination.appendingPathComponent(file.path)
            if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw .conflict(path: target.path, message: "is a folder; the project has a file there")
            }
            var ancestor = target.deletingLastPathComponent()
            while ancestor.path.count > destination.path.count {
                if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    throw .conflict(path: ancestor.path, message: "is a file; the project has a folder there")
                }
                ancestor = ancestor.deletingLastPathComponent()
            }
        }
    }

    /// Creates `folder` and its missing ancestors; returns those it created.
    private func createFolders(_ folder: URL) throws(ScaffoldError) -> [URL] {
        var missing: [URL] = []
        var cursor = folder
        while !FileManager.default.fileExists(atPath: cursor.path), cursor.path != "/" {
            missing.append(cursor)
            cursor = cursor.deletingLastPathComponent()
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .io(path: folder.path, message: "cannot create: \(error.localizedDescription)")
        }
        return missing.reversed()
    }

    private func writeFiles(_ plan: ProjectPlan, into root: URL) throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: root, withIntermediateDirectories: false)
        try fileManager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
        for file in plan.files {
            let url = root.appendingPathComponent(file.path)
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url)
            // Set explicitly: the umask must not change what users get.
            try fileManager.setAttributes([.posixPermissions: file.isExecutable ? 0o755 : 0o644], ofItemAtPath: url.path)
        }
    }
}
