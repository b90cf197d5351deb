// Password hashing with scrypt from node:crypto, one of the memory-hard
// functions the contract allows. The parameters follow the OWASP Password
// Storage Cheat Sheet (N=2^15, r=8, p=3: 32 MiB per hash) and are stored with
// each hash, so raising them later keeps old hashes verifiable.

import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

const defaults = { N: 2 ** 15, r: 8, p: 3 };
const saltBytes = 16;
const keyBytes = 32;
const tag = "scrypt";

export class MalformedHashError extends Error {
  constructor() {
    super("malformed password hash");
    this.name = "MalformedHashError";
  }
}

/** Runs in libuv's thread pool, so hashing never blocks the event loop. */
function derive(
  password: string,
  salt: Buffer,
  length: number,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Node refuses to use more than 32 MiB unless told; scrypt needs 128*N*r.
    const maxmem = 128 * params.N * params.r * 2;
    scrypt(password, salt, length, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** A self-describing string: scrypt$N$r$p$salt$key, salt and key in base64. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, keyBytes, defaults);
  return [
    tag,
    defaults.N,
    defaults.r,
    defaults.p,
    salt.toString("base64"),
    key.toString("base64"),
  ].join("$");
}

/**
 * Whether password matches the stored hash. The comparison takes the same
 * time wherever the first differing byte is.
 */
export async function checkPassword(encoded: string, password: string): Promise<boolean> {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== tag) throw new MalformedHashError();
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : 0));
  const salt = decodeBase64(parts[4] ?? "");
  const want = decodeBase64(parts[5] ?? "");
  if (!N || !r || !p || salt === undefined || want === undefined || want.length === 0) {
    throw new MalformedHashError();
  }
  const got = await derive(password, salt, want.length, { N, r, p });
  return timingSafeEqual(got, want);
}

function decodeBase64(s: string): Buffer | undefined {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(s) ? Buffer.from(s, "base64") : undefined;
}
