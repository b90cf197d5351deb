"""Black-box test harness: the real service under Uvicorn on a free port.

Each server is `python -m app` in a subprocess, started as a user starts it,
with PORT=0; its address comes from the first log line. By default it gets
its own SQLite file and the in-process cache. Set TEST_DATABASE_URL=postgres://...
and/or TEST_REDIS_URL=redis://... to run the same tests against PostgreSQL (a
fresh schema per server, dropped afterwards) and Redis (a logical database per
server, flushed first: point it at a Redis dedicated to tests).
"""

import itertools
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest
import redis
from sqlalchemy import create_engine, text

from app.core.db import sqlalchemy_url

PROJECT_DIR = Path(__file__).resolve().parents[1]

# Known to the tests, so they can mint expired and forged tokens as an
# external verifier would.
TEST_JWT_SECRET = "test-secret-0123456789abcdef0123456789"
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-password"


def pytest_report_header() -> list[str]:
    lines = []
    if os.environ.get("TEST_DATABASE_URL"):
        lines.append("API tests run against PostgreSQL from TEST_DATABASE_URL")
    else:
        lines.append(
            "!!! PostgreSQL was NOT exercised: set TEST_DATABASE_URL=postgres://... to run the API tests on it"
        )
    if os.environ.get("TEST_REDIS_URL"):
        lines.append("API tests run against Redis from TEST_REDIS_URL")
    else:
        lines.append("!!! Redis was NOT exercised: set TEST_REDIS_URL=redis://... to run the API tests on it")
    return lines


def random_suffix() -> str:
    return secrets.token_hex(6)


@dataclass
class Server:
    """One running instance of the service."""

    process: subprocess.Popen[str]
    base_url: str
    logs: list[str]
    cleanups: list[Any] = field(default_factory=list)

    def stop(self) -> int:
        """SIGTERM, as an orchestrator stops it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=15)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            if self.process.stdout is not None:
                self.process.stdout.close()
            for cleanup in reversed(self.cleanups):
                cleanup()
            self.cleanups.clear()
        return code


def _test_database_url(cleanups: list[Any], tmp_dir: Path) -> str:
    """A fresh database: a SQLite file, or a new schema in TEST_DATABASE_URL."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return f"sqlite:{tmp_dir / 'app.db'}"
    schema = "test_" + random_suffix()
    admin = create_engine(sqlalchemy_url(base))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

    cleanups.append(drop)
    parts = urlsplit(base)
    # libpq's options parameter makes every connection start in the schema.
    query = [*parse_qsl(parts.query), ("options", f"-csearch_path={schema}")]
    return urlunsplit(parts._replace(query=urlencode(query)))


_redis_databases = itertools.count(1)


def _test_redis_url() -> str | None:
    """TEST_REDIS_URL with a logical database of its own, emptied first, so
    servers never share cached todos or rate-limit counters."""
    base = os.environ.get("TEST_REDIS_URL")
    if not base:
        return None
    url = urlunsplit(urlsplit(base)._replace(path=f"/{1 + next(_redis_databases) % 15}"))
    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()
    return url


