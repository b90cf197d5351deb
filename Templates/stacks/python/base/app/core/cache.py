"""A cache of serialised values: Redis when REDIS_URL is set, process memory otherwise.

Errors mean the backend did not answer; callers treat them as a miss, so a
cache outage slows the service down instead of breaking it.
"""

import threading
import time
from collections.abc import Callable
from typing import Protocol

import redis


class Cache(Protocol):
    def get(self, key: str) -> bytes | None: ...
    def set(self, key: str, value: bytes, ttl_seconds: float) -> None: ...
    def delete(self, key: str) -> None: ...


class MemoryCache:
    """Process-local. Expired entries are dropped when read and by a sweep on
    writes, so memory stays bounded by the live entries."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._entries: dict[str, tuple[bytes, float]] = {}
        self._lock = threading.Lock()
        self._clock = clock
        self._next_sweep = 0.0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if self._clock() >= entry[1]:
                del self._entries[key]
                return None
            return entry[0]

    def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        with self._lock:
            now = self._clock()
            if now > self._next_sweep:
                self._entries = {k: e for k, e in self._entries.items() if now < e[1]}
                self._next_sweep = now + 60
            self._entries[key] = (value, now + ttl_seconds)

    def delete(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)


class RedisCache:
    """Shared by every instance of the service."""

    def __init__(self, client: redis.Redis) -> None:
        self._client = client

    def get(self, key: str) -> bytes | None:
        value = self._client.get(key)
        return value if isinstance(value, bytes) else None

    def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        self._client.set(key, value, px=int(ttl_seconds * 1000))

    def delete(self, key: str) -> None:
        self._client.delete(key)
