import type { NextFunction, Request, RequestHandler, Response, Router } from "express";
import { methodNotAllowed } from "../errors/api-error.ts";
import { requestState } from "./request-state.ts";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A step of a route: returns (or resolves) once it has answered or called next. */
export type Handler = (req: Request, res: Response, next: NextFunction) => unknown;

export interface Route {
  method: Method;
  /** With {name} wildcards; also the route label of logs and metrics. */
  path: string;
  handlers: Handler[];
}

/**
 * Mounts routes on an Express router. Express 4 neither catches rejected
 * promises nor answers wrong methods with 405, so each handler's rejection is
 * passed to next() and each path answers other methods with 405 and Allow.
 */
export function mountRoutes(router: Router, routes: readonly Route[]): void {
  const byPath = Map.groupBy(routes, (route) => route.path);
  for (const [path, group] of byPath) {
    const route = router.route(path.replace(/\{(\w+)\}/g, ":$1"));
    const label: RequestHandler = (_req, res, next) => {
      requestState(res).route = path;
      next();
    };
    const methods = new Set<string>();
    for (const { method, handlers } of group) {
      methods.add(method);
      // Express answers HEAD with the GET handler and no body, as HTTP asks.
      if (method === "GET") methods.add("HEAD");
      const verb = method.toLowerCase() as Lowercase<Method>;
      route[verb](label, ...handlers.map(catchRejections));
    }
    const allow = [...methods].sort().join(", ");
    route.all((_req, _res, next) => next(methodNotAllowed(allow)));
  }
}

function catchRejections(handler: Handler): RequestHandler {
  return (req, res, next) => {
    try {
      const result = handler(req, res, next);
      if (result instanceof Promise) result.catch(next);
    } catch (error) {
      next(error);
    }
  };
}
