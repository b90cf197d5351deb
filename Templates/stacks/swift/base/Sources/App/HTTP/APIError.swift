import HTTPTypes

/// An error the client should see. Every 4xx and 5xx response of the service
/// is one of these, rendered by `ErrorMiddleware`, so the envelope has one
/// shape everywhere.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    /// Present (possibly empty) for VALIDATION_ERROR only.
    var details: [FieldError]?
    /// Headers the status requires, such as `Allow` for 405.
    var headers: HTTPFields = [:]

    static func badRequest(_ message: String) -> APIError {
        APIError(status: .badRequest, code: "BAD_REQUEST", message: message)
    }

    /// For protected routes: RFC 6750 asks for a challenge naming the scheme.
    static func unauthorized(_ message: String) -> APIError {
        APIError(
            status: .unauthorized, code: "UNAUTHORIZED", message: message,
            headers: [.wwwAuthenticate: #"Bearer realm="api""#])
    }

    /// The 401 of login, refresh and logout, where the client sent
    /// credentials in the body rather than a bearer token.
    static func badCredentials(_ message: String) -> APIError {
        APIError(status: .unauthorized, code: "UNAUTHORIZED", message: message)
    }

    static let notFound = APIError(status: .notFound, code: "NOT_FOUND", message: "Resource not found")

    static func methodNotAllowed(allow: String) -> APIError {
        APIError(
            status: .methodNotAllowed, code: "METHOD_NOT_ALLOWED", message: "Method not allowed on this resource",
            headers: [.allow: allow])
    }

    static func conflict(_ message: String) -> APIError {
        APIError(status: .conflict, code: "CONFLICT", message: message)
    }

    static let preconditionFailed = APIError(
        status: .preconditionFailed, code: "PRECONDITION_FAILED", message: "If-Match does not match the current ETag")

    static let payloadTooLarge = APIError(
        status: .contentTooLarge, code: "PAYLOAD_TOO_LARGE", message: "Request body is too large")

    static let unsupportedMediaType = APIError(
        status: .unsupportedMediaType, code: "UNSUPPORTED_MEDIA_TYPE", message: "Content-Type must be application/json")

    static func validation(_ details: [FieldError]) -> APIError {
        APIError(
            status: .unprocessableContent, code: "VALIDATION_ERROR", message: "Request validation failed",
            details: details)
    }

    static func rateLimited(retryAfterSeconds: Int) -> APIError {
        APIError(
            status: .tooManyRequests, code: "RATE_LIMITED", message: "Too many requests, retry later",
            headers: [.retryAfter: String(retryAfterSeconds)])
    }

    static func unavailable(_ message: String) -> APIError {
        APIError(status: .serviceUnavailable, code: "SERVICE_UNAVAILABLE", message: message)
    }

    static let internalError = APIError(
        status: .internalServerError, code: "INTERNAL_ERROR", message: "Internal server error")

    /// The envelope: `{"error": {"code", "message", "details"?, "request_id"}}`.
    func envelope(requestID: String) -> JSON {
        var body: [(String, JSON)] = [("code", .string(code)), ("message", .string(message))]
        if let details {
            body.append(("details", .array(details.map(\.json))))
        }
        body.append(("request_id", .string(requestID)))
        return .object([("error", .object(body))])
    }
}

/// Names the JSON field or query parameter that failed validation.
struct FieldError: Sendable, Equatable {
    var field: String
    var message: String

    var json: JSON {
        .object([("field", .string(field)), ("message", .string(message))])
    }
}

/// Collects every problem of a request, so the client can fix them all from
/// one 422 response.
struct Validator {
    private(set) var problems: [FieldError] = []

    mutating func add(_ field: String, _ message: String) {
        problems.append(FieldError(field: field, message: message))
    }

    /// Records `message` for `field` unless `condition` holds.
    mutating func check(_ condition: Bool, _ field: String, _ message: String) {
        if !condition { add(field, message) }
    }

    /// Throws a 422 when anything was reported.
    func validate() throws(APIError) {
        if !problems.isEmpty { throw APIError.validation(problems) }
    }
}
