import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpMetrics } from "./metrics.ts";

describe("HttpMetrics", () => {
  it("counts requests and fills cumulative buckets", () => {
    const metrics = new HttpMetrics();
    metrics.observe("GET", "/api/v1/todos/{id}", 200, 0.003);
    metrics.observe("GET", "/api/v1/todos/{id}", 200, 0.3);
    metrics.observe("GET", "/api/v1/todos/{id}", 404, 20);
    const text = metrics.render(7);
    assert.match(
      text,
      /^http_requests_total\{method="GET",route="\/api\/v1\/todos\/\{id\}",status="200"\} 2$/m,
    );
    assert.match(
      text,
      /^http_requests_total\{method="GET",route="\/api\/v1\/todos\/\{id\}",status="404"\} 1$/m,
    );
    assert.match(text, /_bucket\{method="GET",route="\/api\/v1\/todos\/\{id\}",le="0.005"\} 1$/m);
    assert.match(text, /_bucket\{method="GET",route="\/api\/v1\/todos\/\{id\}",le="0.5"\} 2$/m);
    assert.match(text, /_bucket\{method="GET",route="\/api\/v1\/todos\/\{id\}",le="10"\} 2$/m);
    assert.match(text, /_bucket\{method="GET",route="\/api\/v1\/todos\/\{id\}",le="\+Inf"\} 3$/m);
    assert.match(text, /^http_request_duration_seconds_count\{.*\} 3$/m);
    assert.match(text, /^db_queries_total 7$/m);
  });

  it("escapes label values", () => {
    const metrics = new HttpMetrics();
    metrics.observe("GET", 'a"b\\c\nd', 200, 0);
    assert.ok(metrics.render(0).includes('route="a\\"b\\\\c\\nd"'));
  });

  it("sorts series so scrapes are stable", () => {
    const metrics = new HttpMetrics();
    metrics.observe("POST", "/b", 201, 0);
    metrics.observe("GET", "/b", 200, 0);
    metrics.observe("GET", "/a", 200, 0);
    const routes = [
      ...metrics.render(0).matchAll(/^http_requests_total\{method="(\w+)",route="([^"]+)"/gm),
    ].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(routes, ["GET /a", "GET /b", "POST /b"]);
  });
});
