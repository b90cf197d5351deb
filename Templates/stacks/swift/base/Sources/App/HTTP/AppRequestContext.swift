import Hummingbird
import NIOCore

/// Per-request state the middleware chain fills in: the request id first,
/// then the authenticated user.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by `RequestIDMiddleware`, the outermost middleware, so every
    /// later step, the log line and any error envelope can carry it.
    var requestID = ""
    /// Set by `AuthenticationMiddleware` on protected routes.
    var userID: Int64?
    /// The peer address. X-Forwarded-For is deliberately ignored: any client
    /// can set it. Behind a trusted proxy, read the proxy's header instead.
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The authenticated user; only valid behind `AuthenticationMiddleware`.
    var requireUserID: Int64 {
        get throws(APIError) {
            guard let userID else { throw APIError.unauthorized("Missing bearer token") }
            return userID
        }
    }

    var clientIP: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
