package com.example.todoapi.platform.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The validated configuration, read from environment variables. Every variable has a default that
 * works on a developer machine, so the service starts with no configuration at all; durations and
 * sizes are typed so no caller has to remember units.
 *
 * @param jwtSecret empty when unset: the caller generates one per process
 * @param redisUrl empty: in-process cache and rate limiting
 * @param rateLimitRpm 0 disables the limit
 * @param authRateLimitRpm requests per minute for login and register; 0 disables
 */
public record Config(
    String host,
    int port,
    String databaseUrl,
    Optional<String> redisUrl,
    byte[] jwtSecret,
    Duration accessTtl,
    Duration refreshTtl,
    int rateLimitRpm,
    int authRateLimitRpm,
    List<String> corsOrigins,
    long maxBodyBytes,
    Optional<String> adminEmail,
    Optional<String> adminPassword,
    String logLevel,
    String appEnv) {

  public static final String ENV_DEVELOPMENT = "development";
  public static final String ENV_TEST = "test";
  public static final String ENV_PRODUCTION = "production";

  /** RFC 7518 section 3.2: an HS256 key must be at least as long as the hash output. */
  static final int MIN_JWT_SECRET_BYTES = 32;

  private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9-]{1,63}");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  public Config {
    jwtSecret = jwtSecret.clone();
    corsOrigins = List.copyOf(corsOrigins);
  }

  @Override
  public byte[] jwtSecret() {
    return jwtSecret.clone();
  }

  /** Same JWT_SECRET rules, with a secret the caller generated. */
  public Config withJwtSecret(byte[] secret) {
    return new Config(host, port, databaseUrl, redisUrl, secret, accessTtl, refreshTtl, rateLimitRpm,
        authRateLimitRpm, corsOrigins, maxBodyBytes, adminEmail, adminPassword, logLevel, appEnv);
  }

  /** Reads the environment (System::getenv in production, a map in tests). */
  public static Config load(Function<String, String> getenv) throws ConfigException {
    Loader l = new Loader(getenv);
    String host = l.str("HOST", "127.0.0.1");
    int port = l.integer("PORT", 8080, 0, 65535);
    String databaseUrl = l.str("DATABASE_URL", "sqlite:./data/app.db");
    String redisUrl = l.str("REDIS_URL", "");
    int accessTtl = l.integer("ACCESS_TTL_SECONDS", 900, 1, 86400);
    int refreshTtl = l.integer("REFRESH_TTL_SECONDS", 604800, 1, 31536000);
    int rateLimit = l.integer("RATE_LIMIT_RPM", 600, 0, 1000000);
    int authRateLimit = l.integer("AUTH_RATE_LIMIT_RPM", 20, 0, 1000000);
    List<String> corsOrigins = l.list("CORS_ORIGINS", "http://localhost:3000");
    int maxBodyBytes = l.integer("MAX_BODY_BYTES", 1048576, 1, 1 << 30);
    String adminEmail = l.str("ADMIN_EMAIL", "").strip().toLowerCase(Locale.ROOT);
    String adminPassword = l.str("ADMIN_PASSWORD", "");
    String logLevel = l.str("LOG_LEVEL", "info").toLowerCase(Locale.ROOT);
    String appEnv = l.str("APP_ENV", ENV_DEVELOPMENT).toLowerCase(Locale.ROOT);

    byte[] secret = new byte[0];
    String rawSecret = getenv.apply("JWT_SECRET");
    if (rawSecret != null && !rawSecret.isEmpty()) {
      secret = rawSecret.getBytes(StandardCharsets.UTF_8);
      if (secret.length < MIN_JWT_SECRET_BYTES) {
        l.problem("JWT_SECRET must be at least " + MIN_JWT_SECRET_BYTES + " bytes long");
      }
    }
    if (!isIpAddress(host) && !isHostname(host)) {
      l.problem("HOST \"" + host + "\" is not an IP address or host name");
    }
    validateDatabaseUrl(databaseUrl).ifPresent(p -> l.problem("DATABASE_URL " + p));
    if (!redisUrl.isEmpty() && !validRedisUrl(redisUrl)) {
      l.problem("REDIS_URL must look like redis://host:port/db");
    }
    for (String origin : corsOrigins) {
      if (!origin.equals("*") && !validOrigin(origin)) {
        l.problem("CORS_ORIGINS entry \"" + origin + "\" is not an origin such as https://example.com");
      }
    }
    if (!List.of("debug", "info", "warn", "error").contains(logLevel)) {
      l.problem("LOG_LEVEL must be one of debug, info, warn, error");
    }
    if (!List.of(ENV_DEVELOPMENT, ENV_TEST, ENV_PRODUCTION).contains(appEnv)) {
      l.problem("APP_ENV must be one of development, test, production");
    }
    if (appEnv.equals(ENV_PRODUCTION) && secret.length == 0) {
      l.problem("JWT_SECRET is required when APP_ENV=production");
    }
    if (adminEmail.isEmpty() != adminPassword.isEmpty()) {
      l.problem("ADMIN_EMAIL and ADMIN_PASSWORD must be set together");
    }
    int adminPasswordLength = adminPassword.codePointCount(0, adminPassword.length());
    if (!adminPassword.isEmpty() && (adminPasswordLength < 8 || adminPasswordLength > 128)) {
      l.problem("ADMIN_PASSWORD must be 8 to 128 characters long");
    }

    if (!l.problems.isEmpty()) {
      throw new ConfigException(l.problems);
    }
    return new Config(host, port, databaseUrl, nonEmpty(redisUrl), secret, Duration.ofSeconds(accessTtl),
        Duration.ofSeconds(refreshTtl), rateLimit, authRateLimit, corsOrigins, maxBodyBytes,
        nonEmpty(adminEmail), nonEmpty(adminPassword), logLevel, appEnv);
  }

  /** The three forms the service can open: sqlite::memory:, sqlite:PATH, postgres://... */
  public static Optional<String> validateDatabaseUrl(String raw) {
    if (raw.equals("sqlite::memory:")) {
      return Optional.empty();
    }
    if (raw.startsWith("sqlite:")) {
      return raw.length() == "sqlite:".length()
          ? Optional.of("sqlite: needs a file path or :memory:")
          : Optional.empty();
    }
    if (raw.startsWith("postgres://") || raw.startsWith("postgresql://")) {
      try {
        URI uri = new URI(raw);
        String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
        if (uri.getHost() == null || path.isEmpty()) {
          return Optional.of("must look like postgres://user:pass@host:port/db");
        }
        return Optional.empty();
      } catch (URISyntaxException e) {
        return Optional.of("must look like postgres://user:pass@host:port/db");
      }
    }
    return Optional.of("must start with sqlite: or postgres://");
  }

  private static boolean validRedisUrl(String raw) {
    try {
      URI uri = new URI(raw);
      return ("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean validOrigin(String origin) {
    try {
      URI uri = new URI(origin);
      String path = uri.getRawPath();
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && (path == null || path.isEmpty() || path.equals("/"))
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isIpAddress(String host) {
    var m = IPV4.matcher(host);
    if (m.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(m.group(i)) > 255) {
          return false;
        }
      }
      return true;
    }
    // IPv6: hex groups and colons, at most one "::"; the socket layer checks the rest.
    return host.contains(":") && host.matches("[0-9A-Fa-f:.]+") && host.indexOf("::") == host.lastIndexOf("::");
  }

  private static boolean isHostname(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (!HOST_LABEL.matcher(label).matches() || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
    }
    return true;
  }

  private static Optional<String> nonEmpty(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** Collects every problem instead of stopping at the first. */
  private static final class Loader {
    private final Function<String, String> getenv;
    private final List<String> problems = new ArrayList<>();

    Loader(Function<String, String> getenv) {
      this.getenv = getenv;
    }

    void problem(String message) {
      problems.add(message);
    }

    String str(String name, String fallback) {
      String value = getenv.apply(name);
      if (value == null || value.strip().isEmpty()) {
        return fallback;
      }
      return value.strip();
    }

    int integer(String name, int fallback, int min, int max) {
      String raw = str(name, "");
      if (raw.isEmpty()) {
        return fallback;
      }
      int n;
      try {
        n = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        problem(name + " must be a whole number, got \"" + raw + "\"");
        return fallback;
      }
      if (n < min || n > max) {
        problem(name + " must be between " + min + " and " + max + ", got " + n);
        return fallback;
      }
      return n;
    }

    List<String> list(String name, String fallback) {
      List<String> items = new ArrayList<>();
      for (String item : str(name, fallback).split(",")) {
        item = item.strip();
        if (!item.isEmpty()) {
          items.add(item.endsWith("/") ? item.substring(0, item.length() - 1) : item);
        }
      }
      return items;
    }
  }

  /** For tests: a map as the environment. */
  public static Config load(Map<String, String> env) throws ConfigException {
    return load(env::get);
  }
}
