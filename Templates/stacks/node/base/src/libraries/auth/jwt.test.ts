import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import { clockSkewLeewaySeconds, TokenIssuer } from "./jwt.ts";

const secret = Buffer.from("0123456789abcdef0123456789abcdef");
const now = 1_800_000_000_000;
const b64 = (s: string) => Buffer.from(s).toString("base64url");

/** A token from raw JSON parts, signed with key. */
function forge(header: string, payload: string, key: Buffer = secret): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
}

describe("TokenIssuer", () => {
  it("round-trips a user id", () => {
    const issuer = new TokenIssuer(secret, 900);
    assert.equal(issuer.verify(issuer.issue(42, now), now + 60_000), 42);
  });

  it("rejects every kind of bad token", () => {
    const issuer = new TokenIssuer(secret, 900);
    const valid = issuer.issue(7, now);
    const [h, p, s] = valid.split(".") as [string, string, string];
    const payload = '{"sub":"7","iat":1800000000,"exp":1800000900}';
    const bad: Record<string, string> = {
      empty: "",
      "two parts": `${h}.${p}`,
      "four parts": `${valid}.x`,
      garbage: "not.a.token",
      "alg none": `${b64('{"alg":"none","typ":"JWT"}')}.${p}.`,
      "alg none signed": forge('{"alg":"none"}', payload),
      "alg HS512": forge('{"alg":"HS512","typ":"JWT"}', payload),
      "alg lower case": forge('{"alg":"hs256"}', payload),
      "wrong secret": forge(
        '{"alg":"HS256"}',
        payload,
        Buffer.from("another secret, just as long...."),
      ),
      "tampered payload": `${h}.${b64('{"sub":"1","iat":1800000000,"exp":1800000900}')}.${s}`,
      "tampered signature": `${h}.${p}.${"A".repeat(s.length)}`,
      "signature with padding": `${valid}=`,
      "no exp": forge('{"alg":"HS256"}', '{"sub":"7"}'),
      "exp not a number": forge('{"alg":"HS256"}', '{"sub":"7","exp":"1800000900"}'),
      "sub not a number": forge('{"alg":"HS256"}', '{"sub":"admin","exp":1800000900}'),
      "sub a JSON number": forge('{"alg":"HS256"}', '{"sub":7,"exp":1800000900}'),
      "sub not positive": forge('{"alg":"HS256"}', '{"sub":"0","exp":1800000900}'),
      "payload not json": forge('{"alg":"HS256"}', "sub=7"),
    };
    for (const [name, token] of Object.entries(bad)) {
      assert.equal(issuer.verify(token, now), undefined, name);
    }
  });

  it("honours expiry with a bounded leeway", () => {
    const issuer = new TokenIssuer(secret, 60);
    const token = issuer.issue(7, now);
    const expiry = now + 60_000;
    assert.equal(issuer.verify(token, expiry + clockSkewLeewaySeconds * 1000), 7);
    assert.equal(issuer.verify(token, expiry + (clockSkewLeewaySeconds + 1) * 1000), undefined);
    assert.ok(clockSkewLeewaySeconds <= 60, "the contract allows 60 s at most");
  });
});
