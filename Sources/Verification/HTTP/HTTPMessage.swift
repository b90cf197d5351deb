import Foundation
import Mustache

/// One request as the probes build it; kept byte-exact (no client adds
/// headers behind the probe's back) so a failure can be replayed with curl.
public struct HTTPRequest: Sendable {
    public var method: String
    /// Path and query, e.g. `/api/v1/todos?page=2`.
    public var target: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?

    public init(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.target = target
        self.headers = headers.map { (name: $0.0, value: $0.1) }
        self.body = body
    }

    /// A JSON body with the contract's content type.
    public static func json(_ method: String, _ target: String, _ json: String, token: String? = nil) -> HTTPRequest {
        var request = HTTPRequest(method, target, headers: [("Content-Type", "application/json")], body: Array(json.utf8))
        if let token { request.headers.append((name: "Authorization", value: "Bearer \(token)")) }
        return request
    }

    public func header(_ name: String, _ value: String) -> HTTPRequest {
        var copy = self
        copy.headers.append((name: name, value: value))
        return copy
    }

    public func bearer(_ token: String?) -> HTTPRequest {
        guard let token else { return self }
        return header("Authorization", "Bearer \(token)")
    }
}

public struct HTTPResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every value of a header (repeated fields and comma lists flattened).
    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }
            .flatMap { $0.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as JSON, or nil when it is not JSON.
    public var json: Value? { try? JSONDecoder().decode(Value.self, from: Data(body)) }
}

/// A request and what came back: what a failure report shows.
public struct Exchange: Sendable {
    public let request: HTTPRequest
    public let response: HTTPResponse
    public let baseURL: String

    /// A command a learner can paste to see the same thing.
    public var curl: String {
        var parts = ["curl -i"]
        if request.method != "GET" || request.body != nil { parts.append("-X \(request.method)") }
        parts.append(shellQuote(baseURL + request.target))
        for header in request.headers { parts.append("-H \(shellQuote("\(header.name): \(header.value)"))") }
        if let body = request.body {
            if body.count > 512 {
                parts.append("--data-binary @<(head -c \(body.count) /dev/zero | tr '\\0' 'x')")
            } else {
                parts.append("--data-binary \(shellQuote(String(decoding: body, as: UTF8.self)))")
            }
        }
        return parts.joined(separator: " ")
    }
}

func shellQuote(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

extension Value {
    /// Walks a dotted path (`error.details.0.field`); nil when any step is missing.
    public func at(_ path: String) -> Value? {
        var current: Value? = self
        for step in path.split(separator: ".") {
            switch current {
            case .object(let object): current = object[String(step)]
            case .array(let array):
                guard let index = Int(step), array.indices.contains(index) else { return nil }
                current = array[index]
            default: return nil
            }
        }
        return current
    }

    var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    var intValue: Int? { if case .int(let i) = self { return i } else { return nil } }
    var arrayValue: [Value]? { if case .array(let a) = self { return a } else { return nil } }

    /// Compact JSON for reports.
    var compact: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return jsonQuote(s)
        case .array(let a): return "[" + a.map(\.compact).joined(separator: ",") + "]"
        case .object(let o):
            return "{" + o.keys.sorted().map { jsonQuote($0) + ":" + o[$0]!.compact }.joined(separator: ",") + "}"
        }
    }
}

func jsonQuote(_ s: String) -> String {
    let data = try? JSONEncoder().encode(s)
    return data.map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
}
