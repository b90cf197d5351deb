package com.example.todoapi.platform.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A process-local cache. Expired entries are dropped when read and by a sweep on writes, so memory
 * stays bounded by the live entries.
 */
public final class MemoryCache implements Cache {
  private record Entry(byte[] value, long expiresAtNanos) {}

  private final Map<String, Entry> entries = new HashMap<>();
  private final LongSupplier clock;
  private long nextSweep;

  public MemoryCache() {
    this(System::nanoTime);
  }

  MemoryCache(LongSupplier clock) {
    this.clock = clock;
    this.nextSweep = clock.getAsLong();
  }

  @Override
  public synchronized Optional<byte[]> get(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (clock.getAsLong() - entry.expiresAtNanos >= 0) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(entry.value.clone());
  }

  @Override
  public synchronized void set(String key, byte[] value, Duration ttl) {
    long now = clock.getAsLong();
    if (now - nextSweep >= 0) {
      entries.values().removeIf(e -> now - e.expiresAtNanos >= 0);
      nextSweep = now + Duration.ofMinutes(1).toNanos();
    }
    entries.put(key, new Entry(value.clone(), now + ttl.toNanos()));
  }

  @Override
  public synchronized void delete(String key) {
    entries.remove(key);
  }
}