def start_server(tmp_dir: Path, overrides: dict[str, str] | None = None, *, wait: bool = True) -> Server:
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": "0",
        "APP_ENV": "test",
        "JWT_SECRET": TEST_JWT_SECRET,
        "LOG_LEVEL": "info",
    }
    for name in ("REDIS_URL", "ADMIN_EMAIL", "ADMIN_PASSWORD", "RATE_LIMIT_RPM", "AUTH_RATE_LIMIT_RPM"):
        env.pop(name, None)
    cleanups: list[Any] = []
    env["DATABASE_URL"] = _test_database_url(cleanups, tmp_dir)
    if (redis_url := _test_redis_url()) is not None:
        env["REDIS_URL"] = redis_url
    env.update(overrides or {})

    process = subprocess.Popen(
        [sys.executable, "-m", "app"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    logs: list[str] = []
    first_line = threading.Event()

    def drain() -> None:
        # Read continuously: a full pipe would block the server's logging.
        assert process.stdout is not None
        for line in process.stdout:
            logs.append(line)
            first_line.set()
        first_line.set()

    threading.Thread(target=drain, daemon=True).start()
    if not first_line.wait(15) or not logs:
        process.kill()
        raise RuntimeError("the server printed nothing within 15 s")
    first = json.loads(logs[0])
    assert first["msg"] == "listening", logs[0]
    server = Server(process, "http://" + first["addr"], logs, cleanups)
    if wait:
        deadline = time.monotonic() + 15
        while True:
            try:
                if httpx.get(server.base_url + "/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                server.stop()
                raise RuntimeError("/health did not answer 200 in time; logs:\n" + "".join(logs[-20:]))
            time.sleep(0.02)
    return server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One instance for every test that needs no special configuration; tests
    isolate themselves by registering their own users. Rate limits are off so
    tests do not throttle each other."""
    instance = start_server(
        tmp_path_factory.mktemp("shared"),
        {
            "RATE_LIMIT_RPM": "0",
            "AUTH_RATE_LIMIT_RPM": "0",
            "ADMIN_EMAIL": ADMIN_EMAIL,
            "ADMIN_PASSWORD": ADMIN_PASSWORD,
        },
    )
    yield instance
    assert instance.stop() == 0


@pytest.fixture
def make_server(tmp_path: Path) -> Iterator[Any]:
    """Starts servers with extra configuration, stopped when the test ends."""
    started: list[Server] = []

    def make(overrides: dict[str, str] | None = None) -> Server:
        instance = start_server(tmp_path / str(len(started)), overrides)
        started.append(instance)
        return instance

    yield make
    for instance in started:
        assert instance.stop() == 0


class Client:
    """Sends requests to one server, optionally with a bearer token."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = base_url
        self.token = token

    def with_token(self, token: str) -> "Client":
        return Client(self.base_url, token)

    def request(
        self, method: str, path: str, body: Any = None, *, content: str | bytes | None = None, **headers: str
    ) -> httpx.Response:
        """body is sent as JSON; content as it is, with the JSON content type
        unless a Content-Type header says otherwise."""
        send_headers = {}
        if body is not None or content is not None:
            send_headers["Content-Type"] = "application/json"
        if self.token:
            send_headers["Authorization"] = f"Bearer {self.token}"
        send_headers.update({name.replace("_", "-"): value for name, value in headers.items()})
        if body is not None:
            content = json.dumps(body)
        # A connection per request: tests never depend on keep-alive.
        return httpx.request(method, self.base_url + path, content=content, headers=send_headers, timeout=30)

    def get(self, path: str, **headers: str) -> httpx.Response:
        return self.request("GET", path, **headers)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, body, **kwargs)


def expect(response: httpx.Response, status: int) -> httpx.Response:
    assert response.status_code == status, f"status {response.status_code}, want {status}: {response.text}"
    return response


def expect_error(response: httpx.Response, status: int, code: str, *fields: str) -> dict[str, Any]:
    """Checks the error envelope: status, code, request_id equal to the
    X-Request-ID header, and the fields named in details."""
    expect(response, status)
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    envelope = response.json()["error"]
    assert envelope["code"] == code, response.text
    assert envelope["message"]
    assert envelope["request_id"] == response.headers["x-request-id"] != ""
    if code == "VALIDATION_ERROR":
        named = {detail["field"] for detail in envelope["details"]}
        assert set(fields) <= named, f"details do not name {fields}: {response.text}"
    else:
        assert "details" not in envelope
    return envelope


@dataclass
class User:
    id: int
    email: str
    password: str
    access_token: str
    refresh_token: str


def register_user(server: Server, name: str) -> User:
    """A new, logged-in account with a unique email. Password hashing is
    deliberately slow, so tests create few users."""
    client = Client(server.base_url)
    email, password = f"{name}-{random_suffix()}@example.com", f"password-{name}"
    created = expect(client.post("/api/v1/auth/register", {"email": email, "password": password, "name": name}), 201)
    tokens = expect(client.post("/api/v1/auth/login", {"email": email, "password": password}), 200).json()
    return User(created.json()["id"], email, password, tokens["access_token"], tokens["refresh_token"])
