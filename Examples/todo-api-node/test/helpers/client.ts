import assert from "node:assert/strict";
import type { TestServer } from "./test-server.ts";

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  json(): Record<string, unknown>;
}

export interface RequestOptions {
  /** A string is sent as it is, anything else as JSON. */
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

/** Sends requests to one server, optionally with a bearer token. */
export class Client {
  readonly baseUrl: string;
  readonly token: string | undefined;

  constructor(server: TestServer | string, token?: string) {
    this.baseUrl = typeof server === "string" ? server : server.baseUrl;
    this.token = token;
  }

  withToken(token: string): Client {
    return new Client(this.baseUrl, token);
  }

  async do(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["Content-Type"] = "application/json";
    }
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    Object.assign(headers, options.headers);
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body,
      redirect: "manual",
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: () => {
        const value: unknown = JSON.parse(text);
        assert.ok(typeof value === "object" && value !== null, `not a JSON object: ${text}`);
        return value as Record<string, unknown>;
      },
    };
  }
}

/** Fails unless the status is want; returns the response for chaining. */
export function expectStatus(response: TestResponse, want: number): TestResponse {
  assert.equal(
    response.status,
    want,
    `status ${response.status}, want ${want}; body: ${response.text}`,
  );
  return response;
}

/**
 * Checks the error envelope: status, code, request_id equal to the
 * X-Request-ID header, and exactly the fields named in details.
 */
export function expectError(
  response: TestResponse,
  status: number,
  code: string,
  ...fields: string[]
): Record<string, unknown> {
  expectStatus(response, status);
  assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
  const envelope = response.json().error as Record<string, unknown> | undefined;
  assert.ok(envelope, `no error envelope: ${response.text}`);
  assert.equal(envelope.code, code);
  assert.ok(typeof envelope.message === "string" && envelope.message !== "", "empty message");
  const requestId = response.headers.get("x-request-id");
  assert.ok(requestId);
  assert.equal(envelope.request_id, requestId);
  if (code === "VALIDATION_ERROR") {
    const details = envelope.details as { field: string; message: string }[];
    assert.ok(Array.isArray(details), "VALIDATION_ERROR without details");
    const named = new Set(details.map((d) => d.field));
    for (const field of fields)
      assert.ok(named.has(field), `details lack ${field}: ${response.text}`);
    for (const d of details) assert.ok(fields.includes(d.field), `unexpected detail ${d.field}`);
  } else {
    assert.equal(envelope.details, undefined, "details on a non-validation error");
  }
  return envelope;
}

export interface TestUser {
  id: number;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** Registers and logs in a fresh user. */
export async function registerUser(server: TestServer, label: string): Promise<TestUser> {
  const client = new Client(server);
  const email = `${label}-${Math.random().toString(16).slice(2)}@example.com`;
  const password = "correct horse battery staple";
  const created = expectStatus(
    await client.do("POST", "/api/v1/auth/register", { body: { email, password, name: label } }),
    201,
  ).json();
  const tokens = expectStatus(
    await client.do("POST", "/api/v1/auth/login", { body: { email, password } }),
    200,
  ).json();
  return {
    id: created.id as number,
    email,
    password,
    accessToken: tokens.access_token as string,
    refreshToken: tokens.refresh_token as string,
  };
}
