import type { TokenIssuer } from "./libraries/auth/jwt.ts";
import type { Cache } from "./libraries/cache/cache.ts";
import type { Config } from "./libraries/config/config.ts";
import type { Database } from "./libraries/database/database.ts";
import type { Logger } from "./libraries/logging/logger.ts";
import type { HttpMetrics } from "./libraries/metrics/metrics.ts";
import type { RateLimiter } from "./libraries/rate-limit/rate-limit.ts";

/**
 * Everything the routes need. Building it is start()'s job, so tests and
 * main wire the same app differently without globals.
 */
export interface Dependencies {
  config: Config;
  logger: Logger;
  db: Database;
  cache: Cache;
  tokens: TokenIssuer;
  metrics: HttpMetrics;
  /** Applies to every request; undefined disables the limit. */
  rateLimiter: RateLimiter | undefined;
  /** Applies additionally to login and register; undefined disables it. */
  authRateLimiter: RateLimiter | undefined;
}
