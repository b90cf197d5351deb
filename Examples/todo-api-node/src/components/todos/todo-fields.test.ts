import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError } from "../../libraries/errors/api-error.ts";
import { applyTodoFields, defaults, isDate } from "./todo-fields.ts";

/** The fields named by the 422 that applyTodoFields throws. */
function invalidFields(body: Record<string, unknown>, requireTitle = true): string[] {
  try {
    applyTodoFields({ ...defaults }, body, requireTitle);
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, "VALIDATION_ERROR");
    return (error.details ?? []).map((d) => d.field);
  }
  return [];
}

describe("applyTodoFields", () => {
  it("trims the title and applies defaults", () => {
    const todo = applyTodoFields({ ...defaults }, { title: " \t Buy milk \r\n", id: 7 }, true);
    assert.deepEqual(todo, { ...defaults, title: "Buy milk" });
    assert.ok(!("id" in todo));
  });

  it("reports every invalid field in order", () => {
    assert.deepEqual(invalidFields({ title: "", priority: "x", due_date: "soon" }), [
      "title",
      "priority",
      "due_date",
    ]);
    assert.deepEqual(invalidFields({}), ["title"]);
    assert.deepEqual(invalidFields({ title: 7, completed: "yes" }), ["title", "completed"]);
    assert.deepEqual(invalidFields({ title: "ok", description: "a\0b" }), ["description"]);
  });

  it("counts characters, not bytes or UTF-16 units", () => {
    assert.deepEqual(invalidFields({ title: "é".repeat(200), description: "😀".repeat(2000) }), []);
    assert.deepEqual(invalidFields({ title: "😀".repeat(201) }), ["title"]);
    // Only space, tab, CR and LF are trimmed.
    assert.deepEqual(invalidFields({ title: `${"t".repeat(200)}\v` }), ["title"]);
  });

  it("lets PATCH clear nullable fields and refuses null for the others", () => {
    const current = { ...defaults, title: "t", description: "d", dueDate: "2030-01-01" };
    assert.deepEqual(applyTodoFields(current, { description: null, due_date: null }, false), {
      ...current,
      description: null,
      dueDate: null,
    });
    assert.deepEqual(invalidFields({ title: null, completed: null, priority: null }, false), [
      "title",
      "completed",
      "priority",
    ]);
  });
});

describe("isDate", () => {
  it("accepts real dates only", () => {
    assert.equal(isDate("2030-12-31"), true);
    assert.equal(isDate("2028-02-29"), true);
    for (const bad of ["2030-02-30", "2029-02-29", "2030-13-01", "31/01/2030", "2030-1-1", ""]) {
      assert.equal(isDate(bad), false, bad);
    }
  });
});
