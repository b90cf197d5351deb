// Typed configuration from environment variables. Every variable has a default
// that works on a developer machine, and loadConfig reports every problem at
// once, so a broken deployment is fixed in one round trip instead of one per
// variable.

export const environments = ["development", "test", "production"] as const;
export type AppEnv = (typeof environments)[number];

export const logLevels = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof logLevels)[number];

export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  /** Empty: in-process cache and rate limiting. */
  redisUrl: string;
  /** Empty: the caller generates one per process. */
  jwtSecret: Buffer;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** 0 disables the limit. */
  rateLimitRpm: number;
  /** Requests per minute for login and register; 0 disables. */
  authRateLimitRpm: number;
  corsOrigins: string[];
  maxBodyBytes: number;
  adminEmail: string;
  adminPassword: string;
  logLevel: LogLevel;
  appEnv: AppEnv;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Thrown by loadConfig; its message is the one line an operator sees on stderr. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

// RFC 7518 section 3.2: an HS256 key must be at least as long as the hash output.
const minJwtSecretBytes = 32;

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const str = (name: string, fallback: string): string => env[name]?.trim() || fallback;
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim() ?? "";
    if (raw === "") return fallback;
    if (!/^[+-]?\d+$/.test(raw)) {
      problems.push(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    const n = Number(raw);
    if (n < min || n > max) {
      problems.push(`${name} must be between ${min} and ${max}, got ${n}`);
      return fallback;
    }
    return n;
  };

  const config: Config = {
    host: str("HOST", "127.0.0.1"),
    port: integer("PORT", 8080, 0, 65535),
    databaseUrl: str("DATABASE_URL", "sqlite:./data/app.db"),
    redisUrl: str("REDIS_URL", ""),
    jwtSecret: Buffer.alloc(0),
    accessTtlSeconds: integer("ACCESS_TTL_SECONDS", 900, 1, 86400),
    refreshTtlSeconds: integer("REFRESH_TTL_SECONDS", 604800, 1, 31536000),
    rateLimitRpm: integer("RATE_LIMIT_RPM", 600, 0, 1000000),
    authRateLimitRpm: integer("AUTH_RATE_LIMIT_RPM", 20, 0, 1000000),
    corsOrigins: str("CORS_ORIGINS", "http://localhost:3000")
      .split(",")
      .map((origin) => origin.trim().replace(/\/$/, ""))
      .filter((origin) => origin !== ""),
    maxBodyBytes: integer("MAX_BODY_BYTES", 1048576, 1, 2 ** 30),
    adminEmail: str("ADMIN_EMAIL", "").toLowerCase(),
    adminPassword: str("ADMIN_PASSWORD", ""),
    logLevel: str("LOG_LEVEL", "info").toLowerCase() as LogLevel,
    appEnv: str("APP_ENV", "development").toLowerCase() as AppEnv,
  };

  const secret = env.JWT_SECRET ?? "";
  if (secret !== "") {
    config.jwtSecret = Buffer.from(secret, "utf8");
    if (config.jwtSecret.length < minJwtSecretBytes) {
      problems.push(`JWT_SECRET must be at least ${minJwtSecretBytes} bytes long`);
    }
  }
  if (!isIpAddress(config.host) && !isHostname(config.host)) {
    problems.push(`HOST ${JSON.stringify(config.host)} is not an IP address or host name`);
  }
  const databaseProblem = validateDatabaseUrl(config.databaseUrl);
  if (databaseProblem) problems.push(`DATABASE_URL ${databaseProblem}`);
  if (config.redisUrl !== "") {
    const url = URL.parse(config.redisUrl);
    if (!url || (url.protocol !== "redis:" && url.protocol !== "rediss:") || url.host === "") {
      problems.push("REDIS_URL must look like redis://host:port/db");
    }
  }
  for (const origin of config.corsOrigins) {
    if (origin === "*") continue;
    const url = URL.parse(origin);
    const isOrigin =
      url !== null &&
      (url.protocol === "http:" || url.protocol === "https:") &&
      url.host !== "" &&
      url.pathname === "/" &&
      url.search === "" &&
      url.hash === "";
    if (!isOrigin) {
      problems.push(
        `CORS_ORIGINS entry ${JSON.stringify(origin)} is not an origin such as https://example.com`,
      );
    }
  }
  if (!logLevels.includes(config.logLevel)) {
    problems.push("LOG_LEVEL must be one of debug, info, warn, error");
  }
  if (!environments.includes(config.appEnv)) {
    problems.push("APP_ENV must be one of development, test, production");
  }
  if (config.appEnv === "production" && config.jwtSecret.length === 0) {
    problems.push("JWT_SECRET is required when APP_ENV=production");
  }
  if ((config.adminEmail === "") !== (config.adminPassword === "")) {
    problems.push("ADMIN_EMAIL and ADMIN_PASSWORD must be set together");
  }
  const adminPasswordLength = [...config.adminPassword].length;
  if (config.adminPassword !== "" && (adminPasswordLength < 8 || adminPasswordLength > 128)) {
    problems.push("ADMIN_PASSWORD must be 8 to 128 characters long");
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Accepts the three forms the service can open: sqlite::memory:, sqlite:PATH
 * and postgres://user:pass@host:port/db. Returns the problem, or undefined.
 */
export function validateDatabaseUrl(raw: string): string | undefined {
  if (raw === "sqlite::memory:") return undefined;
  if (raw.startsWith("sqlite:")) {
    return raw.slice("sqlite:".length) === "" ? "sqlite: needs a file path or :memory:" : undefined;
  }
  if (raw.startsWith("postgres://") || raw.startsWith("postgresql://")) {
    const url = URL.parse(raw);
    if (!url || url.host === "" || url.pathname.replace(/^\/+|\/+$/g, "") === "") {
      return "must look like postgres://user:pass@host:port/db";
    }
    return undefined;
  }
  return "must start with sqlite: or postgres://";
}

function isIpAddress(host: string): boolean {
  const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  return ipv4.test(host) || (host.includes(":") && URL.canParse(`http://[${host}]/`));
}

function isHostname(host: string): boolean {
  if (host === "" || host.length > 253) return false;
  return host
    .split(".")
    .every((label) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));
}

/** The address to listen on, as it appears in logs. */
export function listenAddress(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
