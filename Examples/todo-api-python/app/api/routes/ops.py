"""Operational routes: liveness, readiness, metrics and the API's own documentation."""

import base64
import hashlib
import logging
from pathlib import Path

from fastapi import APIRouter
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from app.api.deps import ServicesDep
from app.core.errors import unavailable
from app.core.metrics import CONTENT_TYPE
from app.core.responses import JSON_CONTENT_TYPE, json_response

logger = logging.getLogger("app")
router = APIRouter()

# The tier's contract, served as it is: the document every stack implements.
OPENAPI_DOCUMENT = (Path(__file__).resolve().parents[2] / "openapi.json").read_bytes()


@router.get("/health")
async def health() -> Response:
    """Answers while the process serves HTTP. It checks no dependency on
    purpose: restarting the process does not fix a database outage."""
    return json_response({"status": "ok"})


@router.get("/ready")
async def ready(services: ServicesDep) -> Response:
    """Whether a load balancer should send traffic here."""

    def ping() -> None:
        with services.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    try:
        await run_in_threadpool(ping)
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        logger.warning("database not ready", extra={"fields": {"error": repr(exc)}})
        raise unavailable("Database is not reachable") from None
    return json_response({"status": "ok"})


@router.get("/metrics")
async def metrics(services: ServicesDep) -> Response:
    return Response(services.metrics.render(), media_type=CONTENT_TYPE)


@router.get("/openapi.json")
async def openapi() -> Response:
    return Response(OPENAPI_DOCUMENT, media_type=JSON_CONTENT_TYPE)


# The page lists the operations of /openapi.json with an inline script, so it
# works offline without a CDN; the Content-Security-Policy allows exactly this
# script and style by their hashes.
_DOCS_SCRIPT = """
fetch("/openapi.json").then((r) => r.json()).then((doc) => {
  document.getElementById("title").textContent = `${doc.info.title} ${doc.info.version}`;
  const list = document.getElementById("operations");
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (typeof op !== "object" || !(op.responses || op.summary)) continue;
      const row = document.createElement("li");
      const verb = document.createElement("code");
      verb.className = `method ${method}`;
      verb.textContent = method.toUpperCase();
      const route = document.createElement("code");
      route.textContent = path;
      row.append(verb, " ", route, " ", op.summary || "");
      list.append(row);
    }
  }
}).catch((error) => {
  document.getElementById("operations").textContent = `Could not load /openapi.json: ${error}`;
});
"""

_DOCS_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
ul { list-style: none; padding: 0; }
li { padding: .4rem 0; border-bottom: 1px solid #ddd; }
.method { display: inline-block; min-width: 4.5rem; font-weight: bold; }
.get { color: #1a7f37; } .post { color: #0969da; } .put, .patch { color: #9a6700; } .delete { color: #cf222e; }
"""

_DOCS_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API documentation</title>
<style>{_DOCS_STYLE}</style>
</head>
<body>
<h1 id="title">API documentation</h1>
<p>Generated from <a href="/openapi.json">/openapi.json</a>.</p>
<ul id="operations"></ul>
<script>{_DOCS_SCRIPT}</script>
</body>
</html>
""".encode()


def _csp_hash(inline: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()


_DOCS_POLICY = (
    "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; "
    f"script-src '{_csp_hash(_DOCS_SCRIPT)}'; style-src '{_csp_hash(_DOCS_STYLE)}'"
)


@router.get("/docs")
async def docs() -> Response:
    return Response(
        _DOCS_PAGE, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": _DOCS_POLICY}
    )
