"""Accounts and tokens: register, login, refresh, logout."""

import re
from typing import Annotated, Any, ClassVar

from fastapi import APIRouter, Depends
from pydantic import AfterValidator
from sqlalchemy import Connection
from starlette.responses import Response

from app.api.deps import AuthRateLimited, Services, ServicesDep
from app.core.body import RequestBody, contract_error, no_nul, read_json_object, trim_text
from app.core.errors import bad_credentials, conflict
from app.core.responses import format_timestamp, json_response
from app.core.security import check_password, hash_password, hash_refresh_token, new_refresh_token
from app.store.refresh_tokens import consume_refresh_token, create_refresh_token
from app.store.users import EmailTaken, User, create_user, user_by_email

router = APIRouter(prefix="/api/v1/auth")

JsonObject = Annotated[dict[str, Any], Depends(read_json_object)]

# An RFC 5322 addr-spec without comments or quoting: dot-atoms on both sides
# of one @. UTF-8 is allowed in both (RFC 6532).
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]+"
_EMAIL = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*@{_ATEXT}(?:\.{_ATEXT})*")


def normalize_email(email: str) -> str:
    """The form emails are stored and looked up in."""
    return trim_text(email).lower()


def valid_email(email: str) -> bool:
    return 3 <= len(email.encode()) <= 254 and _EMAIL.fullmatch(email) is not None


def _email(value: str | None) -> str:
    if value is not None:
        no_nul(value)
        value = normalize_email(value)
    if value is None or not valid_email(value):
        raise contract_error("must be a valid email address")
    return value


def _password(value: str | None) -> str:
    if value is not None:
        no_nul(value)
    if value is None or not 8 <= len(value) <= 128:
        raise contract_error("must be 8 to 128 characters long")
    return value


def _name(value: str | None) -> str:
    if value is not None:
        value = trim_text(no_nul(value))
    if value is None or not 1 <= len(value) <= 100:
        raise contract_error("must be 1 to 100 characters long")
    return value


def _required(value: str | None) -> str:
    if value is not None:
        no_nul(value)
    if not value:
        raise contract_error("is required")
    return value


class RegisterBody(RequestBody):
    missing_messages: ClassVar[dict[str, str]] = {
        "email": "must be a valid email address",
        "password": "must be 8 to 128 characters long",
        "name": "must be 1 to 100 characters long",
    }

    email: Annotated[str | None, AfterValidator(_email)]
    password: Annotated[str | None, AfterValidator(_password)]
    name: Annotated[str | None, AfterValidator(_name)]


class LoginBody(RequestBody):
    email: Annotated[str | None, AfterValidator(_required)]
    password: Annotated[str | None, AfterValidator(_required)]


class RefreshBody(RequestBody):
    refresh_token: Annotated[str | None, AfterValidator(_required)]


def user_json(user: User) -> dict[str, Any]:
    """The public shape of a user: never the password hash."""
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "created_at": format_timestamp(user.created_at),
    }


@router.post("/register", dependencies=[AuthRateLimited])
def register(services: ServicesDep, data: JsonObject) -> Response:
    body = RegisterBody.parse(data)
    # The validators turned every None into a 422.
    assert body.email is not None
    assert body.password is not None
    assert body.name is not None
    password_hash = hash_password(body.password)
    try:
        with services.engine.begin() as conn:
            user = create_user(conn, body.email, body.name, password_hash)
    except EmailTaken:
        raise conflict("An account with this email already exists") from None
    return json_response(user_json(user), 201, headers={"Location": "/api/v1/users/me"})


@router.post("/login", dependencies=[AuthRateLimited])
def login(services: ServicesDep, data: JsonObject) -> Response:
    body = LoginBody.parse(data)
    assert body.email is not None
    assert body.password is not None
    with services.engine.connect() as conn:
        user = user_by_email(conn, normalize_email(body.email))
    # Unknown emails are checked against a dummy hash: the same work and the
    # same answer as a wrong password, so no account is revealed.
    if not check_password(user.password_hash if user else None, body.password) or user is None:
        raise bad_credentials("Invalid email or password")
    with services.engine.begin() as conn:
        return json_response(issue_tokens(services, conn, user.id))


@router.post("/refresh")
def refresh(services: ServicesDep, data: JsonObject) -> Response:
    """Rotates a refresh token: the old one is revoked in the transaction that
    stores the new one, so a stolen token works at most once."""
    body = RefreshBody.parse(data)
    assert body.refresh_token is not None
    with services.engine.begin() as conn:
        user_id = consume_refresh_token(conn, hash_refresh_token(body.refresh_token))
        if user_id is None:
            raise bad_credentials("Invalid or expired refresh token")
        return json_response(issue_tokens(services, conn, user_id))


@router.post("/logout")
def logout(services: ServicesDep, data: JsonObject) -> Response:
    body = RefreshBody.parse(data)
    assert body.refresh_token is not None
    with services.engine.begin() as conn:
        if consume_refresh_token(conn, hash_refresh_token(body.refresh_token)) is None:
            raise bad_credentials("Invalid or expired refresh token")
    return Response(status_code=204)


def issue_tokens(services: Services, conn: Connection, user_id: int) -> dict[str, Any]:
    refresh_token, refresh_hash = new_refresh_token()
    create_refresh_token(conn, user_id, refresh_hash, services.settings.REFRESH_TTL_SECONDS)
    return {
        "access_token": services.tokens.issue(user_id),
        "token_type": "Bearer",
        "expires_in": services.tokens.ttl_seconds,
        "refresh_token": refresh_token,
    }
