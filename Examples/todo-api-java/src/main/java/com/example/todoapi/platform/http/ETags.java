package com.example.todoapi.platform.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** Strong ETags over the exact response bytes, and the conditional-request rules of RFC 9110. */
public final class ETags {
  private ETags() {}

  /** Changes whenever a byte of the representation changes. */
  public static String of(byte[] body) {
    try {
      byte[] sum = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(Arrays.copyOf(sum, 16)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public static String of(String body) {
    return of(body.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends body with its ETag, or 304 without a body when the client holds this version. */
  public static void send(Exchange exchange, int status, byte[] body) {
    String etag = of(body);
    exchange.setHeader("ETag", etag);
    // private: responses depend on the caller's token. no-cache: clients may store them but must
    // revalidate, which the ETag makes cheap.
    exchange.setHeader("Cache-Control", "private, no-cache");
    if (listMatches(exchange.header("If-None-Match"), etag, false)) {
      exchange.sendEmpty(304);
      return;
    }
    exchange.sendJsonBytes(status, body);
  }

  /** Whether If-Match rules out the write (RFC 9110 13.1.1); no header never fails. */
  public static boolean ifMatchFails(Exchange exchange, String currentETag) {
    String header = exchange.header("If-Match");
    return !header.isEmpty() && !listMatches(header, currentETag, true);
  }

  /** If-Match compares strongly (weak tags never match), If-None-Match weakly. */
  static boolean listMatches(String header, String etag, boolean strong) {
    if (header.isEmpty()) {
      return false;
    }
    for (String candidate : header.split(",", -1)) {
      candidate = candidate.strip();
      if (candidate.equals("*")) {
        return true;
      }
      if (candidate.startsWith("W/")) {
        if (strong) {
          continue;
        }
        candidate = candidate.substring(2);
      }
      if (candidate.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
