package com.example.todoapi;

import com.example.todoapi.auth.RefreshTokens;
import com.example.todoapi.auth.Tokens;
import com.example.todoapi.platform.cache.Cache;
import com.example.todoapi.platform.cache.MemoryCache;
import com.example.todoapi.platform.cache.RedisCache;
import com.example.todoapi.platform.config.Config;
import com.example.todoapi.platform.db.Database;
import com.example.todoapi.platform.db.Migrator;
import com.example.todoapi.platform.http.ErrorResponder;
import com.example.todoapi.platform.http.HttpServer;
import com.example.todoapi.platform.http.Middleware;
import com.example.todoapi.platform.http.Middlewares;
import com.example.todoapi.platform.http.OpsRoutes;
import com.example.todoapi.platform.http.Router;
import com.example.todoapi.platform.logging.JettyLogBridge;
import com.example.todoapi.platform.logging.Log;
import com.example.todoapi.platform.metrics.Metrics;
import com.example.todoapi.platform.ratelimit.MemoryRateLimiter;
import com.example.todoapi.platform.ratelimit.RateLimiter;
import com.example.todoapi.platform.ratelimit.RedisRateLimiter;
import com.example.todoapi.platform.redis.RedisClient;
import com.example.todoapi.users.AuthRoutes;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The whole service, started from a validated configuration. Tests start it in-process on a free
 * port exactly as {@link Main} does.
 */
public final class App implements AutoCloseable {
  /** How long in-flight requests may take to finish once the process is asked to stop. */
  static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private final Log log;
  private final HttpServer server;
  private final Database db;
  private final RedisClient redis;
  private final InetSocketAddress address;

  private App(Log log, HttpServer server, Database db, RedisClient redis, InetSocketAddress address) {
    this.log = log;
    this.server = server;
    this.db = db;
    this.redis = redis;
    this.address = address;
  }

  /** Binds, migrates and serves; returns once requests are being answered. */
  public static App start(Config config, PrintStream out) throws Exception {
    Log log = new Log(out, Log.Level.parse(config.logLevel()));
    JettyLogBridge.install(log);

    // Binding comes first so that the first log line can state the bound address, which is how
    // callers find the port when PORT=0.
    HttpServer server = new HttpServer(config.host(), config.port(), log, SHUTDOWN_TIMEOUT);
    InetSocketAddress address = server.bind();
    log.info("listening", "addr", address.getHostString() + ":" + address.getPort());

    if (config.jwtSecret().length == 0) {
      log.warn("JWT_SECRET is not set: using a random secret, so tokens stop working when the process restarts");
      config = config.withJwtSecret(RefreshTokens.randomBytes(32));
    }
    Tokens tokens = new Tokens(config.jwtSecret(), config.accessTtl());

    Database db = null;
    RedisClient redis = null;
    try {
      db = Database.open(config.databaseUrl());
      Migrator.migrate(db);
      if (config.adminEmail().isPresent()
          && AuthRoutes.ensureAdmin(db, config.adminEmail().get(), config.adminPassword().orElseThrow())) {
        log.info("created admin account", "email", config.adminEmail().get());
      }

      Cache cache = new MemoryCache();
      Optional<RateLimiter> limiter = Optional.empty();
      Optional<RateLimiter> authLimiter = Optional.empty();
      if (config.redisUrl().isPresent()) {
        redis = new RedisClient(config.redisUrl().get());
        cache = new RedisCache(redis);
        if (config.rateLimitRpm() > 0) {
          limiter = Optional.of(new RedisRateLimiter(redis, "ratelimit:api:", config.rateLimitRpm()));
        }
        if (config.authRateLimitRpm() > 0) {
          authLimiter = Optional.of(new RedisRateLimiter(redis, "ratelimit:auth:", config.authRateLimitRpm()));
        }
      } else {
        if (config.rateLimitRpm() > 0) {
          limiter = Optional.of(new MemoryRateLimiter(config.rateLimitRpm()));
        }
        if (config.authRateLimitRpm() > 0) {
          authLimiter = Optional.of(new MemoryRateLimiter(config.authRateLimitRpm()));
        }
      }

      Metrics metrics = new Metrics();
      Router router = new Router();
      Middleware authenticated = Middlewares.requireAuth(tokens);
      OpsRoutes.register(router, log, db, metrics);
      new AuthRoutes(db, tokens, config.refreshTtl())
          .register(router, Middlewares.rateLimit(authLimiter, Optional.empty(), log), authenticated);
      Features.register(router, new Deps(config, log, db, cache, tokens, authenticated));

      Middleware chain = Middlewares.standardChain(log, metrics, new ErrorResponder(log), config.corsOrigins(),
          config.maxBodyBytes(), limiter, tokens);
      server.serve(chain.wrap(router));
    } catch (Exception e) {
      server.stop();
      if (redis != null) {
        redis.close();
      }
      if (db != null) {
        db.close();
      }
      throw e;
    }
    return new App(log, server, db, redis, address);
  }

  public int port() {
    return address.getPort();
  }

  /** Drains in-flight requests (up to the shutdown timeout), then releases everything. */
  @Override
  public void close() throws Exception {
    log.info("shutting down", "timeout", SHUTDOWN_TIMEOUT.toSeconds() + "s");
    try {
      server.stop();
    } finally {
      if (redis != null) {
        redis.close();
      }
      db.close();
      log.info("stopped");
    }
  }
}
