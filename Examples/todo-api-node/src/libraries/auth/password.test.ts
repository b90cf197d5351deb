import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkPassword, hashPassword, MalformedHashError } from "./password.ts";

describe("password hashing", () => {
  it("round-trips and records its parameters", async () => {
    const hash = await hashPassword("correct horse battery staple");
    assert.match(hash, /^scrypt\$32768\$8\$3\$/);
    assert.ok(!hash.includes("correct horse"));
    assert.equal(await checkPassword(hash, "correct horse battery staple"), true);
    assert.equal(await checkPassword(hash, "correct horse battery stapler"), false);
  });

  it("salts each hash", async () => {
    assert.notEqual(await hashPassword("same password"), await hashPassword("same password"));
  });

  it("uses the parameters stored with the hash", async () => {
    // Produced with N=16, r=1, p=1 by an independent implementation
    // (Python's hashlib.scrypt), which also proves interoperability.
    const encoded = "scrypt$16$1$1$c2FsdHNhbHQ=$0a3GPom3Z1unCocbxYK40UHyGj5hLe7J6BfIEEPjKTk=";
    assert.equal(await checkPassword(encoded, "password"), true);
  });

  it("rejects malformed hashes", async () => {
    for (const encoded of [
      "",
      "plaintext",
      "bcrypt$10$abc$def",
      "scrypt$zero$8$1$c2FsdA==$a2V5",
      "scrypt$0$8$1$c2FsdA==$a2V5",
      "scrypt$16$1$1$not base64!$a2V5",
      "scrypt$16$1$1$c2FsdA==$",
    ]) {
      await assert.rejects(checkPassword(encoded, "password"), MalformedHashError, encoded);
    }
  });
});
