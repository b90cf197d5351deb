"""Operational routes and what every response carries, over real HTTP."""

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import Client, Server, expect, expect_error


@pytest.fixture
def client(server: Server) -> Client:
    return Client(server.base_url)


def test_operational_routes(client: Client) -> None:
    assert expect(client.get("/health"), 200).json() == {"status": "ok"}
    assert expect(client.get("/ready"), 200).json() == {"status": "ok"}
    assert expect(client.get("/openapi.json"), 200).json()["openapi"].startswith("3.1")

    docs = expect(client.get("/docs"), 200)
    assert docs.headers["content-type"].startswith("text/html")
    assert "/openapi.json" in docs.text
    assert "script-src 'sha256-" in docs.headers["content-security-policy"]

    client.get("/api/v1/todos/123456789")  # a 401, recorded under its pattern
    metrics = expect(client.get("/metrics"), 200)
    assert metrics.headers["content-type"].startswith("text/plain; version=0.0.4")
    for wanted in (
        'http_requests_total{method="GET",route="/health",status="200"}',
        'http_request_duration_seconds_bucket{method="GET",route="/api/v1/todos/{id}",le="+Inf"}',
        "db_queries_total ",
    ):
        assert wanted in metrics.text
    assert "123456789" not in metrics.text, "a raw path as a label instead of the route pattern"


def test_head_is_served_where_get_is(client: Client) -> None:
    response = expect(client.request("HEAD", "/health"), 200)
    assert response.content == b""


def test_common_headers(client: Client) -> None:
    response = client.get("/health", X_Request_ID="client-id-42")
    assert response.headers["x-request-id"] == "client-id-42"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "server" not in response.headers
    assert response.headers["content-type"] == "application/json; charset=utf-8"

    for insane in ("a" * 129, "has space", 'quote"d'):
        generated = client.get("/health", X_Request_ID=insane).headers["x-request-id"]
        assert generated
        assert generated != insane
    assert client.get("/health").headers["x-request-id"]

    # Errors carry the echoed id too.
    assert expect_error(client.get("/nowhere", X_Request_ID="trace-1"), 404, "NOT_FOUND")["request_id"] == "trace-1"


def test_cors(client: Client) -> None:
    preflight = client.request(
        "OPTIONS", "/api/v1/todos", Origin="http://localhost:3000", Access_Control_Request_Method="POST"
    )
    expect(preflight, 204)
    assert preflight.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "access-control-allow-credentials" not in preflight.headers
    allowed = client.get("/health", Origin="http://localhost:3000")
    assert allowed.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "X-Request-ID" in allowed.headers["access-control-expose-headers"]
    assert "access-control-allow-origin" not in client.get("/health", Origin="https://evil.example").headers


def test_unknown_routes_and_methods(client: Client) -> None:
    expect_error(client.get("/api/v1/nothing-here"), 404, "NOT_FOUND")
    expect_error(client.get("/api/v2/todos"), 404, "NOT_FOUND")
    expect_error(client.get("/api/v1/todos/"), 404, "NOT_FOUND")

    response = client.request("DELETE", "/api/v1/todos")
    expect_error(response, 405, "METHOD_NOT_ALLOWED")
    assert response.headers["allow"] == "GET, HEAD, POST"
    response = client.post("/health", {})
    expect_error(response, 405, "METHOD_NOT_ALLOWED")
    assert response.headers["allow"] == "GET, HEAD"
    assert client.post("/api/v1/todos/1", {}).headers["allow"] == "DELETE, GET, HEAD, PATCH, PUT"


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        ('{"email": "a@b.c",', "application/json", 400, "BAD_REQUEST"),
        ('["not", "an", "object"]', "application/json", 400, "BAD_REQUEST"),
        ('"string"', "application/json", 400, "BAD_REQUEST"),
        ("{} {}", "application/json", 400, "BAD_REQUEST"),
        ("", "application/json", 400, "BAD_REQUEST"),
        ('{"n": NaN}', "application/json", 400, "BAD_REQUEST"),
        (b'{"n": \xff}', "application/json", 400, "BAD_REQUEST"),
        (b'{"name": "\xff"}', "application/json", 422, "VALIDATION_ERROR"),
        ("{}", "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("email=a@b.c", "application/x-www-form-urlencoded", 415, "UNSUPPORTED_MEDIA_TYPE"),
    ],
)
def test_request_body_errors(client: Client, content: str | bytes, content_type: str, status: int, code: str) -> None:
    response = client.post("/api/v1/auth/register", content=content, Content_Type=content_type)
    expect_error(response, status, code)


def test_body_over_the_limit(client: Client) -> None:
    huge = '{"name": "' + "x" * (1 << 20) + '"}'
    expect_error(client.post("/api/v1/auth/register", content=huge), 413, "PAYLOAD_TOO_LARGE")

    def chunks() -> Iterator[bytes]:
        # No Content-Length: the limit applies while the body arrives.
        yield b'{"name": "'
        for _ in range(17):
            yield b"x" * 65536
        yield b'"}'

    with httpx.Client(base_url=client.base_url) as http:
        response = http.post("/api/v1/auth/register", content=chunks(), headers={"Content-Type": "application/json"})
    expect_error(response, 413, "PAYLOAD_TOO_LARGE")
