"""The one place that turns errors into the contract's error envelope.

Handlers raise ApiError; the exception handlers installed by install() turn
it, FastAPI's own validation error, Starlette's 404 and 405 and anything
unexpected into the same envelope, so no framework default body ever reaches
a client.
"""

from dataclasses import dataclass, field

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match

from app.core.responses import json_response

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass
class FieldError:
    """Names the JSON field or query parameter that failed validation."""

    field: str
    message: str


@dataclass
class ApiError(Exception):
    """An error the client should see."""

    status: int
    code: str
    message: str
    details: list[FieldError] | None = None
    # Headers the status requires, such as Allow for 405.
    headers: dict[str, str] = field(default_factory=dict)


def bad_request(message: str) -> ApiError:
    return ApiError(400, "BAD_REQUEST", message)


def unauthorized(message: str) -> ApiError:
    """For protected routes: RFC 6750 asks for a challenge naming the scheme."""
    return ApiError(401, "UNAUTHORIZED", message, headers={"WWW-Authenticate": 'Bearer realm="api"'})


def bad_credentials(message: str) -> ApiError:
    """The 401 of login, refresh and logout, whose credentials come in the body."""
    return ApiError(401, "UNAUTHORIZED", message)


def not_found() -> ApiError:
    return ApiError(404, "NOT_FOUND", "Resource not found")


def method_not_allowed(allow: str) -> ApiError:
    return ApiError(405, "METHOD_NOT_ALLOWED", "Method not allowed on this resource", headers={"Allow": allow})


def conflict(message: str) -> ApiError:
    return ApiError(409, "CONFLICT", message)


def precondition_failed() -> ApiError:
    return ApiError(412, "PRECONDITION_FAILED", "If-Match does not match the current ETag")


def payload_too_large() -> ApiError:
    return ApiError(413, "PAYLOAD_TOO_LARGE", "Request body is too large")


def unsupported_media_type() -> ApiError:
    return ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json")


def validation_failed(details: list[FieldError]) -> ApiError:
    return ApiError(422, "VALIDATION_ERROR", "Request validation failed", details=details)


def rate_limited(retry_after_seconds: int) -> ApiError:
    return ApiError(
        429, "RATE_LIMITED", "Too many requests, retry later", headers={"Retry-After": str(retry_after_seconds)}
    )


def unavailable(message: str) -> ApiError:
    return ApiError(503, "SERVICE_UNAVAILABLE", message)


def internal_error() -> ApiError:
    return ApiError(500, "INTERNAL_ERROR", "Internal server error")


def error_response(error: ApiError, request_id: str) -> Response:
    """The envelope; details only for VALIDATION_ERROR, where it is always present."""
    body: dict[str, object] = {"code": error.code, "message": error.message}
    if error.details is not None:
        body["details"] = [{"field": d.field, "message": d.message} for d in error.details]
    body["request_id"] = request_id
    return json_response({"error": body}, error.status, headers=error.headers)


def request_id_of(request: Request) -> str:
    return request.scope.get("state", {}).get("request_id", "")


def allowed_methods(request: Request) -> str:
    """The Allow header: the methods some route serves for this path."""
    routes = request.app.router.routes
    methods = {
        method
        for method in _METHODS
        if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes)
    }
    # HEAD is served wherever GET is (app.core.middleware.HeadAsGetMiddleware).
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


def install(app: FastAPI) -> None:
    """Registers the handlers; every error response of the app comes from here."""

    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc, request_id_of(request))

    async def on_http_exception(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 405:
            error = method_not_allowed(allowed_methods(request))
        elif exc.status_code == 404:
            error = not_found()
        else:
            error = ApiError(
                exc.status_code, "BAD_REQUEST" if exc.status_code < 500 else "INTERNAL_ERROR", str(exc.detail)
            )
        return error_response(error, request_id_of(request))

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        # Request data is validated in the handlers; this only keeps FastAPI's
        # own {"detail": [...]} body out should a route declare typed params.
        assert isinstance(exc, RequestValidationError)
        details = [
            FieldError(".".join(str(part) for part in error["loc"][1:]) or "body", error["msg"])
            for error in exc.errors()
        ]
        return error_response(validation_failed(details), request_id_of(request))

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(HTTPException, on_http_exception)
    app.add_exception_handler(RequestValidationError, on_validation_error)
