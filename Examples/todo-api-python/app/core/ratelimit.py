"""Requests per client in fixed one-minute windows, in process or in Redis.

A fixed window is the simplest algorithm that is exact across several
instances with one Redis INCR per request. Its known weakness (a client may
send up to twice the limit around a window boundary) is acceptable for abuse
protection.
"""

import math
import threading
import time
from collections.abc import Callable
from typing import Protocol

import redis.asyncio

WINDOW_SECONDS = 60


class Limiter(Protocol):
    async def allow(self, key: str) -> int | None:
        """Counts one request for key: None when allowed, else the seconds
        the client should wait for the next window."""
        ...


def window_start(now: float) -> int:
    return int(now // WINDOW_SECONDS) * WINDOW_SECONDS


def retry_after(now: float) -> int:
    """Rounded up, so a client that waits that long is in a new window."""
    return math.floor(window_start(now) + WINDOW_SECONDS - now) + 1


class MemoryLimiter:
    def __init__(self, limit: int, clock: Callable[[], float] = time.time) -> None:
        self._limit = limit
        self._clock = clock
        self._lock = threading.Lock()
        self._current = -1
        self._counts: dict[str, int] = {}

    async def allow(self, key: str) -> int | None:
        now = self._clock()
        with self._lock:
            # A new window forgets every old count at once, which keeps
            # memory bounded by the clients seen in the last minute.
            if (start := window_start(now)) != self._current:
                self._current = start
                self._counts = {}
            self._counts[key] = self._counts.get(key, 0) + 1
            allowed = self._counts[key] <= self._limit
        return None if allowed else retry_after(now)


class RedisLimiter:
    """Limits across every instance sharing the Redis server."""

    def __init__(self, client: redis.asyncio.Redis, prefix: str, limit: int) -> None:
        self._client = client
        self._prefix = prefix
        self._limit = limit

    async def allow(self, key: str) -> int | None:
        now = time.time()
        counter = f"{self._prefix}{key}:{window_start(now)}"
        # MULTI makes INCR and EXPIRE one step: a crash between them would
        # otherwise leave a counter that never expires.
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.incr(counter)
            pipe.expire(counter, 2 * WINDOW_SECONDS)
            count, _ = await pipe.execute()
        return None if count <= self._limit else retry_after(now)
