import Hummingbird

/// Refuses a body whose declared length is over the limit before anything
/// reads it; `JSONBody.decode` enforces the same limit on bodies without a
/// Content-Length while reading.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let maxBytes: Int

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBytes {
            throw APIError.payloadTooLarge
        }
        return try await next(request, context)
    }
}
