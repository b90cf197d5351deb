// Serialised values kept for a limited time: in Redis when the service runs
// as several instances, in process memory otherwise.

import type { RedisClient } from "./redis.ts";

/**
 * A miss resolves to undefined. Rejections are reserved for a backend that
 * does not answer, which callers treat as a miss, so that a cache outage
 * slows the service down instead of breaking it.
 */
export interface Cache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * A process-local cache. Expired entries are dropped when read and by a
 * sweep on writes, so memory stays bounded by the live entries.
 */
export class MemoryCache implements Cache {
  readonly #entries = new Map<string, { value: string; expiresAt: number }>();
  readonly #now: () => number;
  #nextSweep = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (this.#now() >= entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const now = this.#now();
    if (now > this.#nextSweep) {
      for (const [k, entry] of this.#entries) {
        if (now >= entry.expiresAt) this.#entries.delete(k);
      }
      this.#nextSweep = now + 60_000;
    }
    this.#entries.set(key, { value, expiresAt: now + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }
}

/** A cache shared by every instance of the service. */
export class RedisCache implements Cache {
  readonly #client: RedisClient;

  constructor(client: RedisClient) {
    this.#client = client;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#client.get(key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#client.set(key, value, { PX: ttlMs });
  }

  async delete(key: string): Promise<void> {
    await this.#client.del(key);
  }
}
