import HTTPTypes
import Hummingbird

/// Echoes the client's X-Request-ID when it is a sane token, generates one
/// otherwise, and puts it in the context for logs and error envelopes.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let offered = request.headers[.requestID] ?? ""
        context.requestID = Self.isSane(offered) ? offered : Self.generate()
        var response = try await next(request, context)
        response.headers[.requestID] = context.requestID
        return response
    }

    /// Ids a client or proxy generated are accepted without letting
    /// arbitrary text into logs and headers.
    static func isSane(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default: "._:~+/=@-".utf8.contains(byte)
                }
            }
    }

    static func generate() -> String {
        randomBytes(16).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-ID")!
    static let xCache = Self("X-Cache")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
