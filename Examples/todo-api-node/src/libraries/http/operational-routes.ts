// /health, /ready, /metrics, /openapi.json and /docs: the routes every tier
// serves outside /api/v1.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Database } from "../database/database.ts";
import { unavailable } from "../errors/api-error.ts";
import type { Logger } from "../logging/logger.ts";
import type { HttpMetrics } from "../metrics/metrics.ts";
import { jsonContentType, sendJson } from "./json.ts";
import { requestState } from "./request-state.ts";
import type { Route } from "./router.ts";

const openApiDocument = readFileSync(new URL("../../../api/openapi.json", import.meta.url));

// The docs page lists the operations of /openapi.json. Its script is inline
// so the page works offline and needs no CDN; the Content-Security-Policy
// allows exactly this script and style by their hashes.
const docsScript = `
fetch("/openapi.json").then(function (response) { return response.json(); }).then(function (doc) {
  document.getElementById("title").textContent = doc.info.title + " " + doc.info.version;
  var list = document.getElementById("operations");
  Object.keys(doc.paths).forEach(function (path) {
    Object.keys(doc.paths[path]).forEach(function (method) {
      var operation = doc.paths[path][method];
      if (typeof operation !== "object" || !operation.responses && !operation.summary) { return; }
      var item = document.createElement("li");
      var verb = document.createElement("code");
      verb.className = "method " + method;
      verb.textContent = method.toUpperCase();
      var route = document.createElement("code");
      route.textContent = path;
      var summary = document.createElement("span");
      summary.textContent = operation.summary || "";
      item.append(verb, " ", route, " ", summary);
      list.append(item);
    });
  });
}).catch(function (error) {
  document.getElementById("operations").textContent = "Could not load /openapi.json: " + error;
});
`;

const docsStyle = `
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
ul { list-style: none; padding: 0; }
li { padding: .4rem 0; border-bottom: 1px solid #eee; }
.method { display: inline-block; min-width: 4.5rem; font-weight: bold; }
.get { color: #1a7f37; } .post { color: #0969da; } .put, .patch { color: #9a6700; } .delete { color: #cf222e; }
`;

const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API documentation</title>
<style>${docsStyle}</style>
</head>
<body>
<h1 id="title">API documentation</h1>
<p>Generated from <a href="/openapi.json">/openapi.json</a>.</p>
<ul id="operations"></ul>
<script>${docsScript}</script>
</body>
</html>
`;

const cspHash = (inline: string) =>
  `sha256-${createHash("sha256").update(inline).digest("base64")}`;

const docsPolicy =
  "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; " +
  `script-src '${cspHash(docsScript)}'; style-src '${cspHash(docsStyle)}'`;

export function operationalRoutes(deps: {
  db: Database;
  logger: Logger;
  metrics: HttpMetrics;
}): Route[] {
  const { db, logger, metrics } = deps;
  return [
    {
      method: "GET",
      path: "/health",
      // Checks no dependency on purpose: an orchestrator restarts a process
      // that fails it, and restarting does not fix a database outage.
      handlers: [(_req, res) => sendJson(res, 200, { status: "ok" })],
    },
    {
      method: "GET",
      path: "/ready",
      handlers: [
        async (_req, res) => {
          try {
            await withTimeout(db.ping(), 2000);
          } catch (error) {
            logger.warn("database not ready", {
              request_id: requestState(res).requestId,
              error: String(error),
            });
            throw unavailable("Database is not reachable");
          }
          sendJson(res, 200, { status: "ok" });
        },
      ],
    },
    {
      method: "GET",
      path: "/metrics",
      handlers: [
        (_req, res) => {
          res.setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          res.end(metrics.render(db.queryCount));
        },
      ],
    },
    {
      method: "GET",
      path: "/openapi.json",
      handlers: [
        (_req, res) => {
          res.setHeader("Content-Type", jsonContentType);
          res.end(openApiDocument);
        },
      ],
    },
    {
      method: "GET",
      path: "/docs",
      handlers: [
        (_req, res) => {
          res.setHeader("Content-Type", "text/html; charset=utf-8");
          res.setHeader("Content-Security-Policy", docsPolicy);
          res.end(docsPage);
        },
      ],
    },
  ];
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
