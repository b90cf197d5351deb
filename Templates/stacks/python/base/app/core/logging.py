"""JSON log lines on stdout: one object per line, machine-readable first.

Fields passed as extra={"fields": {...}} become keys of the line, so the
request log carries request_id, method, route, status and duration_ms as
top-level keys a log pipeline can index.
"""

import json
import logging
import sys
from datetime import UTC, datetime
from typing import TextIO

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warn": logging.WARNING, "error": logging.ERROR}
_NAMES = {logging.DEBUG: "DEBUG", logging.INFO: "INFO", logging.WARNING: "WARN", logging.ERROR: "ERROR"}


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "level": _NAMES.get(record.levelno, record.levelname),
            "msg": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"), default=str)


def configure_logging(level: str, stream: TextIO | None = None) -> None:
    """Routes every logger, Uvicorn's included, to one JSON handler."""
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(JSONFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(_LEVELS[level])
    # The app logs each request itself; Uvicorn's access log would repeat it
    # in another shape, and its start-up chatter says nothing the app does not.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("uvicorn.error").setLevel(max(_LEVELS[level], logging.WARNING))
