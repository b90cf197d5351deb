package com.example.todoapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.todoapi.support.Client;
import com.example.todoapi.support.SharedServer;
import com.example.todoapi.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Black-box tests of the todo endpoints, with two users to prove nobody sees another's todos. */
@ExtendWith(SharedServer.class)
class TodoApiTest {
  private static String path(JsonNode todo) {
    return "/api/v1/todos/" + todo.path("id").asLong();
  }

  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  void lifecycle(TestServer server) {
    Client c = server.client().withToken(server.client().register("lifecycle").accessToken());
    Client.Response r = c.post("/api/v1/todos", map("title", "  Buy milk  ", "id", 424242, "user_id", 1,
        "created_at", "2000-01-01T00:00:00Z", "unknown", true)).expect(201);
    JsonNode todo = r.json();
    String path = path(todo);
    assertEquals(path, r.header("Location"));
    assertEquals("Buy milk", todo.path("title").asText());
    assertFalse(todo.path("completed").asBoolean());
    assertEquals("medium", todo.path("priority").asText());
    assertTrue(todo.path("description").isNull() && todo.path("due_date").isNull());
    assertNotEquals(424242, todo.path("id").asLong());
    assertFalse(todo.path("created_at").asText().startsWith("2000"));

    Client.Response first = c.get(path).expect(200);
    String etag = first.header("ETag");
    assertEquals("MISS", first.header("X-Cache"));
    assertTrue(etag.startsWith("\""));
    Client.Response second = c.get(path).expect(200);
    assertEquals("HIT", second.header("X-Cache"));
    assertEquals(etag, second.header("ETag"));
    assertEquals(first.text(), second.text());
    assertEquals(0, c.get(path, "If-None-Match", etag).expect(304).body().length);

    c.send("PATCH", path, map("completed", true), "If-Match", "\"stale\"").expectError(412, "PRECONDITION_FAILED");
    // An invalid body is a 422 even with a stale If-Match.
    c.send("PATCH", path, map("title", ""), "If-Match", "\"stale\"").expectError(422, "VALIDATION_ERROR", "title");
    JsonNode patched = c.send("PATCH", path, map("completed", true, "description", "2 litres", "due_date", "2030-01-31"),
        "If-Match", etag).expect(200).json();
    assertTrue(patched.path("completed").asBoolean());
    assertEquals("2 litres", patched.path("description").asText());
    assertEquals("Buy milk", patched.path("title").asText());
    assertEquals("2030-01-31", patched.path("due_date").asText());

    // The write invalidated the cache: the next read is fresh.
    Client.Response afterPatch = c.get(path).expect(200);
    assertEquals("MISS", afterPatch.header("X-Cache"));
    assertTrue(afterPatch.json().path("completed").asBoolean());
    c.get(path, "If-None-Match", etag).expect(200);

    Map<String, Object> clear = new HashMap<>();
    clear.put("description", null);
    clear.put("due_date", null);
    JsonNode cleared = c.send("PATCH", path, clear).expect(200).json();
    assertTrue(cleared.path("description").isNull() && cleared.path("due_date").isNull());
    assertTrue(cleared.path("completed").asBoolean());
    Map<String, Object> nullTitle = new HashMap<>();
    nullTitle.put("title", null);
    c.send("PATCH", path, nullTitle).expectError(422, "VALIDATION_ERROR", "title");
    Map<String, Object> nulls = new HashMap<>();
    nulls.put("completed", null);
    nulls.put("priority", null);
    c.send("PATCH", path, nulls).expectError(422, "VALIDATION_ERROR", "completed", "priority");

    JsonNode replaced = c.send("PUT", path, map("title", "Buy oat milk", "priority", "high")).expect(200).json();
    assertEquals("Buy oat milk", replaced.path("title").asText());
    assertEquals("high", replaced.path("priority").asText());
    assertFalse(replaced.path("completed").asBoolean());
    assertTrue(replaced.path("description").isNull());
    assertEquals(todo.path("created_at"), replaced.path("created_at"));
    assertNotEquals(todo.path("updated_at"), replaced.path("updated_at"));
    c.send("PUT", path, map("priority", "low")).expectError(422, "VALIDATION_ERROR", "title");
    assertEquals("Buy oat milk", c.get(path).json().path("title").asText());

    String current = c.get(path).header("ETag");
    c.send("DELETE", path, null, "If-Match", "\"stale\"").expectError(412, "PRECONDITION_FAILED");
    assertEquals(0, c.send("DELETE", path, null, "If-Match", current).expect(204).body().length);
    c.get(path).expectError(404, "NOT_FOUND");
    c.send("DELETE", path, null).expectError(404, "NOT_FOUND");
    c.get("/api/v1/todos/not-a-number").expectError(404, "NOT_FOUND");
    c.get("/api/v1/todos/0").expectError(404, "NOT_FOUND");
    c.get("/api/v1/todos/99999999999999999999").expectError(404, "NOT_FOUND");
  }

