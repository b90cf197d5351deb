"""JSON responses in the contract's exact bytes.

Compact separators, UTF-8 instead of \\u escapes and a trailing newline, so
every stack of the contract sends the same bytes for the same value, and an
ETag computed here means the same thing everywhere.
"""

import json
from datetime import UTC, datetime
from typing import Any

from starlette.responses import Response

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def dump_json(value: Any) -> bytes:
    """The body without its trailing newline: the input of an ETag."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # JavaScript treats these two as line breaks inside string literals.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


def json_response(
    value: Any = None, status_code: int = 200, headers: dict[str, str] | None = None, *, body: bytes | None = None
) -> Response:
    """value is encoded; body, when given, is already encoded with dump_json."""
    content = (dump_json(value) if body is None else body) + b"\n"
    return Response(content, status_code=status_code, headers=headers, media_type=JSON_CONTENT_TYPE)


def format_timestamp(moment: datetime) -> str:
    """RFC 3339 in UTC with as many fractional digits as needed, none for whole seconds."""
    moment = moment.astimezone(UTC) if moment.tzinfo else moment
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}".rstrip("0")
    return text + "Z"
