import asyncio

from app.core.cache import MemoryCache
from app.core.ratelimit import MemoryLimiter, retry_after, window_start


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_fixed_windows() -> None:
    clock = Clock(1_800_000_010.5)
    limiter = MemoryLimiter(2, clock)
    assert asyncio.run(limiter.allow("a")) is None
    assert asyncio.run(limiter.allow("a")) is None
    assert asyncio.run(limiter.allow("a")) == 50  # 49.5 s left, rounded up
    assert asyncio.run(limiter.allow("b")) is None  # budgets are per key
    clock.now += 60
    assert asyncio.run(limiter.allow("a")) is None  # a new window


def test_window_arithmetic() -> None:
    assert window_start(125.0) == 120
    assert retry_after(120.0) == 61
    assert retry_after(179.9) == 1


def test_memory_cache_expires_entries() -> None:
    clock = Clock(0.0)
    cache = MemoryCache(clock)
    cache.set("k", b"v", 10)
    assert cache.get("k") == b"v"
    clock.now = 10
    assert cache.get("k") is None
    cache.set("k", b"v", 10)
    cache.delete("k")
    assert cache.get("k") is None
