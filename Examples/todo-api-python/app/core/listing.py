"""Collection endpoints: paging, sorting, sparse fields and links.

Parameters are read from the raw query string rather than declared as typed
FastAPI parameters, so that every problem is reported in the contract's words
under the parameter's name, together with the resource's own filters.
"""

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from app.core.errors import FieldError

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
_INT64_MAX = (1 << 63) - 1


@dataclass(frozen=True)
class ListSpec:
    """What a collection lets clients sort by and select."""

    sortable: tuple[str, ...]
    default_sort: str
    fields: tuple[str, ...]
    # Per sort field; "asc" where absent.
    default_order: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ListParams:
    page: int
    limit: int
    sort: str
    descending: bool
    # None means every field.
    fields: tuple[str, ...] | None

    @property
    def offset(self) -> int:
        # Any page number is valid (a page past the end is empty); the offset
        # saturates so the database never sees an out-of-range integer.
        return min((self.page - 1) * self.limit, _INT64_MAX)


class Problems(list[FieldError]):
    """Every problem of a request, so one 422 lets the client fix them all."""

    def add(self, name: str, message: str) -> None:
        self.append(FieldError(name, message))

    def check(self, ok: bool, name: str, message: str) -> None:
        if not ok:
            self.add(name, message)


def first(query: QueryParams, name: str) -> str:
    """The first value of a repeated parameter (Starlette's [] gives the last)."""
    return query.getlist(name)[0]


def _whole_number(text: str) -> int | None:
    if not _WHOLE_NUMBER.fullmatch(text):
        return None
    value = int(text)
    return value if -_INT64_MAX - 1 <= value <= _INT64_MAX else None


def parse_list_params(query: QueryParams, spec: ListSpec, problems: Problems) -> ListParams:
    page, limit, sort = 1, DEFAULT_PAGE_SIZE, spec.default_sort
    if "page" in query:
        n = _whole_number(first(query, "page"))
        if n is None:
            problems.add("page", "must be a whole number")
        elif n < 1:
            problems.add("page", "must be at least 1")
        else:
            page = n
    if "limit" in query:
        n = _whole_number(first(query, "limit"))
        if n is None:
            problems.add("limit", "must be a whole number")
        elif n < 1:
            problems.add("limit", "must be at least 1")
        else:
            # Clamping instead of rejecting keeps clients that ask for
            # "everything" working while bounding the work per request.
            limit = min(n, MAX_PAGE_SIZE)
    if "sort" in query:
        sort = first(query, "sort")
        problems.check(sort in spec.sortable, "sort", "must be one of " + ", ".join(spec.sortable))
    order = spec.default_order.get(sort, "asc")
    if "order" in query:
        order = first(query, "order")
        problems.check(order in ("asc", "desc"), "order", "must be asc or desc")

    fields: tuple[str, ...] | None = None
    if "fields" in query:
        selected = ["id"]
        for name in first(query, "fields").split(","):
            name = name.strip()
            if name not in spec.fields:
                problems.add("fields", f'unknown field "{name}"; allowed: ' + ", ".join(spec.fields))
            elif name not in selected:
                selected.append(name)
        fields = tuple(selected)
    return ListParams(page, limit, sort, order == "desc", fields)


def project(item: dict[str, Any], fields: tuple[str, ...] | None) -> dict[str, Any]:
    """Only the requested fields; keys sorted, as every stack sends list items."""
    names = sorted(item) if fields is None else sorted(fields)
    return {name: item[name] for name in names}


def list_body(path: str, query: QueryParams, params: ListParams, total: int, data: list[dict[str, Any]]) -> dict:
    total_pages = (total + params.limit - 1) // params.limit
    # Links keep every other parameter of the request, so following one keeps
    # filters and sort; keys are sorted so equal queries give equal links.
    names = sorted({k for k in query if k not in ("page", "limit")})
    rest_sorted = [(name, value) for name in names for value in query.getlist(name)]

    def link(page: int) -> str:
        url = f"{path}?page={page}&limit={params.limit}"
        return url + "&" + urlencode(rest_sorted) if rest_sorted else url

    last_page = max(total_pages, 1)
    return {
        "data": data,
        "meta": {"page": params.page, "limit": params.limit, "total": total, "total_pages": total_pages},
        "links": {
            "self": link(params.page),
            "first": link(1),
            # A page past the end points back to the last real page.
            "prev": link(min(params.page - 1, last_page)) if params.page > 1 else None,
            "next": link(params.page + 1) if params.page < total_pages else None,
            "last": link(last_page),
        },
    }
