"""Accounts and tokens over real HTTP: register, login, refresh, logout, users/me."""

import base64
import time

import jwt
import pytest

from tests.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    TEST_JWT_SECRET,
    Client,
    Server,
    expect,
    expect_error,
    random_suffix,
    register_user,
)


@pytest.fixture
def client(server: Server) -> Client:
    return Client(server.base_url)


def test_register(client: Client) -> None:
    email = f"New.User-{random_suffix()}@Example.COM"
    response = client.post(
        "/api/v1/auth/register",
        {
            "email": f"  {email} ",
            "password": "long enough",
            "name": " Ada ",
            "role": "admin",
            "id": 999999,
            "created_at": "2000-01-01T00:00:00Z",
        },
    )
    expect(response, 201)
    assert response.headers["location"] == "/api/v1/users/me"
    created = response.json()
    assert list(created) == ["id", "email", "name", "role", "created_at"]
    assert (created["email"], created["name"], created["role"]) == (email.lower(), "Ada", "user")
    assert created["id"] != 999999, "mass assignment applied"
    assert not created["created_at"].startswith("2000")

    twin = {"email": email.upper(), "password": "long enough", "name": "Twin"}
    expect_error(client.post("/api/v1/auth/register", twin), 409, "CONFLICT")


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"email": "not-an-email", "password": "long enough", "name": "A"}, "email", "must be a valid email address"),
        ({"password": "long enough", "name": "A"}, "email", "must be a valid email address"),
        ({"email": None, "password": "long enough", "name": "A"}, "email", "must be a valid email address"),
        ({"email": 42, "password": "long enough", "name": "A"}, "email", "must be a string"),
        ({"email": "a@example.com", "password": "short", "name": "A"}, "password", "must be 8 to 128 characters long"),
        (
            {"email": "a@example.com", "password": "p" * 129, "name": "A"},
            "password",
            "must be 8 to 128 characters long",
        ),
        (
            {"email": "a@example.com", "password": "long enough", "name": "   "},
            "name",
            "must be 1 to 100 characters long",
        ),
        (
            {"email": "a@example.com", "password": "long enough", "name": "n" * 101},
            "name",
            "must be 1 to 100 characters long",
        ),
        (
            {"email": "a@example.com", "password": "long\x00enough", "name": "A"},
            "password",
            "must not contain NUL characters",
        ),
    ],
)
def test_register_validation(client: Client, body: dict, field: str, message: str) -> None:
    envelope = expect_error(client.post("/api/v1/auth/register", body), 422, "VALIDATION_ERROR", field)
    assert envelope["details"] == [{"field": field, "message": message}]


def test_register_reports_every_field(client: Client) -> None:
    envelope = expect_error(client.post("/api/v1/auth/register", {}), 422, "VALIDATION_ERROR")
    assert [d["field"] for d in envelope["details"]] == ["email", "password", "name"]


def test_login_does_not_reveal_accounts(server: Server, client: Client) -> None:
    user = register_user(server, "login")
    wrong_password = client.post("/api/v1/auth/login", {"email": user.email, "password": "wrong password"})
    unknown_email = client.post(
        "/api/v1/auth/login", {"email": f"nobody-{random_suffix()}@example.com", "password": "wrong password"}
    )
    a = expect_error(wrong_password, 401, "UNAUTHORIZED")
    b = expect_error(unknown_email, 401, "UNAUTHORIZED")
    assert (a["code"], a["message"]) == (b["code"], b["message"])
    assert "www-authenticate" not in wrong_password.headers

    login = {"email": "  " + user.email.upper(), "password": user.password}
    tokens = expect(client.post("/api/v1/auth/login", login), 200).json()
    assert list(tokens) == ["access_token", "token_type", "expires_in", "refresh_token"]
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 900
    envelope = expect_error(client.post("/api/v1/auth/login", {"email": user.email}), 422, "VALIDATION_ERROR")
    assert envelope["details"] == [{"field": "password", "message": "is required"}]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_access_tokens(server: Server, client: Client) -> None:
    user = register_user(server, "tokens")
    me = expect(client.with_token(user.access_token).get("/api/v1/users/me"), 200).json()
    assert (me["email"], me["role"], me["id"]) == (user.email, "user", user.id)

    now = int(time.time())
    expired = jwt.encode({"sub": str(user.id), "iat": now - 2000, "exp": now - 61}, TEST_JWT_SECRET, "HS256")
    forged = jwt.encode({"sub": str(user.id), "exp": now + 900}, "some other secret of enough length!!", "HS256")
    header, payload, signature = user.access_token.split(".")
    tokens = {
        "malformed": "not-a-jwt",
        "expired": expired,
        "forged": forged,
        "alg none": _b64(b'{"alg":"none","typ":"JWT"}') + "." + payload + ".",
        "HS512": jwt.encode({"sub": str(user.id), "exp": now + 900}, TEST_JWT_SECRET * 2, "HS512"),
        "tampered": header + "." + _b64(b'{"sub":"1","exp":9999999999}') + "." + signature,
        "no subject": jwt.encode({"exp": now + 900}, TEST_JWT_SECRET, "HS256"),
    }
    for name, token in tokens.items():
        response = client.with_token(token).get("/api/v1/users/me")
        expect_error(response, 401, "UNAUTHORIZED")
        assert response.headers["www-authenticate"].startswith("Bearer"), name
    missing = client.get("/api/v1/users/me")
    expect_error(missing, 401, "UNAUTHORIZED")
    assert missing.headers["www-authenticate"] == 'Bearer realm="api"'
    # Only the Bearer scheme is accepted.
    expect_error(client.get("/api/v1/users/me", Authorization="Basic " + user.access_token), 401, "UNAUTHORIZED")


