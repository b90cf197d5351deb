// Accounts and tokens: register, login, access tokens, refresh rotation,
// the bootstrap admin and the rate limits.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { TokenIssuer } from "../../src/libraries/auth/jwt.ts";
import {
  Client,
  expectError,
  expectStatus,
  registerUser,
  type TestResponse,
} from "../helpers/client.ts";
import {
  adminEmail,
  adminPassword,
  randomSuffix,
  startServer,
  type TestServer,
  testJwtSecret,
} from "../helpers/test-server.ts";

let server: TestServer;
let c: Client;

before(async () => {
  server = await startServer({
    RATE_LIMIT_RPM: "0",
    AUTH_RATE_LIMIT_RPM: "0",
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
  });
  c = new Client(server);
});
after(() => server.stop());

const register = (body: unknown) => c.do("POST", "/api/v1/auth/register", { body });

describe("register", () => {
  it("normalises the email, trims the name and ignores fields clients may not set", async () => {
    const email = `New.User-${randomSuffix()}@Example.COM`;
    const r = expectStatus(
      await register({
        email: `  ${email} `,
        password: "long enough",
        name: " Ada ",
        role: "admin",
        id: 999999,
        created_at: "2000-01-01T00:00:00Z",
      }),
      201,
    );
    assert.equal(r.headers.get("location"), "/api/v1/users/me");
    const created = r.json();
    assert.equal(created.email, email.toLowerCase());
    assert.equal(created.name, "Ada");
    assert.equal(created.role, "user");
    assert.notEqual(created.id, 999999);
    assert.ok(!String(created.created_at).startsWith("2000"));
    assert.ok(!("password_hash" in created));
    assert.deepEqual(Object.keys(created), ["id", "email", "name", "role", "created_at"]);

    const twin = await register({
      email: email.toUpperCase(),
      password: "long enough",
      name: "Twin",
    });
    expectError(twin, 409, "CONFLICT");
  });

  it("validates every field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ email: "not-an-email", password: "long enough", name: "A" }, "email"],
      [{ email: "a@b@example.com", password: "long enough", name: "A" }, "email"],
      [{ email: "Ada <a@example.com>", password: "long enough", name: "A" }, "email"],
      [{ password: "long enough", name: "A" }, "email"],
      [{ email: "a@example.com", password: "short", name: "A" }, "password"],
      [{ email: "a@example.com", password: "p".repeat(129), name: "A" }, "password"],
      [{ email: "a@example.com", password: "long enough", name: "   " }, "name"],
      [{ email: "a@example.com", password: "long enough", name: "n".repeat(101) }, "name"],
      [{ email: 42, password: "long enough", name: "A" }, "email"],
      [{ email: "a@example.com", password: "long\u0000enough", name: "A" }, "password"],
    ];
    for (const [body, field] of cases) {
      expectError(await register(body), 422, "VALIDATION_ERROR", field);
    }
    const envelope = expectError(
      await register({}),
      422,
      "VALIDATION_ERROR",
      "email",
      "password",
      "name",
    );
    assert.deepEqual(envelope.details, [
      { field: "email", message: "must be a valid email address" },
      { field: "password", message: "must be 8 to 128 characters long" },
      { field: "name", message: "must be 1 to 100 characters long" },
    ]);
  });
});

describe("login", () => {
  it("does not reveal which accounts exist", async () => {
    const u = await registerUser(server, "login");
    const wrongPassword = await c.do("POST", "/api/v1/auth/login", {
      body: { email: u.email, password: "wrong password" },
    });
    const unknownEmail = await c.do("POST", "/api/v1/auth/login", {
      body: { email: `nobody-${randomSuffix()}@example.com`, password: "wrong password" },
    });
    const a = expectError(wrongPassword, 401, "UNAUTHORIZED");
    const b = expectError(unknownEmail, 401, "UNAUTHORIZED");
    assert.equal(a.message, b.message);
    assert.equal(wrongPassword.headers.get("www-authenticate"), null);
  });

  it("issues a token pair for normalised credentials", async () => {
    const u = await registerUser(server, "pair");
    const tokens = expectStatus(
      await c.do("POST", "/api/v1/auth/login", {
        body: { email: `  ${u.email.toUpperCase()}`, password: u.password },
      }),
      200,
    ).json();
    assert.equal(tokens.token_type, "Bearer");
    assert.equal(tokens.expires_in, 900);
    assert.ok(tokens.access_token);
    assert.ok(tokens.refresh_token);
    const missing = await c.do("POST", "/api/v1/auth/login", { body: { email: u.email } });
    expectError(missing, 422, "VALIDATION_ERROR", "password");
  });
});

