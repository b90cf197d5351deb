"""Todos of the signed-in user: list, create, read (cached), replace, patch, delete."""

import json
import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import AfterValidator
from starlette.responses import Response

from app.api.deps import CurrentUserId, Services, ServicesDep
from app.core.body import RequestBody, contract_error, no_nul, not_null, read_json_object, trim_text
from app.core.db import utc_now
from app.core.errors import not_found, precondition_failed, validation_failed
from app.core.etag import etag_for, if_match_fails, respond_with_etag
from app.core.listing import ListSpec, Problems, first, list_body, parse_list_params, project
from app.core.responses import dump_json, format_timestamp, json_response
from app.store.todos import (
    PRIORITIES,
    Todo,
    TodoFilter,
    create_todo,
    delete_todo,
    list_todos,
    todo_by_id,
    update_todo,
)

logger = logging.getLogger("app")
router = APIRouter(prefix="/api/v1/todos")

JsonObject = Annotated[dict[str, Any], Depends(read_json_object)]

CACHE_TTL_SECONDS = 300

LIST_SPEC = ListSpec(
    sortable=("created_at", "updated_at", "due_date", "priority", "title"),
    default_sort="created_at",
    default_order={"created_at": "desc", "updated_at": "desc"},
    fields=("id", "title", "description", "completed", "priority", "due_date", "created_at", "updated_at"),
)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INT64_MAX = (1 << 63) - 1
_PRIORITY_MESSAGE = "must be one of " + ", ".join(PRIORITIES)
_DATE_MESSAGE = "must be a date in YYYY-MM-DD format"


