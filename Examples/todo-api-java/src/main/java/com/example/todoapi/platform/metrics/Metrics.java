package com.example.todoapi.platform.metrics;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Request counts and latencies per method, route pattern and status, in the Prometheus text format
 * (0.0.4). Hand-written because the service needs three metric families; the official client
 * library would be the right choice for many more. Routes are patterns, never raw paths, so the
 * number of series stays bounded.
 */
public final class Metrics {
  /** Upper bounds in seconds, around the 200 ms p95 target. */
  private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10};

  private record RequestKey(String route, String method, int status) implements Comparable<RequestKey> {
    @Override
    public int compareTo(RequestKey o) {
      int c = route.compareTo(o.route);
      if (c == 0) {
        c = method.compareTo(o.method);
      }
      return c != 0 ? c : Integer.compare(status, o.status);
    }
  }

  private record RouteKey(String route, String method) implements Comparable<RouteKey> {
    @Override
    public int compareTo(RouteKey o) {
      int c = route.compareTo(o.route);
      return c != 0 ? c : method.compareTo(o.method);
    }
  }

  private static final class Histogram {
    final long[] counts = new long[BUCKETS.length];
    long count;
    double sum;
  }

  private final Map<RequestKey, Long> requests = new TreeMap<>();
  private final Map<RouteKey, Histogram> durations = new TreeMap<>();

  public synchronized void observe(String method, String route, int status, long elapsedNanos) {
    requests.merge(new RequestKey(route, method, status), 1L, Long::sum);
    Histogram h = durations.computeIfAbsent(new RouteKey(route, method), k -> new Histogram());
    double seconds = elapsedNanos / 1e9;
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        h.counts[i]++;
        break;
      }
    }
    h.count++;
    h.sum += seconds;
  }

  /** Every family, sorted so the output is stable between scrapes. */
  public String render(long queries) {
    StringBuilder b = new StringBuilder();
    synchronized (this) {
      b.append("# HELP http_requests_total HTTP requests served, by method, route pattern and status.\n");
      b.append("# TYPE http_requests_total counter\n");
      requests.forEach((k, n) -> b.append("http_requests_total{method=").append(quote(k.method))
          .append(",route=").append(quote(k.route)).append(",status=\"").append(k.status).append("\"} ")
          .append(n).append('\n'));
      b.append("# HELP http_request_duration_seconds HTTP request latency, by method and route pattern.\n");
      b.append("# TYPE http_request_duration_seconds histogram\n");
      durations.forEach((k, h) -> {
        String labels = "method=" + quote(k.method) + ",route=" + quote(k.route);
        long cumulative = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
          cumulative += h.counts[i];
          b.append("http_request_duration_seconds_bucket{").append(labels).append(",le=\"")
              .append(format(BUCKETS[i])).append("\"} ").append(cumulative).append('\n');
        }
        b.append("http_request_duration_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ")
            .append(h.count).append('\n');
        b.append("http_request_duration_seconds_sum{").append(labels).append("} ").append(format(h.sum)).append('\n');
        b.append("http_request_duration_seconds_count{").append(labels).append("} ").append(h.count).append('\n');
      });
    }
    b.append("# HELP db_queries_total SQL statements sent to the database.\n");
    b.append("# TYPE db_queries_total counter\n");
    b.append("db_queries_total ").append(queries).append('\n');
    return b.toString();
  }

  /** Escapes a label value as the exposition format requires. */
  static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /** The shortest decimal that reads back as the same double: 0.005, 1, 2.5. */
  static String format(double d) {
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }
}
