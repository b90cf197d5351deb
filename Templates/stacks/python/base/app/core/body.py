"""Request bodies: one JSON object in, a validated Pydantic model out.

The body is read here rather than by FastAPI's body parameters because the
contract separates what FastAPI folds into one 422: another content type is
415, a body past MAX_BODY_BYTES is 413, anything but one JSON object is 400,
and only then do field problems give 422, with one message per field in the
words every stack of the contract uses.
"""

import json
import re
from typing import Any, ClassVar, Self, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError
from starlette.requests import Request

from app.core.errors import (
    FieldError,
    bad_request,
    payload_too_large,
    unsupported_media_type,
    validation_failed,
)

# What the contract trims from text fields (titles, names, emails): the same
# four characters in every stack, so "at most 200 characters after trimming"
# means one thing whichever stack answers.
CONTRACT_WHITESPACE = " \t\n\r"

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

T = TypeVar("T")


class BodyTooLarge(Exception):
    """Raised by the body limit while the body is still arriving."""


def trim_text(text: str) -> str:
    return text.strip(CONTRACT_WHITESPACE)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _clean(value: Any) -> Any:
    # json.loads keeps unpaired \ud800 escapes, which no database encoding
    # accepts; they become U+FFFD, as most JSON decoders do.
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    return value


async def read_json_object(request: Request) -> dict[str, Any]:
    """The body as a dict, or the 415, 413 or 400 the contract asks for."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise unsupported_media_type()
    try:
        raw = await request.body()
    except BodyTooLarge:
        raise payload_too_large() from None
    # Invalid UTF-8 becomes U+FFFD: a syntax error outside strings, a
    # replacement character inside them, as in every stack of the contract.
    text = raw.decode("utf-8", errors="replace")
    start = len(text) - len(text.lstrip(CONTRACT_WHITESPACE))
    if start == len(text):
        raise bad_request("Request body must not be empty")
    try:
        value, end = json.JSONDecoder(parse_constant=_reject_constant).raw_decode(text, start)
    except (ValueError, RecursionError):
        raise bad_request("Request body is not valid JSON") from None
    if text[end:].strip(CONTRACT_WHITESPACE):
        raise bad_request("Request body must contain a single JSON value")
    if not isinstance(value, dict):
        raise bad_request("Request body must be a JSON object")
    return _clean(value)


def contract_error(message: str) -> PydanticCustomError:
    """A validation failure whose message is sent as it is."""
    # Braces would be read as placeholders by pydantic-core.
    return PydanticCustomError("contract", message.replace("{", "{{").replace("}", "}}"))


def no_nul(value: str) -> str:
    """PostgreSQL cannot store NUL and SQLite's length() stops at it, so it
    would fail deep in the database instead of here, with a 422."""
    if "\x00" in value:
        raise contract_error("must not contain NUL characters")
    return value


def not_null(value: T | None) -> T:
    if value is None:
        raise contract_error("must not be null")
    return value


_TYPE_MESSAGES = {
    "string_type": "must be a string",
    "bool_type": "must be a boolean",
    "int_type": "must be an integer",
    "dict_type": "must be an object",
    "list_type": "must be an array",
}


class RequestBody(BaseModel):
    """Base of every request body. Strict types, so "7" is no integer and 1
    no boolean; unknown fields, and fields a client may not set (id, user_id,
    role, created_at...), are ignored, never applied."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)

    # The message for a missing field when it is not "is required".
    missing_messages: ClassVar[dict[str, str]] = {}

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Self:
        """The validated body, or a 422 naming every field at fault."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            details = []
            for error in exc.errors():
                name = ".".join(str(part) for part in error["loc"])
                if error["type"] == "missing":
                    message = cls.missing_messages.get(name, "is required")
                else:
                    message = _TYPE_MESSAGES.get(error["type"], error["msg"])
                details.append(FieldError(name, message))
            raise validation_failed(details) from None
