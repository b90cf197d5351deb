// Requests per client in fixed one-minute windows. A fixed window is the
// simplest algorithm that is exact across several instances with one Redis
// INCR per request; its known weakness (up to twice the limit around a window
// boundary) is acceptable for abuse protection.

import type { RedisClient } from "../cache/redis.ts";

const windowMs = 60_000;

export interface Decision {
  allowed: boolean;
  /** Seconds until the window resets; set when not allowed. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one request for key. Rejects only when the backend is down. */
  allow(key: string): Promise<Decision>;
}

const windowStart = (now: number) => now - (now % windowMs);

/** Rounded up, so a client that waits that long is in a new window. */
const retryAfter = (now: number) => Math.floor((windowStart(now) + windowMs - now) / 1000) + 1;

/** Limits requests within this process. */
export class MemoryRateLimiter implements RateLimiter {
  readonly #limit: number;
  readonly #now: () => number;
  #current = -1;
  #counts = new Map<string, number>();

  constructor(limit: number, now: () => number = Date.now) {
    this.#limit = limit;
    this.#now = now;
  }

  async allow(key: string): Promise<Decision> {
    const now = this.#now();
    // A new window forgets every old count at once, which keeps memory
    // bounded by the clients seen in the last minute.
    if (windowStart(now) !== this.#current) {
      this.#current = windowStart(now);
      this.#counts = new Map();
    }
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    return count > this.#limit
      ? { allowed: false, retryAfterSeconds: retryAfter(now) }
      : { allowed: true, retryAfterSeconds: 0 };
  }
}

/** Limits requests across every instance sharing the Redis server. */
export class RedisRateLimiter implements RateLimiter {
  readonly #client: RedisClient;
  readonly #prefix: string;
  readonly #limit: number;
  readonly #now: () => number;

  /** prefix keeps the counters of different limiters apart. */
  constructor(client: RedisClient, prefix: string, limit: number, now: () => number = Date.now) {
    this.#client = client;
    this.#prefix = prefix;
    this.#limit = limit;
    this.#now = now;
  }

  async allow(key: string): Promise<Decision> {
    const now = this.#now();
    const counter = `${this.#prefix}${key}:${windowStart(now) / 1000}`;
    // MULTI makes INCR and EXPIRE one step: a crash between them would
    // otherwise leave a counter that never expires.
    const [count] = await this.#client
      .multi()
      .incr(counter)
      .expire(counter, (2 * windowMs) / 1000)
      .exec();
    return Number(count) > this.#limit
      ? { allowed: false, retryAfterSeconds: retryAfter(now) }
      : { allowed: true, retryAfterSeconds: 0 };
  }
}
