import Foundation
import Logging
import Synchronization

/// Writes one JSON object per line: `{"time", "level", "msg", ...metadata}`,
/// the shape log pipelines ingest without parsing rules, and the same shape
/// the other stacks' services log.
struct JSONLogHandler: LogHandler {
    typealias Sink = @Sendable (String) -> Void

    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level
    private let sink: Sink

    init(level: Logger.Level, sink: @escaping Sink = JSONLogHandler.standardOutput) {
        self.logLevel = level
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var members: [(String, JSON)] = [
            ("time", .string(Timestamp.now().rfc3339)),
            ("level", .string(Self.levelName(event.level))),
            ("msg", .string(event.message.description)),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        // Sorted keys keep lines diffable; the order of the first three is
        // fixed above.
        for key in merged.keys.sorted() {
            members.append((key, Self.json(merged[key]!)))
        }
        sink(String(decoding: JSON.object(members).serialized(), as: UTF8.self))
    }

    /// Maps the contract's LOG_LEVEL names onto swift-log's levels.
    static func level(named name: String) -> Logger.Level {
        switch name {
        case "debug": .debug
        case "warn": .warning
        case "error": .error
        default: .info
        }
    }

    private static func levelName(_ level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: "DEBUG"
        case .info, .notice: "INFO"
        case .warning: "WARN"
        case .error, .critical: "ERROR"
        }
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSON {
        switch value {
        case .string(let string): .string(string)
        case .stringConvertible(let value):
            switch value {
            case let int as Int: .int(Int64(int))
            case let int as Int64: .int(int)
            case let double as Double: .raw(String(format: "%.3f", double))
            default: .string(value.description)
            }
        case .array(let items): .array(items.map(json))
        case .dictionary(let members): .object(members.keys.sorted().map { ($0, json(members[$0]!)) })
        }
    }

    private static let outputLock = Mutex(())

    /// Whole lines under one lock, so concurrent requests never interleave.
    static let standardOutput: Sink = { line in
        outputLock.withLock { _ in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
