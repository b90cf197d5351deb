// SQL for users and their refresh tokens. Every query is parameterised.

import {
  int,
  type Queryer,
  type Row,
  timestamp,
  UniqueViolation,
} from "../../libraries/database/database.ts";

export type Role = "user" | "admin";

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
}

/** The email is taken. */
export class EmailTaken extends Error {}

const userColumns = "id, email, name, role, password_hash, created_at";

function toUser(row: Row): User {
  return {
    id: int(row.id),
    email: String(row.email),
    name: String(row.name),
    role: row.role === "admin" ? "admin" : "user",
    passwordHash: String(row.password_hash),
    createdAt: timestamp(row.created_at),
  };
}

export async function createUser(
  q: Queryer,
  user: { email: string; name: string; passwordHash: string; role: Role },
): Promise<User> {
  const createdAt = new Date();
  try {
    const [row] = await q.query(
      `INSERT INTO users (email, name, password_hash, role, created_at)
       VALUES (?, ?, ?, ?, ?) RETURNING ${userColumns}`,
      [user.email, user.name, user.passwordHash, user.role, createdAt],
    );
    return toUser(row ?? {});
  } catch (error) {
    if (error instanceof UniqueViolation) throw new EmailTaken();
    throw error;
  }
}

/** By normalised (trimmed, lower-case) email. */
export async function userByEmail(q: Queryer, email: string): Promise<User | undefined> {
  const [row] = await q.query(`SELECT ${userColumns} FROM users WHERE email = ?`, [email]);
  return row && toUser(row);
}

export async function userById(q: Queryer, id: number): Promise<User | undefined> {
  const [row] = await q.query(`SELECT ${userColumns} FROM users WHERE id = ?`, [id]);
  return row && toUser(row);
}

export async function createRefreshToken(
  q: Queryer,
  userId: number,
  tokenHash: string,
  expiresAt: Date,
): Promise<void> {
  await q.execute(
    "INSERT INTO refresh_tokens (user_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?)",
    [userId, tokenHash, expiresAt, new Date()],
  );
}

/**
 * Revokes a live refresh token and returns its user. The check and the
 * revocation are one statement, so two concurrent requests with the same
 * token cannot both succeed. Unknown, used and expired tokens all give
 * undefined.
 */
export async function consumeRefreshToken(
  q: Queryer,
  tokenHash: string,
): Promise<number | undefined> {
  const now = new Date();
  const [row] = await q.query(
    `UPDATE refresh_tokens SET revoked_at = ?
     WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?
     RETURNING user_id`,
    [now, tokenHash, now],
  );
  return row && int(row.user_id);
}
