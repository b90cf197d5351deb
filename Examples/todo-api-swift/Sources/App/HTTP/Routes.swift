import Hummingbird

typealias AppMiddleware = any MiddlewareProtocol<Request, Response, AppRequestContext>

/// Registers routes on the router and records them in the `RouteTable`, so
/// the list of routes the service answers and the `Allow` header of a 405
/// can never disagree.
final class Routes {
    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    private let router: Router<AppRequestContext>
    private let table: RouteTable

    init(router: Router<AppRequestContext>, table: RouteTable) {
        self.router = router
        self.table = table
    }

    /// Adds `method path`, behind `middleware` (outermost first). The path
    /// is also the route label of logs and metrics, e.g. `/api/v1/todos/{id}`.
    func add(
        _ method: HTTPRequest.Method, _ path: String, through middleware: [AppMiddleware] = [],
        _ handler: @escaping Handler
    ) {
        table.add(method, path)
        let group = router.group()
        for layer in middleware {
            group.add(middleware: layer)
        }
        group.on(RouterPath(path), method: method, use: handler)
    }
}
