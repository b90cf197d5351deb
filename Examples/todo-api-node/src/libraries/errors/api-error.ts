// ApiError is an error the client should see. Every 4xx and 5xx response of
// the service is one of these, written by the error handler, so the envelope
// has one shape everywhere.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Present (possibly empty) for VALIDATION_ERROR only. */
  readonly details: FieldError[] | undefined;
  /** Headers the status requires, such as Allow for 405. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

export const badRequest = (message: string) => new ApiError(400, "BAD_REQUEST", message);

/** For protected routes: RFC 6750 asks for a challenge naming the scheme. */
export const unauthorized = (message: string) =>
  new ApiError(401, "UNAUTHORIZED", message, {
    headers: { "WWW-Authenticate": 'Bearer realm="api"' },
  });

/** The 401 of login, refresh and logout, where credentials came in the body. */
export const badCredentials = (message: string) => new ApiError(401, "UNAUTHORIZED", message);

export const notFound = () => new ApiError(404, "NOT_FOUND", "Resource not found");

export const methodNotAllowed = (allow: string) =>
  new ApiError(405, "METHOD_NOT_ALLOWED", "Method not allowed on this resource", {
    headers: { Allow: allow },
  });

export const conflict = (message: string) => new ApiError(409, "CONFLICT", message);

export const preconditionFailed = () =>
  new ApiError(412, "PRECONDITION_FAILED", "If-Match does not match the current ETag");

export const payloadTooLarge = () =>
  new ApiError(413, "PAYLOAD_TOO_LARGE", "Request body is too large");

export const unsupportedMediaType = () =>
  new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");

export const validationFailed = (details: FieldError[]) =>
  new ApiError(422, "VALIDATION_ERROR", "Request validation failed", { details });

export const rateLimited = (retryAfterSeconds: number) =>
  new ApiError(429, "RATE_LIMITED", "Too many requests, retry later", {
    headers: { "Retry-After": String(retryAfterSeconds) },
  });

export const unavailable = (message: string) => new ApiError(503, "SERVICE_UNAVAILABLE", message);

export const internalError = () => new ApiError(500, "INTERNAL_ERROR", "Internal server error");
