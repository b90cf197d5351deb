// Accounts and tokens: register, login, refresh, logout and the current user.

import type { Request, Response } from "express";
import type { Dependencies } from "../../dependencies.ts";
import { checkPassword, hashPassword } from "../../libraries/auth/password.ts";
import { hashRefreshToken, newRefreshToken } from "../../libraries/auth/refresh-token.ts";
import type { Queryer } from "../../libraries/database/database.ts";
import { badCredentials, conflict, unauthorized } from "../../libraries/errors/api-error.ts";
import {
  characterCount,
  decodeJsonObject,
  isSet,
  readString,
  sendJson,
  trimText,
  Validator,
} from "../../libraries/http/json.ts";
import { rateLimit, requireAuth } from "../../libraries/http/middleware.ts";
import { requestState } from "../../libraries/http/request-state.ts";
import type { Route } from "../../libraries/http/router.ts";
import {
  consumeRefreshToken,
  createRefreshToken,
  createUser,
  EmailTaken,
  type User,
  userByEmail,
  userById,
} from "./user-repository.ts";

/** The public shape of a user: never the password hash. */
function userResponse(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    created_at: user.createdAt,
  };
}

/**
 * Verified when the email is unknown, so a login takes as long for a missing
 * account as for a wrong password and response times do not reveal which
 * emails are registered. The hash of a random password nobody knows, with
 * the production parameters.
 */
const dummyPasswordHash =
  "scrypt$32768$8$3$f76VYlFvqw3citUrOPsDUg==$C85wNqaGJcdghT0U85azvAb1jWJdt1WcDgmkrKlM+bM=";

/** The form emails are stored and looked up in. */
export function normalizeEmail(email: string): string {
  return trimText(email).toLowerCase();
}

// A bare addr-spec with dot-atom local part and domain (RFC 5322 section
// 3.4.1), UTF-8 allowed as RFC 6532 does: what Go's net/mail accepts, so
// every stack of the toolkit agrees on which emails are valid.
const atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\u0080-\\u{10FFFF}-]+";
const emailPattern = new RegExp(`^${atom}(\\.${atom})*@${atom}(\\.${atom})*$`, "u");

export function isValidEmail(email: string): boolean {
  return email.length >= 3 && email.length <= 254 && emailPattern.test(email);
}

