import type { Response } from "express";

/** What the middleware learns about a request, for the steps after it. */
export interface RequestState {
  requestId: string;
  /** The matched route pattern, such as /api/v1/todos/{id}; "" until routed. */
  route: string;
  /** The authenticated user; set by requireAuth only. */
  userId: number;
}

export function requestState(res: Response): RequestState {
  let state = res.locals.state as RequestState | undefined;
  if (state === undefined) {
    state = { requestId: "", route: "", userId: 0 };
    res.locals.state = state;
  }
  return state;
}
