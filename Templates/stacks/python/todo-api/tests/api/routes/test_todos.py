"""The todo routes over real HTTP, with two users."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import Client, Server, expect, expect_error, register_user


def todo_path(todo: dict[str, Any]) -> str:
    return f"/api/v1/todos/{todo['id']}"


@pytest.fixture
def client(server: Server) -> Client:
    return Client(server.base_url).with_token(register_user(server, "owner").access_token)


def test_todo_lifecycle(client: Client) -> None:
    response = client.post(
        "/api/v1/todos",
        {"title": "  Buy milk  ", "id": 424242, "user_id": 1, "created_at": "2000-01-01T00:00:00Z", "unknown": True},
    )
    todo = expect(response, 201).json()
    assert response.headers["location"] == todo_path(todo)
    assert list(todo) == ["id", "title", "description", "completed", "priority", "due_date", "created_at", "updated_at"]
    assert (todo["title"], todo["completed"], todo["priority"]) == ("Buy milk", False, "medium")
    assert todo["description"] is None
    assert todo["due_date"] is None
    assert todo["id"] != 424242, "mass assignment applied"
    assert not todo["created_at"].startswith("2000")
    path = todo_path(todo)

    first = expect(client.get(path), 200)
    etag = first.headers["etag"]
    assert first.headers["x-cache"] == "MISS"
    assert etag.startswith('"')
    second = expect(client.get(path), 200)
    assert second.headers["x-cache"] == "HIT"
    assert second.headers["etag"] == etag
    assert second.content == first.content
    not_modified = expect(client.get(path, If_None_Match=etag), 304)
    assert not_modified.content == b""

    stale = client.request("PATCH", path, {"completed": True}, If_Match='"stale"')
    expect_error(stale, 412, "PRECONDITION_FAILED")
    # An invalid body is a 422 even with a stale If-Match.
    invalid = client.request("PATCH", path, {"title": ""}, If_Match='"stale"')
    expect_error(invalid, 422, "VALIDATION_ERROR", "title")
    patch = {"completed": True, "description": "2 litres", "due_date": "2030-01-31"}
    patched_response = expect(client.request("PATCH", path, patch, If_Match=etag), 200)
    patched = patched_response.json()
    assert (patched["completed"], patched["description"], patched["title"], patched["due_date"]) == (
        True,
        "2 litres",
        "Buy milk",
        "2030-01-31",
    )
    assert patched_response.headers["etag"] != etag

    # The write invalidated the cache: the next read is fresh.
    after_patch = expect(client.get(path), 200)
    assert after_patch.headers["x-cache"] == "MISS"
    assert after_patch.json()["completed"] is True
    assert after_patch.headers["etag"] == patched_response.headers["etag"]
    expect(client.get(path, If_None_Match=etag), 200)

    cleared = expect(client.request("PATCH", path, {"description": None, "due_date": None}), 200).json()
    assert (cleared["description"], cleared["due_date"], cleared["completed"]) == (None, None, True)
    envelope = expect_error(client.request("PATCH", path, {"title": None}), 422, "VALIDATION_ERROR")
    assert envelope["details"] == [{"field": "title", "message": "must not be null"}]
    both = client.request("PATCH", path, {"completed": None, "priority": None})
    expect_error(both, 422, "VALIDATION_ERROR", "completed", "priority")

    replaced = expect(client.request("PUT", path, {"title": "Buy oat milk", "priority": "high"}), 200).json()
    assert (replaced["title"], replaced["priority"], replaced["completed"]) == ("Buy oat milk", "high", False)
    assert replaced["description"] is None
    assert replaced["created_at"] == todo["created_at"]
    assert replaced["updated_at"] != todo["updated_at"]
    envelope = expect_error(client.request("PUT", path, {"priority": "low"}), 422, "VALIDATION_ERROR")
    assert envelope["details"] == [{"field": "title", "message": "is required"}]
    assert client.get(path).json()["title"] == "Buy oat milk"

    current = client.get(path).headers["etag"]
    expect_error(client.request("DELETE", path, If_Match='"stale"'), 412, "PRECONDITION_FAILED")
    deleted = expect(client.request("DELETE", path, If_Match=current), 204)
    assert deleted.content == b""
    expect_error(client.get(path), 404, "NOT_FOUND")
    expect_error(client.request("DELETE", path), 404, "NOT_FOUND")
    expect_error(client.request("PATCH", path, {"title": "gone"}), 404, "NOT_FOUND")
    for bad_id in ("not-a-number", "0", "-1", "99999999999999999999"):
        expect_error(client.get(f"/api/v1/todos/{bad_id}"), 404, "NOT_FOUND")


@pytest.mark.parametrize(
    ("body", "details"),
    [
        ({}, [("title", "is required")]),
        ({"title": "   "}, [("title", "must not be empty")]),
        ({"title": "t" * 201}, [("title", "must be at most 200 characters")]),
        ({"title": 7}, [("title", "must be a string")]),
        ({"title": None}, [("title", "must not be null")]),
        ({"title": "ok", "description": "d" * 2001}, [("description", "must be at most 2000 characters")]),
        ({"title": "ok", "priority": "urgent"}, [("priority", "must be one of low, medium, high")]),
        ({"title": "ok", "completed": "yes"}, [("completed", "must be a boolean")]),
        ({"title": "ok", "completed": 1}, [("completed", "must be a boolean")]),
        ({"title": "ok", "due_date": "2030-02-30"}, [("due_date", "must be a date in YYYY-MM-DD format")]),
        ({"title": "ok", "due_date": "31/01/2030"}, [("due_date", "must be a date in YYYY-MM-DD format")]),
        ({"title": "ok", "due_date": "20300131"}, [("due_date", "must be a date in YYYY-MM-DD format")]),
        (
            {"title": "", "priority": "x", "due_date": "soon"},
            [
                ("title", "must not be empty"),
                ("priority", "must be one of low, medium, high"),
                ("due_date", "must be a date in YYYY-MM-DD format"),
            ],
        ),
        # NUL is refused up front: PostgreSQL cannot store it.
        ({"title": "\n\x00\n"}, [("title", "must not contain NUL characters")]),
        ({"title": "ok", "description": "a\x00b"}, [("description", "must not contain NUL characters")]),
        # Only space, tab, CR and LF are trimmed, as in every stack: a vertical
        # tab counts towards the 200 characters.
        ({"title": "t" * 200 + "\v"}, [("title", "must be at most 200 characters")]),
    ],
)
def test_todo_validation(client: Client, body: dict[str, Any], details: list[tuple[str, str]]) -> None:
    envelope = expect_error(client.post("/api/v1/todos", body), 422, "VALIDATION_ERROR")
    assert [(d["field"], d["message"]) for d in envelope["details"]] == details


def test_todo_boundaries_and_body_errors(server: Server, client: Client) -> None:
    # Boundaries are inclusive, counted in characters rather than bytes.
    long = {
        "title": "é" * 200,
        "description": "ü" * 2000,
        "priority": "low",
        "due_date": "2030-12-31",
        "completed": True,
    }
    created = expect(client.post("/api/v1/todos", long), 201).json()
    assert (created["priority"], created["completed"], created["due_date"]) == ("low", True, "2030-12-31")
    lone_surrogate = expect(client.post("/api/v1/todos", content='{"title": "a\\ud800b"}'), 201).json()
    assert lone_surrogate["title"] == "a\ufffdb"

    expect_error(client.post("/api/v1/todos", content='[{"title": "array"}]'), 400, "BAD_REQUEST")
    text_plain = client.post("/api/v1/todos", content='{"title": "x"}', Content_Type="text/plain")
    expect_error(text_plain, 415, "UNSUPPORTED_MEDIA_TYPE")
    anonymous = Client(server.base_url)
    expect_error(anonymous.post("/api/v1/todos", {"title": "anonymous"}), 401, "UNAUTHORIZED")
    expect_error(anonymous.get("/api/v1/todos"), 401, "UNAUTHORIZED")


def test_todos_are_invisible_to_other_users(server: Server) -> None:
    alice = Client(server.base_url).with_token(register_user(server, "alice").access_token)
    bob = Client(server.base_url).with_token(register_user(server, "bob").access_token)

    todo = expect(alice.post("/api/v1/todos", {"title": "Alice's secret"}), 201).json()
    path = todo_path(todo)
    expect(alice.get(path), 200)  # warm the cache: a hit must not leak either

    expect_error(bob.get(path), 404, "NOT_FOUND")
    expect_error(bob.request("PATCH", path, {"title": "mine now"}), 404, "NOT_FOUND")
    expect_error(bob.request("PUT", path, {"title": "mine now"}), 404, "NOT_FOUND")
    expect_error(bob.request("DELETE", path), 404, "NOT_FOUND")
    assert expect(bob.get("/api/v1/todos"), 200).json()["data"] == []
    assert expect(alice.get(path), 200).json()["title"] == "Alice's secret"


SEED = [
    {"title": "Alpha 100% done", "priority": "low", "due_date": "2030-01-10", "completed": True},
    {"title": "bravo snake_case", "priority": "high", "due_date": "2030-01-20"},
    {"title": "charlie", "priority": "medium"},
    {"title": "delta 100 percent", "priority": "high", "due_date": "2030-01-30", "completed": True},
    {"title": "echo snakeXcase", "priority": "low"},
]


@pytest.fixture
def lister(client: Client) -> Client:
    for todo in SEED:
        expect(client.post("/api/v1/todos", todo), 201)
    return client


def titles(client: Client, query: str) -> list[str]:
    body = expect(client.get("/api/v1/todos?" + query), 200).json()
    return [item["title"] for item in body["data"]]


def test_list_pagination_and_links(lister: Client) -> None:
    page1 = expect(lister.get("/api/v1/todos?limit=2&priority=high&priority=low&sort=title"), 200).json()
    assert page1["meta"] == {"page": 1, "limit": 2, "total": 2, "total_pages": 1}
    # A repeated filter uses its first value, and links keep every value.
    assert page1["links"]["self"] == "/api/v1/todos?page=1&limit=2&priority=high&priority=low&sort=title"

    paged = expect(lister.get("/api/v1/todos?limit=2&sort=title&order=asc"), 200).json()
    assert paged["meta"] == {"page": 1, "limit": 2, "total": 5, "total_pages": 3}
    links = paged["links"]
    assert links["prev"] is None
    assert links["next"] == "/api/v1/todos?page=2&limit=2&order=asc&sort=title"
    assert links["first"] == "/api/v1/todos?page=1&limit=2&order=asc&sort=title"
    next_query = parse_qs(urlsplit(links["next"]).query)
    assert next_query == {"page": ["2"], "limit": ["2"], "order": ["asc"], "sort": ["title"]}
    last = expect(lister.get(links["last"]), 200).json()
    assert last["links"]["next"] is None
    assert last["links"]["prev"] is not None
    assert len(last["data"]) == 1

    past = expect(lister.get("/api/v1/todos?page=9&limit=2"), 200).json()
    assert past["data"] == []
    assert past["meta"]["total"] == 5
    assert past["links"]["prev"] == "/api/v1/todos?page=3&limit=2"
    assert expect(lister.get("/api/v1/todos?limit=1000"), 200).json()["meta"]["limit"] == 100
    huge = expect(lister.get("/api/v1/todos?page=9223372036854775807"), 200).json()
    assert huge["data"] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["echo snakeXcase", "delta 100 percent", "charlie", "bravo snake_case", "Alpha 100% done"]),
        ("completed=true&sort=title&order=asc", ["Alpha 100% done", "delta 100 percent"]),
        ("completed=false&sort=title&order=asc", ["bravo snake_case", "charlie", "echo snakeXcase"]),
        ("priority=high&sort=title&order=asc", ["bravo snake_case", "delta 100 percent"]),
        ("due_after=2030-01-10&sort=due_date&order=asc", ["bravo snake_case", "delta 100 percent"]),
        ("due_before=2030-01-30&sort=due_date&order=asc", ["Alpha 100% done", "bravo snake_case"]),
        ("due_after=2030-01-10&due_before=2030-01-30", ["bravo snake_case"]),
        ("q=100%25", ["Alpha 100% done"]),
        ("q=SNAKE_&sort=title&order=asc", ["bravo snake_case"]),
        ("q=ECHO", ["echo snakeXcase"]),
        ("q=alpha", ["Alpha 100% done"]),
        ("q=nothing-matches", []),
        (
            "sort=priority&order=asc",
            ["Alpha 100% done", "echo snakeXcase", "charlie", "bravo snake_case", "delta 100 percent"],
        ),
        (
            "sort=priority&order=desc",
            ["delta 100 percent", "bravo snake_case", "charlie", "echo snakeXcase", "Alpha 100% done"],
        ),
        (
            "sort=due_date&order=desc",
            ["delta 100 percent", "bravo snake_case", "Alpha 100% done", "echo snakeXcase", "charlie"],
        ),
        (
            "sort=created_at&order=asc",
            ["Alpha 100% done", "bravo snake_case", "charlie", "delta 100 percent", "echo snakeXcase"],
        ),
    ],
)
def test_list_filters_and_sorting(lister: Client, query: str, expected: list[str]) -> None:
    # Titles are lower case where order matters: how case sorts depends on the
    # database collation, which the contract leaves open.
    assert titles(lister, query) == expected


def test_list_fields_and_etag(lister: Client) -> None:
    sparse = expect(lister.get("/api/v1/todos?fields=title&limit=1"), 200).json()["data"][0]
    assert list(sparse) == ["id", "title"]
    full = expect(lister.get("/api/v1/todos?limit=1"), 200).json()["data"][0]
    assert list(full) == sorted(full)

    response = expect(lister.get("/api/v1/todos?sort=title"), 200)
    expect(lister.get("/api/v1/todos?sort=title", If_None_Match=response.headers["etag"]), 304)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        ("page=two", "page"),
        ("page=1.5", "page"),
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("sort=owner", "sort"),
        ("order=up", "order"),
        ("fields=title,secret", "fields"),
        ("completed=yes", "completed"),
        ("completed=1", "completed"),
        ("priority=urgent", "priority"),
        ("due_before=2030-13-01", "due_before"),
        ("due_after=tomorrow", "due_after"),
    ],
)
def test_list_rejects_invalid_parameters(client: Client, query: str, field: str) -> None:
    expect_error(client.get("/api/v1/todos?" + query), 422, "VALIDATION_ERROR", field)
