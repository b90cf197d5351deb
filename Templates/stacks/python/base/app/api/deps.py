"""FastAPI dependencies shared by the routes: services, the caller, auth limits."""

import logging
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine

from app.core.cache import Cache
from app.core.config import Settings
from app.core.errors import rate_limited, unauthorized
from app.core.metrics import Metrics
from app.core.middleware import bearer_token, client_ip
from app.core.ratelimit import Limiter
from app.core.security import InvalidToken, TokenIssuer

logger = logging.getLogger("app")


@dataclass(frozen=True)
class Services:
    """Everything the routes need, built once by app.main and kept in app.state."""

    settings: Settings
    engine: Engine
    cache: Cache
    tokens: TokenIssuer
    metrics: Metrics
    # Login and register have their own, stricter limit; None disables it.
    auth_limiter: Limiter | None


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def current_user_id(request: Request, services: ServicesDep) -> int:
    """The user of a valid access token, else 401 with a Bearer challenge."""
    token = bearer_token(request.headers)
    if token is None:
        raise unauthorized("Missing bearer token")
    try:
        return services.tokens.verify(token)
    except InvalidToken:
        raise unauthorized("Invalid or expired token") from None


CurrentUserId = Annotated[int, Depends(current_user_id)]


async def auth_rate_limit(request: Request, services: ServicesDep) -> None:
    if services.auth_limiter is None:
        return
    try:
        wait = await services.auth_limiter.allow("ip:" + client_ip(request.scope))
    except Exception as exc:  # noqa: BLE001 - any backend failure
        # Fails open, as the global limit does (app.core.middleware).
        logger.warning("rate limiter unavailable", extra={"fields": {"error": repr(exc)}})
        return
    if wait is not None:
        raise rate_limited(wait)


AuthRateLimited = Depends(auth_rate_limit)
