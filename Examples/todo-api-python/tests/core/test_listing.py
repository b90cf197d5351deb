import pytest
from starlette.datastructures import QueryParams

from app.core.listing import ListSpec, Problems, list_body, parse_list_params, project

SPEC = ListSpec(
    sortable=("created_at", "title"),
    default_sort="created_at",
    fields=("id", "title", "done"),
    default_order={"created_at": "desc"},
)


def parse(query: str) -> tuple[object, Problems]:
    problems = Problems()
    return parse_list_params(QueryParams(query), SPEC, problems), problems


def test_defaults_and_clamping() -> None:
    params, problems = parse("")
    assert (params.page, params.limit, params.sort, params.descending, params.fields) == (
        1,
        20,
        "created_at",
        True,
        None,
    )
    params, _ = parse("limit=500&page=%2B3&sort=title")
    assert (params.page, params.limit, params.descending, params.offset) == (3, 100, False, 200)
    assert not problems


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page=0", "page", "must be at least 1"),
        ("page= 1", "page", "must be a whole number"),
        ("limit=1_0", "limit", "must be a whole number"),
        ("limit=-5", "limit", "must be at least 1"),
        ("sort=owner", "sort", "must be one of created_at, title"),
        ("order=up", "order", "must be asc or desc"),
        ("fields=title,secret", "fields", 'unknown field "secret"; allowed: id, title, done'),
    ],
)
def test_problems_name_the_parameter(query: str, field: str, message: str) -> None:
    _, problems = parse(query)
    assert [(p.field, p.message) for p in problems] == [(field, message)]


def test_fields_always_include_id_and_project_sorts_keys() -> None:
    params, _ = parse("fields=title,title")
    assert params.fields == ("id", "title")
    assert list(project({"title": "t", "id": 1, "done": False}, params.fields)) == ["id", "title"]
    assert list(project({"title": "t", "id": 1, "done": False}, None)) == ["done", "id", "title"]


def test_links_keep_the_query_and_stop_at_the_ends() -> None:
    query = QueryParams("q=a b&page=2&limit=2&sort=title")
    params, _ = parse(str(query))
    body = list_body("/items", query, params, total=5, data=[])
    assert body["meta"] == {"page": 2, "limit": 2, "total": 5, "total_pages": 3}
    links = body["links"]
    assert links["self"] == "/items?page=2&limit=2&q=a+b&sort=title"
    assert links["prev"] == "/items?page=1&limit=2&q=a+b&sort=title"
    assert links["next"] == "/items?page=3&limit=2&q=a+b&sort=title"
    empty = list_body("/items", QueryParams(""), parse("")[0], total=0, data=[])
    assert empty["links"]["prev"] is None
    assert empty["links"]["next"] is None
    assert empty["links"]["last"] == "/items?page=1&limit=20"
