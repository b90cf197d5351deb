// The middleware chain every request passes through, in the order
// createApp mounts it. Each one fails by passing an ApiError to next(), so
// the error handler is still the only place that writes an error body.

import { randomBytes } from "node:crypto";
import type { Request, RequestHandler } from "express";
import type { TokenIssuer } from "../auth/jwt.ts";
import { payloadTooLarge, rateLimited, unauthorized } from "../errors/api-error.ts";
import type { Logger } from "../logging/logger.ts";
import type { HttpMetrics } from "../metrics/metrics.ts";
import type { RateLimiter } from "../rate-limit/rate-limit.ts";
import { requestState } from "./request-state.ts";

/** Ids a client or proxy generated, without letting arbitrary text into logs and headers. */
const saneRequestId = /^[A-Za-z0-9._:~+/=@-]{1,128}$/;

/**
 * Echoes the client's X-Request-ID when it is sane, generates one otherwise,
 * and makes it available to logs and error envelopes.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.get("X-Request-ID") ?? "";
    const id = saneRequestId.test(given) ? given : randomBytes(16).toString("hex");
    requestState(res).requestId = id;
    res.setHeader("X-Request-ID", id);
    next();
  };
}

/**
 * One JSON log line and one metrics sample per request. The route is the
 * matched pattern, because raw paths would give one series per todo id.
 */
export function observe(logger: Logger, metrics: HttpMetrics): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    let done = false;
    const record = () => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const state = requestState(res);
      const route = state.route === "" ? "unmatched" : state.route;
      metrics.observe(req.method, route, res.statusCode, seconds);
      logger.info("request", {
        request_id: state.requestId,
        method: req.method,
        route,
        path: req.path,
        status: res.statusCode,
        duration_ms: Math.round(seconds * 1e6) / 1e3,
      });
    };
    res.once("finish", record);
    res.once("close", record);
    next();
  };
}

/**
 * Headers every response needs. API responses are not meant to be rendered
 * or framed by a browser, hence the strict policy; handlers that serve HTML
 * replace it.
 */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    res.setHeader("Cache-Control", "no-store");
    next();
  };
}

/**
 * Answers preflight requests and marks responses readable by the configured
 * origins. Tokens travel in the Authorization header, not cookies, so
 * credentials are never allowed, and "*" stays safe.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowAny = allowedOrigins.includes("*");
  return (req, res, next) => {
    const origin = req.get("Origin") ?? "";
    if (origin === "") return next();
    res.append("Vary", "Origin");
    if (!allowAny && !allowedOrigins.includes(origin)) return next();
    res.setHeader("Access-Control-Allow-Origin", allowAny ? "*" : origin);
    res.setHeader(
      "Access-Control-Expose-Headers",
      "ETag, Location, Retry-After, X-Cache, X-Request-ID",
    );
    if (req.method === "OPTIONS" && req.get("Access-Control-Request-Method")) {
      res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
      res.setHeader(
        "Access-Control-Allow-Headers",
        "Authorization, Content-Type, If-Match, If-None-Match, X-Request-ID",
      );
      res.setHeader("Access-Control-Max-Age", "600");
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * Refuses bodies whose Content-Length is over maxBytes at once; bodies
 * without one are cut off while they are read (decodeJsonObject).
 */
export function limitBody(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > maxBytes) {
      // Reading the unwanted body to keep the connection would cost more
      // than closing it.
      res.setHeader("Connection", "close");
      return next(payloadTooLarge());
    }
    next();
  };
}

/**
 * Probed by orchestrators and scrapers every few seconds; throttling them
 * would make a busy instance look dead.
 */
const unlimitedPaths = new Set(["/health", "/ready", "/metrics"]);

/**
 * Refuses requests past the limiter's budget with 429. Clients are told apart
 * by user id when they send a valid token, so users behind one NAT do not
 * share a budget, and by IP address otherwise.
 */
export function rateLimit(
  limiter: RateLimiter | undefined,
  tokens: TokenIssuer | undefined,
  logger: Logger,
): RequestHandler {
  return (req, res, next) => {
    if (limiter === undefined || unlimitedPaths.has(req.path)) return next();
    let key = `ip:${clientIp(req)}`;
    const token = bearerToken(req);
    const userId = token !== undefined ? tokens?.verify(token) : undefined;
    if (userId !== undefined) key = `user:${userId}`;
    limiter.allow(key).then(
      (decision) => next(decision.allowed ? undefined : rateLimited(decision.retryAfterSeconds)),
      (error: unknown) => {
        // Failing open keeps the service up when Redis is down; the log
        // says limits are not enforced meanwhile.
        logger.warn("rate limiter unavailable", {
          request_id: requestState(res).requestId,
          error: String(error),
        });
        next();
      },
    );
  };
}

/**
 * The peer address. X-Forwarded-For is deliberately ignored: any client can
 * set it, so trusting it would let one client use many budgets. Behind a
 * trusted proxy, set Express's "trust proxy" and use req.ip instead.
 */
function clientIp(req: Request): string {
  return req.socket.remoteAddress ?? "unknown";
}

/** Lets a request through only with a valid access token, and records its user. */
export function requireAuth(tokens: TokenIssuer): RequestHandler {
  return (req, res, next) => {
    const token = bearerToken(req);
    if (token === undefined) return next(unauthorized("Missing bearer token"));
    const userId = tokens.verify(token);
    if (userId === undefined) return next(unauthorized("Invalid or expired token"));
    requestState(res).userId = userId;
    next();
  };
}

function bearerToken(req: Request): string | undefined {
  const header = req.get("Authorization") ?? "";
  const space = header.indexOf(" ");
  if (space === -1 || header.slice(0, space).toLowerCase() !== "bearer") return undefined;
  const token = header.slice(space + 1).trim();
  return token === "" ? undefined : token;
}
