package com.example.todoapi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.example.todoapi.platform.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Sends requests to one server over real HTTP, optionally with a bearer token. */
public final class Client {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final String token;

  Client(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  public Client withToken(String accessToken) {
    return new Client(baseUrl, accessToken);
  }

  /**
   * Sends a request. body may be null, a String (sent as is) or a Map (sent as JSON); headers are
   * name, value pairs and replace the defaults.
   */
  public Response send(String method, String path, Object body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
    if (body != null) {
      String raw = body instanceof String s ? s : Json.encodeToString(body);
      publisher = HttpRequest.BodyPublishers.ofString(raw, StandardCharsets.UTF_8);
      request.setHeader("Content-Type", "application/json");
    }
    if (token != null) {
      request.setHeader("Authorization", "Bearer " + token);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    request.method(method, publisher);
    try {
      HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public Response get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  public Response post(String path, Object body, String... headers) {
    return send("POST", path, body, headers);
  }

  /** A registered, logged-in account. */
  public record User(long id, String email, String password, String accessToken, String refreshToken) {}

  /**
   * Creates and logs in an account with a unique email. Password hashing is deliberately slow, so
   * tests create few users.
   */
  public User register(String name) {
    String email = name + "-" + TestServer.randomSuffix() + "@example.com";
    String password = "password-" + name;
    JsonNode created = post("/api/v1/auth/register", Map.of("email", email, "password", password, "name", name))
        .expect(201).json();
    JsonNode tokens = post("/api/v1/auth/login", Map.of("email", email, "password", password)).expect(200).json();
    return new User(created.get("id").asLong(), email, password, tokens.get("access_token").asText(),
        tokens.get("refresh_token").asText());
  }

  /** A response, with the checks the API tests share. */
  public record Response(int status, HttpHeaders headers, byte[] body) {
    public String header(String name) {
      return headers.firstValue(name).orElse("");
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public Response expect(int want) {
      if (status != want) {
        fail("status " + status + ", want " + want + "; body: " + text());
      }
      return this;
    }

    public JsonNode json() {
      JsonNode node = Json.decode(body);
      assertNotNull(node, "empty body");
      return node;
    }

    /**
     * Checks the error envelope: status, code, the JSON content type, request_id equal to the
     * X-Request-ID header, and the fields named in details.
     */
    public JsonNode expectError(int want, String code, String... fields) {
      expect(want);
      assertEquals("application/json; charset=utf-8", header("Content-Type"));
      JsonNode error = json().get("error");
      assertNotNull(error, "no error envelope: " + text());
      assertEquals(code, error.path("code").asText(), text());
      assertTrue(!error.path("message").asText().isEmpty(), "empty message");
      String id = header("X-Request-ID");
      assertTrue(!id.isEmpty() && id.equals(error.path("request_id").asText()), "request_id does not match X-Request-ID");
      if (code.equals("VALIDATION_ERROR")) {
        assertTrue(error.path("details").isArray(), "VALIDATION_ERROR without details: " + text());
        Set<String> named = new HashSet<>();
        error.path("details").forEach(d -> named.add(d.path("field").asText()));
        for (String field : fields) {
          assertTrue(named.contains(field), "details do not name " + field + ": " + text());
        }
      }
      return error;
    }
  }
}
