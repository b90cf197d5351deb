package httpapi

import (
	"errors"
	"log/slog"
	"net/http"

	"example.com/todo-api/internal/store"
)

// apiError is an error the client should see. Every 4xx and 5xx response of
// the service is one of these, written by respondError, so the envelope has
// one shape everywhere.
type apiError struct {
	Status  int
	Code    string
	Message string
	Details []fieldError
	// Header holds headers the status requires, such as Allow for 405.
	Header http.Header
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// fieldError names the JSON field or query parameter that failed validation.
type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

type errorEnvelope struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// omitzero keeps an empty but non-nil list: VALIDATION_ERROR always
	// carries details, other codes never do.
	Details   []fieldError `json:"details,omitzero"`
	RequestID string       `json:"request_id"`
}

func errBadRequest(message string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: "BAD_REQUEST", Message: message}
}

// errUnauthorized is for protected routes: RFC 6750 asks for a
// WWW-Authenticate challenge naming the scheme.
func errUnauthorized(message string) *apiError {
	return &apiError{
		Status: http.StatusUnauthorized, Code: "UNAUTHORIZED", Message: message,
		Header: http.Header{"Www-Authenticate": {`Bearer realm="api"`}},
	}
}

// errBadCredentials is the 401 of login, refresh and logout, where the client
// sent credentials in the body rather than a bearer token.
func errBadCredentials(message string) *apiError {
	return &apiError{Status: http.StatusUnauthorized, Code: "UNAUTHORIZED", Message: message}
}

func errNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Code: "NOT_FOUND", Message: "Resource not found"}
}

func errMethodNotAllowed(allow string) *apiError {
	return &apiError{
		Status: http.StatusMethodNotAllowed, Code: "METHOD_NOT_ALLOWED", Message: "Method not allowed on this resource",
		Header: http.Header{"Allow": {allow}},
	}
}

func errConflict(message string) *apiError {
	return &apiError{Status: http.StatusConflict, Code: "CONFLICT", Message: message}
}

func errPreconditionFailed() *apiError {
	return &apiError{Status: http.StatusPreconditionFailed, Code: "PRECONDITION_FAILED", Message: "If-Match does not match the current ETag"}
}

func errPayloadTooLarge() *apiError {
	return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "PAYLOAD_TOO_LARGE", Message: "Request body is too large"}
}

func errUnsupportedMediaType() *apiError {
	return &apiError{Status: http.StatusUnsupportedMediaType, Code: "UNSUPPORTED_MEDIA_TYPE", Message: "Content-Type must be application/json"}
}

func errValidation(details []fieldError) *apiError {
	if details == nil {
		details = []fieldError{}
	}
	return &apiError{Status: http.StatusUnprocessableEntity, Code: "VALIDATION_ERROR", Message: "Request validation failed", Details: details}
}

func errRateLimited(retryAfterSeconds string) *apiError {
	return &apiError{
		Status: http.StatusTooManyRequests, Code: "RATE_LIMITED", Message: "Too many requests, retry later",
		Header: http.Header{"Retry-After": {retryAfterSeconds}},
	}
}

func errUnavailable(message string) *apiError {
	return &apiError{Status: http.StatusServiceUnavailable, Code: "SERVICE_UNAVAILABLE", Message: message}
}

var errInternal = &apiError{Status: http.StatusInternalServerError, Code: "INTERNAL_ERROR", Message: "Internal server error"}

// respondError is the one place that turns an error into a response. Errors
// the client should see pass through; anything else is logged with the
// request id and answered with a bare 500, so no SQL or stack trace leaks.
func respondError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	var apiErr *apiError
	switch {
	case errors.As(err, &apiErr):
	case errors.Is(err, store.ErrNotFound):
		apiErr = errNotFound()
	default:
		logger.ErrorContext(r.Context(), "request failed", "request_id", requestIDFrom(r.Context()), "error", err.Error())
		apiErr = errInternal
	}

	for name, values := range apiErr.Header {
		w.Header()[name] = values
	}
	writeJSON(w, apiErr.Status, errorEnvelope{Error: errorBody{
		Code:      apiErr.Code,
		Message:   apiErr.Message,
		Details:   apiErr.Details,
		RequestID: requestIDFrom(r.Context()),
	}})
}
