import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Validator } from "./json.ts";
import {
  type ListSpec,
  listLinks,
  listMeta,
  parseListParams,
  parseWholeNumber,
  project,
} from "./list.ts";

const spec: ListSpec = {
  sortable: ["created_at", "title"],
  defaultSort: "created_at",
  defaultOrder: { created_at: "desc" },
  fields: ["id", "title", "created_at"],
};

function parse(query: string) {
  const v = new Validator();
  return { params: parseListParams(new URLSearchParams(query), spec, v), problems: v.problems };
}

describe("parseWholeNumber", () => {
  it("reads signed decimal integers within 64 bits", () => {
    assert.equal(parseWholeNumber("007"), 7n);
    assert.equal(parseWholeNumber("+5"), 5n);
    assert.equal(parseWholeNumber("-1"), -1n);
    assert.equal(parseWholeNumber("9223372036854775807"), 2n ** 63n - 1n);
    for (const bad of ["", "1.5", "1e3", " 1", "0x10", "9223372036854775808"]) {
      assert.equal(parseWholeNumber(bad), undefined, bad);
    }
  });
});

describe("parseListParams", () => {
  it("defaults to page 1, 20 items, the default sort and its order", () => {
    const { params, problems } = parse("");
    assert.deepEqual(problems, []);
    assert.deepEqual(params, {
      page: 1,
      limit: 20,
      sort: "created_at",
      desc: true,
      fields: undefined,
      offset: 0n,
    });
  });

  it("clamps limit, saturates the offset and dedupes fields with id first", () => {
    const { params } = parse("page=3&limit=500&sort=title&fields=title,title,created_at");
    assert.equal(params.limit, 100);
    assert.equal(params.offset, 200n);
    assert.equal(params.desc, false);
    assert.deepEqual(params.fields, ["id", "title", "created_at"]);
    assert.equal(parse("page=9223372036854775807&limit=100").params.offset, 2n ** 63n - 1n);
  });

  it("names every invalid parameter", () => {
    const { problems } = parse("page=0&limit=x&sort=owner&order=up&fields=id,secret");
    assert.deepEqual(
      problems.map((p) => p.field),
      ["page", "limit", "sort", "order", "fields"],
    );
    assert.equal(problems[4]?.message, 'unknown field "secret"; allowed: id, title, created_at');
    assert.equal(
      parse("fields=%01").problems[0]?.message.startsWith('unknown field "\\x01"'),
      true,
    );
  });
});

describe("listLinks", () => {
  it("keeps the other parameters, sorted and escaped as Go's url.Values does", () => {
    const query = new URLSearchParams("z=2&q=a b&page=2&limit=5&a=%26&z=1&x=*");
    const meta = listMeta(
      { page: 2, limit: 5, sort: "", desc: false, fields: undefined, offset: 5n },
      12,
    );
    assert.deepEqual(meta, { page: 2, limit: 5, total: 12, total_pages: 3 });
    const rest = "a=%26&q=a+b&x=%2A&z=2&z=1";
    assert.deepEqual(listLinks("/items", query, meta), {
      self: `/items?page=2&limit=5&${rest}`,
      first: `/items?page=1&limit=5&${rest}`,
      prev: `/items?page=1&limit=5&${rest}`,
      next: `/items?page=3&limit=5&${rest}`,
      last: `/items?page=3&limit=5&${rest}`,
    });
  });

  it("has no prev on the first page and points past-the-end pages back", () => {
    const empty = listLinks("/items", new URLSearchParams(), {
      page: 1,
      limit: 20,
      total: 0,
      total_pages: 0,
    });
    assert.equal(empty.prev, null);
    assert.equal(empty.next, null);
    assert.equal(empty.last, "/items?page=1&limit=20");
    const past = listLinks("/items", new URLSearchParams(), {
      page: 9,
      limit: 20,
      total: 21,
      total_pages: 2,
    });
    assert.equal(past.prev, "/items?page=2&limit=20");
  });
});

describe("project", () => {
  it("keeps only the requested fields", () => {
    assert.deepEqual(project({ id: 1, title: "t", extra: true }, ["id", "title"]), {
      id: 1,
      title: "t",
    });
    assert.deepEqual(project({ id: 1 }, undefined), { id: 1 });
  });
});
