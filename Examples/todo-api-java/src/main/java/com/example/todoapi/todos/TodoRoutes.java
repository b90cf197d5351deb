package com.example.todoapi.todos;

import com.example.todoapi.platform.cache.Cache;
import com.example.todoapi.platform.db.Database;
import com.example.todoapi.platform.http.ApiException;
import com.example.todoapi.platform.http.ETags;
import com.example.todoapi.platform.http.Exchange;
import com.example.todoapi.platform.http.Field;
import com.example.todoapi.platform.http.JsonBody;
import com.example.todoapi.platform.http.ListParams;
import com.example.todoapi.platform.http.Middleware;
import com.example.todoapi.platform.http.Query;
import com.example.todoapi.platform.http.Router;
import com.example.todoapi.platform.http.Validator;
import com.example.todoapi.platform.json.Json;
import com.example.todoapi.platform.logging.Log;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The todo endpoints: validation, ownership, ETags and the read cache. */
public final class TodoRoutes {
  static final List<String> PRIORITIES = List.of("low", "medium", "high");

  static final ListParams.Spec LIST_SPEC = new ListParams.Spec(
      List.of("created_at", "updated_at", "due_date", "priority", "title"),
      "created_at",
      Map.of("created_at", "desc", "updated_at", "desc"),
      List.of("id", "title", "description", "completed", "priority", "due_date", "created_at", "updated_at"));

  private static final Duration CACHE_TTL = Duration.ofMinutes(5);

  private final TodoStore store;
  private final Cache cache;
  private final Log log;

  public TodoRoutes(Database db, Cache cache, Log log) {
    this.store = new TodoStore(db);
    this.cache = cache;
    this.log = log;
  }

  public void register(Router router, Middleware authenticated) {
    router.get("/api/v1/todos", authenticated.wrap(this::list));
    router.post("/api/v1/todos", authenticated.wrap(this::create));
    router.get("/api/v1/todos/{id}", authenticated.wrap(this::get));
    router.put("/api/v1/todos/{id}", authenticated.wrap(this::replace));
    router.patch("/api/v1/todos/{id}", authenticated.wrap(this::patch));
    router.delete("/api/v1/todos/{id}", authenticated.wrap(this::delete));
  }

  private void list(Exchange exchange) throws SQLException {
    Query query = exchange.query();
    Validator v = new Validator();
    ListParams params = ListParams.parse(query, LIST_SPEC, v);
    Boolean completed = null;
    if (query.has("completed")) {
      switch (query.get("completed")) {
        case "true" -> completed = true;
        case "false" -> completed = false;
        default -> v.add("completed", "must be true or false");
      }
    }
    String priority = null;
    if (query.has("priority")) {
      priority = query.get("priority");
      v.check(PRIORITIES.contains(priority), "priority", "must be one of low, medium, high");
    }
    LocalDate dueBefore = query.has("due_before") ? date(query.get("due_before"), v, "due_before") : null;
    LocalDate dueAfter = query.has("due_after") ? date(query.get("due_after"), v, "due_after") : null;
    v.throwIfInvalid();

    TodoStore.Page page = store.list(exchange.userId(), new TodoStore.Filter(completed, priority, dueBefore, dueAfter,
        query.get("q"), params.sort(), params.desc(), params.limit(), params.offset()));
    List<Map<String, Object>> data = new ArrayList<>();
    for (Todo todo : page.todos()) {
      data.add(params.project(todo.toJson()));
    }
    ETags.send(exchange, 200, Json.encode(params.response(exchange.path(), query, data, page.total())));
  }

  private void create(Exchange exchange) throws IOException, SQLException {
    JsonBody body = JsonBody.read(exchange);
    Draft draft = new Draft("", null, false, "medium", null);
    draft = apply(draft, body, true);
    Todo todo = store.create(exchange.userId(), draft.title, draft.description, draft.completed, draft.priority,
        draft.dueDate);
    exchange.setHeader("Location", "/api/v1/todos/" + todo.id());
    exchange.sendJsonBytes(201, todo.body());
  }

  private void get(Exchange exchange) throws SQLException {
    long id = todoId(exchange);
    Optional<Cached> cached = readCache(id);
    if (cached.isPresent()) {
      // The owner is cached too, so a hit for another user's id is still a 404.
      if (cached.get().userId != exchange.userId()) {
        throw ApiException.notFound();
      }
      exchange.setHeader("X-Cache", "HIT");
      ETags.send(exchange, 200, cached.get().body);
      return;
    }
    Todo todo = store.byId(exchange.userId(), id);
    byte[] body = todo.body();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("user_id", todo.userId());
    entry.put("body", Json.decode(body));
    try {
      cache.set(cacheKey(id), Json.encode(entry), CACHE_TTL);
    } catch (Exception e) {
      log.warn("cache write failed", "error", e);
    }
    exchange.setHeader("X-Cache", "MISS");
    ETags.send(exchange, 200, body);
  }

  /** PUT: every writable field is set; absent optional fields take their defaults. */
  private void replace(Exchange exchange) throws IOException, SQLException {
    update(exchange, (current, body) -> apply(new Draft("", null, false, "medium", null), body, true));
  }

  /** PATCH: only the fields present change. */
  private void patch(Exchange exchange) throws IOException, SQLException {
    update(exchange, (current, body) -> apply(Draft.of(current), body, false));
  }

  private interface Change {
    Draft apply(Todo current, JsonBody body);
  }

