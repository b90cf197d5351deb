#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A command run through `/bin/sh -c` in its own process group, its output
/// appended to a log file. Its own group, so that stopping it reaches every
/// process it started (`go run`, npm scripts, reloaders).
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    public let logFile: URL
    private var exitStatus: Int32?

    /// With `replaceShell`, a simple command (no `;`, `&`, `|` or newline) is
    /// `exec`ed, so the shell becomes the app and SIGTERM reaches the app
    /// itself; compound commands keep their shell.
    public init(command: String, directory: URL, environment: [String: String], logFile: URL, replaceShell: Bool = false) throws {
        self.logFile = logFile
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile.path, O_WRONLY | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGTERM)
        sigaddset(&defaultSignals, SIGINT)
        sigaddset(&defaultSignals, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let simple = !command.contains { ";&|\n".contains($0) }
        let argv = ["/bin/sh", "-c", "cd \(shellQuote(directory.path)) && " + (replaceShell && simple ? "exec " : "") + command]
        let envp = environment.map { "\($0.key)=\($0.value)" }.sorted()
        var child: pid_t = 0
        let status = withCStrings(argv) { argvPointers in
            withCStrings(envp) { envPointers in
                posix_spawn(&child, "/bin/sh", &actions, &attributes, argvPointers, envPointers)
            }
        }
        guard status == 0 else {
            throw VerifyError.process("cannot start '\(command)': \(String(cString: strerror(status)))")
        }
        pid = child
        Self.running.insert(child)
    }

    /// Process groups still running, so an interrupted verify can stop them:
    /// they are in groups of their own, which Ctrl-C in a terminal misses.
    private static let running = LockedSet()
    nonisolated(unsafe) private static var interruptSources: [DispatchSourceSignal] = []

    /// On SIGINT or SIGTERM, kills every child's group and exits 130.
    public static func stopChildrenOnInterrupt() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                for pid in running.members { kill(-pid, SIGKILL) }
                FileHandle.standardError.write(Data("verify: interrupted; stopped the processes it started\n".utf8))
                exit(130)
            }
            source.resume()
            interruptSources.append(source)
        }
    }

    private func forget() { Self.running.remove(pid) }

    /// Non-blocking: the exit code once the process has ended, nil while it runs.
    /// A death by signal is reported as 128 + the signal, as shells do.
    public func poll() -> Int32? {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        forget()
        exitStatus = Self.decode(status)
        return exitStatus
    }

    /// Blocks until the process ends.
    public func wait() -> Int32 {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        forget()
        exitStatus = Self.decode(status)
        return exitStatus!
    }

    /// Signals the whole process group.
    public func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }

    /// SIGTERM, up to `grace` seconds to exit, then SIGKILL to the group.
    /// Returns the exit code and whether it had to be killed.
    @discardableResult
    public func stop(grace: Double = 12) -> (code: Int32, killed: Bool) {
        if let code = poll() {
            signalGroup(SIGKILL)
            return (code, false)
        }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            if let code = poll() {
                signalGroup(SIGKILL)  // stragglers the app left behind
                return (code, false)
            }
            usleep(20_000)
        }
        signalGroup(SIGKILL)
        return (wait(), true)
    }

    /// Resident memory of every process in the group, in KiB (Linux /proc).
    public func residentKiB() -> Int? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        var total = 0
        var found = false
        for entry in entries where entry.allSatisfy(\.isNumber) {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            // Fields after the command name: state ppid pgrp ...
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[2]) == pid,
                  let status = try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
            else { continue }
            let digits = line.filter(\.isNumber)
            total += Int(digits) ?? 0
            found = true
        }
        return found ? total : nil
    }

    /// The last `count` lines of the log, for reports of a process that died.
    public func logTail(_ count: Int = 20) -> String {
        guard let text = try? String(contentsOf: logFile, encoding: .utf8) else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
    }

    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        if signal == 0 { return (status >> 8) & 0xff }
        return 128 + signal
    }
}

/// Runs a command to completion, its output going to `logFile`.
public func runToCompletion(
    _ command: String, in directory: URL, environment: [String: String], logFile: URL
) throws -> Int32 {
    try ChildProcess(command: command, directory: directory, environment: environment, logFile: logFile).wait()
}

private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers = strings.map { strdup($0) }
    pointers.append(nil)
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}

private final class LockedSet: @unchecked Sendable {
    private let lock = NSLock()
    private var pids = Set<pid_t>()
    func insert(_ pid: pid_t) { lock.withLock { _ = pids.insert(pid) } }
    func remove(_ pid: pid_t) { lock.withLock { _ = pids.remove(pid) } }
    var members: Set<pid_t> { lock.withLock { pids } }
}
