package com.example.todoapi.platform.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The decoded query string: every value of every parameter, in request order. Pairs that are not
 * valid form encoding (a bad %-escape, a ';' in the key) are dropped rather than failing the
 * request, so one stray parameter does not hide the others.
 */
public final class Query {
  private final Map<String, List<String>> values;

  private Query(Map<String, List<String>> values) {
    this.values = values;
  }

  public static Query parse(String raw) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String rawKey = eq < 0 ? pair : pair.substring(0, eq);
        String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
        if (rawKey.contains(";")) {
          continue;
        }
        String key = unescape(rawKey);
        String value = unescape(rawValue);
        if (key == null || value == null) {
          continue;
        }
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
    }
    return new Query(values);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The first value, or "" when the parameter is absent. */
  public String get(String name) {
    List<String> all = values.get(name);
    return all == null ? "" : all.get(0);
  }

  /** Every parameter except {@code excluded}, form-encoded with sorted keys. */
  public String encodeWithout(String... excluded) {
    Map<String, List<String>> sorted = new TreeMap<>(values);
    for (String name : excluded) {
      sorted.remove(name);
    }
    StringBuilder out = new StringBuilder();
    sorted.forEach((key, list) -> {
      for (String value : list) {
        if (out.length() > 0) {
          out.append('&');
        }
        out.append(escape(key)).append('=').append(escape(value));
      }
    });
    return out.toString();
  }

  /** Form decoding: '+' is a space, %XX a byte; null when malformed. */
  static String unescape(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          encoded = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Form encoding that leaves only unreserved characters (RFC 3986) as they are. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append((char) c);
      } else if (c == ' ') {
        out.append('+');
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
