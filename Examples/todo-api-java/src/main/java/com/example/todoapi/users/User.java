package com.example.todoapi.users;

import com.example.todoapi.platform.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A row of the users table. */
public record User(long id, String email, String name, String role, String passwordHash, Instant createdAt) {
  public static final String ROLE_USER = "user";
  public static final String ROLE_ADMIN = "admin";

  /** The public shape of a user: never the password hash. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("email", email);
    json.put("name", name);
    json.put("role", role);
    json.put("created_at", Json.formatInstant(createdAt));
    return json;
  }
}
