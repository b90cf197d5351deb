import Hummingbird
import Logging

/// Refuses requests past the limiter's budget with 429. Clients are told
/// apart by user id when they send a valid token, so users behind one NAT do
/// not share a budget, and by IP address otherwise.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: any RateLimiter
    /// nil: count per IP address only (login and register).
    let tokens: TokenIssuer?
    let logger: Logger

    /// Probed by orchestrators and scrapers every few seconds; throttling
    /// them would make a busy instance look dead.
    static let unlimitedPaths: Set<String> = ["/health", "/ready", "/metrics"]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if Self.unlimitedPaths.contains(request.uri.path) {
            return try await next(request, context)
        }
        var key = "ip:" + context.clientIP
        if let tokens, let token = bearerToken(request), let userID = await tokens.verify(token) {
            key = "user:\(userID)"
        }
        let retryAfter: Int?
        do {
            retryAfter = try await limiter.retryAfter(key, now: .now())
        } catch {
            // Failing open keeps the service up when Redis is down; the log
            // says limits are not enforced meanwhile.
            logger.warning("rate limiter unavailable", metadata: ["error": "\(error)"])
            return try await next(request, context)
        }
        if let retryAfter {
            throw APIError.rateLimited(retryAfterSeconds: retryAfter)
        }
        return try await next(request, context)
    }
}