  @Test
  void validation(TestServer server) {
    Client c = server.client().withToken(server.client().register("validation").accessToken());
    List<Object[]> invalid = List.of(
        new Object[] {map(), List.of("title")},
        new Object[] {map("title", "   "), List.of("title")},
        new Object[] {map("title", "t".repeat(201)), List.of("title")},
        new Object[] {map("title", 7), List.of("title")},
        new Object[] {map("title", "ok", "description", "d".repeat(2001)), List.of("description")},
        new Object[] {map("title", "ok", "priority", "urgent"), List.of("priority")},
        new Object[] {map("title", "ok", "completed", "yes"), List.of("completed")},
        new Object[] {map("title", "ok", "due_date", "2030-02-30"), List.of("due_date")},
        new Object[] {map("title", "ok", "due_date", "31/01/2030"), List.of("due_date")},
        new Object[] {map("title", "", "priority", "x", "due_date", "soon"), List.of("title", "priority", "due_date")},
        // NUL is refused up front: PostgreSQL cannot store it.
        new Object[] {map("title", "\n\u0000\n"), List.of("title")},
        new Object[] {map("title", "ok", "description", "a\u0000b"), List.of("description")},
        // Only space, tab, CR and LF are trimmed: a vertical tab counts towards the 200.
        new Object[] {map("title", "t".repeat(200) + "\u000b"), List.of("title")});
    for (Object[] tc : invalid) {
      @SuppressWarnings("unchecked")
      List<String> fields = (List<String>) tc[1];
      c.post("/api/v1/todos", tc[0]).expectError(422, "VALIDATION_ERROR", fields.toArray(String[]::new));
    }

    // Boundaries are inclusive, counted in characters rather than bytes.
    JsonNode longest = c.post("/api/v1/todos", map("title", "é".repeat(200), "description", "ü".repeat(2000),
        "priority", "low", "due_date", "2030-12-31", "completed", true)).expect(201).json();
    assertEquals("low", longest.path("priority").asText());
    assertTrue(longest.path("completed").asBoolean());
    assertEquals("2030-12-31", longest.path("due_date").asText());
    c.post("/api/v1/todos", map("title", "\uD83D\uDE00".repeat(200))).expect(201);

    c.post("/api/v1/todos", "[{\"title\": \"array\"}]").expectError(400, "BAD_REQUEST");
    c.post("/api/v1/todos", "{\"title\": \"x\"}", "Content-Type", "text/plain").expectError(415, "UNSUPPORTED_MEDIA_TYPE");
    server.client().post("/api/v1/todos", map("title", "anonymous")).expectError(401, "UNAUTHORIZED");
    server.client().get("/api/v1/todos").expectError(401, "UNAUTHORIZED");
  }

  @Test
  void todosAreInvisibleToOtherUsers(TestServer server) {
    Client alice = server.client().withToken(server.client().register("alice").accessToken());
    Client bob = server.client().withToken(server.client().register("bob").accessToken());
    String path = path(alice.post("/api/v1/todos", map("title", "Alice's secret")).expect(201).json());
    alice.get(path).expect(200); // warm the cache: a hit must not leak either

    bob.get(path).expectError(404, "NOT_FOUND");
    bob.send("PATCH", path, map("title", "mine now")).expectError(404, "NOT_FOUND");
    bob.send("PUT", path, map("title", "mine now")).expectError(404, "NOT_FOUND");
    bob.send("DELETE", path, null).expectError(404, "NOT_FOUND");
    assertEquals(0, bob.get("/api/v1/todos").expect(200).json().path("data").size());
    assertEquals("Alice's secret", alice.get(path).expect(200).json().path("title").asText());
  }

