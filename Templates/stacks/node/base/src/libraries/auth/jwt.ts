// Access tokens: JWT with HS256 only. Written by hand on node:crypto on
// purpose: it is short, and reading it shows exactly which checks make a
// token trustworthy.

import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Tolerates small clock differences between machines without keeping
 * expired tokens alive for long.
 */
export const clockSkewLeewaySeconds = 30;

// The header is fixed: the service issues HS256 tokens only, so a token that
// claims anything else was not issued here.
const encodedHeader = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url");

export class TokenIssuer {
  readonly #secret: Buffer;
  /** How long issued tokens stay valid. */
  readonly ttlSeconds: number;

  constructor(secret: Buffer, ttlSeconds: number) {
    this.#secret = secret;
    this.ttlSeconds = ttlSeconds;
  }

  /** A signed token whose subject is userId; nowMs is the issue time. */
  issue(userId: number, nowMs: number = Date.now()): string {
    const issuedAt = Math.floor(nowMs / 1000);
    const payload = JSON.stringify({
      sub: String(userId),
      iat: issuedAt,
      exp: issuedAt + this.ttlSeconds,
    });
    const signingInput = `${encodedHeader}.${Buffer.from(payload).toString("base64url")}`;
    return `${signingInput}.${this.#sign(signingInput).toString("base64url")}`;
  }

  /**
   * The user id of a valid token, undefined for any other. The signature is
   * verified before any claim is trusted.
   */
  verify(token: string, nowMs: number = Date.now()): number | undefined {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];

    // Checking alg explicitly rejects "none" and algorithm-confusion tokens
    // even if they happened to carry a valid-looking signature.
    const headerJson = parseSegment(header);
    if (headerJson === undefined || headerJson.alg !== "HS256") return undefined;

    const given = decodeSegment(signature);
    const expected = this.#sign(`${header}.${payload}`);
    if (
      given === undefined ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    ) {
      return undefined;
    }

    const claims = parseSegment(payload);
    if (claims === undefined) return undefined;
    const { sub, exp } = claims;
    if (typeof exp !== "number" || !Number.isInteger(exp) || exp === 0) return undefined;
    if (nowMs / 1000 > exp + clockSkewLeewaySeconds) return undefined;
    if (typeof sub !== "string" || !/^\+?\d{1,19}$/.test(sub)) return undefined;
    const userId = Number(sub);
    return Number.isSafeInteger(userId) && userId > 0 ? userId : undefined;
  }

  #sign(signingInput: string): Buffer {
    return createHmac("sha256", this.#secret).update(signingInput).digest();
  }
}

/** Strict base64url without padding; Buffer.from alone skips bad characters. */
function decodeSegment(segment: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) return undefined;
  return Buffer.from(segment, "base64url");
}

function parseSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeSegment(segment);
  if (bytes === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
