import express from "express";
import type { Dependencies } from "./dependencies.ts";
import { errorHandler, notFoundHandler } from "./libraries/errors/error-handler.ts";
import {
  cors,
  limitBody,
  observe,
  rateLimit,
  requestId,
  securityHeaders,
} from "./libraries/http/middleware.ts";
import { operationalRoutes } from "./libraries/http/operational-routes.ts";
import { mountRoutes, type Route } from "./libraries/http/router.ts";

/**
 * The Express app: middleware chain, routes, and the error handler that
 * replaces every Express default. The order matters: the request id comes
 * first so that every later step, including the log line and any error
 * envelope, can carry it.
 */
export function createApp(deps: Dependencies, routes: readonly Route[]): express.Express {
  const app = express();
  // No framework banner, no automatic weak ETags from res.send, and paths
  // matched exactly as the contract writes them.
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("strict routing", true);
  app.set("case sensitive routing", true);
  // Handlers read the query string with URLSearchParams; the simple parser
  // keeps Express from building nested objects out of it.
  app.set("query parser", "simple");

  app.use(
    requestId(),
    observe(deps.logger, deps.metrics),
    securityHeaders(),
    cors(deps.config.corsOrigins),
    limitBody(deps.config.maxBodyBytes),
    rateLimit(deps.rateLimiter, deps.tokens, deps.logger),
  );
  mountRoutes(app, [...operationalRoutes(deps), ...routes]);
  app.use(notFoundHandler(deps.logger));
  app.use(errorHandler(deps.logger));
  return app;
}
