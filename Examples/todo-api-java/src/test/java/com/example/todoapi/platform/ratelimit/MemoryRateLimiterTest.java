package com.example.todoapi.platform.ratelimit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MemoryRateLimiterTest {
  @Test
  void countsPerKeyAndForgetsOnANewWindow() {
    MemoryRateLimiter limiter = new MemoryRateLimiter(2, Clock.fixed(Instant.parse("2030-01-01T00:00:10Z"), ZoneOffset.UTC));
    assertTrue(limiter.allow("a").allowed());
    assertTrue(limiter.allow("a").allowed());
    assertFalse(limiter.allow("a").allowed());
    assertTrue(limiter.allow("b").allowed());

    MemoryRateLimiter later = new MemoryRateLimiter(1, new Clock() {
      private int calls;

      @Override
      public Instant instant() {
        return Instant.parse(calls++ < 2 ? "2030-01-01T00:00:59Z" : "2030-01-01T00:01:00Z");
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    });
    assertTrue(later.allow("a").allowed());
    assertFalse(later.allow("a").allowed());
    assertTrue(later.allow("a").allowed());
  }
}
