import { createHash, randomBytes } from "node:crypto";

/**
 * An opaque token for the client and the hash to store. Only the hash reaches
 * the database, so a leaked table cannot be replayed. A fast hash is enough
 * here, unlike for passwords: the token has 256 bits of entropy.
 */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashRefreshToken(token) };
}

/** The lookup key of a refresh token. */
export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
