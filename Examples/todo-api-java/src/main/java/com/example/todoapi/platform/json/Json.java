package com.example.todoapi.platform.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The one JSON configuration of the service, and its timestamp format. */
public final class Json {
  /**
   * Shared and thread-safe once configured. Responses are built from maps and lists, so no
   * annotation or reflection decides what goes on the wire.
   */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  static {
    MAPPER.getFactory().setCharacterEscapes(new ContractEscapes());
  }

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private Json() {}

  /**
   * The escapes every stack of the contract sends: control characters as lower-case \\u00XX
   * (\\b, \\f, \\n, \\r, \\t short), and U+2028/U+2029, which end a line in JavaScript, escaped.
   * Everything else, including non-ASCII and &lt;&gt;&amp;, is written as it is.
   */
  private static final class ContractEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;

    private final int[] ascii;

    ContractEscapes() {
      ascii = standardAsciiEscapesForJSON();
      for (int c = 0; c < 0x20; c++) {
        if (ascii[c] == CharacterEscapes.ESCAPE_STANDARD) {
          ascii[c] = CharacterEscapes.ESCAPE_CUSTOM;
        }
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch < 0x20 || ch == 0x2028 || ch == 0x2029) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }

  /** Encodes a value built from maps, lists, strings, numbers, booleans and nulls. */
  public static byte[] encode(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      // Only a programming error (an unsupported type) gets here.
      throw new IllegalStateException("cannot encode response", e);
    }
  }

  public static String encodeToString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode value", e);
    }
  }

  public static JsonNode decode(byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * RFC 3339 in UTC with as many fraction digits as needed (none for whole seconds), the shape
   * every stack of the contract sends. Microseconds are the finest unit PostgreSQL keeps.
   */
  public static String formatInstant(Instant instant) {
    Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
    StringBuilder out = new StringBuilder(SECONDS.format(micros));
    int nanos = micros.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(fraction, 0, end);
    }
    return out.append('Z').toString();
  }
}
