import HTTPTypes
import Hummingbird

/// Answers preflight requests and marks responses readable by the configured
/// origins. Tokens travel in the Authorization header, not cookies, so
/// credentials are never allowed, and "*" stays safe.
///
/// Written out rather than Hummingbird's `CORSMiddleware` because the
/// contract fixes the headers of every answer, including preflights for
/// unknown origins.
struct AppCORSMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let allowedOrigins: [String]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        let allowAny = allowedOrigins.contains("*")
        guard allowAny || allowedOrigins.contains(origin) else {
            var response = try await next(request, context)
            response.headers.append(HTTPField(name: .vary, value: "Origin"))
            return response
        }
        var headers: HTTPFields = [
            .vary: "Origin",
            .accessControlAllowOrigin: allowAny ? "*" : origin,
            .accessControlExposeHeaders: "ETag, Location, Retry-After, X-Cache, X-Request-ID",
        ]
        if request.method == .options && request.headers[.accessControlRequestMethod] != nil {
            headers[.accessControlAllowMethods] = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
            headers[.accessControlAllowHeaders] = "Authorization, Content-Type, If-Match, If-None-Match, X-Request-ID"
            headers[.accessControlMaxAge] = "600"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        for field in headers {
            if field.name == .vary {
                response.headers.append(field)
            } else {
                response.headers[field.name] = field.value
            }
        }
        return response
    }
}
