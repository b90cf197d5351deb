package com.example.todoapi.support;

import com.example.todoapi.App;
import com.example.todoapi.platform.config.Config;
import com.example.todoapi.platform.redis.RedisClient;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running instance of the service, started in-process on a free port exactly as main starts
 * it. Each instance gets its own SQLite file, or its own schema in the PostgreSQL of
 * TEST_DATABASE_URL, and its own logical database in the Redis of TEST_REDIS_URL (flushed first:
 * use a Redis dedicated to tests).
 */
public final class TestServer implements AutoCloseable {
  /** Known to the tests so they can mint expired and forged tokens, as an external verifier would. */
  public static final String JWT_SECRET = "test-secret-0123456789abcdef0123456789";
  public static final String ADMIN_EMAIL = "admin@example.com";
  public static final String ADMIN_PASSWORD = "admin-password";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicInteger REDIS_DATABASES = new AtomicInteger();

  private final App app;
  private final String baseUrl;
  private final List<AutoCloseable> cleanups;

  private TestServer(App app, List<AutoCloseable> cleanups) {
    this.app = app;
    this.baseUrl = "http://127.0.0.1:" + app.port();
    this.cleanups = cleanups;
  }

  /** Starts an instance with extra configuration on top of the test defaults. */
  public static TestServer start(Map<String, String> overrides) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("HOST", "127.0.0.1");
    env.put("PORT", "0");
    env.put("APP_ENV", "test");
    env.put("JWT_SECRET", JWT_SECRET);
    env.put("LOG_LEVEL", "warn");
    List<AutoCloseable> cleanups = new ArrayList<>();
    try {
      env.put("DATABASE_URL", databaseUrl(cleanups));
      String redis = redisUrl();
      if (redis != null) {
        env.put("REDIS_URL", redis);
      }
      env.putAll(overrides);
      App app = App.start(Config.load(env), new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8"));
      return new TestServer(app, cleanups);
    } catch (Exception e) {
      closeAll(cleanups);
      throw e;
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Client client() {
    return new Client(baseUrl, null);
  }

  /** Stops the instance the way SIGTERM does (draining requests) and drops its database. */
  @Override
  public void close() throws Exception {
    try {
      app.close();
    } finally {
      closeAll(cleanups);
    }
  }

  public static String randomSuffix() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void closeAll(List<AutoCloseable> cleanups) throws Exception {
    for (int i = cleanups.size() - 1; i >= 0; i--) {
      cleanups.get(i).close();
    }
  }

  /** A fresh database: a SQLite file in a temporary folder, or a new PostgreSQL schema. */
  private static String databaseUrl(List<AutoCloseable> cleanups) throws Exception {
    String base = System.getenv("TEST_DATABASE_URL");
    if (base == null || base.isEmpty()) {
      Path dir = Files.createTempDirectory("api-test-");
      cleanups.add(() -> {
        try (var files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      });
      return "sqlite:" + dir.resolve("app.db");
    }
    URI uri = new URI(base);
    Properties props = new Properties();
    if (uri.getUserInfo() != null) {
      String[] parts = uri.getUserInfo().split(":", 2);
      props.setProperty("user", parts[0]);
      if (parts.length == 2) {
        props.setProperty("password", parts[1]);
      }
    }
    String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath();
    String schema = "test_" + randomSuffix();
    Connection admin = DriverManager.getConnection(jdbc, props);
    try (Statement s = admin.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    cleanups.add(() -> {
      try (admin; Statement s = admin.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    });
    // The service maps search_path to the driver's currentSchema, so every connection of the app
    // starts in the new schema.
    String separator = uri.getRawQuery() == null ? "?" : "&";
    return base + separator + "search_path=" + schema;
  }

  /** TEST_REDIS_URL with a logical database of its own, emptied first; null without Redis. */
  private static String redisUrl() throws Exception {
    String base = System.getenv("TEST_REDIS_URL");
    if (base == null || base.isEmpty()) {
      return null;
    }
    URI uri = new URI(base);
    int database = 1 + REDIS_DATABASES.incrementAndGet() % 15;
    String url = new URI(uri.getScheme(), uri.getUserInfo(), uri.getHost(), uri.getPort(), "/" + database, null, null)
        .toString();
    try (RedisClient redis = new RedisClient(url)) {
      redis.command("FLUSHDB");
    }
    return url;
  }
}
