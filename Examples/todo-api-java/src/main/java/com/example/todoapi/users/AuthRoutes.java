package com.example.todoapi.users;

import com.example.todoapi.auth.Passwords;
import com.example.todoapi.auth.RefreshTokens;
import com.example.todoapi.auth.Tokens;
import com.example.todoapi.platform.db.ConflictException;
import com.example.todoapi.platform.db.Database;
import com.example.todoapi.platform.db.Sql;
import com.example.todoapi.platform.http.ApiException;
import com.example.todoapi.platform.http.Exchange;
import com.example.todoapi.platform.http.Field;
import com.example.todoapi.platform.http.JsonBody;
import com.example.todoapi.platform.http.Middleware;
import com.example.todoapi.platform.http.Router;
import com.example.todoapi.platform.http.Validator;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Register, login, refresh, logout and the current user. */
public final class AuthRoutes {
  private final Database db;
  private final UserStore users;
  private final Tokens tokens;
  private final Duration refreshTtl;

  public AuthRoutes(Database db, Tokens tokens, Duration refreshTtl) {
    this.db = db;
    this.users = new UserStore(db);
    this.tokens = tokens;
    this.refreshTtl = refreshTtl;
  }

  /**
   * @param authLimited the stricter limit of login and register
   * @param authenticated lets only requests with a valid access token through
   */
  public void register(Router router, Middleware authLimited, Middleware authenticated) {
    router.post("/api/v1/auth/register", authLimited.wrap(this::register));
    router.post("/api/v1/auth/login", authLimited.wrap(this::login));
    router.post("/api/v1/auth/refresh", this::refresh);
    router.post("/api/v1/auth/logout", this::logout);
    router.get("/api/v1/users/me", authenticated.wrap(this::me));
  }

  private void register(Exchange exchange) throws IOException, SQLException {
    JsonBody body = JsonBody.read(exchange);
    Validator v = new Validator();
    Field<String> email = body.string(v, "email");
    Field<String> password = body.string(v, "password");
    Field<String> name = body.string(v, "name");

    String normalizedEmail = Emails.normalize(email.value());
    if (!email.invalid()) {
      v.check(email.isSet() && Emails.valid(normalizedEmail), "email", "must be a valid email address");
    }
    if (!password.invalid()) {
      int n = JsonBody.length(password.value());
      v.check(password.isSet() && n >= 8 && n <= 128, "password", "must be 8 to 128 characters long");
    }
    String trimmedName = JsonBody.trimText(name.value());
    if (!name.invalid()) {
      int n = JsonBody.length(trimmedName);
      v.check(name.isSet() && n >= 1 && n <= 100, "name", "must be 1 to 100 characters long");
    }
    v.throwIfInvalid();

    User user;
    try {
      user = users.create(normalizedEmail, trimmedName, Passwords.hash(password.value()), User.ROLE_USER);
    } catch (ConflictException e) {
      throw ApiException.conflict("An account with this email already exists");
    }
    exchange.setHeader("Location", "/api/v1/users/me");
    exchange.sendJson(201, user.toJson());
  }

  private void login(Exchange exchange) throws IOException, SQLException {
    JsonBody body = JsonBody.read(exchange);
    Validator v = new Validator();
    Field<String> email = body.string(v, "email");
    Field<String> password = body.string(v, "password");
    if (!email.invalid()) {
      v.check(email.isSet() && !email.value().isEmpty(), "email", "is required");
    }
    if (!password.invalid()) {
      v.check(password.isSet() && !password.value().isEmpty(), "password", "is required");
    }
    v.throwIfInvalid();

    Optional<User> user = users.byEmail(Emails.normalize(email.value()));
    // The hash is checked even for an unknown email, so timing does not reveal accounts.
    boolean matches = Passwords.verify(user.map(User::passwordHash).orElse(Passwords.DUMMY_HASH), password.value());
    if (!matches || user.isEmpty()) {
      throw ApiException.badCredentials("Invalid email or password");
    }
    exchange.sendJson(200, issue(db, user.get().id()));
  }

  /**
   * Rotates a refresh token: the old one is revoked in the transaction that stores the new one, so
   * a stolen token works at most once.
   */
  private void refresh(Exchange exchange) throws IOException, SQLException {
    String refreshToken = readRefreshToken(exchange);
    Map<String, Object> pair = db.inTransaction(tx -> {
      Optional<Long> userId = UserStore.consumeRefreshToken(tx, RefreshTokens.hash(refreshToken));
      return userId.isEmpty() ? null : issue(tx, userId.get());
    });
    if (pair == null) {
      throw ApiException.badCredentials("Invalid or expired refresh token");
    }
    exchange.sendJson(200, pair);
  }

  private void logout(Exchange exchange) throws IOException, SQLException {
    String refreshToken = readRefreshToken(exchange);
    if (UserStore.consumeRefreshToken(db, RefreshTokens.hash(refreshToken)).isEmpty()) {
      throw ApiException.badCredentials("Invalid or expired refresh token");
    }
    exchange.sendEmpty(204);
  }

  private void me(Exchange exchange) throws SQLException {
    // A valid token for a user that no longer exists.
    User user = users.byId(exchange.userId()).orElseThrow(() -> ApiException.unauthorized("Unknown user"));
    exchange.sendJson(200, user.toJson());
  }

  private static String readRefreshToken(Exchange exchange) throws IOException {
    JsonBody body = JsonBody.read(exchange);
    Validator v = new Validator();
    Field<String> token = body.string(v, "refresh_token");
    if (!token.invalid()) {
      v.check(token.isSet() && !token.value().isEmpty(), "refresh_token", "is required");
    }
    v.throwIfInvalid();
    return token.value();
  }

  /** {access_token, token_type, expires_in, refresh_token}, storing the refresh token's hash. */
  private Map<String, Object> issue(Sql sql, long userId) throws SQLException {
    Instant now = Instant.now();
    String refresh = RefreshTokens.generate();
    UserStore.createRefreshToken(sql, userId, RefreshTokens.hash(refresh), now.plus(refreshTtl));
    Map<String, Object> pair = new LinkedHashMap<>();
    pair.put("access_token", tokens.issue(userId, now));
    pair.put("token_type", "Bearer");
    pair.put("expires_in", tokens.ttl().toSeconds());
    pair.put("refresh_token", refresh);
    return pair;
  }

  /**
   * Creates the bootstrap admin from ADMIN_EMAIL and ADMIN_PASSWORD unless it exists. An existing
   * account is left alone, so a changed ADMIN_PASSWORD never silently resets a password.
   *
   * @return whether the account was created now
   */
  public static boolean ensureAdmin(Database db, String email, String password) throws SQLException {
    UserStore users = new UserStore(db);
    if (users.byEmail(email).isPresent()) {
      return false;
    }
    try {
      users.create(email, "Administrator", Passwords.hash(password), User.ROLE_ADMIN);
      return true;
    } catch (ConflictException e) {
      return false; // another instance created it first
    }
  }
}
