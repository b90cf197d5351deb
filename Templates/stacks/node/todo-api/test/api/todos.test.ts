// The todo endpoints over HTTP: lifecycle, caching, conditional requests,
// validation, ownership between two users, and the list's filters, sorting,
// pagination and links.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client, expectError, expectStatus, registerUser } from "../helpers/client.ts";
import { startServer, type TestServer } from "../helpers/test-server.ts";

let server: TestServer;

before(async () => {
  server = await startServer({ RATE_LIMIT_RPM: "0", AUTH_RATE_LIMIT_RPM: "0" });
});
after(() => server.stop());

const userClient = async (label: string) =>
  new Client(server).withToken((await registerUser(server, label)).accessToken);
const todoPath = (todo: Record<string, unknown>) => `/api/v1/todos/${todo.id}`;

describe("todo lifecycle", () => {
  it("creates, reads with cache and ETag, updates, replaces and deletes", async () => {
    const c = await userClient("lifecycle");
    const r = expectStatus(
      await c.do("POST", "/api/v1/todos", {
        body: {
          title: "  Buy milk  ",
          id: 424242,
          user_id: 1,
          created_at: "2000-01-01T00:00:00Z",
          unknown: true,
        },
      }),
      201,
    );
    const todo = r.json();
    const path = todoPath(todo);
    assert.equal(r.headers.get("location"), path);
    assert.deepEqual(Object.keys(todo), [
      "id",
      "title",
      "description",
      "completed",
      "priority",
      "due_date",
      "created_at",
      "updated_at",
    ]);
    assert.equal(todo.title, "Buy milk");
    assert.equal(todo.completed, false);
    assert.equal(todo.priority, "medium");
    assert.equal(todo.description, null);
    assert.equal(todo.due_date, null);
    assert.notEqual(todo.id, 424242);
    assert.ok(!String(todo.created_at).startsWith("2000"));

    const first = expectStatus(await c.do("GET", path), 200);
    const etag = first.headers.get("etag") ?? "";
    assert.equal(first.headers.get("x-cache"), "MISS");
    assert.match(etag, /^"[0-9a-f]{32}"$/);
    assert.equal(first.headers.get("cache-control"), "private, no-cache");
    const second = expectStatus(await c.do("GET", path), 200);
    assert.equal(second.headers.get("x-cache"), "HIT");
    assert.equal(second.headers.get("etag"), etag);
    assert.equal(second.text, first.text);
    const notModified = expectStatus(
      await c.do("GET", path, { headers: { "If-None-Match": etag } }),
      304,
    );
    assert.equal(notModified.text, "");
    expectStatus(await c.do("GET", path, { headers: { "If-None-Match": `W/${etag}` } }), 304);

    const stale = { "If-Match": '"stale"' };
    expectError(
      await c.do("PATCH", path, { body: { completed: true }, headers: stale }),
      412,
      "PRECONDITION_FAILED",
    );
    // An invalid body is a 422 even with a stale If-Match.
    expectError(
      await c.do("PATCH", path, { body: { title: "" }, headers: stale }),
      422,
      "VALIDATION_ERROR",
      "title",
    );
    const patchedResponse = expectStatus(
      await c.do("PATCH", path, {
        body: { completed: true, description: "2 litres", due_date: "2030-01-31" },
        headers: { "If-Match": etag },
      }),
      200,
    );
    const patched = patchedResponse.json();
    assert.equal(patched.completed, true);
    assert.equal(patched.description, "2 litres");
    assert.equal(patched.title, "Buy milk");
    assert.equal(patched.due_date, "2030-01-31");
    assert.match(patchedResponse.headers.get("etag") ?? "", /^"[0-9a-f]{32}"$/);

    // The write invalidated the cache: the next read is fresh.
    const afterPatch = expectStatus(await c.do("GET", path), 200);
    assert.equal(afterPatch.headers.get("x-cache"), "MISS");
    assert.equal(afterPatch.json().completed, true);
    assert.equal(afterPatch.headers.get("etag"), patchedResponse.headers.get("etag"));
    expectStatus(await c.do("GET", path, { headers: { "If-None-Match": etag } }), 200);

    const cleared = expectStatus(
      await c.do("PATCH", path, { body: { description: null, due_date: null } }),
      200,
    ).json();
    assert.equal(cleared.description, null);
    assert.equal(cleared.due_date, null);
    assert.equal(cleared.completed, true);
    expectError(
      await c.do("PATCH", path, { body: { title: null } }),
      422,
      "VALIDATION_ERROR",
      "title",
    );
    expectError(
      await c.do("PATCH", path, { body: { completed: null, priority: null } }),
      422,
      "VALIDATION_ERROR",
      "completed",
      "priority",
    );

    const replaced = expectStatus(
      await c.do("PUT", path, { body: { title: "Buy oat milk", priority: "high" } }),
      200,
    ).json();
    assert.equal(replaced.title, "Buy oat milk");
    assert.equal(replaced.priority, "high");
    assert.equal(replaced.completed, false, "PUT resets omitted fields to their defaults");
    assert.equal(replaced.description, null);
    assert.equal(replaced.created_at, todo.created_at);
    assert.notEqual(replaced.updated_at, todo.updated_at);
    expectError(
      await c.do("PUT", path, { body: { priority: "low" } }),
      422,
      "VALIDATION_ERROR",
      "title",
    );
    assert.equal(expectStatus(await c.do("GET", path), 200).json().title, "Buy oat milk");

    const current = (await c.do("GET", path)).headers.get("etag") ?? "";
    expectError(await c.do("DELETE", path, { headers: stale }), 412, "PRECONDITION_FAILED");
    const deleted = expectStatus(
      await c.do("DELETE", path, { headers: { "If-Match": current } }),
      204,
    );
    assert.equal(deleted.text, "");
    expectError(await c.do("GET", path), 404, "NOT_FOUND");
    expectError(await c.do("DELETE", path), 404, "NOT_FOUND");
    expectError(await c.do("PATCH", path, { body: { title: "gone" } }), 404, "NOT_FOUND");
    for (const id of ["not-a-number", "0", "-1", "1.5", "99999999999999999999"]) {
      expectError(await c.do("GET", `/api/v1/todos/${id}`), 404, "NOT_FOUND");
    }
  });
});

