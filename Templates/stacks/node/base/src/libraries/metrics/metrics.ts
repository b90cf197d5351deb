// Request counts and latencies in the Prometheus text exposition format
// (version 0.0.4). Hand-written because the service needs three metric
// families; prom-client would be the right choice for many more.

/**
 * Upper bounds in seconds, chosen around the 200 ms p95 target so the
 * histogram says on which side of it requests fall.
 */
const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  /** One per bucket, not cumulative. */
  counts: number[];
  count: number;
  sum: number;
}

/**
 * Routes are patterns such as /api/v1/todos/{id}, never raw paths, so the
 * number of series stays bounded.
 */
export class HttpMetrics {
  readonly #requests = new Map<
    string,
    { method: string; route: string; status: number; n: number }
  >();
  readonly #durations = new Map<string, { method: string; route: string; h: Histogram }>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const requestKey = `${method} ${route} ${status}`;
    const request = this.#requests.get(requestKey) ?? { method, route, status, n: 0 };
    request.n++;
    this.#requests.set(requestKey, request);

    const routeKey = `${method} ${route}`;
    let entry = this.#durations.get(routeKey);
    if (entry === undefined) {
      entry = { method, route, h: { counts: durationBuckets.map(() => 0), count: 0, sum: 0 } };
      this.#durations.set(routeKey, entry);
    }
    const bucket = durationBuckets.findIndex((upper) => seconds <= upper);
    if (bucket !== -1) entry.h.counts[bucket] = (entry.h.counts[bucket] ?? 0) + 1;
    entry.h.count++;
    entry.h.sum += seconds;
  }

  /** Every family, sorted so the output is stable between scrapes. */
  render(queries: number): string {
    const lines: string[] = [];
    const byRoute = (a: { route: string; method: string }, b: { route: string; method: string }) =>
      compare(a.route, b.route) || compare(a.method, b.method);

    lines.push(
      "# HELP http_requests_total HTTP requests served, by method, route pattern and status.",
      "# TYPE http_requests_total counter",
    );
    const requests = [...this.#requests.values()].sort(
      (a, b) => byRoute(a, b) || a.status - b.status,
    );
    for (const r of requests) {
      lines.push(
        `http_requests_total{method=${quote(r.method)},route=${quote(r.route)},status="${r.status}"} ${r.n}`,
      );
    }

    lines.push(
      "# HELP http_request_duration_seconds HTTP request latency, by method and route pattern.",
      "# TYPE http_request_duration_seconds histogram",
    );
    for (const { method, route, h } of [...this.#durations.values()].sort(byRoute)) {
      const labels = `method=${quote(method)},route=${quote(route)}`;
      let cumulative = 0;
      durationBuckets.forEach((upper, i) => {
        cumulative += h.counts[i] ?? 0;
        lines.push(`http_request_duration_seconds_bucket{${labels},le="${upper}"} ${cumulative}`);
      });
      lines.push(`http_request_duration_seconds_bucket{${labels},le="+Inf"} ${h.count}`);
      lines.push(`http_request_duration_seconds_sum{${labels}} ${h.sum}`);
      lines.push(`http_request_duration_seconds_count{${labels}} ${h.count}`);
    }

    lines.push(
      "# HELP db_queries_total SQL statements sent to the database.",
      "# TYPE db_queries_total counter",
      `db_queries_total ${queries}`,
    );
    return `${lines.join("\n")}\n`;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Escapes a label value as the exposition format requires. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
