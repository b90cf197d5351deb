// SQL for todos. Every query is parameterised and includes user_id, so
// another user's todo is indistinguishable from a missing one.

import { bool, int, type Queryer, type Row, timestamp } from "../../libraries/database/database.ts";

export type Priority = "low" | "medium" | "high";

export interface Todo {
  id: number;
  userId: number;
  title: string;
  description: string | null;
  completed: boolean;
  priority: Priority;
  /** YYYY-MM-DD: a calendar date, not an instant. */
  dueDate: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One page of a user's todos and how to select and order it. */
export interface TodoFilter {
  completed?: boolean;
  priority?: string;
  /** YYYY-MM-DD, exclusive. */
  dueBefore?: string;
  /** YYYY-MM-DD, exclusive. */
  dueAfter?: string;
  /** Literal, case-insensitive substring of the title. */
  search?: string;
  sort: string;
  desc: boolean;
  limit: number;
  offset: bigint;
}

/**
 * The sort values the API accepts, mapped to SQL. User input only ever
 * selects an entry; it is never pasted into the query.
 */
const sortColumns: Readonly<Record<string, string>> = {
  created_at: "created_at",
  updated_at: "updated_at",
  due_date: "due_date",
  title: "title",
  // Alphabetical order would put "high" first; the CASE gives low < medium < high.
  priority: "CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END",
};

const columns =
  "id, user_id, title, description, completed, priority, due_date, created_at, updated_at";

function toTodo(row: Row): Todo {
  return {
    id: int(row.id),
    userId: int(row.user_id),
    title: String(row.title),
    description: row.description == null ? null : String(row.description),
    completed: bool(row.completed),
    priority: String(row.priority) as Priority,
    dueDate: row.due_date == null ? null : String(row.due_date),
    createdAt: timestamp(row.created_at),
    updatedAt: timestamp(row.updated_at),
  };
}

export type NewTodo = Pick<
  Todo,
  "userId" | "title" | "description" | "completed" | "priority" | "dueDate"
>;

export async function createTodo(q: Queryer, todo: NewTodo): Promise<Todo> {
  const now = new Date();
  const [row] = await q.query(
    `INSERT INTO todos (user_id, title, description, completed, priority, due_date, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${columns}`,
    [
      todo.userId,
      todo.title,
      todo.description,
      todo.completed,
      todo.priority,
      todo.dueDate,
      now,
      now,
    ],
  );
  return toTodo(row ?? {});
}

export async function todoById(q: Queryer, userId: number, id: number): Promise<Todo | undefined> {
  const [row] = await q.query(`SELECT ${columns} FROM todos WHERE id = ? AND user_id = ?`, [
    id,
    userId,
  ]);
  return row && toTodo(row);
}

/** Writes every writable field; undefined when the todo is gone. */
export async function updateTodo(q: Queryer, todo: Todo): Promise<Todo | undefined> {
  const [row] = await q.query(
    `UPDATE todos SET title = ?, description = ?, completed = ?, priority = ?, due_date = ?, updated_at = ?
     WHERE id = ? AND user_id = ? RETURNING ${columns}`,
    [
      todo.title,
      todo.description,
      todo.completed,
      todo.priority,
      todo.dueDate,
      new Date(),
      todo.id,
      todo.userId,
    ],
  );
  return row && toTodo(row);
}

/** Whether a todo was deleted. */
export async function deleteTodo(q: Queryer, userId: number, id: number): Promise<boolean> {
  return (await q.execute("DELETE FROM todos WHERE id = ? AND user_id = ?", [id, userId])) > 0;
}

/** One page of userId's todos and the number that match on all pages. */
export async function listTodos(
  q: Queryer,
  userId: number,
  f: TodoFilter,
): Promise<{ todos: Todo[]; total: number }> {
  const where = ["user_id = ?"];
  const params: (string | number | boolean | bigint)[] = [userId];
  if (f.completed !== undefined) {
    where.push("completed = ?");
    params.push(f.completed);
  }
  if (f.priority !== undefined) {
    where.push("priority = ?");
    params.push(f.priority);
  }
  // A NULL due date compares as unknown, so these conditions also leave out
  // todos without a due date, as the contract asks.
  if (f.dueBefore !== undefined) {
    where.push("due_date < ?");
    params.push(f.dueBefore);
  }
  if (f.dueAfter !== undefined) {
    where.push("due_date > ?");
    params.push(f.dueAfter);
  }
  if (f.search) {
    where.push("LOWER(title) LIKE ? ESCAPE '\\'");
    params.push(`%${escapeLike(f.search.toLowerCase())}%`);
  }
  const condition = where.join(" AND ");

  const [count] = await q.query(`SELECT COUNT(*) AS total FROM todos WHERE ${condition}`, params);
  const column = sortColumns[f.sort] ?? sortColumns.created_at;
  const direction = f.desc ? " DESC" : " ASC";
  // The engines disagree on where NULLs sort, so todos without a due date
  // are put last explicitly. The id tie-breaker makes pages stable.
  let order = `${column}${direction}, id${direction}`;
  if (f.sort === "due_date") order = `(due_date IS NULL), ${order}`;

  const rows = await q.query(
    `SELECT ${columns} FROM todos WHERE ${condition} ORDER BY ${order} LIMIT ? OFFSET ?`,
    [...params, f.limit, f.offset],
  );
  return { todos: rows.map(toTodo), total: int(count?.total ?? 0) };
}

/** Makes % and _ match themselves in a LIKE pattern. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
