import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfig, validateDatabaseUrl } from "./config.ts";

describe("loadConfig", () => {
  it("works with no variables at all", () => {
    const config = loadConfig({});
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.port, 8080);
    assert.equal(config.databaseUrl, "sqlite:./data/app.db");
    assert.equal(config.redisUrl, "");
    assert.equal(config.jwtSecret.length, 0);
    assert.equal(config.accessTtlSeconds, 900);
    assert.equal(config.refreshTtlSeconds, 604800);
    assert.equal(config.rateLimitRpm, 600);
    assert.equal(config.authRateLimitRpm, 20);
    assert.deepEqual(config.corsOrigins, ["http://localhost:3000"]);
    assert.equal(config.maxBodyBytes, 1048576);
    assert.equal(config.logLevel, "info");
    assert.equal(config.appEnv, "development");
  });

  it("reads and normalises every variable", () => {
    const config = loadConfig({
      HOST: "0.0.0.0",
      PORT: "0",
      DATABASE_URL: "postgres://app:app@db:5432/app",
      REDIS_URL: "redis://cache:6379/0",
      JWT_SECRET: "x".repeat(32),
      RATE_LIMIT_RPM: "0",
      CORS_ORIGINS: " https://a.example/ , http://b.example:8080 ",
      ADMIN_EMAIL: " Admin@Example.com ",
      ADMIN_PASSWORD: "long enough",
      LOG_LEVEL: "WARN",
      APP_ENV: "production",
    });
    assert.equal(config.port, 0);
    assert.equal(config.rateLimitRpm, 0);
    assert.deepEqual(config.corsOrigins, ["https://a.example", "http://b.example:8080"]);
    assert.equal(config.adminEmail, "admin@example.com");
    assert.equal(config.logLevel, "warn");
  });

  it("reports every problem in one line", () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: "http",
          DATABASE_URL: "mysql://x",
          REDIS_URL: "localhost:6379",
          JWT_SECRET: "short",
          CORS_ORIGINS: "localhost:3000",
          LOG_LEVEL: "loud",
          APP_ENV: "staging",
          ADMIN_EMAIL: "admin@example.com",
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 8);
        assert.ok(!error.message.includes("\n"));
        assert.match(error.message, /^invalid configuration: PORT must be a whole number/);
        return true;
      },
    );
  });

  it("requires JWT_SECRET in production", () => {
    assert.throws(() => loadConfig({ APP_ENV: "production" }), /JWT_SECRET is required/);
  });

  it("bounds numbers", () => {
    assert.throws(() => loadConfig({ PORT: "65536" }), /PORT must be between 0 and 65535/);
    assert.throws(() => loadConfig({ MAX_BODY_BYTES: "0" }), /MAX_BODY_BYTES/);
  });
});

describe("validateDatabaseUrl", () => {
  it("accepts the three forms", () => {
    for (const url of ["sqlite::memory:", "sqlite:./data/app.db", "postgres://u:p@h:5432/db"]) {
      assert.equal(validateDatabaseUrl(url), undefined, url);
    }
  });

  it("rejects anything else", () => {
    for (const url of ["sqlite:", "postgres://h:5432", "postgres:///db", "mysql://x", ""]) {
      assert.notEqual(validateDatabaseUrl(url), undefined, url);
    }
  });
});