  /** What PUT and PATCH share: ownership, validation, If-Match, the write, invalidation. */
  private void update(Exchange exchange, Change change) throws IOException, SQLException {
    long id = todoId(exchange);
    JsonBody body = JsonBody.read(exchange);
    Todo current = store.byId(exchange.userId(), id);
    // Validation answers before the precondition: a body that could never be applied is a 422
    // whatever the If-Match says.
    Draft draft = change.apply(current, body);
    if (ETags.ifMatchFails(exchange, ETags.of(current.body()))) {
      throw ApiException.preconditionFailed();
    }
    Todo updated = store.update(current.with(draft.title, draft.description, draft.completed, draft.priority,
        draft.dueDate));
    invalidate(id);
    byte[] updatedBody = updated.body();
    exchange.setHeader("ETag", ETags.of(updatedBody));
    exchange.sendJsonBytes(200, updatedBody);
  }

  private void delete(Exchange exchange) throws SQLException {
    long id = todoId(exchange);
    if (!exchange.header("If-Match").isEmpty()) {
      Todo current = store.byId(exchange.userId(), id);
      if (ETags.ifMatchFails(exchange, ETags.of(current.body()))) {
        throw ApiException.preconditionFailed();
      }
    }
    store.delete(exchange.userId(), id);
    invalidate(id);
    exchange.sendEmpty(204);
  }

  /** The writable fields of a todo while a request is being applied. */
  private record Draft(String title, String description, boolean completed, String priority, LocalDate dueDate) {
    static Draft of(Todo t) {
      return new Draft(t.title(), t.description(), t.completed(), t.priority(), t.dueDate());
    }
  }

  /**
   * Validates the writable fields of body over start. With requireTitle (POST and PUT) the title
   * must be present; absent fields keep start's values. id, user_id, created_at and unknown fields
   * are never read, which is what makes mass assignment impossible.
   */
  static Draft apply(Draft start, JsonBody body, boolean requireTitle) {
    Validator v = new Validator();
    String title = start.title;
    String description = start.description;
    boolean completed = start.completed;
    String priority = start.priority;
    LocalDate dueDate = start.dueDate;

    Field<String> t = body.string(v, "title");
    if (!t.invalid()) {
      if (!t.present()) {
        v.check(!requireTitle, "title", "is required");
      } else if (t.isNull()) {
        v.add("title", "must not be null");
      } else {
        String trimmed = JsonBody.trimText(t.value());
        int n = JsonBody.length(trimmed);
        v.check(n >= 1, "title", "must not be empty");
        v.check(n <= 200, "title", "must be at most 200 characters");
        title = trimmed;
      }
    }

    Field<String> d = body.string(v, "description");
    if (d.isNull()) {
      description = null;
    } else if (d.isSet()) {
      v.check(JsonBody.length(d.value()) <= 2000, "description", "must be at most 2000 characters");
      description = d.value();
    }

    Field<Boolean> c = body.bool(v, "completed");
    if (c.isNull()) {
      v.add("completed", "must not be null");
    } else if (c.isSet()) {
      completed = c.value();
    }

    Field<String> p = body.string(v, "priority");
    if (p.isNull()) {
      v.add("priority", "must not be null");
    } else if (p.isSet()) {
      v.check(PRIORITIES.contains(p.value()), "priority", "must be one of low, medium, high");
      priority = p.value();
    }

    Field<String> due = body.string(v, "due_date");
    if (due.isNull()) {
      dueDate = null;
    } else if (due.isSet()) {
      dueDate = date(due.value(), v, "due_date");
    }

    v.throwIfInvalid();
    return new Draft(title, description, completed, priority, dueDate);
  }

  /** A real calendar date written as YYYY-MM-DD only; null (and a problem) otherwise. */
  static LocalDate date(String s, Validator v, String field) {
    if (s.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
      try {
        return LocalDate.parse(s);
      } catch (DateTimeParseException e) {
        // Falls through to the problem below: 2030-02-30 is no date.
      }
    }
    v.add(field, "must be a date in YYYY-MM-DD format");
    return null;
  }

  /** Anything but a positive integer cannot name a todo, so it is a 404 like a missing one. */
  private static long todoId(Exchange exchange) {
    String raw = exchange.pathParam("id");
    if (raw.matches("[+]?[0-9]{1,19}")) {
      try {
        long id = Long.parseLong(raw);
        if (id > 0) {
          return id;
        }
      } catch (NumberFormatException e) {
        // Out of range: not an id.
      }
    }
    throw ApiException.notFound();
  }

  private record Cached(long userId, byte[] body) {}

  private Optional<Cached> readCache(long id) {
    try {
      Optional<byte[]> raw = cache.get(cacheKey(id));
      if (raw.isEmpty()) {
        return Optional.empty();
      }
      JsonNode entry = Json.MAPPER.readTree(raw.get());
      return Optional.of(new Cached(entry.path("user_id").asLong(), Json.encode(entry.path("body"))));
    } catch (Exception e) {
      log.warn("cache read failed", "error", e);
      return Optional.empty();
    }
  }

  /** Runs after every successful write, so the next read misses and sees the new row. */
  private void invalidate(long id) {
    try {
      cache.delete(cacheKey(id));
    } catch (Exception e) {
      log.error("cache invalidation failed; reads may be stale until the entry expires", "todo_id", id, "error", e);
    }
  }

  private static String cacheKey(long id) {
    return "todo:" + id;
  }
}
