import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ensureAdmin } from "./components/users/auth-routes.ts";
import type { Dependencies } from "./dependencies.ts";
import { TokenIssuer } from "./libraries/auth/jwt.ts";
import { type Cache, MemoryCache, RedisCache } from "./libraries/cache/cache.ts";
import { connectRedis, type RedisClient } from "./libraries/cache/redis.ts";
import { type Env, listenAddress, loadConfig } from "./libraries/config/config.ts";
import { type Database, openDatabase } from "./libraries/database/database.ts";
import { migrate } from "./libraries/database/migrate.ts";
import { createLogger, type LogSink } from "./libraries/logging/logger.ts";
import { HttpMetrics } from "./libraries/metrics/metrics.ts";
import {
  MemoryRateLimiter,
  type RateLimiter,
  RedisRateLimiter,
} from "./libraries/rate-limit/rate-limit.ts";
import { routes } from "./routes.ts";
import { createApp } from "./server.ts";

/** How long in-flight requests may take to finish once the service is asked to stop. */
const shutdownTimeoutMs = 10_000;

export interface RunningService {
  /** host:port actually bound, which tells callers the port when PORT=0. */
  address: string;
  /** Stops accepting, drains in-flight requests, then closes every connection. */
  stop(): Promise<void>;
}

/**
 * The whole service. It takes its environment as arguments, so tests start
 * the real thing in-process; main only adds signals and exit codes. A
 * ConfigError means invalid configuration (exit 2).
 */
export async function start(options: { env: Env; stdout: LogSink }): Promise<RunningService> {
  const config = loadConfig(options.env);
  const logger = createLogger(options.stdout, config.logLevel);

  // Listening comes first so that the first log line can state the bound
  // address. Requests that arrive before the rest is ready wait for it.
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const ready = Promise.withResolvers<void>();
  const server = createServer((req, res) => {
    ready.promise.then(() => app?.(req, res));
  });
  server.headersTimeout = 5_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = listenAddress(config.host, (server.address() as AddressInfo).port);
  logger.info("listening", { addr: address });

  let db: Database | undefined;
  let redis: RedisClient | undefined;
  const release = async () => {
    await redis?.quit().catch(() => {});
    await db?.close();
  };
  try {
    if (config.jwtSecret.length === 0) {
      logger.warn(
        "JWT_SECRET is not set: using a random secret, so tokens stop working when the process restarts",
      );
      config.jwtSecret = randomBytes(32);
    }
    db = await openDatabase(config.databaseUrl);
    await migrate(db, new URL("../migrations/", import.meta.url));
    await ensureAdmin({ config, db, logger });

    let cache: Cache = new MemoryCache();
    let rateLimiter: RateLimiter | undefined;
    let authRateLimiter: RateLimiter | undefined;
    if (config.redisUrl !== "") {
      try {
        redis = await connectRedis(config.redisUrl);
      } catch (error) {
        throw new Error(`connect to redis: ${(error as Error).message}`, { cause: error });
      }
      redis.on("error", (error: Error) => logger.warn("redis error", { error: error.message }));
      cache = new RedisCache(redis);
      if (config.rateLimitRpm > 0) {
        rateLimiter = new RedisRateLimiter(redis, "ratelimit:api:", config.rateLimitRpm);
      }
      if (config.authRateLimitRpm > 0) {
        authRateLimiter = new RedisRateLimiter(redis, "ratelimit:auth:", config.authRateLimitRpm);
      }
    } else {
      if (config.rateLimitRpm > 0) rateLimiter = new MemoryRateLimiter(config.rateLimitRpm);
      if (config.authRateLimitRpm > 0) {
        authRateLimiter = new MemoryRateLimiter(config.authRateLimitRpm);
      }
    }

    const deps: Dependencies = {
      config,
      logger,
      db,
      cache,
      tokens: new TokenIssuer(config.jwtSecret, config.accessTtlSeconds),
      metrics: new HttpMetrics(),
      rateLimiter,
      authRateLimiter,
    };
    app = createApp(deps, routes(deps));
    ready.resolve();
  } catch (error) {
    server.close();
    server.closeAllConnections();
    await release().catch(() => {});
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info("shutting down", { timeout: `${shutdownTimeoutMs / 1000}s` });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // close() ends the connections idle right now; keep-alive connections
      // that finish their request later would otherwise linger until their
      // timeout, delaying the exit by seconds.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        // The drain deadline passed: stopping anyway is the point of it.
        logger.warn("requests still running after the shutdown timeout were cut off");
        server.closeAllConnections();
      }, shutdownTimeoutMs);
      await closed;
      clearInterval(sweep);
      clearTimeout(timer);
      await release();
      logger.info("stopped");
    })();
    return stopping;
  };
  return { address, stop };
}