export function authRoutes(deps: Dependencies): Route[] {
  const { config, db, tokens } = deps;
  const authLimited = rateLimit(deps.authRateLimiter, undefined, deps.logger);
  const maxBody = config.maxBodyBytes;

  const issueTokens = async (q: Queryer, userId: number) => {
    const access = tokens.issue(userId);
    const refresh = newRefreshToken();
    const expiresAt = new Date(Date.now() + config.refreshTtlSeconds * 1000);
    await createRefreshToken(q, userId, refresh.hash, expiresAt);
    return {
      access_token: access,
      token_type: "Bearer",
      expires_in: tokens.ttlSeconds,
      refresh_token: refresh.token,
    };
  };

  const readRefreshToken = async (req: Request) => {
    const body = await decodeJsonObject(req, maxBody);
    const v = new Validator();
    const token = readString(body, v, "refresh_token");
    if (!token.invalid) v.check(isSet(token) && token.value !== "", "refresh_token", "is required");
    v.throwIfInvalid();
    return token.value ?? "";
  };

  return [
    {
      method: "POST",
      path: "/api/v1/auth/register",
      handlers: [
        authLimited,
        async (req: Request, res: Response) => {
          const body = await decodeJsonObject(req, maxBody);
          const v = new Validator();
          const email = readString(body, v, "email");
          const password = readString(body, v, "password");
          const name = readString(body, v, "name");

          const normalizedEmail = normalizeEmail(email.value ?? "");
          if (!email.invalid) {
            v.check(
              isSet(email) && isValidEmail(normalizedEmail),
              "email",
              "must be a valid email address",
            );
          }
          if (!password.invalid) {
            const n = characterCount(password.value ?? "");
            v.check(
              isSet(password) && n >= 8 && n <= 128,
              "password",
              "must be 8 to 128 characters long",
            );
          }
          const trimmedName = trimText(name.value ?? "");
          if (!name.invalid) {
            const n = characterCount(trimmedName);
            v.check(isSet(name) && n >= 1 && n <= 100, "name", "must be 1 to 100 characters long");
          }
          v.throwIfInvalid();

          const passwordHash = await hashPassword(password.value ?? "");
          let user: User;
          try {
            user = await createUser(db, {
              email: normalizedEmail,
              name: trimmedName,
              passwordHash,
              role: "user",
            });
          } catch (error) {
            if (error instanceof EmailTaken) {
              throw conflict("An account with this email already exists");
            }
            throw error;
          }
          res.setHeader("Location", "/api/v1/users/me");
          sendJson(res, 201, userResponse(user));
        },
      ],
    },
    {
      method: "POST",
      path: "/api/v1/auth/login",
      handlers: [
        authLimited,
        async (req: Request, res: Response) => {
          const body = await decodeJsonObject(req, maxBody);
          const v = new Validator();
          const email = readString(body, v, "email");
          const password = readString(body, v, "password");
          if (!email.invalid) v.check(isSet(email) && email.value !== "", "email", "is required");
          if (!password.invalid) {
            v.check(isSet(password) && password.value !== "", "password", "is required");
          }
          v.throwIfInvalid();

          const user = await userByEmail(db, normalizeEmail(email.value ?? ""));
          const matches = await checkPassword(
            user?.passwordHash ?? dummyPasswordHash,
            password.value ?? "",
          );
          if (!matches || user === undefined) {
            throw badCredentials("Invalid email or password");
          }
          sendJson(res, 200, await issueTokens(db, user.id));
        },
      ],
    },
    {
      method: "POST",
      path: "/api/v1/auth/refresh",
      handlers: [
        // Rotation: the old token is revoked in the same transaction that
        // stores the new one, so a stolen token works at most once.
        async (req: Request, res: Response) => {
          const refreshToken = await readRefreshToken(req);
          const pair = await db.transaction(async (q) => {
            const userId = await consumeRefreshToken(q, hashRefreshToken(refreshToken));
            return userId === undefined ? undefined : issueTokens(q, userId);
          });
          if (pair === undefined) throw badCredentials("Invalid or expired refresh token");
          sendJson(res, 200, pair);
        },
      ],
    },
    {
      method: "POST",
      path: "/api/v1/auth/logout",
      handlers: [
        async (req: Request, res: Response) => {
          const refreshToken = await readRefreshToken(req);
          const userId = await consumeRefreshToken(db, hashRefreshToken(refreshToken));
          if (userId === undefined) throw badCredentials("Invalid or expired refresh token");
          res.status(204).end();
        },
      ],
    },
    {
      method: "GET",
      path: "/api/v1/users/me",
      handlers: [
        requireAuth(tokens),
        async (_req: Request, res: Response) => {
          const user = await userById(db, requestState(res).userId);
          // A valid token for a user that no longer exists.
          if (user === undefined) throw unauthorized("Unknown user");
          sendJson(res, 200, userResponse(user));
        },
      ],
    },
  ];
}

/**
 * Creates the bootstrap admin from ADMIN_EMAIL and ADMIN_PASSWORD unless it
 * exists. An existing account is left as it is, so a changed ADMIN_PASSWORD
 * never silently resets a password.
 */
export async function ensureAdmin(deps: Pick<Dependencies, "config" | "db" | "logger">) {
  const { adminEmail, adminPassword } = deps.config;
  if (adminEmail === "" || (await userByEmail(deps.db, adminEmail)) !== undefined) return;
  try {
    await createUser(deps.db, {
      email: adminEmail,
      name: "Administrator",
      passwordHash: await hashPassword(adminPassword),
      role: "admin",
    });
    deps.logger.info("created admin account", { email: adminEmail });
  } catch (error) {
    if (!(error instanceof EmailTaken)) throw error; // another instance created it first
  }
}
