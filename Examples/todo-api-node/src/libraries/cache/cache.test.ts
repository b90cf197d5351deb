import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryCache } from "./cache.ts";

describe("MemoryCache", () => {
  it("returns what was set until it expires", async () => {
    let now = 1_000;
    const cache = new MemoryCache(() => now);
    await cache.set("k", "v", 500);
    assert.equal(await cache.get("k"), "v");
    now += 499;
    assert.equal(await cache.get("k"), "v");
    now += 1;
    assert.equal(await cache.get("k"), undefined);
  });

  it("forgets deleted keys", async () => {
    const cache = new MemoryCache();
    await cache.set("k", "v", 60_000);
    await cache.delete("k");
    assert.equal(await cache.get("k"), undefined);
    await cache.delete("never-set");
  });
});
