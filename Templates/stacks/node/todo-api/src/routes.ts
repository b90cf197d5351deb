import { todoRoutes } from "./components/todos/todo-routes.ts";
import { authRoutes } from "./components/users/auth-routes.ts";
import type { Dependencies } from "./dependencies.ts";
import type { Route } from "./libraries/http/router.ts";

/** The whole API surface of this tier, one list per business component. */
export function routes(deps: Dependencies): Route[] {
  return [...authRoutes(deps), ...todoRoutes(deps)];
}
