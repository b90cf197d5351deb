package com.example.todoapi.platform.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * Serialised values for a limited time: in Redis when several instances share it, in process
 * memory otherwise. Errors mean the backend did not answer; callers treat them as a miss, so a
 * cache outage slows the service down instead of breaking it.
 */
public interface Cache {
  Optional<byte[]> get(String key) throws Exception;

  void set(String key, byte[] value, Duration ttl) throws Exception;

  void delete(String key) throws Exception;
}
