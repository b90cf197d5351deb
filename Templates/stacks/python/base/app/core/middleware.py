"""ASGI middleware for what every request needs, whatever its route.

Plain ASGI rather than BaseHTTPMiddleware: they see the response start and
the request body as they stream, and add no task per request. app.main adds
them so that the request id comes first, so that every later step, including
the log line and any error envelope, can carry it.
"""

import contextlib
import logging
import re
import secrets
import time
import traceback
from collections.abc import Iterable
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.body import BodyTooLarge
from app.core.errors import ApiError, error_response, internal_error, payload_too_large, rate_limited
from app.core.metrics import Metrics
from app.core.ratelimit import Limiter
from app.core.security import InvalidToken, TokenIssuer

logger = logging.getLogger("app")

# Ids a client or proxy generated are echoed, without letting arbitrary text
# into logs and headers.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:~+/=@-]{1,128}")

# Probed by orchestrators and scrapers every few seconds: throttling them would
# make a busy instance look dead.
UNLIMITED_PATHS = frozenset({"/health", "/ready", "/metrics"})

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    # API responses are not meant to be rendered or framed by a browser;
    # routes that serve HTML set their own policy.
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    "cache-control": "no-store",
}


def request_id(scope: Scope) -> str:
    return scope.get("state", {}).get("request_id", "")


async def send_error(scope: Scope, send: Send, error: ApiError, extra_headers: dict[str, str] | None = None) -> None:
    response = error_response(error, request_id(scope))
    for name, value in (extra_headers or {}).items():
        response.headers[name] = value
    await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


def bearer_token(headers: Headers) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


class RequestIdMiddleware:
    """Echoes a sane X-Request-ID, generates one otherwise, and stores it in
    the request state for logs and error envelopes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get("x-request-id", "")
        rid = given if _SANE_REQUEST_ID.fullmatch(given) else secrets.token_hex(16)
        scope.setdefault("state", {})["request_id"] = rid

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        await self.app(scope, receive, send_with_id)


class ObserveMiddleware:
    """One JSON log line and the metrics of each request. The route is the
    matched pattern, because raw paths would give one series per todo id."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        method = scope["method"]
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            elapsed = time.perf_counter() - start
            route = _route_pattern(scope)
            self.metrics.observe(method, route, status, elapsed)
            logger.info(
                "request",
                extra={
                    "fields": {
                        "request_id": request_id(scope),
                        "method": method,
                        "route": route,
                        "path": scope["path"],
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 3),
                    }
                },
            )


def _route_pattern(scope: Scope) -> str:
    route = scope.get("route")
    methods: Iterable[str] = getattr(route, "methods", None) or ()
    method = "GET" if scope["method"] == "HEAD" else scope["method"]
    if route is None or method not in methods:
        return "unmatched"
    return str(getattr(route, "path", "unmatched"))


class SecurityHeadersMiddleware:
    """Headers every response needs; a value the route set wins."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RecoverMiddleware:
    """Turns an unexpected exception into a logged 500 envelope. The stack
    goes to the log, never to the client."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            logger.error(
                "request failed",
                extra={
                    "fields": {
                        "request_id": request_id(scope),
                        "error": repr(exc),
                        "stack": "".join(traceback.format_exception(exc)),
                    }
                },
            )
            if started:
                raise
            await send_error(scope, send, internal_error())


class CORSMiddleware:
    """Answers preflight requests and marks responses readable by the
    configured origins. Tokens travel in the Authorization header, not
    cookies, so credentials are never allowed and "*" stays safe."""

    def __init__(self, app: ASGIApp, origins: list[str]) -> None:
        self.app = app
        self.allow_any = "*" in origins
        self.origins = frozenset(origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if not origin:
            await self.app(scope, receive, send)
            return
        allowed = self.allow_any or origin in self.origins
        cors_headers = {"Access-Control-Allow-Origin": "*" if self.allow_any else origin} if allowed else {}
        if allowed:
            cors_headers["Access-Control-Expose-Headers"] = "ETag, Location, Retry-After, X-Cache, X-Request-ID"

        if allowed and scope["method"] == "OPTIONS" and headers.get("access-control-request-method"):
            preflight = {
                **cors_headers,
                "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
                "Access-Control-Allow-Headers": "Authorization, Content-Type, If-Match, If-None-Match, X-Request-ID",
                "Access-Control-Max-Age": "600",
                "Vary": "Origin",
            }
            await send({"type": "http.response.start", "status": 204, "headers": _raw(preflight)})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                response_headers.add_vary_header("Origin")
                for name, value in cors_headers.items():
                    response_headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_cors)


def _raw(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]


class BodyLimitMiddleware:
    """Refuses bodies over max_bytes: at once when Content-Length says so,
    otherwise when the route reads past the limit (read_json_object turns
    that into the 413)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            # The unread body would otherwise be drained; closing is cheaper.
            await send_error(scope, send, payload_too_large(), {"Connection": "close"})
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        await self.app(scope, limited_receive, send)


class RateLimitMiddleware:
    """429 past the budget. Clients are told apart by user id when they send
    a valid token, so users behind one NAT do not share a budget, and by IP
    address otherwise. X-Forwarded-For is ignored on purpose: any client can
    set it; behind a trusted proxy, read the proxy's header instead."""

    def __init__(self, app: ASGIApp, limiter: Limiter | None, tokens: TokenIssuer) -> None:
        self.app = app
        self.limiter = limiter
        self.tokens = tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.limiter is None or scope["path"] in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        key = "ip:" + client_ip(scope)
        if (token := bearer_token(Headers(scope=scope))) is not None:
            with contextlib.suppress(InvalidToken):
                key = f"user:{self.tokens.verify(token)}"
        try:
            wait = await self.limiter.allow(key)
        except Exception as exc:  # noqa: BLE001 - any backend failure
            # Failing open keeps the service up when Redis is down; the log
            # says limits are not enforced meanwhile.
            logger.warning("rate limiter unavailable", extra={"fields": {"error": repr(exc)}})
            wait = None
        if wait is not None:
            await send_error(scope, send, rate_limited(wait))
            return
        await self.app(scope, receive, send)


def client_ip(scope: Scope) -> str:
    client: Any = scope.get("client")
    return str(client[0]) if client else "unknown"


class HeadAsGetMiddleware:
    """Serves HEAD wherever GET is served, without the body, as HTTP asks."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        scope["method"] = "GET"

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, receive, send_without_body)
        finally:
            scope["method"] = "HEAD"
