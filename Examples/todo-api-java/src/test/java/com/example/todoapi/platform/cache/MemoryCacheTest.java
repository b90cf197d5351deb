package com.example.todoapi.platform.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryCacheTest {
  @Test
  void entriesExpireAndCanBeDeleted() {
    AtomicLong now = new AtomicLong();
    MemoryCache cache = new MemoryCache(now::get);
    cache.set("k", new byte[] {1}, Duration.ofSeconds(10));
    assertArrayEquals(new byte[] {1}, cache.get("k").orElseThrow());
    now.set(Duration.ofSeconds(10).toNanos());
    assertTrue(cache.get("k").isEmpty());
    cache.set("k", new byte[] {2}, Duration.ofSeconds(10));
    cache.delete("k");
    assertTrue(cache.get("k").isEmpty());
  }
}