def test_refresh_token_rotation(server: Server, client: Client) -> None:
    user = register_user(server, "refresh")
    rotated = expect(client.post("/api/v1/auth/refresh", {"refresh_token": user.refresh_token}), 200).json()
    new_refresh = rotated["refresh_token"]
    assert new_refresh != user.refresh_token
    expect(client.with_token(rotated["access_token"]).get("/api/v1/users/me"), 200)

    # The used token is dead, though it has not expired.
    expect_error(client.post("/api/v1/auth/refresh", {"refresh_token": user.refresh_token}), 401, "UNAUTHORIZED")
    expect_error(client.post("/api/v1/auth/refresh", {"refresh_token": "made-up"}), 401, "UNAUTHORIZED")
    expect_error(client.post("/api/v1/auth/refresh", {}), 422, "VALIDATION_ERROR", "refresh_token")

    expect(client.post("/api/v1/auth/logout", {"refresh_token": new_refresh}), 204)
    expect_error(client.post("/api/v1/auth/refresh", {"refresh_token": new_refresh}), 401, "UNAUTHORIZED")
    expect_error(client.post("/api/v1/auth/logout", {"refresh_token": new_refresh}), 401, "UNAUTHORIZED")
    expect_error(client.post("/api/v1/auth/logout", {"refresh_token": 5}), 422, "VALIDATION_ERROR", "refresh_token")


def test_refresh_tokens_expire(make_server) -> None:
    server = make_server({"REFRESH_TTL_SECONDS": "1"})
    user = register_user(server, "expiring")
    # Waiting out the one-second lifetime is the only way to see expiry from outside.
    time.sleep(1.5)
    response = Client(server.base_url).post("/api/v1/auth/refresh", {"refresh_token": user.refresh_token})
    expect_error(response, 401, "UNAUTHORIZED")


def test_admin_bootstrap(client: Client) -> None:
    tokens = expect(client.post("/api/v1/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}), 200).json()
    me = expect(client.with_token(tokens["access_token"]).get("/api/v1/users/me"), 200).json()
    assert me["role"] == "admin"


def test_rate_limits(make_server) -> None:
    server = make_server({"RATE_LIMIT_RPM": "5", "AUTH_RATE_LIMIT_RPM": "2"})
    client = Client(server.base_url)

    def expect_limited(limit: int, send) -> None:
        # Windows are fixed minutes: one may end during the loop, so one reset
        # is allowed for before a 429 is expected.
        for _ in range(2 * limit + 2):
            response = send()
            if response.status_code == 429:
                expect_error(response, 429, "RATE_LIMITED")
                assert 1 <= int(response.headers["retry-after"]) <= 61
                return
        pytest.fail(f"no 429 after {2 * limit + 2} requests with a limit of {limit}")

    # Empty logins fail validation before any hashing, yet count against the
    # stricter auth limit.
    expect_limited(2, lambda: client.post("/api/v1/auth/login", {}))
    expect_limited(5, lambda: client.get("/api/v1/todos"))
    for _ in range(10):
        expect(client.get("/health"), 200)  # probes are never throttled
