"""Strong ETags and the conditional requests of RFC 9110."""

import hashlib

from starlette.requests import Request
from starlette.responses import Response

from app.core.responses import json_response


def etag_for(body: bytes) -> str:
    """Changes whenever a byte of the representation changes."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def respond_with_etag(request: Request, body: bytes, headers: dict[str, str] | None = None) -> Response:
    """200 with the body and its ETag, or 304 when the client holds it already."""
    etag = etag_for(body)
    # private: responses depend on the caller's token. no-cache: clients may
    # store them but must revalidate, which the ETag makes cheap.
    all_headers = {**(headers or {}), "ETag": etag, "Cache-Control": "private, no-cache"}
    if etag_list_matches(request.headers.get("if-none-match", ""), etag, strong=False):
        return Response(status_code=304, headers=all_headers)
    return json_response(body=body, headers=all_headers)


def if_match_fails(request: Request, current_etag: str) -> bool:
    """Whether If-Match rules the write out (RFC 9110 13.1.1): no header never does."""
    header = request.headers.get("if-match", "")
    return bool(header) and not etag_list_matches(header, current_etag, strong=True)


def etag_list_matches(header: str, etag: str, *, strong: bool) -> bool:
    """If-Match compares strongly (weak tags never match), If-None-Match weakly."""
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*":
            return True
        if candidate.startswith("W/"):
            if strong:
                continue
            candidate = candidate[2:]
        if candidate and candidate == etag:
            return True
    return False
