package com.example.todoapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.todoapi.auth.Tokens;
import com.example.todoapi.support.Client;
import com.example.todoapi.support.SharedServer;
import com.example.todoapi.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Black-box tests of accounts and tokens. */
@ExtendWith(SharedServer.class)
class AuthApiTest {
  private static final String REGISTER = "/api/v1/auth/register";

  @Test
  void register(TestServer server) {
    Client c = server.client();
    String email = "New.User-" + TestServer.randomSuffix() + "@Example.COM";
    Map<String, Object> body = new HashMap<>(Map.of("email", "  " + email + " ", "password", "long enough",
        "name", " Ada ", "role", "admin", "id", 999999, "created_at", "2000-01-01T00:00:00Z"));
    Client.Response r = c.post(REGISTER, body).expect(201);
    assertEquals("/api/v1/users/me", r.header("Location"));
    JsonNode created = r.json();
    assertEquals(email.toLowerCase(Locale.ROOT), created.path("email").asText());
    assertEquals("Ada", created.path("name").asText());
    assertEquals("user", created.path("role").asText());
    assertNotEquals(999999, created.path("id").asLong());
    assertFalse(created.path("created_at").asText().startsWith("2000"));
    assertFalse(created.has("password_hash"));

    c.post(REGISTER, Map.of("email", email.toUpperCase(Locale.ROOT), "password", "long enough", "name", "Twin"))
        .expectError(409, "CONFLICT");

    Map<String, Map<String, Object>> invalid = new LinkedHashMap<>();
    invalid.put("email", Map.of("email", "not-an-email", "password", "long enough", "name", "A"));
    invalid.put("email ", Map.of("password", "long enough", "name", "A"));
    invalid.put("password", Map.of("email", "a@example.com", "password", "short", "name", "A"));
    invalid.put("password ", Map.of("email", "a@example.com", "password", "p".repeat(129), "name", "A"));
    invalid.put("name", Map.of("email", "a@example.com", "password", "long enough", "name", "   "));
    invalid.put("name ", Map.of("email", "a@example.com", "password", "long enough", "name", "n".repeat(101)));
    invalid.put("email  ", Map.of("email", 42, "password", "long enough", "name", "A"));
    invalid.put("email   ", Map.of("email", "Ada <a@example.com>", "password", "long enough", "name", "A"));
    invalid.forEach((field, b) -> c.post(REGISTER, b).expectError(422, "VALIDATION_ERROR", field.strip()));
    JsonNode all = c.post(REGISTER, "{}").expectError(422, "VALIDATION_ERROR", "email", "password", "name");
    assertEquals(3, all.path("details").size());
  }

  @Test
  void loginDoesNotRevealAccounts(TestServer server) {
    Client c = server.client();
    Client.User u = c.register("login");
    JsonNode a = c.post("/api/v1/auth/login", Map.of("email", u.email(), "password", "wrong password"))
        .expectError(401, "UNAUTHORIZED");
    JsonNode b = c.post("/api/v1/auth/login", Map.of("email", "nobody-" + TestServer.randomSuffix() + "@example.com",
        "password", "wrong password")).expectError(401, "UNAUTHORIZED");
    assertEquals(a.path("message"), b.path("message"));

    JsonNode tokens = c.post("/api/v1/auth/login", Map.of("email", "  " + u.email().toUpperCase(Locale.ROOT),
        "password", u.password())).expect(200).json();
    assertEquals("Bearer", tokens.path("token_type").asText());
    assertEquals(900, tokens.path("expires_in").asInt());
    assertFalse(tokens.path("access_token").asText().isEmpty());
    assertFalse(tokens.path("refresh_token").asText().isEmpty());
    c.post("/api/v1/auth/login", Map.of("email", u.email())).expectError(422, "VALIDATION_ERROR", "password");
  }

