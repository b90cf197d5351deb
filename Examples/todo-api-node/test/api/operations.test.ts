// Routes and behaviour every tier shares: operational routes, common
// headers, CORS, unknown routes and methods, request body errors.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client, expectError, expectStatus } from "../helpers/client.ts";
import { backendNotes, startServer, type TestServer } from "../helpers/test-server.ts";

let server: TestServer;
let c: Client;

before(async () => {
  server = await startServer({ RATE_LIMIT_RPM: "0", AUTH_RATE_LIMIT_RPM: "0" });
  c = new Client(server);
});
after(() => server.stop());

describe("backends", () => {
  it("says which backends the API tests exercise", (t) => {
    for (const note of backendNotes()) {
      t.diagnostic(note);
      if (note.startsWith("!!!")) process.stderr.write(`NOTE: ${note}\n`);
    }
  });
});

describe("operational routes", () => {
  it("answers /health and /ready", async () => {
    assert.deepEqual(expectStatus(await c.do("GET", "/health"), 200).json(), { status: "ok" });
    assert.deepEqual(expectStatus(await c.do("GET", "/ready"), 200).json(), { status: "ok" });
  });

  it("serves the OpenAPI document and a docs page", async () => {
    const openapi = expectStatus(await c.do("GET", "/openapi.json"), 200).json();
    assert.match(String(openapi.openapi), /^3\.1/);
    const docs = expectStatus(await c.do("GET", "/docs"), 200);
    assert.match(docs.headers.get("content-type") ?? "", /^text\/html/);
    assert.ok(docs.text.includes("/openapi.json"));
    assert.match(docs.headers.get("content-security-policy") ?? "", /script-src 'sha256-/);
  });

  it("exposes metrics by route pattern", async () => {
    await c.do("GET", "/api/v1/todos/123456789"); // a 401, recorded under its pattern
    const metrics = expectStatus(await c.do("GET", "/metrics"), 200);
    assert.match(metrics.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    for (const want of [
      'http_requests_total{method="GET",route="/health",status="200"}',
      'http_request_duration_seconds_bucket{method="GET",route="/api/v1/todos/{id}",le="+Inf"}',
      "db_queries_total ",
    ]) {
      assert.ok(metrics.text.includes(want), `/metrics lacks ${want}`);
    }
    assert.ok(!metrics.text.includes("123456789"), "a raw path became a label");
  });

  it("logs one JSON line per request with its id, route, status and duration", async () => {
    await c.do("GET", "/health", { headers: { "X-Request-ID": "log-line-1" } });
    const line = server.logs.find((l) => l.request_id === "log-line-1");
    assert.ok(line, "no log line for the request");
    assert.equal(line.msg, "request");
    assert.equal(line.method, "GET");
    assert.equal(line.route, "/health");
    assert.equal(line.status, 200);
    assert.equal(typeof line.duration_ms, "number");
  });
});

describe("common headers", () => {
  it("echoes a sane X-Request-ID and sets security headers", async () => {
    const r = await c.do("GET", "/health", { headers: { "X-Request-ID": "client-id-42" } });
    assert.equal(r.headers.get("x-request-id"), "client-id-42");
    assert.equal(r.headers.get("x-content-type-options"), "nosniff");
    assert.equal(r.headers.get("server"), null);
    assert.equal(r.headers.get("x-powered-by"), null);
    assert.equal(r.headers.get("content-type"), "application/json; charset=utf-8");
  });

  it("replaces an insane X-Request-ID", async () => {
    for (const insane of ["a".repeat(129), "has space", 'quote"d']) {
      const r = await c.do("GET", "/health", { headers: { "X-Request-ID": insane } });
      const got = r.headers.get("x-request-id");
      assert.ok(got && got !== insane, `${insane}: got ${got}`);
    }
    assert.ok((await c.do("GET", "/health")).headers.get("x-request-id"));
  });

  it("puts the request id into error envelopes", async () => {
    const r = await c.do("GET", "/nowhere", { headers: { "X-Request-ID": "trace-1" } });
    assert.equal(expectError(r, 404, "NOT_FOUND").request_id, "trace-1");
  });
});

describe("CORS", () => {
  it("answers a preflight from an allowed origin, without credentials", async () => {
    const r = await c.do("OPTIONS", "/api/v1/todos", {
      headers: { Origin: "http://localhost:3000", "Access-Control-Request-Method": "POST" },
    });
    expectStatus(r, 204);
    assert.equal(r.headers.get("access-control-allow-origin"), "http://localhost:3000");
    assert.equal(r.headers.get("access-control-allow-credentials"), null);
    assert.match(r.headers.get("access-control-allow-headers") ?? "", /Authorization/);
  });

  it("grants nothing to other origins", async () => {
    const r = await c.do("GET", "/health", { headers: { Origin: "https://evil.example" } });
    assert.equal(r.headers.get("access-control-allow-origin"), null);
  });
});

describe("unknown routes and methods", () => {
  it("answers unknown paths with the 404 envelope, never an HTML page", async () => {
    for (const path of ["/api/v1/nothing-here", "/api/v2/todos", "/health/", "/HEALTH", "/"]) {
      expectError(await c.do("GET", path), 404, "NOT_FOUND");
    }
  });

  it("answers wrong methods with 405 and Allow", async () => {
    const r = await c.do("DELETE", "/api/v1/todos");
    expectError(r, 405, "METHOD_NOT_ALLOWED");
    assert.equal(r.headers.get("allow"), "GET, HEAD, POST");
    const health = await c.do("POST", "/health", { body: "{}" });
    expectError(health, 405, "METHOD_NOT_ALLOWED");
    assert.equal(health.headers.get("allow"), "GET, HEAD");
    expectError(await c.do("OPTIONS", "/health"), 405, "METHOD_NOT_ALLOWED");
  });

  it("answers HEAD like GET without a body", async () => {
    const r = expectStatus(await c.do("HEAD", "/health"), 200);
    assert.equal(r.text, "");
  });
});

describe("request bodies", () => {
  const register = "/api/v1/auth/register";

  it("refuses malformed JSON and other top-level types with 400", async () => {
    for (const body of [
      '{"email": "a@b.c",',
      '["not", "an", "object"]',
      '"string"',
      "{} {}",
      "",
      "  ",
      "null",
      "{} x",
    ]) {
      expectError(await c.do("POST", register, { body }), 400, "BAD_REQUEST");
    }
  });

  it("names the problem", async () => {
    const message = async (body: string) =>
      expectError(await c.do("POST", register, { body }), 400, "BAD_REQUEST").message;
    assert.equal(await message(""), "Request body must not be empty");
    assert.equal(await message('{"a":'), "Request body is not valid JSON");
    assert.equal(await message("{} {}"), "Request body must contain a single JSON value");
    assert.equal(await message("[1]"), "Request body must be a JSON object");
  });

  it("refuses other content types with 415", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/jsonx"]) {
      const r = await c.do("POST", register, { body: "{}", headers: { "Content-Type": type } });
      expectError(r, 415, "UNSUPPORTED_MEDIA_TYPE");
    }
    const withCharset = await c.do("POST", register, {
      body: "{}",
      headers: { "Content-Type": "Application/JSON; charset=utf-8" },
    });
    expectError(withCharset, 422, "VALIDATION_ERROR", "email", "password", "name");
  });

  it("refuses bodies over MAX_BODY_BYTES with 413", async () => {
    const huge = `{"name": "${"x".repeat(1 << 20)}"}`;
    expectError(await c.do("POST", register, { body: huge }), 413, "PAYLOAD_TOO_LARGE");
  });

  it("refuses a streamed body once it passes the limit", async () => {
    const small = await startServer({ MAX_BODY_BYTES: "64" });
    try {
      const chunks = [`{"name": "`, "x".repeat(100), `"}`];
      const body = new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      });
      const r = await fetch(`${small.baseUrl}${register}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
        duplex: "half",
      } as RequestInit);
      assert.equal(r.status, 413);
      assert.equal(
        ((await r.json()) as { error: { code: string } }).error.code,
        "PAYLOAD_TOO_LARGE",
      );
    } finally {
      await small.stop();
    }
  });
});
