// The only module that talks to a database driver. It opens SQLite
// (node:sqlite) or PostgreSQL (pg) from a URL and offers one small interface
// to the repositories. Queries are written once, with ? placeholders, in the
// SQL subset both engines share; the PostgreSQL side rewrites placeholders to
// $1, $2, ... Every statement is counted for db_queries_total.

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import pg from "pg";

export type Dialect = "sqlite" | "postgres";
export type SqlValue = string | number | bigint | boolean | null | Date;
export type Row = Record<string, unknown>;

/** Runs statements on the pool or inside a transaction. */
export interface Queryer {
  readonly dialect: Dialect;
  /** Rows of a SELECT, or of a write with RETURNING. */
  query(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** A write; resolves to the number of rows it changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Several statements without parameters, such as a migration file. */
  executeScript(sql: string): Promise<void>;
}

export interface Database extends Queryer {
  /** Commits when fn resolves, rolls back when it rejects. */
  transaction<T>(fn: (q: Queryer) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Statements sent since the database was opened. */
  readonly queryCount: number;
}

/** A unique constraint refused the write. */
export class UniqueViolation extends Error {
  constructor(cause: unknown) {
    super("unique constraint violated", { cause });
    this.name = "UniqueViolation";
  }
}

export async function openDatabase(url: string): Promise<Database> {
  if (url === "sqlite::memory:") return new SqliteDatabase(":memory:");
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length);
    mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
    return new SqliteDatabase(path);
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const database = new PostgresDatabase(url);
    try {
      await database.ping();
    } catch (error) {
      await database.close();
      throw new Error(`connect to postgres database: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return database;
  }
  throw new Error(`unsupported database URL scheme in ${JSON.stringify(url)}`);
}

/** A timestamp as both engines store and return it: UTC, millisecond precision. */
export function timestamp(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

/** SQLite returns 0 and 1 for booleans, PostgreSQL true and false. */
export function bool(value: unknown): boolean {
  return value === true || value === 1 || value === 1n;
}

/** PostgreSQL returns BIGINT and COUNT(*) as strings, so no precision is lost. */
export function int(value: unknown): number {
  return Number(value);
}

class SqliteDatabase implements Database {
  readonly dialect = "sqlite";
  readonly #db: DatabaseSync;
  #queries = 0;
  // node:sqlite is synchronous and has one connection, so a transaction that
  // awaits between statements would let other requests' statements into it.
  // Every operation therefore waits for the one before it.
  #tail: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    // WAL lets readers proceed while one writer commits; the busy timeout
    // makes another process's writer wait instead of failing.
    this.#db.exec("PRAGMA foreign_keys = ON");
    this.#db.exec("PRAGMA busy_timeout = 5000");
    if (path !== ":memory:") this.#db.exec("PRAGMA journal_mode = WAL");
  }

  get queryCount(): number {
    return this.#queries;
  }

  #serialised<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.#tail.then(fn, fn);
    this.#tail = run.catch(() => {});
    return run;
  }

  #direct(): Queryer {
    return {
      dialect: this.dialect,
      query: async (sql, params = []) => {
        this.#queries++;
        return wrapSqliteErrors(() => this.#db.prepare(sql).all(...sqliteParams(params)) as Row[]);
      },
      execute: async (sql, params = []) => {
        this.#queries++;
        return wrapSqliteErrors(() =>
          Number(this.#db.prepare(sql).run(...sqliteParams(params)).changes),
        );
      },
      executeScript: async (sql) => {
        this.#queries++;
        wrapSqliteErrors(() => this.#db.exec(sql));
      },
    };
  }

  query(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return this.#serialised(() => this.#direct().query(sql, params));
  }

  execute(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.#serialised(() => this.#direct().execute(sql, params));
  }

  executeScript(sql: string): Promise<void> {
    return this.#serialised(() => this.#direct().executeScript(sql));
  }

  transaction<T>(fn: (q: Queryer) => Promise<T>): Promise<T> {
    return this.#serialised(async () => {
      const q = this.#direct();
      // IMMEDIATE takes the write lock up front, so two processes that both
      // read before they write cannot deadlock.
      await q.executeScript("BEGIN IMMEDIATE");
      try {
        const result = await fn(q);
        await q.executeScript("COMMIT");
        return result;
      } catch (error) {
        await q.executeScript("ROLLBACK");
        throw error;
      }
    });
  }

  async ping(): Promise<void> {
    await this.query("SELECT 1");
  }

  async close(): Promise<void> {
    await this.#serialised(() => this.#db.close());
  }
}

function sqliteParams(params: readonly SqlValue[]): SQLInputValue[] {
  return params.map((p) => {
    if (typeof p === "boolean") return p ? 1 : 0;
    if (p instanceof Date) return p.toISOString();
    return p;
  });
}

function wrapSqliteErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    // 2067 is SQLITE_CONSTRAINT_UNIQUE, 1555 SQLITE_CONSTRAINT_PRIMARYKEY.
    const code = (error as { errcode?: number }).errcode;
    if (code === 2067 || code === 1555) throw new UniqueViolation(error);
    throw error;
  }
}

// DATE columns stay YYYY-MM-DD strings: a calendar date is not an instant,
// and pg's default would turn it into a Date at local midnight.
const dateOid = 1082;
pg.types.setTypeParser(dateOid, (value: string) => value);

class PostgresDatabase implements Database {
  readonly dialect = "postgres";
  readonly #pool: pg.Pool;
  #queries = 0;

  constructor(url: string) {
    this.#pool = new pg.Pool({
      connectionString: url,
      max: 16,
      idleTimeoutMillis: 5 * 60 * 1000,
      connectionTimeoutMillis: 5000,
    });
    // An idle client that loses its connection emits this; without a
    // listener it would crash the process. The next query reconnects.
    this.#pool.on("error", () => {});
  }

  get queryCount(): number {
    return this.#queries;
  }

  #on(client: pg.Pool | pg.PoolClient): Queryer {
    const run = async (sql: string, params: readonly SqlValue[]) => {
      this.#queries++;
      try {
        return await client.query(rebind(sql), params.map(postgresParam));
      } catch (error) {
        if ((error as { code?: string }).code === "23505") throw new UniqueViolation(error);
        throw error;
      }
    };
    return {
      dialect: this.dialect,
      query: async (sql, params = []) => (await run(sql, params)).rows as Row[],
      execute: async (sql, params = []) => (await run(sql, params)).rowCount ?? 0,
      executeScript: async (sql) => {
        this.#queries++;
        await client.query(sql);
      },
    };
  }

  query(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return this.#on(this.#pool).query(sql, params);
  }

  execute(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.#on(this.#pool).execute(sql, params);
  }

  executeScript(sql: string): Promise<void> {
    return this.#on(this.#pool).executeScript(sql);
  }

  async transaction<T>(fn: (q: Queryer) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    const q = this.#on(client);
    try {
      await q.executeScript("BEGIN");
      const result = await fn(q);
      await q.executeScript("COMMIT");
      return result;
    } catch (error) {
      await q.executeScript("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async ping(): Promise<void> {
    await this.query("SELECT 1");
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

function postgresParam(p: SqlValue): unknown {
  // pg has no encoding for BigInt; its decimal text is what PostgreSQL parses.
  return typeof p === "bigint" ? p.toString() : p;
}

/**
 * Turns ? placeholders into $1, $2, ... The queries of this service never
 * contain a literal question mark, so a plain scan is enough.
 */
export function rebind(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
