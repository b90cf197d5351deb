// Validation of the writable fields of a todo, shared by POST, PUT and PATCH.

import {
  characterCount,
  isSet,
  type JsonObject,
  readBoolean,
  readString,
  trimText,
  Validator,
} from "../../libraries/http/json.ts";
import type { Priority, Todo } from "./todo-repository.ts";

export const priorities: readonly Priority[] = ["low", "medium", "high"];

export type WritableFields = Pick<
  Todo,
  "title" | "description" | "completed" | "priority" | "dueDate"
>;

/** What POST and PUT start from: absent optional fields take these. */
export const defaults: Omit<WritableFields, "title"> = {
  description: null,
  completed: false,
  priority: "medium",
  dueDate: null,
};

export function isPriority(s: string): s is Priority {
  return (priorities as readonly string[]).includes(s);
}

/** A real calendar date written as YYYY-MM-DD, nothing else. */
export function isDate(s: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/**
 * Validates the writable fields of body and applies them to current. With
 * requireTitle (POST and PUT) the title must be present; absent fields keep
 * current's values, which are the defaults for POST and PUT and the stored
 * values for PATCH. id, user_id, created_at and unknown fields are never
 * read, which is what makes mass assignment impossible. Throws a 422 that
 * lists every problem.
 */
export function applyTodoFields<T extends Partial<WritableFields>>(
  current: T,
  body: JsonObject,
  requireTitle: boolean,
): T {
  const v = new Validator();
  const next = { ...current };

  const title = readString(body, v, "title");
  if (title.invalid) {
    // already reported
  } else if (!title.present) {
    v.check(!requireTitle, "title", "is required");
  } else if (title.isNull) {
    v.add("title", "must not be null");
  } else {
    const trimmed = trimText(title.value ?? "");
    const n = characterCount(trimmed);
    v.check(n >= 1, "title", "must not be empty");
    v.check(n <= 200, "title", "must be at most 200 characters");
    next.title = trimmed;
  }

  const description = readString(body, v, "description");
  if (description.isNull) {
    next.description = null;
  } else if (isSet(description)) {
    v.check(
      characterCount(description.value) <= 2000,
      "description",
      "must be at most 2000 characters",
    );
    next.description = description.value;
  }

  const completed = readBoolean(body, v, "completed");
  if (completed.isNull) v.add("completed", "must not be null");
  else if (isSet(completed)) next.completed = completed.value;

  const priority = readString(body, v, "priority");
  if (priority.isNull) {
    v.add("priority", "must not be null");
  } else if (isSet(priority)) {
    if (isPriority(priority.value)) next.priority = priority.value;
    else v.add("priority", "must be one of low, medium, high");
  }

  const dueDate = readString(body, v, "due_date");
  if (dueDate.isNull) {
    next.dueDate = null;
  } else if (isSet(dueDate)) {
    v.check(isDate(dueDate.value), "due_date", "must be a date in YYYY-MM-DD format");
    next.dueDate = dueDate.value;
  }

  v.throwIfInvalid();
  return next;
}