describe("todo validation", () => {
  it("names every invalid field", async () => {
    const c = await userClient("validation");
    const cases: [Record<string, unknown>, string[]][] = [
      [{}, ["title"]],
      [{ title: "   " }, ["title"]],
      [{ title: "t".repeat(201) }, ["title"]],
      [{ title: 7 }, ["title"]],
      [{ title: null }, ["title"]],
      [{ title: "ok", description: "d".repeat(2001) }, ["description"]],
      [{ title: "ok", description: 5 }, ["description"]],
      [{ title: "ok", priority: "urgent" }, ["priority"]],
      [{ title: "ok", completed: "yes" }, ["completed"]],
      [{ title: "ok", due_date: "2030-02-30" }, ["due_date"]],
      [{ title: "ok", due_date: "31/01/2030" }, ["due_date"]],
      [{ title: "", priority: "x", due_date: "soon" }, ["title", "priority", "due_date"]],
      // NUL is refused up front: PostgreSQL cannot store it.
      [{ title: "\n\u0000\n" }, ["title"]],
      [{ title: "ok", description: "a\u0000b" }, ["description"]],
      // Only space, tab, CR and LF are trimmed, as in every stack.
      [{ title: `${"t".repeat(200)}\v` }, ["title"]],
    ];
    for (const [body, fields] of cases) {
      expectError(
        await c.do("POST", "/api/v1/todos", { body }),
        422,
        "VALIDATION_ERROR",
        ...fields,
      );
    }
    const messages = expectError(
      await c.do("POST", "/api/v1/todos", { body: { title: "", priority: "x", due_date: "soon" } }),
      422,
      "VALIDATION_ERROR",
      "title",
      "priority",
      "due_date",
    ).details;
    assert.deepEqual(messages, [
      { field: "title", message: "must not be empty" },
      { field: "priority", message: "must be one of low, medium, high" },
      { field: "due_date", message: "must be a date in YYYY-MM-DD format" },
    ]);
  });

  it("accepts the boundaries, counted in characters", async () => {
    const c = await userClient("boundaries");
    const long = expectStatus(
      await c.do("POST", "/api/v1/todos", {
        body: {
          title: "é".repeat(200),
          description: "ü".repeat(2000),
          priority: "low",
          due_date: "2030-12-31",
          completed: true,
        },
      }),
      201,
    ).json();
    assert.equal(long.priority, "low");
    assert.equal(long.completed, true);
    assert.equal(long.due_date, "2030-12-31");
  });

  it("refuses bad bodies and missing tokens", async () => {
    const c = await userClient("bodies");
    expectError(
      await c.do("POST", "/api/v1/todos", { body: '[{"title": "array"}]' }),
      400,
      "BAD_REQUEST",
    );
    expectError(
      await c.do("POST", "/api/v1/todos", {
        body: '{"title": "x"}',
        headers: { "Content-Type": "text/plain" },
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    const anonymous = new Client(server);
    expectError(
      await anonymous.do("POST", "/api/v1/todos", { body: { title: "x" } }),
      401,
      "UNAUTHORIZED",
    );
    expectError(await anonymous.do("GET", "/api/v1/todos"), 401, "UNAUTHORIZED");
    expectError(await anonymous.do("GET", "/api/v1/todos/1"), 401, "UNAUTHORIZED");
  });
});

describe("ownership", () => {
  it("keeps each user's todos invisible to the other", async () => {
    const alice = await userClient("alice");
    const bob = await userClient("bob");
    const todo = expectStatus(
      await alice.do("POST", "/api/v1/todos", { body: { title: "Alice's secret" } }),
      201,
    ).json();
    const path = todoPath(todo);
    expectStatus(await alice.do("GET", path), 200); // warm the cache: a hit must not leak either

    expectError(await bob.do("GET", path), 404, "NOT_FOUND");
    expectError(await bob.do("PATCH", path, { body: { title: "mine now" } }), 404, "NOT_FOUND");
    expectError(await bob.do("PUT", path, { body: { title: "mine now" } }), 404, "NOT_FOUND");
    expectError(await bob.do("DELETE", path), 404, "NOT_FOUND");
    assert.deepEqual(expectStatus(await bob.do("GET", "/api/v1/todos"), 200).json().data, []);
    assert.equal(expectStatus(await alice.do("GET", path), 200).json().title, "Alice's secret");
    assert.equal(
      expectStatus(await alice.do("GET", "/api/v1/todos"), 200).json().meta && true,
      true,
    );
  });
});

describe("todo list", () => {
  let c: Client;
  const list = async (query: string) =>
    expectStatus(await c.do("GET", `/api/v1/todos?${query}`), 200).json();
  const titles = (body: Record<string, unknown>) =>
    (body.data as Record<string, unknown>[]).map((item) => item.title);
  const expectTitles = async (query: string, ...want: string[]) =>
    assert.deepEqual(titles(await list(query)), want, `?${query}`);

  before(async () => {
    c = await userClient("lister");
    for (const body of [
      { title: "Alpha 100% done", priority: "low", due_date: "2030-01-10", completed: true },
      { title: "bravo snake_case", priority: "high", due_date: "2030-01-20" },
      { title: "charlie", priority: "medium" },
      { title: "delta 100 percent", priority: "high", due_date: "2030-01-30", completed: true },
      { title: "echo snakeXcase", priority: "low" },
    ]) {
      expectStatus(await c.do("POST", "/api/v1/todos", { body }), 201);
    }
  });

  it("lists newest first by default", async () => {
    await expectTitles(
      "",
      "echo snakeXcase",
      "delta 100 percent",
      "charlie",
      "bravo snake_case",
      "Alpha 100% done",
    );
  });

  it("paginates with meta and links that keep the query", async () => {
    const filtered = await list("limit=2&priority=high&sort=title");
    assert.deepEqual(filtered.meta, { page: 1, limit: 2, total: 2, total_pages: 1 });
    const paged = await list("limit=2&sort=title&order=asc");
    assert.deepEqual(paged.meta, { page: 1, limit: 2, total: 5, total_pages: 3 });
    assert.deepEqual(paged.links, {
      self: "/api/v1/todos?page=1&limit=2&order=asc&sort=title",
      first: "/api/v1/todos?page=1&limit=2&order=asc&sort=title",
      prev: null,
      next: "/api/v1/todos?page=2&limit=2&order=asc&sort=title",
      last: "/api/v1/todos?page=3&limit=2&order=asc&sort=title",
    });
    const links = paged.links as Record<string, string>;
    const last = expectStatus(await c.do("GET", links.last ?? ""), 200).json();
    assert.equal((last.links as Record<string, unknown>).next, null);
    assert.equal(
      (last.links as Record<string, unknown>).prev,
      "/api/v1/todos?page=2&limit=2&order=asc&sort=title",
    );
    assert.equal((last.data as unknown[]).length, 1);
    const escaped = await list("q=100%25&limit=5");
    assert.equal(
      (escaped.links as Record<string, string>).self,
      "/api/v1/todos?page=1&limit=5&q=100%25",
    );

    const past = await list("page=9&limit=2");
    assert.deepEqual(past.data, []);
    assert.deepEqual(past.meta, { page: 9, limit: 2, total: 5, total_pages: 3 });
    assert.equal((past.links as Record<string, unknown>).prev, "/api/v1/todos?page=3&limit=2");
    assert.equal(((await list("limit=1000")).meta as Record<string, unknown>).limit, 100);
    assert.deepEqual((await list("page=99999999999&limit=100")).data, []);
  });

  it("filters", async () => {
    await expectTitles(
      "completed=true&sort=title&order=asc",
      "Alpha 100% done",
      "delta 100 percent",
    );
    await expectTitles(
      "completed=false&sort=title&order=asc",
      "bravo snake_case",
      "charlie",
      "echo snakeXcase",
    );
    await expectTitles(
      "priority=high&sort=title&order=asc",
      "bravo snake_case",
      "delta 100 percent",
    );
    await expectTitles(
      "due_after=2030-01-10&sort=due_date&order=asc",
      "bravo snake_case",
      "delta 100 percent",
    );
    await expectTitles(
      "due_before=2030-01-30&sort=due_date&order=asc",
      "Alpha 100% done",
      "bravo snake_case",
    );
    await expectTitles("due_after=2030-01-10&due_before=2030-01-30", "bravo snake_case");
    await expectTitles("q=100%25", "Alpha 100% done");
    await expectTitles("q=SNAKE_&sort=title&order=asc", "bravo snake_case");
    await expectTitles("q=ECHO", "echo snakeXcase");
    await expectTitles("q=alpha", "Alpha 100% done");
    await expectTitles("q=nothing-matches");
  });

  it("sorts, breaking ties by id in the same direction", async () => {
    await expectTitles(
      "sort=priority&order=asc",
      "Alpha 100% done",
      "echo snakeXcase",
      "charlie",
      "bravo snake_case",
      "delta 100 percent",
    );
    await expectTitles(
      "sort=priority&order=desc",
      "delta 100 percent",
      "bravo snake_case",
      "charlie",
      "echo snakeXcase",
      "Alpha 100% done",
    );
    await expectTitles(
      "sort=due_date&order=desc",
      "delta 100 percent",
      "bravo snake_case",
      "Alpha 100% done",
      "echo snakeXcase",
      "charlie",
    );
    await expectTitles(
      "sort=created_at&order=asc",
      "Alpha 100% done",
      "bravo snake_case",
      "charlie",
      "delta 100 percent",
      "echo snakeXcase",
    );
    await expectTitles(
      "sort=title&order=desc",
      "echo snakeXcase",
      "delta 100 percent",
      "charlie",
      "bravo snake_case",
      "Alpha 100% done",
    );
  });

  it("returns sparse fieldsets that always include id", async () => {
    const [item] = (await list("fields=title&limit=1")).data as Record<string, unknown>[];
    assert.deepEqual(Object.keys(item ?? {}), ["id", "title"]);
  });

  it("sends an ETag and honours If-None-Match", async () => {
    const r = expectStatus(await c.do("GET", "/api/v1/todos?sort=title"), 200);
    const etag = r.headers.get("etag") ?? "";
    expectStatus(
      await c.do("GET", "/api/v1/todos?sort=title", { headers: { "If-None-Match": etag } }),
      304,
    );
  });

  it("names every invalid parameter", async () => {
    for (const [query, field] of Object.entries({
      "page=0": "page",
      "page=two": "page",
      "limit=0": "limit",
      "limit=ten": "limit",
      "sort=owner": "sort",
      "order=up": "order",
      "fields=title,secret": "fields",
      "completed=yes": "completed",
      "completed=1": "completed",
      "priority=urgent": "priority",
      "due_before=2030-13-01": "due_before",
      "due_after=tomorrow": "due_after",
    })) {
      expectError(await c.do("GET", `/api/v1/todos?${query}`), 422, "VALIDATION_ERROR", field);
    }
    const fields = expectError(
      await c.do("GET", "/api/v1/todos?fields=title,secret"),
      422,
      "VALIDATION_ERROR",
      "fields",
    );
    assert.deepEqual(fields.details, [
      {
        field: "fields",
        message:
          'unknown field "secret"; allowed: id, title, description, completed, priority, due_date, created_at, updated_at',
      },
    ]);
  });
});
