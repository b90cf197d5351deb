import Foundation
import Hummingbird

/// A decoded request body whose fields are still loosely typed. Keeping them
/// so lets handlers tell a missing field from an explicit null, which PATCH
/// needs, and report a wrongly typed field by name.
struct JSONBody: Sendable {
    let members: [String: JSONInput]

    /// Reads one JSON object from the request: 415 for another content type,
    /// 413 past `limit` bytes, 400 when the body is not exactly one JSON
    /// object. Unknown fields are kept but never read, which is how they are
    /// ignored.
    static func decode(_ request: Request, limit: Int) async throws -> JSONBody {
        guard isJSONMediaType(request.headers[.contentType]) else {
            throw APIError.unsupportedMediaType
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge
        }
        let bytes = Data(buffer.readableBytesView)
        if bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            throw APIError.badRequest("Request body must not be empty")
        }
        let value: JSONInput
        do {
            value = try JSONDecoder().decode(JSONInput.self, from: bytes)
        } catch {
            throw APIError.badRequest("Request body is not valid JSON")
        }
        guard case .object(let members) = value else {
            throw APIError.badRequest("Request body must be a JSON object")
        }
        return JSONBody(members: members)
    }

    /// A field read from the body. `present` with `null` is an explicit null.
    struct Field<Value> {
        var value: Value?
        var present = false
        var null = false
        /// Its value had the wrong type; already reported.
        var invalid = false

        /// The field holds a usable value.
        var isSet: Bool { value != nil }
    }

    /// Reads a string; NUL characters are refused here because PostgreSQL
    /// cannot store them and SQLite's length() stops at them, so they would
    /// otherwise fail deep in the database instead of with a 422.
    func string(_ name: String, _ validator: inout Validator) -> Field<String> {
        guard let raw = members[name] else { return Field() }
        switch raw {
        case .null: return Field(present: true, null: true)
        case .string(let value) where value.unicodeScalars.contains("\0"):
            validator.add(name, "must not contain NUL characters")
            return Field(present: true, invalid: true)
        case .string(let value): return Field(value: value, present: true)
        default:
            validator.add(name, "must be a string")
            return Field(present: true, invalid: true)
        }
    }

    func bool(_ name: String, _ validator: inout Validator) -> Field<Bool> {
        guard let raw = members[name] else { return Field() }
        switch raw {
        case .null: return Field(present: true, null: true)
        case .bool(let value): return Field(value: value, present: true)
        default:
            validator.add(name, "must be a boolean")
            return Field(present: true, invalid: true)
        }
    }
}

/// Any JSON value a client may send.
enum JSONInput: Decodable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONInput])
    case object([String: JSONInput])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONInput].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONInput].self))
        }
    }
}

/// What the contract trims from text fields (titles, names, emails): the
/// same four characters in every stack, so "at most 200 characters after
/// trimming" means one thing whichever stack answers.
func trimText(_ text: String) -> String {
    let whitespace: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r"]
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !whitespace.contains($0) }),
        let last = scalars.lastIndex(where: { !whitespace.contains($0) })
    else { return "" }
    return String(scalars[first...last])
}

/// Length in Unicode code points, the unit the contract's limits count.
func characterCount(_ text: String) -> Int {
    text.unicodeScalars.count
}

/// `application/json` with optional parameters (`; charset=utf-8`), as
/// RFC 9110 media types compare: case-insensitively.
func isJSONMediaType(_ header: String?) -> Bool {
    guard let header else { return false }
    let parts = header.split(separator: ";", omittingEmptySubsequences: false)
    guard parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "application/json" else { return false }
    return parts.dropFirst().allSatisfy { parameter in
        let trimmed = parameter.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return true }
        guard let equals = trimmed.firstIndex(of: "=") else { return false }
        return !trimmed[..<equals].isEmpty
    }
}
