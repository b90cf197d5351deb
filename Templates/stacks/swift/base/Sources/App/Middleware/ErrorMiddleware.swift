import Hummingbird
import Logging
import Synchronization

/// The one place that turns errors into responses. `APIError`s pass through
/// as the envelope; the router's "no route" becomes 404, or 405 with `Allow`
/// when the path exists for other methods; anything else is logged with the
/// request id and answered with a bare 500, so no SQL or stack trace leaks.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: RouteTable
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Self.response(for: error, requestID: context.requestID)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            let allowed = routes.allowedMethods(for: request.uri.path)
            let apiError =
                allowed.isEmpty ? APIError.notFound : .methodNotAllowed(allow: allowed.joined(separator: ", "))
            return Self.response(for: apiError, requestID: context.requestID)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            // Framework errors about the request itself (a malformed body, a
            // body too large) keep their status in the contract's envelope.
            return Self.response(for: Self.apiError(forFrameworkStatus: error.status), requestID: context.requestID)
        } catch {
            logger.error(
                "request failed",
                metadata: ["request_id": .string(context.requestID), "error": "\(String(reflecting: error))"])
            return Self.response(for: .internalError, requestID: context.requestID)
        }
    }

    static func response(for error: APIError, requestID: String) -> Response {
        Response.json(error.status, error.envelope(requestID: requestID), headers: error.headers)
    }

    private static func apiError(forFrameworkStatus status: HTTPResponse.Status) -> APIError {
        switch status {
        case .notFound: .notFound
        case .contentTooLarge: .payloadTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        default: .badRequest("Request could not be processed")
        }
    }
}

/// Every route's method and pattern, kept next to the router so a wrong
/// method can be answered with 405 and the `Allow` header: Hummingbird's
/// router answers any unmatched request with 404.
final class RouteTable: Sendable {
    private struct Route: Sendable {
        var method: String
        var segments: [Substring]
    }

    private let routes = Mutex<[Route]>([])

    func add(_ method: HTTPRequest.Method, _ path: String) {
        routes.withLock { $0.append(Route(method: method.rawValue, segments: path.split(separator: "/"))) }
    }

    /// The methods allowed on `path`, sorted; GET implies HEAD, which the
    /// router answers for every GET route.
    func allowedMethods(for path: String) -> [String] {
        let segments = path.split(separator: "/")
        var methods = Set<String>()
        for route in routes.withLock({ $0 }) where route.segments.count == segments.count {
            let matches = zip(route.segments, segments).allSatisfy { pattern, segment in
                pattern.hasPrefix("{") || pattern == segment
            }
            if matches {
                methods.insert(route.method)
                if route.method == "GET" { methods.insert("HEAD") }
            }
        }
        return methods.sorted()
    }
}
