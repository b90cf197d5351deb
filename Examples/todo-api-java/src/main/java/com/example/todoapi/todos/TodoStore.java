package com.example.todoapi.todos;

import com.example.todoapi.platform.db.NotFoundException;
import com.example.todoapi.platform.db.Row;
import com.example.todoapi.platform.db.Sql;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The only SQL of the todos feature. Every query includes user_id, so ownership is never skipped. */
public final class TodoStore {
  /**
   * The sort values the API accepts, mapped to SQL. User input only selects an entry; it is never
   * pasted into the query. Alphabetical order would put "high" first; the CASE ranks them.
   */
  static final Map<String, String> SORT_COLUMNS = Map.of(
      "created_at", "created_at",
      "updated_at", "updated_at",
      "due_date", "due_date",
      "title", "title",
      "priority", "CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END");

  private static final String COLUMNS = "id, user_id, title, description, completed, priority, due_date, created_at, updated_at";
  private static final Row.Mapper<Todo> TODO = r -> new Todo(r.getLong("id"), r.getLong("user_id"), r.getString("title"),
      r.getString("description"), r.getBoolean("completed"), r.getString("priority"), r.getDate("due_date"),
      r.getInstant("created_at"), r.getInstant("updated_at"));

  /**
   * One page of a user's todos.
   *
   * @param completed null: any
   * @param priority null: any
   * @param dueBefore exclusive; null: no bound
   * @param dueAfter exclusive; null: no bound
   * @param search literal, case-insensitive substring of the title; empty: any
   */
  public record Filter(Boolean completed, String priority, LocalDate dueBefore, LocalDate dueAfter, String search,
      String sort, boolean desc, int limit, long offset) {}

  /** One page and the number of matches on all pages. */
  public record Page(List<Todo> todos, long total) {}

  private final Sql sql;

  public TodoStore(Sql sql) {
    this.sql = sql;
  }

  public Todo create(long userId, String title, String description, boolean completed, String priority, LocalDate dueDate)
      throws SQLException {
    Instant now = Instant.now();
    long id = sql.queryOne("""
        INSERT INTO todos (user_id, title, description, completed, priority, due_date, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
        r -> r.getLong("id"), userId, title, description, completed, priority, dueDate, now, now).orElseThrow();
    return byId(userId, id);
  }

  /** The todo if userId owns it. */
  public Todo byId(long userId, long id) throws SQLException {
    return sql.queryOne("SELECT " + COLUMNS + " FROM todos WHERE id = ? AND user_id = ?", TODO, id, userId)
        .orElseThrow(NotFoundException::new);
  }

  /** Writes every writable field of t and returns the stored row. */
  public Todo update(Todo t) throws SQLException {
    int changed = sql.update("""
        UPDATE todos SET title = ?, description = ?, completed = ?, priority = ?, due_date = ?, updated_at = ?
        WHERE id = ? AND user_id = ?""",
        t.title(), t.description(), t.completed(), t.priority(), t.dueDate(), Instant.now(), t.id(), t.userId());
    if (changed == 0) {
      throw new NotFoundException();
    }
    return byId(t.userId(), t.id());
  }

  public void delete(long userId, long id) throws SQLException {
    if (sql.update("DELETE FROM todos WHERE id = ? AND user_id = ?", id, userId) == 0) {
      throw new NotFoundException();
    }
  }

  public Page list(long userId, Filter f) throws SQLException {
    List<String> where = new ArrayList<>(List.of("user_id = ?"));
    List<Object> args = new ArrayList<>(List.of(userId));
    if (f.completed() != null) {
      where.add("completed = ?");
      args.add(f.completed());
    }
    if (f.priority() != null) {
      where.add("priority = ?");
      args.add(f.priority());
    }
    // A NULL due date compares as unknown, so these also leave out todos without a due date.
    if (f.dueBefore() != null) {
      where.add("due_date < ?");
      args.add(f.dueBefore());
    }
    if (f.dueAfter() != null) {
      where.add("due_date > ?");
      args.add(f.dueAfter());
    }
    if (!f.search().isEmpty()) {
      where.add("LOWER(title) LIKE ? ESCAPE '\\'");
      args.add("%" + escapeLike(f.search().toLowerCase(Locale.ROOT)) + "%");
    }
    String condition = String.join(" AND ", where);
    long total = sql.queryOne("SELECT COUNT(*) AS n FROM todos WHERE " + condition, r -> r.getLong("n"), args.toArray())
        .orElse(0L);

    String column = SORT_COLUMNS.getOrDefault(f.sort(), SORT_COLUMNS.get("created_at"));
    String direction = f.desc() ? " DESC" : " ASC";
    // The engines disagree on where NULLs sort, so todos without a due date go last explicitly.
    // The id tie-breaker makes pages stable.
    String order = column + direction + ", id" + direction;
    if (f.sort().equals("due_date")) {
      order = "(due_date IS NULL), " + order;
    }
    args.add(f.limit());
    args.add(f.offset());
    List<Todo> todos = sql.query("SELECT " + COLUMNS + " FROM todos WHERE " + condition + " ORDER BY " + order
        + " LIMIT ? OFFSET ?", TODO, args.toArray());
    return new Page(todos, total);
  }

  /** Makes % and _ match themselves in a LIKE pattern. */
  static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
