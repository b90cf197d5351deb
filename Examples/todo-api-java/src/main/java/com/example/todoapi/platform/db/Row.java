package com.example.todoapi.platform.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

/** The current row of a result, read the same way on both engines. */
public final class Row {
  private final ResultSet rs;
  private final Dialect dialect;

  Row(ResultSet rs, Dialect dialect) {
    this.rs = rs;
    this.dialect = dialect;
  }

  public long getLong(String column) throws SQLException {
    return rs.getLong(column);
  }

  public String getString(String column) throws SQLException {
    return rs.getString(column);
  }

  public boolean getBoolean(String column) throws SQLException {
    return rs.getBoolean(column);
  }

  public Instant getInstant(String column) throws SQLException {
    return dialect.readInstant(rs, column);
  }

  public LocalDate getDate(String column) throws SQLException {
    return dialect.readDate(rs, column);
  }

  /** Maps one row to a value. */
  @FunctionalInterface
  public interface Mapper<T> {
    T map(Row row) throws SQLException;
  }
}
