package com.example.todoapi.platform.ratelimit;

import com.example.todoapi.platform.redis.RedisClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Limits requests across every instance sharing the Redis server. */
public final class RedisRateLimiter implements RateLimiter {
  private final RedisClient redis;
  private final String prefix;
  private final int limit;
  private final Clock clock;

  /** prefix keeps the counters of different limiters apart. */
  public RedisRateLimiter(RedisClient redis, String prefix, int limit) {
    this.redis = redis;
    this.prefix = prefix;
    this.limit = limit;
    this.clock = Clock.systemUTC();
  }

  @Override
  public Decision allow(String key) throws IOException {
    Instant now = clock.instant();
    String counter = prefix + key + ":" + RateLimiter.windowStart(now);
    // MULTI makes INCR and EXPIRE one step: a crash between them would leave a counter that never
    // expires.
    List<Object> replies = redis.transaction(List.of(
        new Object[] {"INCR", counter},
        new Object[] {"EXPIRE", counter, Long.toString(2 * WINDOW.toSeconds())}));
    long count = (Long) replies.get(0);
    if (count > limit) {
      return new Decision(false, RateLimiter.retryAfter(now));
    }
    return new Decision(true, 0);
  }
}
