"""Builds what the routes need from the settings, and checks it at start-up."""

import logging
import secrets

import redis
import redis.asyncio
from sqlalchemy import Engine

from app.api.deps import Services
from app.core.cache import Cache, MemoryCache, RedisCache
from app.core.config import MIN_JWT_SECRET_BYTES, Settings
from app.core.db import create_db_engine, migrate
from app.core.metrics import Metrics
from app.core.ratelimit import Limiter, MemoryLimiter, RedisLimiter
from app.core.security import TokenIssuer, hash_password
from app.store.users import ROLE_ADMIN, EmailTaken, create_user, user_by_email

logger = logging.getLogger("app")

# Redis answers in microseconds; a hung server must not hold requests long.
REDIS_TIMEOUT_SECONDS = 2


def jwt_secret(settings: Settings) -> bytes:
    if settings.JWT_SECRET:
        return settings.JWT_SECRET.encode()
    logger.warning("JWT_SECRET is not set: using a random secret, so tokens stop working when the process restarts")
    return secrets.token_bytes(MIN_JWT_SECRET_BYTES)


class Resources:
    """Services plus what must be checked at start-up and closed at shutdown."""

    def __init__(self, settings: Settings, secret: bytes) -> None:
        self.metrics = Metrics()
        self.engine: Engine = create_db_engine(settings.DATABASE_URL, self.metrics.count_query)
        self.redis: redis.Redis | None = None
        self.async_redis: redis.asyncio.Redis | None = None
        cache: Cache = MemoryCache()
        limiter: Limiter | None = None
        auth_limiter: Limiter | None = None
        if settings.REDIS_URL:
            options = {"socket_timeout": REDIS_TIMEOUT_SECONDS, "socket_connect_timeout": REDIS_TIMEOUT_SECONDS}
            self.redis = redis.Redis.from_url(settings.REDIS_URL, **options)
            self.async_redis = redis.asyncio.Redis.from_url(settings.REDIS_URL, **options)
            cache = RedisCache(self.redis)
            if settings.RATE_LIMIT_RPM > 0:
                limiter = RedisLimiter(self.async_redis, "ratelimit:api:", settings.RATE_LIMIT_RPM)
            if settings.AUTH_RATE_LIMIT_RPM > 0:
                auth_limiter = RedisLimiter(self.async_redis, "ratelimit:auth:", settings.AUTH_RATE_LIMIT_RPM)
        else:
            if settings.RATE_LIMIT_RPM > 0:
                limiter = MemoryLimiter(settings.RATE_LIMIT_RPM)
            if settings.AUTH_RATE_LIMIT_RPM > 0:
                auth_limiter = MemoryLimiter(settings.AUTH_RATE_LIMIT_RPM)
        self.limiter = limiter
        self.services = Services(
            settings=settings,
            engine=self.engine,
            cache=cache,
            tokens=TokenIssuer(secret, settings.ACCESS_TTL_SECONDS),
            metrics=self.metrics,
            auth_limiter=auth_limiter,
        )

    def start(self) -> None:
        """Fails at start-up, not on the first request, when a backend is wrong."""
        applied = migrate(self.engine)
        if applied:
            logger.info("applied migrations", extra={"fields": {"migrations": applied}})
        if self.redis is not None:
            self.redis.ping()
        ensure_admin(self.services)

    async def close(self) -> None:
        if self.async_redis is not None:
            await self.async_redis.aclose()
        if self.redis is not None:
            self.redis.close()
        self.engine.dispose()


def ensure_admin(services: Services) -> None:
    """Creates the ADMIN_EMAIL account unless it exists. An existing account
    is left as it is, so a changed ADMIN_PASSWORD never resets a password."""
    settings = services.settings
    if not settings.ADMIN_EMAIL:
        return
    with services.engine.begin() as conn:
        if user_by_email(conn, settings.ADMIN_EMAIL) is not None:
            return
        try:
            create_user(conn, settings.ADMIN_EMAIL, "Administrator", hash_password(settings.ADMIN_PASSWORD), ROLE_ADMIN)
        except EmailTaken:
            return  # another instance created it first
    logger.info("created admin account", extra={"fields": {"email": settings.ADMIN_EMAIL}})
