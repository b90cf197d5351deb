// The service as a process: what main adds to start() (exit codes, signals,
// the first log line), tested by running `node src/main.ts` as users do.

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, describe, it } from "node:test";
import { testJwtSecret } from "../helpers/test-server.ts";

const main = new URL("../../src/main.ts", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "process-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The variables of the contract's configuration table, none inherited from the caller. */
const configuration = new Set([
  "HOST",
  "PORT",
  "DATABASE_URL",
  "REDIS_URL",
  "JWT_SECRET",
  "ACCESS_TTL_SECONDS",
  "REFRESH_TTL_SECONDS",
  "RATE_LIMIT_RPM",
  "AUTH_RATE_LIMIT_RPM",
  "CORS_ORIGINS",
  "MAX_BODY_BYTES",
  "ADMIN_EMAIL",
  "ADMIN_PASSWORD",
  "LOG_LEVEL",
  "APP_ENV",
]);

function spawnService(env: Record<string, string>): ChildProcess {
  const inherited = Object.entries(process.env).filter(([name]) => !configuration.has(name));
  return spawn(process.execPath, [main], {
    env: {
      ...Object.fromEntries(inherited),
      HOST: "127.0.0.1",
      PORT: "0",
      APP_ENV: "test",
      JWT_SECRET: testJwtSecret,
      DATABASE_URL: `sqlite:${join(scratch, `${Math.random()}.db`)}`,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function collect(stream: NodeJS.ReadableStream | null): Promise<string> {
  let text = "";
  for await (const chunk of stream ?? []) text += chunk;
  return text;
}

/** The address from the first log line, which must be the "listening" line. */
async function boundAddress(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const first = JSON.parse(line) as { msg: string; addr: string };
    assert.equal(first.msg, "listening");
    return first.addr;
  }
  throw new Error("no log line");
}

describe("node src/main.ts", () => {
  it("refuses invalid configuration with one line on stderr and exit code 2", async () => {
    for (const env of [
      { DATABASE_URL: "mysql://x" },
      { PORT: "http" },
      { APP_ENV: "production", JWT_SECRET: "" },
    ]) {
      const child = spawnService(env);
      const [stderr, [code]] = await Promise.all([collect(child.stderr), once(child, "exit")]);
      assert.equal(code, 2, JSON.stringify(env));
      assert.equal(stderr.trim().split("\n").length, 1, stderr);
      assert.match(stderr, /^invalid configuration: /);
    }
  });

  it("binds a free port with PORT=0, drains in-flight requests on SIGTERM and exits 0", async () => {
    const child = spawnService({});
    const exited = once(child, "exit");
    const addr = await boundAddress(child);
    child.stdout?.resume();
    child.stderr?.resume();
    const [host, port] = addr.split(":") as [string, string];
    assert.equal(host, "127.0.0.1");
    assert.ok(Number(port) > 0);

    // A request whose body is still arriving when shutdown starts must
    // still get its normal response. Expect: 100-continue tells the client
    // when the server has taken the request, so SIGTERM comes after that
    // however slow the machine is.
    const response = new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host,
          port,
          method: "POST",
          path: "/api/v1/auth/register",
          headers: { "Content-Type": "application/json", Expect: "100-continue" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.on("continue", () => {
        req.write('{"email": "slow@example.com", ');
        setTimeout(() => {
          child.kill("SIGTERM");
          setTimeout(() => req.end('"password": "x"}'), 200);
        }, 100);
      });
      req.flushHeaders();
    });
    assert.equal(await response, 422);
    const [code] = await exited;
    assert.equal(code, 0);
  });
});
