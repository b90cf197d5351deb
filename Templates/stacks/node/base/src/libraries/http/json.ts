import type { Request, Response } from "express";
import {
  ApiError,
  badRequest,
  type FieldError,
  payloadTooLarge,
  unsupportedMediaType,
  validationFailed,
} from "../errors/api-error.ts";

export const jsonContentType = "application/json; charset=utf-8";

/** Serialises a value the way every response body of the API is written. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Writes a JSON body. res.end instead of Express's res.json or res.send,
 * which would add their own ETag and conditional-request handling.
 */
export function sendJson(res: Response, status: number, value: unknown): void {
  sendJsonText(res, status, toJson(value));
}

export function sendJsonText(res: Response, status: number, body: string): void {
  res.status(status);
  res.setHeader("Content-Type", jsonContentType);
  res.end(`${body}\n`);
}

export type JsonObject = Record<string, unknown>;

/**
 * Reads a JSON object from the request body: 415 for another content type,
 * 413 past maxBytes, 400 when it is not exactly one JSON object. Unknown
 * fields are kept but never read, which is how they are ignored.
 */
export async function decodeJsonObject(req: Request, maxBytes: number): Promise<JsonObject> {
  if (mediaType(req.headers["content-type"]) !== "application/json") {
    throw unsupportedMediaType();
  }
  const text = await readBody(req, maxBytes);
  const start = text.search(/[^ \t\n\r]/);
  if (start === -1) throw badRequest("Request body must not be empty");
  const end = endOfFirstValue(text, start);
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end));
  } catch {
    throw badRequest("Request body is not valid JSON");
  }
  if (!/^[ \t\n\r]*$/.test(text.slice(end))) {
    throw badRequest("Request body must contain a single JSON value");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("Request body must be a JSON object");
  }
  return value as JsonObject;
}

/** The lower-cased type/subtype of a Content-Type header, or "" if malformed. */
function mediaType(header: string | undefined): string {
  const match = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(;.*)?$/s.exec(
    header ?? "",
  );
  return match?.[1]?.toLowerCase() ?? "";
}

async function readBody(req: Request, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        // The rest of the body is not worth reading: close after answering.
        req.res?.setHeader("Connection", "close");
        throw payloadTooLarge();
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // The client went away mid-body: its JSON is incomplete, which is the
    // client's problem, not a server error worth an alert.
    throw badRequest("Request body is not valid JSON");
  }
  // Invalid UTF-8 becomes U+FFFD, as in every other stack of the toolkit.
  return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
}

/**
 * Where the JSON value that starts at `start` ends, found by matching
 * brackets outside strings, so that `{} {}` is told apart from `{"a": 1`.
 * Whether the value itself is valid is JSON.parse's job.
 */
function endOfFirstValue(text: string, start: number): number {
  const first = text[start];
  if (first !== "{" && first !== "[") {
    if (first === '"') return endOfString(text, start);
    const match = /^[^ \t\n\r{}[\]",:]+/.exec(text.slice(start));
    return start + (match?.[0].length ?? 1);
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = endOfString(text, i) - 1;
    } else if (c === "{" || c === "[") {
      depth++;
    } else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

/** One value read from a JsonObject. */
export interface Field<T> {
  value: T | undefined;
  /** The key was in the object. */
  present: boolean;
  /** Its value was null. */
  isNull: boolean;
  /** Its value had the wrong type; already reported. */
  invalid: boolean;
}

/** Whether the field holds a usable value. */
export function isSet<T>(field: Field<T>): field is Field<T> & { value: T } {
  return field.present && !field.isNull && !field.invalid;
}

/** Collects every problem of a request, so one 422 lists them all. */
export class Validator {
  readonly problems: FieldError[] = [];

  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  /** Records message for field when ok is false. */
  check(ok: boolean, field: string, message: string): void {
    if (!ok) this.add(field, message);
  }

  /** Throws a 422 when anything was reported. */
  throwIfInvalid(): void {
    if (this.problems.length > 0) throw validationFailed(this.problems);
  }
}

function readField<T>(
  body: JsonObject,
  v: Validator,
  name: string,
  typeName: string,
  accepts: (value: unknown) => value is T,
): Field<T> {
  if (!Object.hasOwn(body, name)) {
    return { value: undefined, present: false, isNull: false, invalid: false };
  }
  const value = body[name];
  if (value === null) return { value: undefined, present: true, isNull: true, invalid: false };
  if (!accepts(value)) {
    v.add(name, `must be ${typeName}`);
    return { value: undefined, present: true, isNull: false, invalid: true };
  }
  return { value, present: true, isNull: false, invalid: false };
}

/**
 * Also refuses NUL characters: PostgreSQL cannot store them and SQLite's
 * length() stops at them, so they would fail deep in the database instead of
 * here, with a 422. Lone surrogates become U+FFFD, which is what the
 * database would store.
 */
export function readString(body: JsonObject, v: Validator, name: string): Field<string> {
  const field = readField(body, v, name, "a string", (x) => typeof x === "string");
  if (isSet(field)) {
    field.value = field.value.toWellFormed();
    if (field.value.includes("\0")) {
      v.add(name, "must not contain NUL characters");
      field.invalid = true;
    }
  }
  return field;
}

export function readBoolean(body: JsonObject, v: Validator, name: string): Field<boolean> {
  return readField(body, v, name, "a boolean", (x) => typeof x === "boolean");
}

/**
 * What the contract trims from text fields (titles, names, emails): the same
 * four characters in every stack, so "at most 200 characters after trimming"
 * means one thing whichever stack answers.
 */
export function trimText(s: string): string {
  return s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
}

/** Length in Unicode code points, which is what the contract's limits count. */
export function characterCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