  @Test
  void list(TestServer server) {
    Client c = server.client().withToken(server.client().register("lister").accessToken());
    List<Map<String, Object>> seed = List.of(
        map("title", "Alpha 100% done", "priority", "low", "due_date", "2030-01-10", "completed", true),
        map("title", "bravo snake_case", "priority", "high", "due_date", "2030-01-20"),
        map("title", "charlie", "priority", "medium"),
        map("title", "delta 100 percent", "priority", "high", "due_date", "2030-01-30", "completed", true),
        map("title", "echo snakeXcase", "priority", "low"));
    for (Map<String, Object> todo : seed) {
      c.post("/api/v1/todos", todo).expect(201);
    }

    // Default order: newest first.
    expectTitles(c, "", "echo snakeXcase", "delta 100 percent", "charlie", "bravo snake_case", "Alpha 100% done");

    JsonNode meta = list(c, "limit=2&priority=high&priority=low&sort=title").path("meta");
    assertEquals(List.of(1, 2, 2, 1), List.of(meta.path("page").asInt(), meta.path("limit").asInt(),
        meta.path("total").asInt(), meta.path("total_pages").asInt()));
    JsonNode paged = list(c, "limit=2&sort=title&order=asc");
    assertEquals(5, paged.path("meta").path("total").asInt());
    assertEquals(3, paged.path("meta").path("total_pages").asInt());
    JsonNode links = paged.path("links");
    assertTrue(links.path("prev").isNull() && links.path("next").isTextual());
    URI next = URI.create(links.path("next").asText());
    assertEquals("/api/v1/todos", next.getPath());
    assertEquals("page=2&limit=2&order=asc&sort=title", next.getQuery());
    JsonNode last = c.get(links.path("last").asText()).expect(200).json();
    assertTrue(last.path("links").path("next").isNull() && last.path("links").path("prev").isTextual());
    assertEquals(1, last.path("data").size());
    JsonNode past = list(c, "page=9&limit=2");
    assertEquals(0, past.path("data").size());
    assertEquals(5, past.path("meta").path("total").asInt());
    assertEquals(100, list(c, "limit=1000").path("meta").path("limit").asInt());

    // Titles are lower case where order matters: how case sorts depends on the collation.
    expectTitles(c, "completed=true&sort=title&order=asc", "Alpha 100% done", "delta 100 percent");
    expectTitles(c, "completed=false&sort=title&order=asc", "bravo snake_case", "charlie", "echo snakeXcase");
    expectTitles(c, "priority=high&sort=title&order=asc", "bravo snake_case", "delta 100 percent");
    expectTitles(c, "due_after=2030-01-10&sort=due_date&order=asc", "bravo snake_case", "delta 100 percent");
    expectTitles(c, "due_before=2030-01-30&sort=due_date&order=asc", "Alpha 100% done", "bravo snake_case");
    expectTitles(c, "due_after=2030-01-10&due_before=2030-01-30", "bravo snake_case");
    expectTitles(c, "q=100%25", "Alpha 100% done");
    expectTitles(c, "q=SNAKE_&sort=title&order=asc", "bravo snake_case");
    expectTitles(c, "q=ECHO", "echo snakeXcase");
    expectTitles(c, "q=alpha", "Alpha 100% done");
    expectTitles(c, "q=nothing-matches");

    // Priority sorts by rank; ties by id in the same direction.
    expectTitles(c, "sort=priority&order=asc",
        "Alpha 100% done", "echo snakeXcase", "charlie", "bravo snake_case", "delta 100 percent");
    expectTitles(c, "sort=priority&order=desc",
        "delta 100 percent", "bravo snake_case", "charlie", "echo snakeXcase", "Alpha 100% done");
    expectTitles(c, "sort=due_date&order=desc",
        "delta 100 percent", "bravo snake_case", "Alpha 100% done", "echo snakeXcase", "charlie");
    expectTitles(c, "sort=created_at&order=asc",
        "Alpha 100% done", "bravo snake_case", "charlie", "delta 100 percent", "echo snakeXcase");

    // Sparse fieldsets always include id.
    JsonNode sparse = list(c, "fields=title&limit=1").path("data").get(0);
    assertEquals(2, sparse.size());
    assertTrue(sparse.has("id") && sparse.has("title"));

    // Lists have an ETag too.
    String etag = c.get("/api/v1/todos?sort=title").expect(200).header("ETag");
    c.get("/api/v1/todos?sort=title", "If-None-Match", etag).expect(304);

    Map<String, String> invalid = Map.ofEntries(Map.entry("page=0", "page"), Map.entry("page=two", "page"),
        Map.entry("limit=0", "limit"), Map.entry("limit=ten", "limit"), Map.entry("sort=owner", "sort"),
        Map.entry("order=up", "order"), Map.entry("fields=title,secret", "fields"), Map.entry("completed=yes", "completed"),
        Map.entry("completed=1", "completed"), Map.entry("priority=urgent", "priority"),
        Map.entry("due_before=2030-13-01", "due_before"), Map.entry("due_after=tomorrow", "due_after"));
    invalid.forEach((query, field) -> c.get("/api/v1/todos?" + query).expectError(422, "VALIDATION_ERROR", field));
  }

  private static JsonNode list(Client c, String query) {
    return c.get("/api/v1/todos?" + query).expect(200).json();
  }

  private static void expectTitles(Client c, String query, String... want) {
    List<String> got = new ArrayList<>();
    list(c, query).path("data").forEach(item -> got.add(item.path("title").asText()));
    assertEquals(List.of(want), got, "?" + query);
  }
}
