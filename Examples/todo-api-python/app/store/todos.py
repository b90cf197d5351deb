"""Todos: each belongs to one user, and every query says whose."""

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Connection,
    Date,
    DateTime,
    Row,
    Table,
    Text,
    case,
    delete,
    func,
    insert,
    select,
    update,
)

from app.core.db import as_utc, utc_now
from app.store.tables import METADATA, Id

todos = Table(
    "todos",
    METADATA,
    Column("id", Id, primary_key=True),
    Column("user_id", Id, nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text),
    Column("completed", Boolean, nullable=False),
    Column("priority", Text, nullable=False),
    Column("due_date", Date),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

PRIORITIES = ("low", "medium", "high")

# The sort values the API accepts, mapped to SQL. User input only ever selects
# an entry; it never becomes SQL text.
SORT_COLUMNS: dict[str, ColumnElement] = {
    "created_at": todos.c.created_at,
    "updated_at": todos.c.updated_at,
    "due_date": todos.c.due_date,
    "title": todos.c.title,
    # Alphabetical order would put "high" first; the CASE ranks low < medium < high.
    "priority": case({"low": 1, "medium": 2}, value=todos.c.priority, else_=3),
}


@dataclass(frozen=True)
class Todo:
    id: int
    user_id: int
    title: str
    description: str | None
    completed: bool
    priority: str
    due_date: date | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class TodoFilter:
    """One page of a user's todos. Date bounds are exclusive."""

    sort: str = "created_at"
    descending: bool = True
    limit: int = 20
    offset: int = 0
    completed: bool | None = None
    priority: str | None = None
    due_before: date | None = None
    due_after: date | None = None
    # A literal, case-insensitive substring of the title.
    search: str = ""


def _todo(row: Row) -> Todo:
    return Todo(
        id=row.id,
        user_id=row.user_id,
        title=row.title,
        description=row.description,
        completed=bool(row.completed),
        priority=row.priority,
        due_date=row.due_date,
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
    )


def create_todo(conn: Connection, todo: Todo) -> Todo:
    """Inserts todo for todo.user_id; its id and timestamps are the database's."""
    now = utc_now()
    statement = (
        insert(todos)
        .values(
            user_id=todo.user_id,
            title=todo.title,
            description=todo.description,
            completed=todo.completed,
            priority=todo.priority,
            due_date=todo.due_date,
            created_at=now,
            updated_at=now,
        )
        .returning(todos.c.id)
    )
    todo_id = conn.execute(statement).scalar_one()
    return replace(todo, id=todo_id, created_at=now, updated_at=now)


def todo_by_id(conn: Connection, user_id: int, todo_id: int) -> Todo | None:
    """None when the todo does not exist or belongs to someone else: callers cannot tell."""
    row = conn.execute(select(todos).where(todos.c.id == todo_id, todos.c.user_id == user_id)).first()
    return None if row is None else _todo(row)


def update_todo(conn: Connection, todo: Todo) -> Todo | None:
    """Writes every writable field of todo; None if it is gone."""
    now = utc_now()
    result = conn.execute(
        update(todos)
        .where(todos.c.id == todo.id, todos.c.user_id == todo.user_id)
        .values(
            title=todo.title,
            description=todo.description,
            completed=todo.completed,
            priority=todo.priority,
            due_date=todo.due_date,
            updated_at=now,
        )
    )
    return replace(todo, updated_at=now) if result.rowcount else None


def delete_todo(conn: Connection, user_id: int, todo_id: int) -> bool:
    result = conn.execute(delete(todos).where(todos.c.id == todo_id, todos.c.user_id == user_id))
    return result.rowcount > 0


def escape_like(text: str) -> str:
    """Makes % and _ match themselves in a LIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_todos(conn: Connection, user_id: int, f: TodoFilter) -> tuple[list[Todo], int]:
    """One page of user_id's todos, and how many match on all pages."""
    conditions: list[ColumnElement[bool]] = [todos.c.user_id == user_id]
    if f.completed is not None:
        conditions.append(todos.c.completed == f.completed)
    if f.priority is not None:
        conditions.append(todos.c.priority == f.priority)
    # A NULL due date compares as unknown, so these also leave out todos
    # without a due date, as the contract asks.
    if f.due_before is not None:
        conditions.append(todos.c.due_date < f.due_before)
    if f.due_after is not None:
        conditions.append(todos.c.due_date > f.due_after)
    if f.search:
        pattern = "%" + escape_like(f.search.lower()) + "%"
        conditions.append(func.lower(todos.c.title).like(pattern, escape="\\"))

    total = conn.execute(select(func.count()).select_from(todos).where(*conditions)).scalar_one()

    column = SORT_COLUMNS.get(f.sort, SORT_COLUMNS["created_at"])
    order = [column.desc(), todos.c.id.desc()] if f.descending else [column.asc(), todos.c.id.asc()]
    if f.sort == "due_date":
        # The engines disagree on where NULLs sort: todos without a due date go last.
        order.insert(0, todos.c.due_date.is_(None))
    rows = conn.execute(select(todos).where(*conditions).order_by(*order).limit(f.limit).offset(f.offset))
    return [_todo(row) for row in rows], total
