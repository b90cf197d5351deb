"""The database: an SQLAlchemy engine for SQLite or PostgreSQL, from DATABASE_URL.

Queries are SQLAlchemy Core expressions (app/store), so every value is a bound
parameter and one query serves both engines. This module opens the engine,
sets SQLite up for concurrent use, counts statements for db_queries_total and
applies the numbered migrations.
"""

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, bindparam, create_engine, event, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def sqlalchemy_url(database_url: str) -> str:
    """Maps the contract's URL forms to SQLAlchemy's."""
    if database_url == "sqlite::memory:":
        return "sqlite+pysqlite://"
    if database_url.startswith("sqlite:"):
        return "sqlite+pysqlite:///" + database_url.removeprefix("sqlite:")
    return "postgresql+psycopg://" + database_url.split("://", 1)[1]


def create_db_engine(database_url: str, on_statement: Callable[[], None]) -> Engine:
    """An engine whose every statement calls on_statement (for the metric)."""
    if database_url == "sqlite::memory:":
        # Every connection to :memory: is a separate, empty database.
        engine = create_engine(
            sqlalchemy_url(database_url), poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    elif database_url.startswith("sqlite:"):
        path = Path(database_url.removeprefix("sqlite:"))
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            sqlalchemy_url(database_url), pool_size=16, max_overflow=0, connect_args={"check_same_thread": False}
        )
    else:
        engine = create_engine(
            sqlalchemy_url(database_url), pool_size=16, max_overflow=0, pool_pre_ping=True, pool_recycle=300
        )

    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)

    @event.listens_for(engine, "before_cursor_execute")
    def count(*_: Any) -> None:
        on_statement()

    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(connection: sqlite3.Connection, _: Any) -> None:
        # The driver's own transaction handling starts transactions late and
        # commits DDL on its own; SQLAlchemy's BEGIN (below) is exact.
        connection.isolation_level = None
        cursor = connection.cursor()
        # foreign_keys enforces ON DELETE CASCADE; WAL lets readers proceed
        # while one writer commits; the busy timeout makes writers wait for
        # each other instead of failing.
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def is_unique_violation(error: IntegrityError) -> bool:
    """A unique constraint refused the write, on either engine."""
    original = error.orig
    if isinstance(original, sqlite3.IntegrityError):
        return getattr(original, "sqlite_errorname", "") in ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY")
    return getattr(original, "sqlstate", None) == "23505"


def utc_now() -> datetime:
    """The timestamp written to created_at and updated_at. PostgreSQL keeps
    microseconds, as Python does, so both engines return what was written."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; they were written in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _statements(script: str) -> list[str]:
    """Splits a migration into statements: drivers run one per call. The
    migrations put each ; at the end of a line and none inside literals."""
    statements, current = [], []
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(current).strip())
            current = []
    if "\n".join(current).strip():
        statements.append("\n".join(current).strip())
    return statements


def migrate(engine: Engine, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Applies, in order, every NNNN_name.sql of the engine's dialect that
    schema_migrations does not record; returns the names applied. Each file
    runs in one transaction with its record, so a failed migration leaves no
    trace and is retried on the next start."""
    dialect = "postgres" if engine.dialect.name == "postgresql" else "sqlite"
    files = sorted((directory / dialect).glob("*.sql"))
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)"
            )
        )
    applied = []
    for file in files:
        prefix = file.name.split("_", 1)[0]
        if not prefix.isdigit():
            raise ValueError(f"migration {file.name}: name must start with a number")
        version = int(prefix)
        with engine.begin() as connection:
            if dialect == "postgres":
                # Serialises instances that start at the same time: the second
                # waits here, then sees the migration as applied.
                connection.execute(text("LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE"))
            done = connection.execute(
                text("SELECT version FROM schema_migrations WHERE version = :version"), {"version": version}
            ).first()
            if done is not None:
                continue
            for statement in _statements(file.read_text()):
                connection.exec_driver_sql(statement)
            connection.execute(
                text(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:version, :name, :applied_at)"
                ).bindparams(bindparam("applied_at", type_=DateTime())),
                {"version": version, "name": file.name, "applied_at": utc_now().replace(tzinfo=None)},
            )
        applied.append(file.name)
    return applied
