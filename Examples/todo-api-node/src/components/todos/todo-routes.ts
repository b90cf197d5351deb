// The todo endpoints: list, create, read (cached), replace, patch, delete.

import type { Request, Response } from "express";
import type { Dependencies } from "../../dependencies.ts";
import type { Cache } from "../../libraries/cache/cache.ts";
import { notFound, preconditionFailed } from "../../libraries/errors/api-error.ts";
import { etagFor, ifMatchFails, sendWithETag } from "../../libraries/http/etag.ts";
import {
  decodeJsonObject,
  type JsonObject,
  sendJsonText,
  toJson,
  Validator,
} from "../../libraries/http/json.ts";
import {
  type ListSpec,
  listLinks,
  listMeta,
  parseListParams,
  parseWholeNumber,
  project,
} from "../../libraries/http/list.ts";
import { requireAuth } from "../../libraries/http/middleware.ts";
import { requestState } from "../../libraries/http/request-state.ts";
import type { Route } from "../../libraries/http/router.ts";
import type { Logger } from "../../libraries/logging/logger.ts";
import { applyTodoFields, defaults, isDate, isPriority } from "./todo-fields.ts";
import {
  createTodo,
  deleteTodo,
  listTodos,
  type Todo,
  type TodoFilter,
  todoById,
  updateTodo,
} from "./todo-repository.ts";

