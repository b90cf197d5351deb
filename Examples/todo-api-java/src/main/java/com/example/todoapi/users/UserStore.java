package com.example.todoapi.users;

import com.example.todoapi.platform.db.Row;
import com.example.todoapi.platform.db.Sql;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Accounts and their refresh tokens; the only SQL of the users feature. */
public final class UserStore {
  private static final String COLUMNS = "id, email, name, role, password_hash, created_at";
  private static final Row.Mapper<User> USER = r -> new User(r.getLong("id"), r.getString("email"),
      r.getString("name"), r.getString("role"), r.getString("password_hash"), r.getInstant("created_at"));

  private final Sql sql;

  public UserStore(Sql sql) {
    this.sql = sql;
  }

  /** Inserts a user; a taken email throws ConflictException. */
  public User create(String email, String name, String passwordHash, String role) throws SQLException {
    Instant now = Instant.now();
    long id = sql.queryOne("INSERT INTO users (email, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        r -> r.getLong("id"), email, name, passwordHash, role, now).orElseThrow();
    return new User(id, email, name, role, passwordHash, now);
  }

  /** By normalised (trimmed, lower-case) email. */
  public Optional<User> byEmail(String email) throws SQLException {
    return sql.queryOne("SELECT " + COLUMNS + " FROM users WHERE email = ?", USER, email);
  }

  public Optional<User> byId(long id) throws SQLException {
    return sql.queryOne("SELECT " + COLUMNS + " FROM users WHERE id = ?", USER, id);
  }

  /** Stores the hash of a new refresh token. */
  public static void createRefreshToken(Sql sql, long userId, String tokenHash, Instant expiresAt) throws SQLException {
    sql.update("INSERT INTO refresh_tokens (user_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?)",
        userId, tokenHash, expiresAt, Instant.now());
  }

  /**
   * Revokes a live refresh token and returns its user. Check and revocation are one statement, so
   * two concurrent requests with the same token cannot both succeed. Unknown, used and expired
   * tokens are all empty.
   */
  public static Optional<Long> consumeRefreshToken(Sql sql, String tokenHash) throws SQLException {
    Instant now = Instant.now();
    return sql.queryOne("""
        UPDATE refresh_tokens SET revoked_at = ?
        WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?
        RETURNING user_id""", r -> r.getLong("user_id"), now, tokenHash, now);
  }
}
