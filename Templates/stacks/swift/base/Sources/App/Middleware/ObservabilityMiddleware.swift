import Hummingbird
import Logging

/// Logs one JSON line per request and records its metrics. The route is the
/// matched pattern, because raw paths would give one series per todo id.
struct ObservabilityMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let logger: Logger
    let metrics: HTTPMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            // The router records "NotFound" for paths it has no route for.
            let endpoint = context.endpointPath ?? "unmatched"
            let route = endpoint == "NotFound" ? "unmatched" : endpoint
            metrics.observe(method: request.method.rawValue, route: route, status: status, seconds: seconds)
            logger.info(
                "request",
                metadata: [
                    "request_id": .string(context.requestID),
                    "method": .string(request.method.rawValue),
                    "route": .string(route),
                    "path": .string(request.uri.path),
                    "status": .stringConvertible(status),
                    "duration_ms": .stringConvertible(seconds * 1000),
                ])
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}
