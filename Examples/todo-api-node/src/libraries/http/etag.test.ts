import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { etagFor, etagListMatches } from "./etag.ts";

describe("ETags", () => {
  it("are strong, quoted and change with every byte", () => {
    assert.match(etagFor("{}"), /^"[0-9a-f]{32}"$/);
    assert.notEqual(etagFor('{"a":1}'), etagFor('{"a":2}'));
  });

  it("compare strongly for If-Match and weakly for If-None-Match", () => {
    const tag = etagFor("x");
    assert.equal(etagListMatches(`"other", ${tag}`, tag, true), true);
    assert.equal(etagListMatches(`W/${tag}`, tag, true), false);
    assert.equal(etagListMatches(`W/${tag}`, tag, false), true);
    assert.equal(etagListMatches("*", tag, true), true);
    assert.equal(etagListMatches("", tag, false), false);
  });
});
