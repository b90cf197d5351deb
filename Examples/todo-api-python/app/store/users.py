"""Users: accounts with a role and an argon2id password hash."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Row, insert, select
from sqlalchemy.exc import IntegrityError

from app.core.db import as_utc, is_unique_violation, utc_now
from app.store.tables import users

ROLE_USER = "user"
ROLE_ADMIN = "admin"


class EmailTaken(Exception):
    """The unique constraint on users.email refused the insert."""


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    role: str
    password_hash: str
    created_at: datetime


def _user(row: Row) -> User:
    return User(row.id, row.email, row.name, row.role, row.password_hash, as_utc(row.created_at))


def create_user(conn: Connection, email: str, name: str, password_hash: str, role: str = ROLE_USER) -> User:
    """Inserts a user; email must already be normalised. A taken email raises EmailTaken."""
    created_at = utc_now()
    statement = (
        insert(users)
        .values(email=email, name=name, password_hash=password_hash, role=role, created_at=created_at)
        .returning(users.c.id)
    )
    try:
        # A savepoint keeps the caller's transaction usable after a conflict.
        with conn.begin_nested():
            user_id = conn.execute(statement).scalar_one()
    except IntegrityError as exc:
        if is_unique_violation(exc):
            raise EmailTaken from exc
        raise
    return User(user_id, email, name, role, password_hash, created_at)


def user_by_email(conn: Connection, email: str) -> User | None:
    row = conn.execute(select(users).where(users.c.email == email)).first()
    return None if row is None else _user(row)


def user_by_id(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    return None if row is None else _user(row)
