package com.example.todoapi.auth;

import com.example.todoapi.platform.http.BearerVerifier;
import com.example.todoapi.platform.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies HS256 access tokens (JWT). Written by hand on purpose: it is short, and
 * reading it shows exactly which checks make a token trustworthy.
 */
public final class Tokens implements BearerVerifier {
  /** Tolerates small clock differences between machines without keeping expired tokens alive. */
  static final Duration CLOCK_SKEW_LEEWAY = Duration.ofSeconds(30);

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

  /** The header is fixed: the service issues HS256 only, so any other claim was not issued here. */
  private static final String ENCODED_HEADER =
      B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private final SecretKeySpec key;
  private final Duration ttl;

  public Tokens(byte[] secret, Duration ttl) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.ttl = ttl;
  }

  /** How long issued tokens stay valid. */
  public Duration ttl() {
    return ttl;
  }

  /** A signed token whose subject is userId. */
  public String issue(long userId, Instant now) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", Long.toString(userId));
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(ttl).getEpochSecond());
    String signingInput = ENCODED_HEADER + "." + B64.encodeToString(Json.encode(claims));
    return signingInput + "." + B64.encodeToString(sign(signingInput));
  }

  @Override
  public OptionalLong verify(String token) {
    return verify(token, Instant.now());
  }

  /** The user id of a valid token. The signature is checked before any claim is trusted. */
  public OptionalLong verify(String token, Instant now) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return OptionalLong.empty();
    }
    try {
      // Checking alg explicitly rejects "none" and algorithm-confusion tokens, even if they
      // carried a valid-looking signature.
      JsonNode header = Json.MAPPER.readTree(B64_DECODER.decode(parts[0]));
      if (header == null || !header.isObject() || !"HS256".equals(header.path("alg").textValue())) {
        return OptionalLong.empty();
      }
      byte[] signature = B64_DECODER.decode(parts[2]);
      if (!MessageDigest.isEqual(signature, sign(parts[0] + "." + parts[1]))) {
        return OptionalLong.empty();
      }
      JsonNode claims = Json.MAPPER.readTree(B64_DECODER.decode(parts[1]));
      if (claims == null || !claims.isObject() || !claims.path("exp").canConvertToLong()
          || !claims.path("exp").isIntegralNumber() || claims.path("exp").longValue() == 0) {
        return OptionalLong.empty();
      }
      Instant expires = Instant.ofEpochSecond(claims.path("exp").longValue());
      if (now.isAfter(expires.plus(CLOCK_SKEW_LEEWAY))) {
        return OptionalLong.empty();
      }
      String subject = claims.path("sub").textValue();
      if (subject == null || !subject.matches("[0-9]{1,19}")) {
        return OptionalLong.empty();
      }
      long userId = Long.parseLong(subject);
      return userId > 0 ? OptionalLong.of(userId) : OptionalLong.empty();
    } catch (IllegalArgumentException | java.io.IOException e) {
      // Bad base64, bad JSON or an out-of-range number: all simply invalid.
      return OptionalLong.empty();
    }
  }

  private byte[] sign(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