describe("access tokens", () => {
  it("lets a valid token through and refuses every other", async () => {
    const u = await registerUser(server, "tokens");
    const me = expectStatus(
      await c.withToken(u.accessToken).do("GET", "/api/v1/users/me"),
      200,
    ).json();
    assert.equal(me.email, u.email);
    assert.equal(me.role, "user");
    assert.equal(me.id, u.id);

    const issuer = new TokenIssuer(Buffer.from(testJwtSecret), 15 * 60);
    const expired = issuer.issue(u.id, Date.now() - (16 * 60 + 61) * 1000);
    const forged = new TokenIssuer(Buffer.from("some other secret of enough length!!"), 900).issue(
      u.id,
    );
    const [header, payload, signature] = u.accessToken.split(".");
    const b64 = (s: string) => Buffer.from(s).toString("base64url");
    const tokens: Record<string, string> = {
      missing: "",
      malformed: "not-a-jwt",
      expired,
      forged,
      "alg none": `${b64('{"alg":"none","typ":"JWT"}')}.${payload}.`,
      tampered: `${header}.${b64('{"sub":"1","exp":9999999999}')}.${signature}`,
    };
    for (const [name, token] of Object.entries(tokens)) {
      const r = await c.withToken(token).do("GET", "/api/v1/users/me");
      expectError(r, 401, "UNAUTHORIZED");
      assert.match(r.headers.get("www-authenticate") ?? "", /^Bearer/, name);
    }
    const basic = await c.do("GET", "/api/v1/users/me", {
      headers: { Authorization: `Basic ${u.accessToken}` },
    });
    expectError(basic, 401, "UNAUTHORIZED");
  });
});

describe("refresh tokens", () => {
  it("rotate: each works once, and logout revokes", async () => {
    const u = await registerUser(server, "refresh");
    const refresh = (body: unknown) => c.do("POST", "/api/v1/auth/refresh", { body });
    const rotated = expectStatus(await refresh({ refresh_token: u.refreshToken }), 200).json();
    const newRefresh = String(rotated.refresh_token);
    assert.notEqual(newRefresh, u.refreshToken);
    expectStatus(
      await c.withToken(String(rotated.access_token)).do("GET", "/api/v1/users/me"),
      200,
    );

    expectError(await refresh({ refresh_token: u.refreshToken }), 401, "UNAUTHORIZED");
    expectError(await refresh({ refresh_token: "made-up" }), 401, "UNAUTHORIZED");
    expectError(await refresh({}), 422, "VALIDATION_ERROR", "refresh_token");
    expectError(await refresh({ refresh_token: 7 }), 422, "VALIDATION_ERROR", "refresh_token");

    const logout = (body: unknown) => c.do("POST", "/api/v1/auth/logout", { body });
    expectStatus(await logout({ refresh_token: newRefresh }), 204);
    expectError(await refresh({ refresh_token: newRefresh }), 401, "UNAUTHORIZED");
    expectError(await logout({ refresh_token: newRefresh }), 401, "UNAUTHORIZED");
  });

  it("expire after REFRESH_TTL_SECONDS", async () => {
    const short = await startServer({ REFRESH_TTL_SECONDS: "1" });
    try {
      const u = await registerUser(short, "expiring");
      // Waiting out the one-second lifetime is the only way to observe
      // expiry from outside.
      await sleep(1500);
      const r = await new Client(short).do("POST", "/api/v1/auth/refresh", {
        body: { refresh_token: u.refreshToken },
      });
      expectError(r, 401, "UNAUTHORIZED");
    } finally {
      await short.stop();
    }
  });
});

describe("bootstrap admin", () => {
  it("exists with the admin role", async () => {
    const tokens = expectStatus(
      await c.do("POST", "/api/v1/auth/login", {
        body: { email: adminEmail, password: adminPassword },
      }),
      200,
    ).json();
    const me = expectStatus(
      await c.withToken(String(tokens.access_token)).do("GET", "/api/v1/users/me"),
      200,
    ).json();
    assert.equal(me.role, "admin");
  });
});

describe("rate limits", () => {
  it("throttle with 429 and Retry-After, but never the probes", async () => {
    const limited = await startServer({ RATE_LIMIT_RPM: "5", AUTH_RATE_LIMIT_RPM: "2" });
    const lc = new Client(limited);
    try {
      // Windows are fixed minutes: one may end during the loop, so one
      // reset is allowed before a 429 is expected.
      const expectLimited = async (limit: number, send: () => Promise<TestResponse>) => {
        for (let i = 0; i < 2 * limit + 2; i++) {
          const r = await send();
          if (r.status === 429) {
            expectError(r, 429, "RATE_LIMITED");
            const seconds = Number(r.headers.get("retry-after"));
            assert.ok(
              Number.isInteger(seconds) && seconds >= 1 && seconds <= 61,
              `Retry-After ${seconds}`,
            );
            return;
          }
        }
        assert.fail(`no 429 after ${2 * limit + 2} requests with a limit of ${limit}`);
      };
      // Empty logins fail validation before any hashing, yet count against
      // the stricter auth limit.
      await expectLimited(2, () => lc.do("POST", "/api/v1/auth/login", { body: "{}" }));
      await expectLimited(5, () => lc.do("GET", "/api/v1/todos"));
      for (let i = 0; i < 10; i++) expectStatus(await lc.do("GET", "/health"), 200);
    } finally {
      await limited.stop();
    }
  });
});
