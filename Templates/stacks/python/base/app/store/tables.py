"""The tables the queries use, as SQLAlchemy Core metadata.

The schema itself is created by the SQL files in migrations/, one set per
dialect; these declarations only let queries be written as expressions, so
every value is a bound parameter. Tier modules add their tables to METADATA.
"""

from sqlalchemy import BigInteger, Column, DateTime, Integer, MetaData, Table, Text

METADATA = MetaData()

# BigInteger on PostgreSQL, INTEGER (the rowid alias) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")

users = Table(
    "users",
    METADATA,
    Column("id", Id, primary_key=True),
    Column("email", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

refresh_tokens = Table(
    "refresh_tokens",
    METADATA,
    Column("id", Id, primary_key=True),
    Column("user_id", Id, nullable=False),
    Column("token_hash", Text, nullable=False, unique=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
