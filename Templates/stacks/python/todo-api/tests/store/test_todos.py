from datetime import date

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from app.core.db import create_db_engine, migrate, utc_now
from app.store.todos import Todo, TodoFilter, create_todo, escape_like, list_todos, todo_by_id
from app.store.users import create_user


@pytest.fixture
def engine() -> Engine:
    engine = create_db_engine("sqlite::memory:", lambda: None)
    assert migrate(engine) == ["0001_users.sql", "0002_todos.sql"]
    assert migrate(engine) == [], "migrations are never applied twice"
    return engine


def todo(user_id: int, title: str, due: date | None = None) -> Todo:
    return Todo(0, user_id, title, None, False, "medium", due, utc_now(), utc_now())


def test_escape_like() -> None:
    assert escape_like(r"100%_\x") == r"100\%\_\\x"


def test_queries_are_scoped_to_their_owner(engine: Engine) -> None:
    with engine.begin() as conn:
        alice = create_user(conn, "alice@example.com", "Alice", "hash")
        bob = create_user(conn, "bob@example.com", "Bob", "hash")
        first = create_todo(conn, todo(alice.id, "50% off_sale", date(2030, 1, 2)))
        create_todo(conn, todo(alice.id, "500 offXsale"))
    with engine.connect() as conn:
        assert todo_by_id(conn, alice.id, first.id) == first
        assert todo_by_id(conn, bob.id, first.id) is None
        found, total = list_todos(conn, alice.id, TodoFilter(search="% OFF_"))
        assert (total, [t.title for t in found]) == (1, ["50% off_sale"])
        assert list_todos(conn, bob.id, TodoFilter()) == ([], 0)
        dated, total = list_todos(conn, alice.id, TodoFilter(due_after=date(2030, 1, 1)))
        assert total == 1
        assert dated[0].due_date == date(2030, 1, 2)


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError), engine.begin() as conn:
        create_todo(conn, todo(999, "orphan"))