  @Test
  void accessTokens(TestServer server) {
    Client c = server.client();
    Client.User u = c.register("tokens");
    JsonNode me = c.withToken(u.accessToken()).get("/api/v1/users/me").expect(200).json();
    assertEquals(u.email(), me.path("email").asText());
    assertEquals("user", me.path("role").asText());
    assertEquals(u.id(), me.path("id").asLong());

    byte[] secret = TestServer.JWT_SECRET.getBytes(StandardCharsets.UTF_8);
    String expired = new Tokens(secret, Duration.ofMinutes(15)).issue(u.id(), Instant.now().minusSeconds(16 * 60 + 61));
    String forged = new Tokens("some other secret of enough length!!".getBytes(StandardCharsets.UTF_8),
        Duration.ofMinutes(15)).issue(u.id(), Instant.now());
    String[] parts = u.accessToken().split("\\.");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String algNone =
        b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
    String tampered = parts[0] + "." + b64.encodeToString("{\"sub\":\"1\",\"exp\":9999999999}".getBytes(StandardCharsets.UTF_8))
        + "." + parts[2];
    for (String token : List.of("not-a-jwt", expired, forged, algNone, tampered)) {
      Client.Response r = c.withToken(token).get("/api/v1/users/me");
      r.expectError(401, "UNAUTHORIZED");
      assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"), token);
    }
    Client.Response missing = c.get("/api/v1/users/me");
    missing.expectError(401, "UNAUTHORIZED");
    assertTrue(missing.header("WWW-Authenticate").startsWith("Bearer"));
    c.get("/api/v1/users/me", "Authorization", "Basic " + u.accessToken()).expectError(401, "UNAUTHORIZED");
  }

  @Test
  void refreshTokenRotation(TestServer server) {
    Client c = server.client();
    Client.User u = c.register("refresh");
    JsonNode rotated = c.post("/api/v1/auth/refresh", Map.of("refresh_token", u.refreshToken())).expect(200).json();
    String newRefresh = rotated.path("refresh_token").asText();
    assertNotEquals(u.refreshToken(), newRefresh);
    c.withToken(rotated.path("access_token").asText()).get("/api/v1/users/me").expect(200);

    // The used token is dead, even though it has not expired.
    c.post("/api/v1/auth/refresh", Map.of("refresh_token", u.refreshToken())).expectError(401, "UNAUTHORIZED");
    c.post("/api/v1/auth/refresh", Map.of("refresh_token", "made-up")).expectError(401, "UNAUTHORIZED");
    c.post("/api/v1/auth/refresh", Map.of()).expectError(422, "VALIDATION_ERROR", "refresh_token");

    c.post("/api/v1/auth/logout", Map.of("refresh_token", newRefresh)).expect(204);
    c.post("/api/v1/auth/refresh", Map.of("refresh_token", newRefresh)).expectError(401, "UNAUTHORIZED");
    c.post("/api/v1/auth/logout", Map.of("refresh_token", newRefresh)).expectError(401, "UNAUTHORIZED");
    c.post("/api/v1/auth/logout", Map.of("refresh_token", 7)).expectError(422, "VALIDATION_ERROR", "refresh_token");
  }

  @Test
  void refreshTokensExpire() throws Exception {
    try (TestServer server = TestServer.start(Map.of("REFRESH_TTL_SECONDS", "1", "AUTH_RATE_LIMIT_RPM", "0"))) {
      Client c = server.client();
      Client.User u = c.register("expiring");
      // Waiting out the one-second lifetime is the only way to observe expiry from outside.
      Thread.sleep(1500);
      c.post("/api/v1/auth/refresh", Map.of("refresh_token", u.refreshToken())).expectError(401, "UNAUTHORIZED");
    }
  }

  @Test
  void adminBootstrap(TestServer server) {
    Client c = server.client();
    JsonNode tokens = c.post("/api/v1/auth/login", Map.of("email", TestServer.ADMIN_EMAIL,
        "password", TestServer.ADMIN_PASSWORD)).expect(200).json();
    JsonNode me = c.withToken(tokens.path("access_token").asText()).get("/api/v1/users/me").expect(200).json();
    assertEquals("admin", me.path("role").asText());
  }
}
