import Foundation
import Hummingbird

/// Lets a request through only with a valid access token, and puts the user
/// id in its context.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tokens: TokenIssuer

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token = bearerToken(request) else {
            throw APIError.unauthorized("Missing bearer token")
        }
        guard let userID = await tokens.verify(token) else {
            throw APIError.unauthorized("Invalid or expired token")
        }
        var context = context
        context.userID = userID
        return try await next(request, context)
    }
}

/// The token of `Authorization: Bearer <token>`; the scheme is
/// case-insensitive (RFC 9110 section 11.1).
func bearerToken(_ request: Request) -> String? {
    guard let header = request.headers[.authorization], let space = header.firstIndex(of: " ") else { return nil }
    guard header[..<space].lowercased() == "bearer" else { return nil }
    let token = header[header.index(after: space)...].trimmingCharacters(in: .whitespaces)
    return token.isEmpty ? nil : token
}
