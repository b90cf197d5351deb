package com.example.todoapi.todos;

import com.example.todoapi.platform.json.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A row of the todos table. description and dueDate are null when NULL; dueDate is a calendar
 * date, not an instant.
 */
public record Todo(long id, long userId, String title, String description, boolean completed, String priority,
    LocalDate dueDate, Instant createdAt, Instant updatedAt) {

  /** The JSON shape of a todo, in contract order. The owner is implied by the token. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("title", title);
    json.put("description", description);
    json.put("completed", completed);
    json.put("priority", priority);
    json.put("due_date", dueDate == null ? null : dueDate.toString());
    json.put("created_at", Json.formatInstant(createdAt));
    json.put("updated_at", Json.formatInstant(updatedAt));
    return json;
  }

  /** The exact bytes a single-todo response sends, and the input of its ETag. */
  public byte[] body() {
    return Json.encode(toJson());
  }

  Todo with(String title, String description, boolean completed, String priority, LocalDate dueDate) {
    return new Todo(id, userId, title, description, completed, priority, dueDate, createdAt, updatedAt);
  }
}
