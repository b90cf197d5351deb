package com.example.todoapi.platform.cache;

import com.example.todoapi.platform.redis.RedisClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** A cache shared by every instance of the service. */
public final class RedisCache implements Cache {
  private final RedisClient redis;

  public RedisCache(RedisClient redis) {
    this.redis = redis;
  }

  @Override
  public Optional<byte[]> get(String key) throws IOException {
    Object reply = redis.command("GET", key);
    return reply instanceof byte[] bytes ? Optional.of(bytes) : Optional.empty();
  }

  @Override
  public void set(String key, byte[] value, Duration ttl) throws IOException {
    redis.command("SET", key, value, "PX", Long.toString(ttl.toMillis()));
  }

  @Override
  public void delete(String key) throws IOException {
    redis.command("DEL", key);
  }
}
