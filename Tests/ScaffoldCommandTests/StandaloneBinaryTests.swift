import Foundation
import Testing

/// The templates are compiled in: the binary works when copied alone.
@Suite("scaffold binary")
struct StandaloneBinaryTests {
    /// `swift test` builds every product next to the test bundle.
    static var builtBinary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("scaffold")
    }

    @Test("a copy of the binary in an empty folder renders a project")
    func copiedBinaryWorks() throws {
        try withTemporaryFolder { folder throws in
            let binary = Self.builtBinary
            try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no scaffold binary at \(binary.path)")
            let copy = folder.appendingPathComponent("scaffold")
            try FileManager.default.copyItem(at: binary, to: copy)

            let process = Process()
            process.executableURL = copy
            process.arguments = ["todo-api", "--stack", "go", "--out", "out"]
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/go.mod").path))
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/practice.json").path))
        }
    }
}
