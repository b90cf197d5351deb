package com.example.todoapi.platform.http;

import java.util.List;
import java.util.Map;

/**
 * An error the client should see. Every 4xx and 5xx response of the service is one of these,
 * written by {@link ErrorResponder}, so the envelope has one shape everywhere.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient List<FieldError> details;
  private final transient Map<String, String> headers;

  private ApiException(int status, String code, String message, List<FieldError> details, Map<String, String> headers) {
    // No stack trace: these are answers, not failures, and they are thrown on every bad request.
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  private ApiException(int status, String code, String message) {
    this(status, code, message, null, Map.of());
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Null except for VALIDATION_ERROR, which always carries a list, possibly empty. */
  public List<FieldError> details() {
    return details;
  }

  /** Headers the status requires, such as Allow for 405. */
  public Map<String, String> headers() {
    return headers;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "BAD_REQUEST", message);
  }

  /** For protected routes: RFC 6750 asks for a challenge naming the scheme. */
  public static ApiException unauthorized(String message) {
    return new ApiException(401, "UNAUTHORIZED", message, null, Map.of("WWW-Authenticate", "Bearer realm=\"api\""));
  }

  /** The 401 of login, refresh and logout, where credentials came in the body, not a token. */
  public static ApiException badCredentials(String message) {
    return new ApiException(401, "UNAUTHORIZED", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "FORBIDDEN", message);
  }

  public static ApiException notFound() {
    return new ApiException(404, "NOT_FOUND", "Resource not found");
  }

  public static ApiException methodNotAllowed(String allow) {
    return new ApiException(405, "METHOD_NOT_ALLOWED", "Method not allowed on this resource", null, Map.of("Allow", allow));
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "CONFLICT", message);
  }

  public static ApiException preconditionFailed() {
    return new ApiException(412, "PRECONDITION_FAILED", "If-Match does not match the current ETag");
  }

  public static ApiException payloadTooLarge() {
    return new ApiException(413, "PAYLOAD_TOO_LARGE", "Request body is too large");
  }

  public static ApiException unsupportedMediaType() {
    return new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
  }

  public static ApiException validation(List<FieldError> details) {
    return new ApiException(422, "VALIDATION_ERROR", "Request validation failed", List.copyOf(details), Map.of());
  }

  public static ApiException rateLimited(long retryAfterSeconds) {
    return new ApiException(429, "RATE_LIMITED", "Too many requests, retry later", null,
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  public static ApiException internal() {
    return new ApiException(500, "INTERNAL_ERROR", "Internal server error");
  }

  public static ApiException unavailable(String message) {
    return new ApiException(503, "SERVICE_UNAVAILABLE", message);
  }
}
