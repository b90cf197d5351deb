import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { characterCount, readBoolean, readString, trimText, Validator } from "./json.ts";

describe("field readers", () => {
  it("tell a missing field from null and from a wrong type", () => {
    const v = new Validator();
    const body = { a: "x", b: null, c: 5, d: true };
    assert.deepEqual(readString(body, v, "a"), {
      value: "x",
      present: true,
      isNull: false,
      invalid: false,
    });
    assert.deepEqual(readString(body, v, "b"), {
      value: undefined,
      present: true,
      isNull: true,
      invalid: false,
    });
    assert.equal(readString(body, v, "c").invalid, true);
    assert.equal(readString(body, v, "missing").present, false);
    assert.equal(readBoolean(body, v, "d").value, true);
    assert.deepEqual(v.problems, [{ field: "c", message: "must be a string" }]);
  });

  it("refuse NUL and repair lone surrogates", () => {
    const v = new Validator();
    assert.equal(readString({ s: "a\0b" }, v, "s").invalid, true);
    assert.equal(readString({ s: "\ud800" }, v, "s").value, "\ufffd");
    assert.deepEqual(v.problems, [{ field: "s", message: "must not contain NUL characters" }]);
  });

  it("do not read inherited properties", () => {
    const v = new Validator();
    assert.equal(readString({}, v, "toString").present, false);
  });
});

describe("text helpers", () => {
  it("trim only space, tab, CR and LF", () => {
    assert.equal(trimText(" \t\r\n x \n"), "x");
    assert.equal(trimText("\vx\u00a0"), "\vx\u00a0");
  });

  it("count code points", () => {
    assert.equal(characterCount("é😀"), 2);
  });
});