/** The JSON shape of a todo. The owner is implied by the token and not part of it. */
function todoResponse(t: Todo) {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    completed: t.completed,
    priority: t.priority,
    due_date: t.dueDate,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

/**
 * What a single-todo response sends, and the input of its ETag, so If-Match
 * and If-None-Match compare like with like.
 */
const todoBody = (t: Todo) => toJson(todoResponse(t));

const listSpec: ListSpec = {
  sortable: ["created_at", "updated_at", "due_date", "priority", "title"],
  defaultSort: "created_at",
  defaultOrder: { created_at: "desc", updated_at: "desc" },
  fields: [
    "id",
    "title",
    "description",
    "completed",
    "priority",
    "due_date",
    "created_at",
    "updated_at",
  ],
};

/**
 * What the cache holds for GET /api/v1/todos/{id}. The owner is kept so a
 * hit for another user's id still answers 404.
 */
interface CachedTodo {
  user_id: number;
  body: string;
}

const cacheTtlMs = 5 * 60 * 1000;
const cacheKey = (id: number) => `todo:${id}`;

/**
 * The {id} path parameter. Anything but a positive integer cannot name a
 * todo, so it is a 404 like any other missing todo.
 */
function todoId(req: Request): number {
  const n = parseWholeNumber(req.params.id ?? "");
  if (n === undefined || n < 1n || n > BigInt(Number.MAX_SAFE_INTEGER)) throw notFound();
  return Number(n);
}

/** The query string as the browser-compatible URLSearchParams reads it. */
function queryOf(req: Request): URLSearchParams {
  const at = req.url.indexOf("?");
  return new URLSearchParams(at === -1 ? "" : req.url.slice(at + 1));
}

async function readCached(
  cache: Cache,
  logger: Logger,
  id: number,
): Promise<CachedTodo | undefined> {
  try {
    const raw = await cache.get(cacheKey(id));
    if (raw === undefined) return undefined;
    const entry = JSON.parse(raw) as CachedTodo;
    return typeof entry.user_id === "number" && typeof entry.body === "string" ? entry : undefined;
  } catch (error) {
    logger.warn("cache read failed", { error: String(error) });
    return undefined;
  }
}

/** Runs after every successful write, so the next read misses and sees the new row. */
async function invalidate(cache: Cache, logger: Logger, id: number): Promise<void> {
  try {
    await cache.delete(cacheKey(id));
  } catch (error) {
    logger.error("cache invalidation failed; reads may be stale until the entry expires", {
      todo_id: id,
      error: String(error),
    });
  }
}

export function todoRoutes(deps: Dependencies): Route[] {
  const { cache, config, db, logger } = deps;
  const authenticated = requireAuth(deps.tokens);
  const maxBody = config.maxBodyBytes;

  const list = async (req: Request, res: Response) => {
    const query = queryOf(req);
    const v = new Validator();
    const params = parseListParams(query, listSpec, v);
    const filter: TodoFilter = {
      sort: params.sort,
      desc: params.desc,
      limit: params.limit,
      offset: params.offset,
    };
    const completed = query.get("completed");
    if (completed !== null) {
      if (completed === "true" || completed === "false") filter.completed = completed === "true";
      else v.add("completed", "must be true or false");
    }
    const priority = query.get("priority");
    if (priority !== null) {
      filter.priority = priority;
      v.check(isPriority(priority), "priority", "must be one of low, medium, high");
    }
    for (const [name, key] of [
      ["due_before", "dueBefore"],
      ["due_after", "dueAfter"],
    ] as const) {
      const value = query.get(name);
      if (value === null) continue;
      filter[key] = value;
      v.check(isDate(value), name, "must be a date in YYYY-MM-DD format");
    }
    filter.search = query.get("q") ?? "";
    v.throwIfInvalid();

    const { todos, total } = await listTodos(db, requestState(res).userId, filter);
    const meta = listMeta(params, total);
    const body = toJson({
      data: todos.map((t) => project(todoResponse(t), params.fields)),
      meta,
      links: listLinks("/api/v1/todos", query, meta),
    });
    sendWithETag(req, res, 200, body);
  };

  const create = async (req: Request, res: Response) => {
    const body = await decodeJsonObject(req, maxBody);
    const fields = applyTodoFields({ ...defaults, title: "" }, body, true);
    const todo = await createTodo(db, { ...fields, userId: requestState(res).userId });
    res.setHeader("Location", `/api/v1/todos/${todo.id}`);
    sendJsonText(res, 201, todoBody(todo));
  };

  const read = async (req: Request, res: Response) => {
    const id = todoId(req);
    const userId = requestState(res).userId;
    const cached = await readCached(cache, logger, id);
    if (cached !== undefined) {
      if (cached.user_id !== userId) throw notFound();
      res.setHeader("X-Cache", "HIT");
      sendWithETag(req, res, 200, cached.body);
      return;
    }
    const todo = await todoById(db, userId, id);
    if (todo === undefined) throw notFound();
    const body = todoBody(todo);
    const entry: CachedTodo = { user_id: todo.userId, body };
    await cache.set(cacheKey(id), JSON.stringify(entry), cacheTtlMs).catch((error: unknown) => {
      logger.warn("cache write failed", { error: String(error) });
    });
    res.setHeader("X-Cache", "MISS");
    sendWithETag(req, res, 200, body);
  };

  /**
   * What PUT and PATCH share: ownership, validation, If-Match, the write and
   * the cache invalidation.
   */
  const update = (change: (current: Todo, body: JsonObject) => Todo) => {
    return async (req: Request, res: Response) => {
      const id = todoId(req);
      const body = await decodeJsonObject(req, maxBody);
      const current = await todoById(db, requestState(res).userId, id);
      if (current === undefined) throw notFound();
      // Validation answers before the precondition: a body that could never
      // be applied is a 422 whatever If-Match says.
      const changed = change(current, body);
      if (ifMatchFails(req, etagFor(todoBody(current)))) throw preconditionFailed();
      const updated = await updateTodo(db, changed);
      if (updated === undefined) throw notFound();
      await invalidate(cache, logger, id);
      const updatedBody = todoBody(updated);
      res.setHeader("ETag", etagFor(updatedBody));
      sendJsonText(res, 200, updatedBody);
    };
  };

  const remove = async (req: Request, res: Response) => {
    const id = todoId(req);
    const userId = requestState(res).userId;
    if (req.get("If-Match")) {
      const current = await todoById(db, userId, id);
      if (current === undefined) throw notFound();
      if (ifMatchFails(req, etagFor(todoBody(current)))) throw preconditionFailed();
    }
    if (!(await deleteTodo(db, userId, id))) throw notFound();
    await invalidate(cache, logger, id);
    res.status(204).end();
  };

  return [
    { method: "GET", path: "/api/v1/todos", handlers: [authenticated, list] },
    { method: "POST", path: "/api/v1/todos", handlers: [authenticated, create] },
    { method: "GET", path: "/api/v1/todos/{id}", handlers: [authenticated, read] },
    {
      method: "PUT",
      path: "/api/v1/todos/{id}",
      // Every writable field is set; absent optional fields take their defaults.
      handlers: [
        authenticated,
        update((current, body) =>
          applyTodoFields({ ...current, ...defaults, title: "" }, body, true),
        ),
      ],
    },
    {
      method: "PATCH",
      path: "/api/v1/todos/{id}",
      // Only the fields present change.
      handlers: [authenticated, update((current, body) => applyTodoFields(current, body, false))],
    },
    { method: "DELETE", path: "/api/v1/todos/{id}", handlers: [authenticated, remove] },
  ];
}
