"""Wiring only: settings -> resources -> FastAPI app -> Uvicorn.

create_app builds the ASGI app (tests use it in-process); main() is the
process: it validates the configuration (exit 2), binds the socket first so
that the first log line states the bound address (PORT=0 picks a free port),
serves, and on SIGTERM or SIGINT lets in-flight requests finish for up to
10 seconds before it exits 0.
"""

import asyncio
import logging
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI

from app.api.main import api_router
from app.core import errors
from app.core.config import ConfigError, Settings, load_settings
from app.core.logging import configure_logging
from app.core.middleware import (
    BodyLimitMiddleware,
    CORSMiddleware,
    HeadAsGetMiddleware,
    ObserveMiddleware,
    RateLimitMiddleware,
    RecoverMiddleware,
    RequestIdMiddleware,
    SecurityHeadersMiddleware,
)
from app.services import Resources, jwt_secret

logger = logging.getLogger("app")

SHUTDOWN_TIMEOUT_SECONDS = 10


def create_app(settings: Settings, secret: bytes) -> FastAPI:
    resources = Resources(settings, secret)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resources.start()
        app.state.services = resources.services
        try:
            yield
        finally:
            await resources.close()

    # FastAPI's generated document and pages are off: /openapi.json and /docs
    # serve the contract this project implements (app/api/routes/ops.py).
    app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None, redirect_slashes=False)
    errors.install(app)
    app.include_router(api_router)

    # add_middleware wraps: the last one added runs first.
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(RateLimitMiddleware, limiter=resources.limiter, tokens=resources.services.tokens)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.MAX_BODY_BYTES)
    app.add_middleware(CORSMiddleware, origins=settings.CORS_ORIGINS)
    app.add_middleware(RecoverMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(ObserveMiddleware, metrics=resources.metrics)
    app.add_middleware(RequestIdMiddleware)
    return app


def bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _address(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def main() -> int:
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    configure_logging(settings.LOG_LEVEL)
    try:
        sock = bind(settings.HOST, settings.PORT)
    except OSError as exc:
        print(f"error: listen on {settings.HOST}:{settings.PORT}: {exc}", file=sys.stderr)
        return 1
    logger.info("listening", extra={"fields": {"addr": _address(sock)}})

    app = create_app(settings, jwt_secret(settings))
    config = uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        server_header=False,
        lifespan="on",
        timeout_graceful_shutdown=SHUTDOWN_TIMEOUT_SECONDS,
    )
    server = uvicorn.Server(config)
    # Uvicorn handles SIGTERM and SIGINT while it serves, then re-raises the
    # signal to the handler that was there before; this one makes that a
    # normal return, hence exit code 0 after a graceful stop.
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop_signal, lambda *_: None)
    asyncio.run(server.serve(sockets=[sock]))
    if not server.started:
        logger.error("start-up failed")
        return 1
    logger.info("stopped")
    return 0
