package com.example.todoapi.platform.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * Counts requests per client in fixed one-minute windows: the simplest algorithm that is exact
 * across several instances with one Redis INCR per request. Its known weakness (up to twice the
 * limit around a window boundary) is acceptable for abuse protection.
 */
public interface RateLimiter {
  Duration WINDOW = Duration.ofMinutes(1);

  /**
   * Whether one more request may pass now.
   *
   * @param retryAfterSeconds when refused, how long until the window resets
   */
  record Decision(boolean allowed, long retryAfterSeconds) {}

  /** Counts one request for key. */
  Decision allow(String key) throws Exception;

  /** The start of the window that contains now, in epoch seconds. */
  static long windowStart(Instant now) {
    long seconds = now.getEpochSecond();
    return seconds - Math.floorMod(seconds, WINDOW.toSeconds());
  }

  /** Rounded up, so a client that waits this long is in a new window. */
  static long retryAfter(Instant now) {
    long end = windowStart(now) + WINDOW.toSeconds();
    return end - now.getEpochSecond() - (now.getNano() > 0 ? 1 : 0) + 1;
  }
}
