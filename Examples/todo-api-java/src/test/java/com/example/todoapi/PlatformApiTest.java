package com.example.todoapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.example.todoapi.platform.config.Config;
import com.example.todoapi.platform.config.ConfigException;
import com.example.todoapi.support.Client;
import com.example.todoapi.support.SharedServer;
import com.example.todoapi.support.TestServer;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Black-box tests of what every tier shares: operations, headers, CORS, routing, bodies, limits. */
@ExtendWith(SharedServer.class)
class PlatformApiTest {
  @Test
  void backendsInUse() {
    // Says loudly which backends the API tests exercised, so a green run on SQLite alone is not
    // mistaken for a PostgreSQL and Redis run.
    if (System.getenv("TEST_DATABASE_URL") == null) {
      System.err.println("!!! PostgreSQL was NOT exercised: set TEST_DATABASE_URL=postgres://... "
          + "to run the API tests against it");
    }
    if (System.getenv("TEST_REDIS_URL") == null) {
      System.err.println("!!! Redis was NOT exercised: set TEST_REDIS_URL=redis://... to run the API tests against it");
    }
  }

  @Test
  void operationalRoutes(TestServer server) {
    Client c = server.client();
    assertEquals("ok", c.get("/health").expect(200).json().path("status").asText());
    assertEquals("ok", c.get("/ready").expect(200).json().path("status").asText());
    assertTrue(c.get("/openapi.json").expect(200).json().path("openapi").asText().startsWith("3.1"));
    Client.Response docs = c.get("/docs").expect(200);
    assertTrue(docs.header("Content-Type").startsWith("text/html"));
    assertTrue(docs.text().contains("/openapi.json"));

    c.get("/api/v1/todos/123456789"); // a 401, recorded under its pattern
    String metrics = c.get("/metrics").expect(200).text();
    for (String want : List.of("http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"}",
        "http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/todos/{id}\",le=\"+Inf\"}",
        "db_queries_total ")) {
      assertTrue(metrics.contains(want), "/metrics lacks " + want);
    }
    assertFalse(metrics.contains("123456789"), "/metrics labels a raw path instead of the route pattern");
  }

  @Test
  void commonHeaders(TestServer server) {
    Client c = server.client();
    Client.Response r = c.get("/health", "X-Request-ID", "client-id-42");
    assertEquals("client-id-42", r.header("X-Request-ID"));
    assertEquals("nosniff", r.header("X-Content-Type-Options"));
    assertEquals("", r.header("Server"));
    assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
    for (String insane : List.of("a".repeat(129), "has space", "quote\"d")) {
      String got = c.get("/health", "X-Request-ID", insane).header("X-Request-ID");
      assertTrue(!got.isEmpty() && !got.equals(insane), "X-Request-ID " + insane + " echoed");
    }
    assertFalse(c.get("/health").header("X-Request-ID").isEmpty());
    assertEquals("trace-1", c.get("/nowhere", "X-Request-ID", "trace-1").expectError(404, "NOT_FOUND")
        .path("request_id").asText());
  }

  @Test
  void cors(TestServer server) {
    Client c = server.client();
    Client.Response preflight = c.send("OPTIONS", "/api/v1/todos", null,
        "Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST").expect(204);
    assertEquals("http://localhost:3000", preflight.header("Access-Control-Allow-Origin"));
    assertEquals("", preflight.header("Access-Control-Allow-Credentials"));
    assertEquals("", c.get("/health", "Origin", "https://evil.example").header("Access-Control-Allow-Origin"));
  }

  @Test
  void unknownRoutesAndMethods(TestServer server) {
    Client c = server.client();
    c.get("/api/v1/nothing-here").expectError(404, "NOT_FOUND");
    c.get("/api/v2/todos").expectError(404, "NOT_FOUND");
    Client.Response r = c.send("DELETE", "/api/v1/todos", null);
    r.expectError(405, "METHOD_NOT_ALLOWED");
    assertEquals("GET, HEAD, POST", r.header("Allow"));
    r = c.post("/health", "{}");
    r.expectError(405, "METHOD_NOT_ALLOWED");
    assertEquals("GET, HEAD", r.header("Allow"));
  }

  @Test
  void requestBodyErrors(TestServer server) {
    Client c = server.client();
    String path = "/api/v1/auth/register";
    List<String> malformedBodies =
        List.of("{\"email\": \"a@b.c\",", "[\"not\", \"an\", \"object\"]", "\"string\"", "{} {}", "", "   ");
    for (String malformed : malformedBodies) {
      c.post(path, malformed).expectError(400, "BAD_REQUEST");
    }
    c.post(path, "{}", "Content-Type", "text/plain").expectError(415, "UNSUPPORTED_MEDIA_TYPE");
    c.post(path, "email=a@b.c", "Content-Type", "application/x-www-form-urlencoded").expectError(415, "UNSUPPORTED_MEDIA_TYPE");
    c.post(path, "{}", "Content-Type", "application/json; charset=utf-8").expectError(422, "VALIDATION_ERROR");
    c.post(path, "{\"name\": \"" + "x".repeat(1 << 20) + "\"}").expectError(413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void bodyLargerThanItsContentLengthSaysIsRefusedWhileReading() throws Exception {
    TestServer server = TestServer.start(Map.of("MAX_BODY_BYTES", "64", "RATE_LIMIT_RPM", "0"));
    try (server) {
      // Chunked: no Content-Length to refuse up front.
      try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(server.baseUrl().replaceAll(".*:", "")))) {
        String chunk = "{\"email\": \"" + "x".repeat(100) + "\"}";
        String request = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.contains("PAYLOAD_TOO_LARGE"), response);
      }
    }
  }

  @Test
  void malformedHttpGetsTheEnvelope(TestServer server) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(server.baseUrl().replaceAll(".*:", "")))) {
      socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 400"), response);
      assertTrue(response.contains("\"code\":\"BAD_REQUEST\""), response);
      assertFalse(response.contains("<html"), response);
    }
  }

  @Test
  void rateLimits() throws Exception {
    try (TestServer server = TestServer.start(Map.of("RATE_LIMIT_RPM", "5", "AUTH_RATE_LIMIT_RPM", "2"))) {
      Client c = server.client();
      // Empty logins fail validation before any hashing, so they are cheap, yet they count
      // against the stricter auth limit.
      expectLimited(2, () -> c.post("/api/v1/auth/login", "{}"));
      expectLimited(5, () -> c.get("/api/v1/todos"));
      for (int i = 0; i < 10; i++) {
        c.get("/health").expect(200); // probes are never throttled
      }
    }
  }

  /** Windows are fixed minutes: one may end during the loop, so one reset is allowed. */
  private static void expectLimited(int limit, Supplier<Client.Response> send) {
    for (int i = 0; i < 2 * limit + 2; i++) {
      Client.Response r = send.get();
      if (r.status() == 429) {
        r.expectError(429, "RATE_LIMITED");
        int seconds = Integer.parseInt(r.header("Retry-After"));
        assertTrue(seconds >= 1 && seconds <= 61, "Retry-After " + seconds);
        return;
      }
    }
    fail("no 429 after " + (2 * limit + 2) + " requests with a limit of " + limit);
  }

  @Test
  void invalidConfigurationIsRefused() {
    for (Map<String, String> env : List.of(Map.of("DATABASE_URL", "mysql://x"), Map.of("PORT", "http"),
        Map.of("APP_ENV", "production"), Map.of("JWT_SECRET", "short"))) {
      ConfigException e = assertThrows(ConfigException.class, () -> Config.load(env));
      assertFalse(e.getMessage().contains("\n"), "one line on stderr");
    }
  }

  @Test
  void gracefulShutdownDrainsRequests() throws Exception {
    TestServer server = TestServer.start(Map.of());
    int port = Integer.parseInt(server.baseUrl().replaceAll(".*:", ""));
    // A request whose body is still arriving when shutdown starts must still get its response.
    try (Socket socket = new Socket("127.0.0.1", port)) {
      String rest = "\"password\": \"x\"}";
      String first = "{\"email\": \"slow@example.com\", ";
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + (first.length() + rest.length()) + "\r\n\r\n" + first).getBytes(StandardCharsets.UTF_8));
      out.flush();
      Thread.sleep(200);
      CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
        try {
          server.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(200);
      out.write(rest.getBytes(StandardCharsets.UTF_8));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 422"), "in-flight request got: " + response);
      stopped.get(15, TimeUnit.SECONDS);
    }
    assertNotEquals(0, port);
  }
}
