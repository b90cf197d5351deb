import Crypto
import Foundation
import Hummingbird

/// The routes outside /api/v1: probes, metrics and the API's documentation.
struct OperationsController {
    let dependencies: AppDependencies
    let openAPIDocument: [UInt8]

    func addRoutes(to routes: Routes) {
        routes.add(.get, "/health", health)
        routes.add(.get, "/ready", ready)
        routes.add(.get, "/metrics", metrics)
        routes.add(.get, "/openapi.json", openAPI)
        routes.add(.get, "/docs", docs)
    }

    /// Answers as long as the process serves HTTP. It checks no dependency
    /// on purpose: an orchestrator restarts a process that fails it, and
    /// restarting does not fix a database outage.
    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        .json(.ok, .object([("status", .string("ok"))]))
    }

    /// Tells a load balancer whether to send traffic here.
    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            try await withTimeout(.seconds(2)) { [database = dependencies.database] in
                try await database.ping()
            }
        } catch {
            dependencies.logger.warning("database not ready", metadata: ["error": "\(error)"])
            throw APIError.unavailable("Database is not reachable")
        }
        return .json(.ok, .object([("status", .string("ok"))]))
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: dependencies.metrics.exposition())))
    }

    @Sendable func openAPI(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: Response.jsonContentType],
            body: .init(byteBuffer: ByteBuffer(bytes: openAPIDocument)))
    }

    @Sendable func docs(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: DocsPage.policy],
            body: .init(byteBuffer: ByteBuffer(string: DocsPage.html)))
    }
}

/// A dependency-free page listing the operations of /openapi.json. The
/// script and style are inline so it works offline, and the
/// Content-Security-Policy allows exactly them by their hashes.
enum DocsPage {
    static let script = """

        fetch("/openapi.json")
          .then((response) => response.json())
          .then((doc) => {
            document.querySelector("h1").textContent = `${doc.info.title} ${doc.info.version}`;
            const table = document.querySelector("tbody");
            for (const [path, item] of Object.entries(doc.paths)) {
              for (const [method, operation] of Object.entries(item)) {
                if (typeof operation !== "object" || !operation.responses) continue;
                const row = table.insertRow();
                row.insertCell().textContent = method.toUpperCase();
                row.insertCell().textContent = path;
                row.insertCell().textContent = operation.summary ?? "";
                row.className = method;
              }
            }
          })
          .catch((error) => {
            document.querySelector("p").textContent = `Could not load /openapi.json: ${error}`;
          });

        """

    static let style = """

        body { font: 15px/1.5 system-ui, sans-serif; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
        table { border-collapse: collapse; width: 100%; }
        td { border-bottom: 1px solid #ddd; padding: .3rem .6rem; }
        td:first-child { font-weight: 600; width: 5rem; }
        .get td:first-child { color: #1a7f37; } .post td:first-child { color: #0969da; }
        .put td:first-child, .patch td:first-child { color: #9a6700; } .delete td:first-child { color: #cf222e; }

        """

    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>API documentation</title>
        <style>\(style)</style>
        </head>
        <body>
        <h1>API documentation</h1>
        <p>Every operation of <a href="/openapi.json">/openapi.json</a>, the full contract.</p>
        <table><tbody></tbody></table>
        <script>\(script)</script>
        </body>
        </html>

        """

    static let policy =
        "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; "
        + "script-src '\(hash(script))'; style-src '\(hash(style))'"

    private static func hash(_ inline: String) -> String {
        "sha256-" + Data(SHA256.hash(data: Data(inline.utf8))).base64EncodedString()
    }
}

struct TimeoutError: Error, CustomStringConvertible {
    var description: String { "timed out" }
}

/// Runs `operation`, giving up after `timeout`.
func withTimeout<T: Sendable>(
    _ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TimeoutError()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
