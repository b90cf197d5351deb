import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryRateLimiter } from "./rate-limit.ts";

describe("MemoryRateLimiter", () => {
  it("allows the limit per key and window, then says when to retry", async () => {
    let now = 1_800_000_000_000 + 15_500; // 15.5 s into a window
    const limiter = new MemoryRateLimiter(2, () => now);
    assert.equal((await limiter.allow("a")).allowed, true);
    assert.equal((await limiter.allow("a")).allowed, true);
    assert.equal((await limiter.allow("b")).allowed, true);
    assert.deepEqual(await limiter.allow("a"), { allowed: false, retryAfterSeconds: 45 });
    now += 45_000; // the next window
    assert.equal((await limiter.allow("a")).allowed, true);
  });
});
