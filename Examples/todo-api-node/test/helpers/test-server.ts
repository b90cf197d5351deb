// Black-box test support: starts the real service with start() on a free
// port and talks to it over HTTP, exactly as a client would.
//
// By default each server gets its own SQLite file and in-process cache. Set
// TEST_DATABASE_URL=postgres://... and/or TEST_REDIS_URL=redis://... to run
// the same tests against PostgreSQL (a fresh schema per server, dropped
// afterwards) and Redis (a separate logical database per server, flushed
// first: point it at a Redis dedicated to tests).

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import redis from "redis";
import { start } from "../../src/app.ts";

/** Known to the tests, so they can mint expired and forged tokens as an external verifier would. */
export const testJwtSecret = "test-secret-0123456789abcdef0123456789";
export const adminEmail = "admin@example.com";
export const adminPassword = "admin-password";

export interface TestServer {
  baseUrl: string;
  /** Every log line the service wrote, parsed. */
  logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

export const randomSuffix = () => randomBytes(6).toString("hex");

export async function startServer(overrides: Record<string, string> = {}): Promise<TestServer> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn();
  };
  try {
    const env: Record<string, string> = {
      HOST: "127.0.0.1",
      PORT: "0",
      APP_ENV: "test",
      JWT_SECRET: testJwtSecret,
      LOG_LEVEL: "info",
      DATABASE_URL: await testDatabaseUrl(cleanups),
    };
    const redisUrl = await testRedisUrl();
    if (redisUrl !== undefined) env.REDIS_URL = redisUrl;
    Object.assign(env, overrides);

    const logs: Record<string, unknown>[] = [];
    const service = await start({
      env,
      stdout: { write: (line: string) => logs.push(JSON.parse(line)) },
    });
    cleanups.push(() => service.stop());
    assert.equal(logs[0]?.msg, "listening", "the first log line states the address");
    assert.equal(logs[0]?.addr, service.address);
    return { baseUrl: `http://${service.address}`, logs, stop: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** A fresh database: a SQLite file in a temporary folder, or a new schema in TEST_DATABASE_URL. */
async function testDatabaseUrl(cleanups: (() => Promise<void> | void)[]): Promise<string> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const dir = mkdtempSync(join(tmpdir(), "api-test-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return `sqlite:${join(dir, "app.db")}`;
  }
  const schema = `test_${randomSuffix()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  cleanups.push(async () => {
    const dropper = new pg.Client({ connectionString: base });
    await dropper.connect();
    await dropper.query(`DROP SCHEMA ${schema} CASCADE`);
    await dropper.end();
  });
  // pg sends `options` in the start-up message, so every connection of the
  // app starts in the new schema.
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return url.toString();
}

let redisDatabases = 0;

/**
 * TEST_REDIS_URL with a logical database of its own, emptied first, so
 * servers of one run and leftovers of earlier runs never share cached todos
 * or rate-limit counters. Each test file runs in its own process, hence the
 * process id in the choice.
 */
async function testRedisUrl(): Promise<string | undefined> {
  const base = process.env.TEST_REDIS_URL;
  if (!base) return undefined;
  const url = new URL(base);
  url.pathname = `/${1 + ((process.pid + redisDatabases++) % 15)}`;
  const client = redis.createClient({ url: url.toString() });
  await client.connect();
  await client.flushDb();
  await client.quit();
  return url.toString();
}

/** Says loudly which backends the API tests did not exercise. */
export function backendNotes(): string[] {
  const notes: string[] = [];
  notes.push(
    process.env.TEST_DATABASE_URL
      ? "API tests run against PostgreSQL from TEST_DATABASE_URL"
      : "!!! PostgreSQL was NOT exercised: set TEST_DATABASE_URL=postgres://... to run the API tests against it",
  );
  notes.push(
    process.env.TEST_REDIS_URL
      ? "API tests run against Redis from TEST_REDIS_URL"
      : "!!! Redis was NOT exercised: set TEST_REDIS_URL=redis://... to run the API tests against it",
  );
  return notes;
}
