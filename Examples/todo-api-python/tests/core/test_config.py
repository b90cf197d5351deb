import pytest

from app.core.config import ConfigError, database_url_problem, load_settings

CLEAN = dict.fromkeys(("HOST", "PORT", "DATABASE_URL", "JWT_SECRET", "APP_ENV", "CORS_ORIGINS"), "")


@pytest.fixture(autouse=True)
def empty_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOST", "PORT", "DATABASE_URL", "REDIS_URL", "JWT_SECRET", "APP_ENV", "CORS_ORIGINS", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)


def test_defaults() -> None:
    settings = load_settings()
    assert (settings.HOST, settings.PORT, settings.DATABASE_URL) == ("127.0.0.1", 8080, "sqlite:./data/app.db")
    assert (settings.ACCESS_TTL_SECONDS, settings.REFRESH_TTL_SECONDS) == (900, 604800)
    assert (settings.RATE_LIMIT_RPM, settings.AUTH_RATE_LIMIT_RPM, settings.MAX_BODY_BYTES) == (600, 20, 1048576)
    assert settings.CORS_ORIGINS == ["http://localhost:3000"]
    assert (settings.LOG_LEVEL, settings.APP_ENV, settings.REDIS_URL) == ("info", "development", "")


def test_reads_and_normalises_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", " 0 ")
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example/, http://b.example:3000 ,")
    monkeypatch.setenv("APP_ENV", "PRODUCTION")
    monkeypatch.setenv("JWT_SECRET", "x" * 32)
    monkeypatch.setenv("DATABASE_URL", "")  # empty counts as unset
    settings = load_settings()
    assert settings.PORT == 0
    assert settings.CORS_ORIGINS == ["https://a.example", "http://b.example:3000"]
    assert settings.production
    assert settings.DATABASE_URL == "sqlite:./data/app.db"


def test_reports_every_problem_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(
            HOST="not a host!",
            DATABASE_URL="mysql://x",
            REDIS_URL="http://x",
            CORS_ORIGINS="ftp://x",
            LOG_LEVEL="loud",
            ADMIN_EMAIL="a@b.c",
        )
    message = str(caught.value)
    assert message.startswith("invalid configuration: ")
    assert "\n" not in message
    for fragment in (
        "HOST",
        "DATABASE_URL",
        "REDIS_URL",
        "CORS_ORIGINS",
        "LOG_LEVEL",
        "ADMIN_EMAIL and ADMIN_PASSWORD",
    ):
        assert fragment in message


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PORT", "http", 'PORT must be a whole number, got "http"'),
        ("PORT", "70000", "PORT must be between 0 and 65535, got 70000"),
        ("RATE_LIMIT_RPM", "-1", "RATE_LIMIT_RPM must be between 0 and 1000000, got -1"),
        ("JWT_SECRET", "short", "JWT_SECRET must be at least 32 bytes long"),
        ("APP_ENV", "production", "JWT_SECRET is required when APP_ENV=production"),
        ("ADMIN_PASSWORD", "short", "ADMIN_EMAIL and ADMIN_PASSWORD must be set together"),
    ],
)
def test_invalid_values(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(**{name: value})


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("sqlite::memory:", True),
        ("sqlite:./data/app.db", True),
        ("sqlite:", False),
        ("postgres://u:p@localhost:5432/app", True),
        ("postgresql://u@db/app?sslmode=disable", True),
        ("postgres://localhost", False),
        ("postgres://u@localhost:port/app", False),
        ("mysql://u@localhost/app", False),
    ],
)
def test_database_urls(url: str, ok: bool) -> None:
    assert (database_url_problem(url) is None) is ok
