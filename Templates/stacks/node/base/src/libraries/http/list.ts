// Paging, sorting and sparse fieldsets for collection endpoints, with the
// contract's meta and links. Everything else in the query string is the
// resource's own filters.

import type { Validator } from "./json.ts";

const defaultPageSize = 20;
const maxPageSize = 100;
const maxOffset = 2n ** 63n - 1n;

export interface ListSpec {
  sortable: readonly string[];
  defaultSort: string;
  /** Per sort field; "asc" when absent. */
  defaultOrder: Readonly<Record<string, "asc" | "desc">>;
  fields: readonly string[];
}

export interface ListParams {
  page: number;
  limit: number;
  sort: string;
  desc: boolean;
  /** Undefined means every field. */
  fields: string[] | undefined;
  /**
   * Rows before the page. Any page number is valid (a page past the end is
   * empty), so the product saturates instead of overflowing.
   */
  offset: bigint;
}

/**
 * A whole number as Go's strconv.Atoi and the other stacks read one: an
 * optional sign and decimal digits, within 64 bits.
 */
export function parseWholeNumber(raw: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(raw)) return undefined;
  const n = BigInt(raw);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

export function parseListParams(query: URLSearchParams, spec: ListSpec, v: Validator): ListParams {
  let page = 1n;
  let limit = defaultPageSize;
  let sort = spec.defaultSort;

  const rawPage = query.get("page");
  if (rawPage !== null) {
    const n = parseWholeNumber(rawPage);
    if (n === undefined) v.add("page", "must be a whole number");
    else if (n < 1n) v.add("page", "must be at least 1");
    else page = n;
  }
  const rawLimit = query.get("limit");
  if (rawLimit !== null) {
    const n = parseWholeNumber(rawLimit);
    if (n === undefined) v.add("limit", "must be a whole number");
    else if (n < 1n) v.add("limit", "must be at least 1");
    // Clamping instead of rejecting keeps clients that ask for "everything"
    // working while bounding the work per request.
    else limit = Number(n > BigInt(maxPageSize) ? maxPageSize : n);
  }
  const rawSort = query.get("sort");
  if (rawSort !== null) {
    sort = rawSort;
    v.check(spec.sortable.includes(sort), "sort", `must be one of ${spec.sortable.join(", ")}`);
  }
  let order: string = spec.defaultOrder[sort] ?? "asc";
  const rawOrder = query.get("order");
  if (rawOrder !== null) {
    order = rawOrder;
    v.check(order === "asc" || order === "desc", "order", "must be asc or desc");
  }

  let fields: string[] | undefined;
  const rawFields = query.get("fields");
  if (rawFields !== null) {
    fields = ["id"];
    for (const part of rawFields.split(",")) {
      const name = part.trim();
      if (!spec.fields.includes(name)) {
        v.add("fields", `unknown field ${goQuote(name)}; allowed: ${spec.fields.join(", ")}`);
        continue;
      }
      if (!fields.includes(name)) fields.push(name);
    }
  }

  const offset = (page - 1n) * BigInt(limit);
  return {
    page: Number(page),
    limit,
    sort,
    desc: order === "desc",
    fields,
    offset: offset > maxOffset ? maxOffset : offset,
  };
}

/** Keeps only the requested fields of an item. */
export function project(item: Record<string, unknown>, fields: string[] | undefined) {
  if (fields === undefined) return item;
  return Object.fromEntries(fields.map((name) => [name, item[name]]));
}

export interface ListMeta {
  page: number;
  limit: number;
  total: number;
  total_pages: number;
}

export interface ListLinks {
  self: string;
  first: string;
  prev: string | null;
  next: string | null;
  last: string;
}

export function listMeta(params: ListParams, total: number): ListMeta {
  return {
    page: params.page,
    limit: params.limit,
    total,
    total_pages: Math.ceil(total / params.limit),
  };
}

/**
 * Relative links that keep every parameter of the request except page and
 * limit, which each link sets, so following a link keeps filters and sort.
 * The other parameters are sorted by name and encoded as Go's url.Values
 * does, so every stack of the toolkit writes the same links.
 */
export function listLinks(path: string, query: URLSearchParams, meta: ListMeta): ListLinks {
  const names = [...new Set(query.keys())].filter((n) => n !== "page" && n !== "limit").sort();
  const rest = names
    .flatMap((name) =>
      query.getAll(name).map((value) => `${queryEscape(name)}=${queryEscape(value)}`),
    )
    .join("&");
  const link = (page: number) =>
    `${path}?page=${page}&limit=${meta.limit}${rest === "" ? "" : `&${rest}`}`;

  const lastPage = Math.max(meta.total_pages, 1);
  return {
    self: link(meta.page),
    first: link(1),
    // A page past the end points back to the last real page.
    prev: meta.page > 1 ? link(Math.min(meta.page - 1, lastPage)) : null,
    next: meta.page < meta.total_pages ? link(meta.page + 1) : null,
    last: link(lastPage),
  };
}

/** Go's url.QueryEscape: everything but letters, digits and -_.~ escaped, space as +. */
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** Go's strconv.Quote, so error messages name odd input the same in every stack. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const named: Record<string, string> = {
      "\x07": "\\a",
      "\b": "\\b",
      "\f": "\\f",
      "\n": "\\n",
      "\r": "\\r",
      "\t": "\\t",
      "\v": "\\v",
      '"': '\\"',
      "\\": "\\\\",
    };
    if (named[ch] !== undefined) out += named[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp < 0x7f || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) out += ch;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}
