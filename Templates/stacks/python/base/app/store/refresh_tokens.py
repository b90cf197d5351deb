"""Refresh tokens: only their SHA-256 hashes, single use."""

from datetime import timedelta

from sqlalchemy import Connection, insert, update

from app.core.db import utc_now
from app.store.tables import refresh_tokens


def create_refresh_token(conn: Connection, user_id: int, token_hash: str, ttl_seconds: int) -> None:
    now = utc_now()
    conn.execute(
        insert(refresh_tokens).values(
            user_id=user_id, token_hash=token_hash, expires_at=now + timedelta(seconds=ttl_seconds), created_at=now
        )
    )


def consume_refresh_token(conn: Connection, token_hash: str) -> int | None:
    """Revokes a live token and returns its user, None for an unknown, used or
    expired one. Check and revocation are one statement, so two concurrent
    requests with the same token cannot both succeed."""
    now = utc_now()
    statement = (
        update(refresh_tokens)
        .where(
            refresh_tokens.c.token_hash == token_hash,
            refresh_tokens.c.revoked_at.is_(None),
            refresh_tokens.c.expires_at > now,
        )
        .values(revoked_at=now)
        .returning(refresh_tokens.c.user_id)
    )
    return conn.execute(statement).scalar_one_or_none()
