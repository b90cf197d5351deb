import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { sendJson } from "../http/json.ts";
import { requestState } from "../http/request-state.ts";
import type { Logger } from "../logging/logger.ts";
import { ApiError, badRequest, internalError, notFound } from "./api-error.ts";

/**
 * The one place that turns an error into a response. ApiErrors pass through;
 * anything else is logged with the request id and answered with a bare 500,
 * so no SQL or stack trace ever reaches the client.
 */
export function respondError(req: Request, res: Response, logger: Logger, error: unknown): void {
  const { requestId } = requestState(res);
  const apiError = toApiError(error);
  if (apiError === undefined) {
    logger.error("request failed", {
      request_id: requestId,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
  const answer = apiError ?? internalError();
  if (res.headersSent) {
    // Part of a response is already out: the only honest thing left is to cut it.
    req.socket.destroy();
    return;
  }
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  sendJson(res, answer.status, {
    error: {
      code: answer.code,
      message: answer.message,
      ...(answer.details === undefined ? {} : { details: answer.details }),
      request_id: requestId,
    },
  });
}

function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  // Express's router fails to decode a malformed percent-escape in a path
  // parameter with a 400 of its own; it is the client's mistake, not ours.
  if (error instanceof URIError || (isHttpError(error) && error.status === 400)) {
    return badRequest("Request URL is malformed");
  }
  return undefined;
}

function isHttpError(error: unknown): error is { status: number } {
  return typeof error === "object" && error !== null && "status" in error;
}

/** Replaces Express's HTML error page: the last middleware of the app. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => respondError(req, res, logger, error);
}

/** Replaces Express's HTML 404 page for paths no route matches. */
export function notFoundHandler(logger: Logger): RequestHandler {
  return (req, res) => respondError(req, res, logger, notFound());
}
