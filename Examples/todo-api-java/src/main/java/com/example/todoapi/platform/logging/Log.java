package com.example.todoapi.platform.logging;

import com.example.todoapi.platform.json.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * JSON lines on one stream: {"time", "level", "msg", then the attributes in the order given}. A
 * log aggregator parses every line without a pattern; humans pipe it through jq.
 */
public final class Log {
  /** Severity, in increasing order. */
  public enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR;

    /** Parses the LOG_LEVEL names (debug, info, warn, error). */
    public static Level parse(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  private final PrintStream out;
  private final Level minimum;

  public Log(PrintStream out, Level minimum) {
    this.out = out;
    this.minimum = minimum;
  }

  public boolean enabled(Level level) {
    return level.compareTo(minimum) >= 0;
  }

  public void debug(String message, Object... attributes) {
    write(Level.DEBUG, message, attributes);
  }

  public void info(String message, Object... attributes) {
    write(Level.INFO, message, attributes);
  }

  public void warn(String message, Object... attributes) {
    write(Level.WARN, message, attributes);
  }

  public void error(String message, Object... attributes) {
    write(Level.ERROR, message, attributes);
  }

  /** Attributes are name, value pairs. */
  public void write(Level level, String message, Object... attributes) {
    if (!enabled(level)) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Json.formatInstant(Instant.now()));
    line.put("level", level.name());
    line.put("msg", message);
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      Object value = attributes[i + 1];
      line.put(String.valueOf(attributes[i]), value instanceof Throwable t ? describe(t) : value);
    }
    String encoded = Json.encodeToString(line);
    // One println per line keeps lines whole when requests log concurrently.
    synchronized (out) {
      out.println(encoded);
      out.flush();
    }
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage();
  }
}
