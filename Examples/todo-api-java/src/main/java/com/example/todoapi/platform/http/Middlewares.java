package com.example.todoapi.platform.http;

import com.example.todoapi.platform.logging.Log;
import com.example.todoapi.platform.metrics.Metrics;
import com.example.todoapi.platform.ratelimit.RateLimiter;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/** The filters every request passes through, outermost first in {@link #standardChain}. */
public final class Middlewares {
  /** Ids a client or proxy generated, without letting arbitrary text into logs and headers. */
  private static final Pattern SANE_REQUEST_ID = Pattern.compile("^[A-Za-z0-9._:~+/=@-]{1,128}$");

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Probed by orchestrators and scrapers every few seconds; throttling them would make a busy
   * instance look dead.
   */
  private static final Set<String> UNLIMITED_PATHS = Set.of("/health", "/ready", "/metrics");

  private Middlewares() {}

  /**
   * The order matters: the request id comes first so that every later step, including the log line
   * and any error envelope, can carry it.
   */
  public static Middleware standardChain(Log log, Metrics metrics, ErrorResponder errors, List<String> corsOrigins,
      long maxBodyBytes, Optional<RateLimiter> limiter, BearerVerifier tokens) {
    return requestId()
        .then(observe(log, metrics))
        .then(securityHeaders())
        .then(recover(errors))
        .then(cors(corsOrigins))
        .then(limitBody(maxBodyBytes))
        .then(rateLimit(limiter, Optional.of(tokens), log));
  }

  /** Echoes the client's X-Request-ID when it is sane and generates one otherwise. */
  public static Middleware requestId() {
    return next -> exchange -> {
      String id = exchange.header("X-Request-ID");
      if (!SANE_REQUEST_ID.matcher(id).matches()) {
        id = newRequestId();
      }
      exchange.requestId(id);
      exchange.setHeader("X-Request-ID", id);
      next.handle(exchange);
    };
  }

  public static String newRequestId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * One JSON log line and the metrics per request. The route is the matched pattern, because raw
   * paths would give one series per todo id.
   */
  public static Middleware observe(Log log, Metrics metrics) {
    return next -> exchange -> {
      long start = System.nanoTime();
      try {
        next.handle(exchange);
      } finally {
        long elapsed = System.nanoTime() - start;
        String route = exchange.route().isEmpty() ? "unmatched" : exchange.route();
        int status = exchange.status();
        metrics.observe(exchange.method(), route, status, elapsed);
        log.info("request",
            "request_id", exchange.requestId(),
            "method", exchange.method(),
            "route", route,
            "path", exchange.path(),
            "status", status,
            "duration_ms", elapsed / 1000 / 1000.0);
      }
    };
  }

  /**
   * Headers every response needs. API responses are not meant to be rendered or framed by a
   * browser, hence the strict policy; handlers that serve HTML replace it.
   */
  public static Middleware securityHeaders() {
    return next -> exchange -> {
      exchange.setHeader("X-Content-Type-Options", "nosniff");
      exchange.setHeader("X-Frame-Options", "DENY");
      exchange.setHeader("Referrer-Policy", "no-referrer");
      exchange.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
      exchange.setHeader("Cache-Control", "no-store");
      next.handle(exchange);
    };
  }

  /** Turns anything a handler throws into the error envelope; the stack goes to the log only. */
  public static Middleware recover(ErrorResponder errors) {
    return next -> exchange -> {
      try {
        next.handle(exchange);
      } catch (Exception | StackOverflowError | AssertionError e) {
        errors.respond(exchange, e);
      }
    };
  }

  /**
   * Answers preflight requests and marks responses readable by the configured origins. Tokens
   * travel in the Authorization header, not cookies, so credentials are never allowed, and "*"
   * stays safe.
   */
  public static Middleware cors(List<String> allowedOrigins) {
    boolean allowAny = allowedOrigins.contains("*");
    return next -> exchange -> {
      String origin = exchange.header("Origin");
      if (origin.isEmpty()) {
        next.handle(exchange);
        return;
      }
      exchange.addHeader("Vary", "Origin");
      if (!allowAny && !allowedOrigins.contains(origin)) {
        next.handle(exchange);
        return;
      }
      exchange.setHeader("Access-Control-Allow-Origin", allowAny ? "*" : origin);
      exchange.setHeader("Access-Control-Expose-Headers", "ETag, Location, Retry-After, X-Cache, X-Request-ID");
      if (exchange.method().equals("OPTIONS") && !exchange.header("Access-Control-Request-Method").isEmpty()) {
        exchange.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
        exchange.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match, If-None-Match, X-Request-ID");
        exchange.setHeader("Access-Control-Max-Age", "600");
        exchange.sendEmpty(204);
        return;
      }
      next.handle(exchange);
    };
  }

  /** Refuses bodies over maxBytes: at once when Content-Length says so, else while reading. */
  public static Middleware limitBody(long maxBytes) {
    return next -> exchange -> {
      if (exchange.contentLength() > maxBytes) {
        // Draining the unread body would cost more than a new connection.
        exchange.setHeader("Connection", "close");
        throw ApiException.payloadTooLarge();
      }
      exchange.maxBodyBytes(maxBytes);
      next.handle(exchange);
    };
  }

  /**
   * Refuses requests past the limiter's budget with 429. Clients are told apart by user id when
   * they send a valid token, so users behind one NAT do not share a budget, and by IP address
   * otherwise. X-Forwarded-For is ignored: any client can set it. Behind a trusted proxy, use the
   * proxy's header instead.
   */
  public static Middleware rateLimit(Optional<RateLimiter> limiter, Optional<BearerVerifier> tokens, Log log) {
    if (limiter.isEmpty()) {
      return next -> next;
    }
    RateLimiter l = limiter.get();
    return next -> exchange -> {
      if (UNLIMITED_PATHS.contains(exchange.path())) {
        next.handle(exchange);
        return;
      }
      String key = "ip:" + exchange.remoteAddress();
      Optional<String> token = bearerToken(exchange);
      if (token.isPresent() && tokens.isPresent()) {
        OptionalLong user = tokens.get().verify(token.get());
        if (user.isPresent()) {
          key = "user:" + user.getAsLong();
        }
      }
      RateLimiter.Decision decision;
      try {
        decision = l.allow(key);
      } catch (Exception e) {
        // Failing open keeps the service up when Redis is down; the log says limits are off.
        log.warn("rate limiter unavailable", "error", e);
        next.handle(exchange);
        return;
      }
      if (!decision.allowed()) {
        throw ApiException.rateLimited(decision.retryAfterSeconds());
      }
      next.handle(exchange);
    };
  }

  /** Lets a request through only with a valid access token, and records its user. */
  public static Middleware requireAuth(BearerVerifier tokens) {
    return next -> exchange -> {
      Optional<String> token = bearerToken(exchange);
      if (token.isEmpty()) {
        throw ApiException.unauthorized("Missing bearer token");
      }
      OptionalLong user = tokens.verify(token.get());
      if (user.isEmpty()) {
        throw ApiException.unauthorized("Invalid or expired token");
      }
      exchange.userId(user.getAsLong());
      next.handle(exchange);
    };
  }

  static Optional<String> bearerToken(Exchange exchange) {
    String header = exchange.header("Authorization");
    int space = header.indexOf(' ');
    if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
      return Optional.empty();
    }
    String token = header.substring(space + 1).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}
