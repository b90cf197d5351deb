package com.example.todoapi.platform.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.sqlite.SQLiteConfig;

/**
 * The only class that opens connections: SQLite or PostgreSQL from the DATABASE_URL, a small
 * connection pool, and the count of every statement sent for the db_queries_total metric.
 */
public final class Database implements Sql, AutoCloseable {
  private final String jdbcUrl;
  private final Properties properties;
  private final Dialect dialect;
  private final BlockingQueue<Connection> idle;
  private final Semaphore permits;
  private final AtomicLong queries = new AtomicLong();
  private volatile boolean closed;

  private Database(String jdbcUrl, Properties properties, Dialect dialect, int maxConnections) {
    this.jdbcUrl = jdbcUrl;
    this.properties = properties;
    this.dialect = dialect;
    this.idle = new ArrayBlockingQueue<>(maxConnections);
    this.permits = new Semaphore(maxConnections, true);
  }

  /** Opens databaseUrl (sqlite::memory:, sqlite:PATH or postgres://...) and checks it answers. */
  public static Database open(String databaseUrl) throws SQLException {
    Database db;
    if (databaseUrl.startsWith("sqlite:")) {
      String path = databaseUrl.substring("sqlite:".length());
      SQLiteConfig config = new SQLiteConfig();
      config.enforceForeignKeys(true);
      config.setBusyTimeout(5000);
      // An immediate write lock avoids deadlocks between two transactions that both read first.
      config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
      if (path.equals(":memory:")) {
        // Every connection to :memory: is a separate, empty database.
        db = new Database("jdbc:sqlite::memory:", config.toProperties(), Dialect.SQLITE, 1);
      } else {
        // WAL lets readers proceed while one writer commits.
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
          if (parent != null) {
            Files.createDirectories(parent);
          }
        } catch (java.io.IOException e) {
          throw new SQLException("create database directory: " + e.getMessage(), e);
        }
        db = new Database("jdbc:sqlite:" + path, config.toProperties(), Dialect.SQLITE, 8);
      }
    } else if (databaseUrl.startsWith("postgres://") || databaseUrl.startsWith("postgresql://")) {
      db = postgres(databaseUrl);
    } else {
      throw new SQLException("unsupported database URL scheme");
    }
    if (!db.ping()) {
      db.close();
      throw new SQLException("cannot connect to the " + db.dialect.folder() + " database");
    }
    return db;
  }

  /**
   * postgres://user:pass@host:port/db?params as JDBC. search_path becomes pgjdbc's currentSchema;
   * other parameters (sslmode, ...) pass through as connection properties.
   */
  private static Database postgres(String databaseUrl) throws SQLException {
    URI uri;
    try {
      uri = new URI(databaseUrl);
    } catch (URISyntaxException e) {
      throw new SQLException("malformed DATABASE_URL", e);
    }
    Properties props = new Properties();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      props.setProperty("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        props.setProperty("password", decode(userInfo.substring(colon + 1)));
      }
    }
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String key = decode(pair.substring(0, eq));
        props.setProperty(key.equals("search_path") ? "currentSchema" : key, decode(pair.substring(eq + 1)));
      }
    }
    String host = uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost();
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    String url = "jdbc:postgresql://" + host + ":" + port + uri.getRawPath();
    return new Database(url, props, Dialect.POSTGRES, 16);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public Dialect dialect() {
    return dialect;
  }

  /** Statements sent since open. */
  public long queryCount() {
    return queries.get();
  }

  /** Whether the database answers within two seconds. */
  public boolean ping() {
    try {
      Connection c = acquire();
      try {
        queries.incrementAndGet();
        return c.isValid(2);
      } finally {
        release(c);
      }
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public <T> List<T> query(String sql, Row.Mapper<T> mapper, Object... params) throws SQLException {
    Connection c = acquire();
    try {
      return query(c, sql, mapper, params);
    } finally {
      release(c);
    }
  }

  @Override
  public int update(String sql, Object... params) throws SQLException {
    Connection c = acquire();
    try {
      return update(c, sql, params);
    } finally {
      release(c);
    }
  }

  /** Work that must commit or roll back as one. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Sql tx) throws SQLException;
  }

  /** Runs work in a transaction: committed when it returns, rolled back when it throws. */
  public <T> T inTransaction(Work<T> work) throws SQLException {
    Connection c = acquire();
    try {
      c.setAutoCommit(false);
      queries.incrementAndGet();
      try {
        T result = work.run(new TransactionSql(c));
        queries.incrementAndGet();
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        queries.incrementAndGet();
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } finally {
      release(c);
    }
  }

  /** Runs a script of several statements (a migration) on one connection. */
  void executeScript(Sql tx, String script) throws SQLException {
    if (!(tx instanceof TransactionSql t)) {
      throw new IllegalArgumentException("scripts run inside a transaction");
    }
    for (String statement : splitStatements(script)) {
      queries.incrementAndGet();
      try (Statement s = t.connection.createStatement()) {
        s.execute(statement);
      }
    }
  }

  /** Splits on semicolons at line ends; migrations keep one statement per such semicolon. */
  static List<String> splitStatements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        statements.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  private <T> List<T> query(Connection c, String sql, Row.Mapper<T> mapper, Object... params) throws SQLException {
    queries.incrementAndGet();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      try (ResultSet rs = s.executeQuery()) {
        List<T> rows = new ArrayList<>();
        Row row = new Row(rs, dialect);
        while (rs.next()) {
          rows.add(mapper.map(row));
        }
        return rows;
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  private int update(Connection c, String sql, Object... params) throws SQLException {
    queries.incrementAndGet();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  private void bind(PreparedStatement s, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      dialect.bind(s, i + 1, params[i]);
    }
  }

  /** A unique violation becomes a ConflictException on either engine. */
  private static SQLException translate(SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if ("23505".equals(e.getSQLState()) || message.contains("UNIQUE constraint failed")) {
      throw new ConflictException(e);
    }
    return e;
  }

  private Connection acquire() throws SQLException {
    if (closed) {
      throw new SQLException("database is closed");
    }
    try {
      if (!permits.tryAcquire(5, TimeUnit.SECONDS)) {
        throw new SQLException("no database connection free within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a connection", e);
    }
    Connection c = idle.poll();
    if (c != null) {
      return c;
    }
    try {
      return DriverManager.getConnection(jdbcUrl, properties);
    } catch (SQLException e) {
      permits.release();
      throw e;
    }
  }

  private void release(Connection c) {
    try {
      if (closed || c.isClosed() || !idle.offer(c)) {
        c.close();
      }
    } catch (SQLException e) {
      // A broken connection is dropped; the next acquire opens a new one.
    } finally {
      permits.release();
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection c;
    while ((c = idle.poll()) != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // Closing anyway.
      }
    }
  }

  /** Statements on the one connection of a transaction. */
  private final class TransactionSql implements Sql {
    private final Connection connection;

    TransactionSql(Connection connection) {
      this.connection = connection;
    }

    @Override
    public <T> List<T> query(String sql, Row.Mapper<T> mapper, Object... params) throws SQLException {
      return Database.this.query(connection, sql, mapper, params);
    }

    @Override
    public int update(String sql, Object... params) throws SQLException {
      return Database.this.update(connection, sql, params);
    }

    @Override
    public Dialect dialect() {
      return dialect;
    }
  }
}
