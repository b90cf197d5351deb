"""Typed configuration from environment variables, validated at start-up.

Every variable has a default that works on a developer machine, so the service
starts with no configuration at all. Loading reports every problem at once, so
a broken deployment is fixed in one round trip instead of one per variable.
"""

import ipaddress
import re
from typing import Annotated, Self
from urllib.parse import urlsplit

from pydantic import BeforeValidator, ValidationError, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# RFC 7518 section 3.2: an HS256 key must be at least as long as the hash.
MIN_JWT_SECRET_BYTES = 32

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
_HOST_LABEL = re.compile(r"[A-Za-z0-9-]{1,63}")


class ConfigError(Exception):
    """Every invalid variable, on one line: what an operator sees on stderr."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid configuration: " + "; ".join(problems))


def _bounded_int(name: str, low: int, high: int) -> BeforeValidator:
    def parse(raw: object) -> object:
        if not isinstance(raw, str):
            return raw
        text = raw.strip()
        if not _WHOLE_NUMBER.fullmatch(text):
            raise PydanticCustomError("config", f'{name} must be a whole number, got "{text}"')
        value = int(text)
        if not low <= value <= high:
            raise PydanticCustomError("config", f"{name} must be between {low} and {high}, got {value}")
        return value

    return BeforeValidator(parse)


def _stripped(raw: object) -> object:
    return raw.strip() if isinstance(raw, str) else raw


def _lowered(raw: object) -> object:
    return raw.strip().lower() if isinstance(raw, str) else raw


def _origins(raw: object) -> object:
    if not isinstance(raw, str):
        return raw
    return [item.strip().removesuffix("/") for item in raw.split(",") if item.strip()]


Text = Annotated[str, BeforeValidator(_stripped)]
Lower = Annotated[str, BeforeValidator(_lowered)]


class Settings(BaseSettings):
    """The validated configuration. Names match the environment variables."""

    # Empty variables count as unset, as in every stack of this contract.
    model_config = SettingsConfigDict(env_ignore_empty=True, case_sensitive=True, frozen=True)

    HOST: Text = "127.0.0.1"
    PORT: Annotated[int, _bounded_int("PORT", 0, 65535)] = 8080
    DATABASE_URL: Text = "sqlite:./data/app.db"
    REDIS_URL: Text = ""
    JWT_SECRET: str = ""
    ACCESS_TTL_SECONDS: Annotated[int, _bounded_int("ACCESS_TTL_SECONDS", 1, 86400)] = 900
    REFRESH_TTL_SECONDS: Annotated[int, _bounded_int("REFRESH_TTL_SECONDS", 1, 31536000)] = 604800
    RATE_LIMIT_RPM: Annotated[int, _bounded_int("RATE_LIMIT_RPM", 0, 1000000)] = 600
    AUTH_RATE_LIMIT_RPM: Annotated[int, _bounded_int("AUTH_RATE_LIMIT_RPM", 0, 1000000)] = 20
    # NoDecode: a comma list, not the JSON pydantic-settings expects for lists.
    CORS_ORIGINS: Annotated[list[str], NoDecode, BeforeValidator(_origins)] = ["http://localhost:3000"]
    MAX_BODY_BYTES: Annotated[int, _bounded_int("MAX_BODY_BYTES", 1, 1 << 30)] = 1048576
    ADMIN_EMAIL: Lower = ""
    ADMIN_PASSWORD: str = ""
    LOG_LEVEL: Lower = "info"
    APP_ENV: Lower = "development"

    @model_validator(mode="after")
    def _check(self) -> Self:
        problems = []
        if self.JWT_SECRET and len(self.JWT_SECRET.encode()) < MIN_JWT_SECRET_BYTES:
            problems.append(f"JWT_SECRET must be at least {MIN_JWT_SECRET_BYTES} bytes long")
        if not _valid_host(self.HOST):
            problems.append(f'HOST "{self.HOST}" is not an IP address or host name')
        if (problem := database_url_problem(self.DATABASE_URL)) is not None:
            problems.append(f"DATABASE_URL {problem}")
        if self.REDIS_URL:
            parts = urlsplit(self.REDIS_URL)
            if parts.scheme not in ("redis", "rediss") or not parts.netloc:
                problems.append("REDIS_URL must look like redis://host:port/db")
        for origin in self.CORS_ORIGINS:
            if origin != "*" and not _valid_origin(origin):
                problems.append(f'CORS_ORIGINS entry "{origin}" is not an origin such as https://example.com')
        if self.LOG_LEVEL not in ("debug", "info", "warn", "error"):
            problems.append("LOG_LEVEL must be one of debug, info, warn, error")
        if self.APP_ENV not in ("development", "test", "production"):
            problems.append("APP_ENV must be one of development, test, production")
        if self.APP_ENV == "production" and not self.JWT_SECRET:
            problems.append("JWT_SECRET is required when APP_ENV=production")
        if bool(self.ADMIN_EMAIL) != bool(self.ADMIN_PASSWORD):
            problems.append("ADMIN_EMAIL and ADMIN_PASSWORD must be set together")
        if self.ADMIN_PASSWORD and not 8 <= len(self.ADMIN_PASSWORD) <= 128:
            problems.append("ADMIN_PASSWORD must be 8 to 128 characters long")
        if problems:
            raise PydanticCustomError("config", "; ".join(problems))
        return self

    @property
    def production(self) -> bool:
        return self.APP_ENV == "production"


def load_settings(**overrides: object) -> Settings:
    """Reads the environment (overrides win, for tests) or raises ConfigError."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError([str(error["msg"]) for error in exc.errors()]) from None


def database_url_problem(url: str) -> str | None:
    """None for the three forms the service opens, else what is wrong."""
    if url == "sqlite::memory:":
        return None
    if url.startswith("sqlite:"):
        return None if url.removeprefix("sqlite:") else "sqlite: needs a file path or :memory:"
    if url.startswith(("postgres://", "postgresql://")):
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises on a non-numeric port
        except ValueError:
            parts = None
        if parts is None or not parts.hostname or not parts.path.strip("/"):
            return "must look like postgres://user:pass@host:port/db"
        return None
    return "must start with sqlite: or postgres://"


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    if not host or len(host) > 253:
        return False
    return all(
        _HOST_LABEL.fullmatch(label) and not label.startswith("-") and not label.endswith("-")
        for label in host.split(".")
    )


def _valid_origin(origin: str) -> bool:
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and parts.path in ("", "/")
