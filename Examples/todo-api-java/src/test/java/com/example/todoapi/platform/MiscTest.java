package com.example.todoapi.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.todoapi.platform.json.Json;
import com.example.todoapi.platform.metrics.Metrics;
import com.example.todoapi.platform.ratelimit.RateLimiter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MiscTest {
  @Test
  void timestampsAreRfc3339WithoutTrailingZeros() {
    assertEquals("2026-11-22T03:57:18Z", Json.formatInstant(Instant.parse("2026-11-22T03:57:18Z")));
    assertEquals("2026-11-22T03:57:18.12Z", Json.formatInstant(Instant.parse("2026-11-22T03:57:18.120Z")));
    assertEquals("2026-11-22T03:57:18.123456Z", Json.formatInstant(Instant.parse("2026-11-22T03:57:18.123456789Z")));
  }

  @Test
  void jsonEscapesMatchTheContract() {
    assertEquals("\"\\u0001\\b\\t\\u2028<>&é\"", Json.encodeToString("\u0001\b\t\u2028<>&é"));
  }

  @Test
  void metricsUseRoutePatternsAndCumulativeBuckets() {
    Metrics m = new Metrics();
    m.observe("GET", "/api/v1/todos/{id}", 200, 3_000_000);
    m.observe("GET", "/api/v1/todos/{id}", 404, 30_000_000);
    String text = m.render(7);
    assertTrue(text.contains("http_requests_total{method=\"GET\",route=\"/api/v1/todos/{id}\",status=\"404\"} 1\n"), text);
    String bucket = "http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/todos/{id}\",le=";
    assertTrue(text.contains(bucket + "\"0.005\"} 1\n"), text);
    assertTrue(text.contains(bucket + "\"0.05\"} 2\n"), text);
    assertTrue(text.contains("le=\"+Inf\"} 2\n"), text);
    assertTrue(text.endsWith("db_queries_total 7\n"), text);
  }

  @Test
  void retryAfterReachesTheNextWindow() {
    assertEquals(51, RateLimiter.retryAfter(Instant.parse("2030-01-01T00:00:10Z")));
    assertEquals(50, RateLimiter.retryAfter(Instant.parse("2030-01-01T00:00:10.5Z")));
    assertEquals(1, RateLimiter.retryAfter(Instant.parse("2030-01-01T00:00:59.9Z")));
  }
}
