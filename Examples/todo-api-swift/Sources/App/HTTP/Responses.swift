import Crypto
import Foundation
import Hummingbird

extension Response {
    static let jsonContentType = "application/json; charset=utf-8"

    /// A JSON response. The body ends with a newline, as curl users expect.
    static func json(_ status: HTTPResponse.Status = .ok, body: [UInt8], headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = jsonContentType
        var buffer = ByteBuffer()
        buffer.reserveCapacity(body.count + 1)
        buffer.writeBytes(body)
        buffer.writeInteger(UInt8(ascii: "\n"))
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    static func json(_ status: HTTPResponse.Status = .ok, _ value: JSON, headers: HTTPFields = [:]) -> Response {
        json(status, body: value.serialized(), headers: headers)
    }

    /// Sends `body` with its ETag, or 304 without a body when the client
    /// already holds this representation.
    static func withETag(
        _ status: HTTPResponse.Status = .ok, body: [UInt8], request: Request, headers: HTTPFields = [:]
    ) -> Response {
        let tag = ETag.of(body)
        var headers = headers
        headers[.eTag] = tag
        // Private: responses depend on the caller's token. no-cache: clients
        // may store them but must revalidate, which the ETag makes cheap.
        headers[.cacheControl] = "private, no-cache"
        if ETag.listMatches(request.headers[.ifNoneMatch], tag, strong: false) {
            return Response(status: .notModified, headers: headers)
        }
        return json(status, body: body, headers: headers)
    }
}

enum ETag {
    /// A strong validator: it changes whenever a byte of the representation
    /// changes.
    static func of(_ body: [UInt8]) -> String {
        let digest = SHA256.hash(data: body)
        return "\"" + digest.prefix(16).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() + "\""
    }

    /// Whether the request's If-Match rules out a write, as RFC 9110
    /// section 13.1.1 defines: no header never fails.
    static func ifMatchFails(_ request: Request, current: String) -> Bool {
        guard let header = request.headers[.ifMatch], !header.isEmpty else { return false }
        return !listMatches(header, current, strong: true)
    }

    /// Compares `tag` with a comma-separated header value. If-Match uses
    /// strong comparison (weak tags never match), If-None-Match weak.
    static func listMatches(_ header: String?, _ tag: String, strong: Bool) -> Bool {
        guard let header, !header.isEmpty else { return false }
        for raw in header.split(separator: ",", omittingEmptySubsequences: false) {
            var candidate = raw.trimmingCharacters(in: .whitespaces)
            if candidate == "*" { return true }
            if candidate.hasPrefix("W/") {
                if strong { continue }
                candidate.removeFirst(2)
            }
            if candidate == tag { return true }
        }
        return false
    }
}
