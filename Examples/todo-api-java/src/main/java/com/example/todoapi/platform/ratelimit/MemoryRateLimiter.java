package com.example.todoapi.platform.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Limits requests within this process. */
public final class MemoryRateLimiter implements RateLimiter {
  private final int limit;
  private final Clock clock;
  private long currentWindow = Long.MIN_VALUE;
  private Map<String, Integer> counts = new HashMap<>();

  public MemoryRateLimiter(int limit) {
    this(limit, Clock.systemUTC());
  }

  MemoryRateLimiter(int limit, Clock clock) {
    this.limit = limit;
    this.clock = clock;
  }

  @Override
  public synchronized Decision allow(String key) {
    Instant now = clock.instant();
    long window = RateLimiter.windowStart(now);
    // A new window forgets every old count at once, which bounds memory by the clients seen in
    // the last minute.
    if (window != currentWindow) {
      currentWindow = window;
      counts = new HashMap<>();
    }
    int count = counts.merge(key, 1, Integer::sum);
    if (count > limit) {
      return new Decision(false, RateLimiter.retryAfter(now));
    }
    return new Decision(true, 0);
  }
}
