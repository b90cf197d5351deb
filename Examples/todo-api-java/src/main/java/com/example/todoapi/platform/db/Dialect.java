package com.example.todoapi.platform.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The two engines, and how each stores the types they disagree on. SQLite has no date or time
 * type, so instants are fixed-width UTC text (which sorts and compares in time order) and dates
 * YYYY-MM-DD text; PostgreSQL gets real TIMESTAMPTZ and DATE values.
 */
public enum Dialect {
  SQLITE("sqlite"),
  POSTGRES("postgres");

  private static final DateTimeFormatter SQLITE_INSTANT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The folder of this dialect's migrations under migrations/. */
  public String folder() {
    return folder;
  }

  void bind(PreparedStatement statement, int index, Object value) throws SQLException {
    if (value instanceof Instant instant) {
      Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
      if (this == SQLITE) {
        statement.setString(index, SQLITE_INSTANT.format(micros));
      } else {
        statement.setObject(index, OffsetDateTime.ofInstant(micros, ZoneOffset.UTC));
      }
    } else if (value instanceof LocalDate date) {
      if (this == SQLITE) {
        statement.setString(index, date.toString());
      } else {
        statement.setObject(index, date);
      }
    } else if (value instanceof Boolean b) {
      statement.setBoolean(index, b);
    } else {
      statement.setObject(index, value);
    }
  }

  Instant readInstant(ResultSet rs, String column) throws SQLException {
    if (this == SQLITE) {
      String text = rs.getString(column);
      return text == null ? null : Instant.parse(text);
    }
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  LocalDate readDate(ResultSet rs, String column) throws SQLException {
    if (this == SQLITE) {
      String text = rs.getString(column);
      return text == null ? null : LocalDate.parse(text);
    }
    return rs.getObject(column, LocalDate.class);
  }
}
