package com.example.todoapi.platform.db;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Runs parameterised statements, on the pool or inside one transaction, so stores are written once
 * for both. Values are always bound, never pasted into the SQL text.
 */
public interface Sql {
  <T> List<T> query(String sql, Row.Mapper<T> mapper, Object... params) throws SQLException;

  /** Rows changed. */
  int update(String sql, Object... params) throws SQLException;

  Dialect dialect();

  default <T> Optional<T> queryOne(String sql, Row.Mapper<T> mapper, Object... params) throws SQLException {
    List<T> rows = query(sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }
}