def parse_date(text: str) -> date | None:
    """A real calendar date written as YYYY-MM-DD, nothing else ISO 8601 allows."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _title(value: str | None) -> str:
    title = trim_text(no_nul(not_null(value)))
    if not title:
        raise contract_error("must not be empty")
    if len(title) > 200:
        raise contract_error("must be at most 200 characters")
    return title


def _description(value: str | None) -> str | None:
    if value is not None and len(no_nul(value)) > 2000:
        raise contract_error("must be at most 2000 characters")
    return value


def _priority(value: str | None) -> str:
    if no_nul(not_null(value)) not in PRIORITIES:
        raise contract_error(_PRIORITY_MESSAGE)
    return value


def _due_date(value: str | None) -> str | None:
    if value is not None and parse_date(no_nul(value)) is None:
        raise contract_error(_DATE_MESSAGE)
    return value


class TodoPatch(RequestBody):
    """PATCH: only the fields present change; null clears a nullable field."""

    title: Annotated[str | None, AfterValidator(_title)] = None
    description: Annotated[str | None, AfterValidator(_description)] = None
    completed: Annotated[bool | None, AfterValidator(not_null)] = None
    priority: Annotated[str | None, AfterValidator(_priority)] = None
    due_date: Annotated[str | None, AfterValidator(_due_date)] = None

    def apply(self, todo: Todo) -> Todo:
        """todo with the fields of this body; id, user_id and created_at are never read."""
        changes: dict[str, Any] = {name: getattr(self, name) for name in self.model_fields_set}
        if "due_date" in changes:
            changes["due_date"] = None if changes["due_date"] is None else parse_date(changes["due_date"])
        return replace(todo, **changes)


class TodoWrite(TodoPatch):
    """POST and PUT: title is required; absent fields take their defaults."""

    title: Annotated[str | None, AfterValidator(_title)]


def todo_json(todo: Todo) -> dict[str, Any]:
    """The JSON shape of a todo; the owner is implied by the token."""
    return {
        "id": todo.id,
        "title": todo.title,
        "description": todo.description,
        "completed": todo.completed,
        "priority": todo.priority,
        "due_date": None if todo.due_date is None else todo.due_date.isoformat(),
        "created_at": format_timestamp(todo.created_at),
        "updated_at": format_timestamp(todo.updated_at),
    }


def todo_body(todo: Todo) -> bytes:
    """What a single-todo response sends, and the input of its ETag, so
    If-Match and If-None-Match compare like with like."""
    return dump_json(todo_json(todo))


def new_todo(user_id: int) -> Todo:
    """The defaults of every writable field, for POST and PUT."""
    now = utc_now()
    return Todo(0, user_id, "", None, False, "medium", None, now, now)


def path_todo_id(request: Request) -> int:
    """Anything but a positive 64-bit integer cannot name a todo: 404 like any missing todo."""
    raw = request.path_params["id"]
    if not re.fullmatch(r"[+-]?[0-9]+", raw) or not 0 < int(raw) <= _INT64_MAX:
        raise not_found()
    return int(raw)


TodoId = Annotated[int, Depends(path_todo_id)]


def _cache_key(todo_id: int) -> str:
    return f"todo:{todo_id}"


def _invalidate(services: Services, todo_id: int) -> None:
    """After every successful write, so the next read misses and sees the new row."""
    try:
        services.cache.delete(_cache_key(todo_id))
    except Exception as exc:  # noqa: BLE001 - any backend failure
        logger.error(
            "cache invalidation failed; reads may be stale until the entry expires",
            extra={"fields": {"todo_id": todo_id, "error": repr(exc)}},
        )


@router.get("")
def list_(request: Request, services: ServicesDep, user_id: CurrentUserId) -> Response:
    query = request.query_params
    problems = Problems()
    params = parse_list_params(query, LIST_SPEC, problems)
    completed = priority = due_before = due_after = None
    if "completed" in query:
        value = first(query, "completed")
        problems.check(value in ("true", "false"), "completed", "must be true or false")
        completed = value == "true"
    if "priority" in query:
        priority = first(query, "priority")
        problems.check(priority in PRIORITIES, "priority", _PRIORITY_MESSAGE)
    if "due_before" in query:
        due_before = parse_date(first(query, "due_before"))
        problems.check(due_before is not None, "due_before", _DATE_MESSAGE)
    if "due_after" in query:
        due_after = parse_date(first(query, "due_after"))
        problems.check(due_after is not None, "due_after", _DATE_MESSAGE)
    search = first(query, "q") if "q" in query else ""
    if problems:
        raise validation_failed(problems)

    todo_filter = TodoFilter(
        sort=params.sort,
        descending=params.descending,
        limit=params.limit,
        offset=params.offset,
        completed=completed,
        priority=priority,
        due_before=due_before,
        due_after=due_after,
        search=search,
    )
    with services.engine.connect() as conn:
        todos, total = list_todos(conn, user_id, todo_filter)
    data = [project(todo_json(todo), params.fields) for todo in todos]
    return respond_with_etag(request, dump_json(list_body(request.url.path, query, params, total, data)))


@router.post("")
def create(services: ServicesDep, user_id: CurrentUserId, data: JsonObject) -> Response:
    todo = TodoWrite.parse(data).apply(new_todo(user_id))
    with services.engine.begin() as conn:
        todo = create_todo(conn, todo)
    return json_response(body=todo_body(todo), status_code=201, headers={"Location": f"/api/v1/todos/{todo.id}"})


@router.get("/{id}")
def read(request: Request, services: ServicesDep, user_id: CurrentUserId, todo_id: TodoId) -> Response:
    cached = _read_cache(services, todo_id)
    if cached is not None:
        # The owner is cached too, so a hit for another user's id is still a 404.
        if cached["user_id"] != user_id:
            raise not_found()
        return respond_with_etag(request, cached["body"].encode(), {"X-Cache": "HIT"})
    with services.engine.connect() as conn:
        todo = todo_by_id(conn, user_id, todo_id)
    if todo is None:
        raise not_found()
    body = todo_body(todo)
    try:
        entry = dump_json({"user_id": todo.user_id, "body": body.decode()})
        services.cache.set(_cache_key(todo_id), entry, CACHE_TTL_SECONDS)
    except Exception as exc:  # noqa: BLE001 - any backend failure
        logger.warning("cache write failed", extra={"fields": {"error": repr(exc)}})
    return respond_with_etag(request, body, {"X-Cache": "MISS"})


def _read_cache(services: Services, todo_id: int) -> dict[str, Any] | None:
    try:
        raw = services.cache.get(_cache_key(todo_id))
        return None if raw is None else json.loads(raw)
    except Exception as exc:  # noqa: BLE001 - a broken cache is a miss
        logger.warning("cache read failed", extra={"fields": {"error": repr(exc)}})
        return None


@router.put("/{id}")
def replace_(
    request: Request, services: ServicesDep, user_id: CurrentUserId, todo_id: TodoId, data: JsonObject
) -> Response:
    """PUT: every writable field is set; absent optional fields take their defaults."""

    def change(current: Todo) -> Todo:
        fresh = replace(new_todo(user_id), id=current.id, created_at=current.created_at)
        return TodoWrite.parse(data).apply(fresh)

    return _update(request, services, user_id, todo_id, change)


@router.patch("/{id}")
def patch(
    request: Request, services: ServicesDep, user_id: CurrentUserId, todo_id: TodoId, data: JsonObject
) -> Response:
    return _update(request, services, user_id, todo_id, lambda current: TodoPatch.parse(data).apply(current))


def _update(
    request: Request, services: Services, user_id: int, todo_id: int, change: Callable[[Todo], Todo]
) -> Response:
    """What PUT and PATCH share: ownership, validation, If-Match, the write, the invalidation."""
    with services.engine.connect() as conn:
        current = todo_by_id(conn, user_id, todo_id)
    if current is None:
        raise not_found()
    # Validation answers before the precondition: a body that could never be
    # applied is a 422 whatever If-Match says.
    changed = change(current)
    if if_match_fails(request, etag_for(todo_body(current))):
        raise precondition_failed()
    with services.engine.begin() as conn:
        updated = update_todo(conn, changed)
    if updated is None:
        raise not_found()
    _invalidate(services, todo_id)
    body = todo_body(updated)
    return json_response(body=body, headers={"ETag": etag_for(body)})


@router.delete("/{id}")
def remove(request: Request, services: ServicesDep, user_id: CurrentUserId, todo_id: TodoId) -> Response:
    if request.headers.get("if-match"):
        with services.engine.connect() as conn:
            current = todo_by_id(conn, user_id, todo_id)
        if current is None:
            raise not_found()
        if if_match_fails(request, etag_for(todo_body(current))):
            raise precondition_failed()
    with services.engine.begin() as conn:
        deleted = delete_todo(conn, user_id, todo_id)
    if not deleted:
        raise not_found()
    _invalidate(services, todo_id)
    return Response(status_code=204)
