package com.example.todoapi.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TokensTest {
  private final Tokens tokens = new Tokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
      Duration.ofMinutes(15));
  private final Instant now = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void roundTrip() {
    assertEquals(OptionalLong.of(42), tokens.verify(tokens.issue(42, now), now));
  }

  @Test
  void expiryHasALeewayOfThirtySeconds() {
    String token = tokens.issue(42, now);
    Instant expiry = now.plus(Duration.ofMinutes(15));
    assertTrue(tokens.verify(token, expiry.plusSeconds(30)).isPresent());
    assertTrue(tokens.verify(token, expiry.plusSeconds(31)).isEmpty());
  }

  @Test
  void rejectsEverythingElse() {
    String token = tokens.issue(42, now);
    String[] parts = token.split("\\.");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
    String hs512 = b64.encodeToString("{\"alg\":\"HS512\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
    String zeroSubject = tokens.issue(0, now);
    String forged = new Tokens("another secret of at least 32 bytes!!".getBytes(StandardCharsets.UTF_8),
        Duration.ofMinutes(1)).issue(42, now);
    for (String bad : new String[] {"", "a.b", "a.b.c.d", "!!.!!.!!", none, hs512, token + "x", zeroSubject, forged}) {
      assertTrue(tokens.verify(bad, now).isEmpty(), bad);
    }
  }
}
