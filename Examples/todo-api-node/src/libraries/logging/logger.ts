import type { LogLevel } from "../config/config.ts";

export type LogAttributes = Record<string, unknown>;

export interface Logger {
  debug(message: string, attributes?: LogAttributes): void;
  info(message: string, attributes?: LogAttributes): void;
  warn(message: string, attributes?: LogAttributes): void;
  error(message: string, attributes?: LogAttributes): void;
}

export interface LogSink {
  write(line: string): unknown;
}

const severities: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * JSON lines, one object per event, with the same keys as the other stacks
 * of the toolkit (time, level, msg, then the event's attributes), so one log
 * pipeline reads them all.
 */
export function createLogger(sink: LogSink, level: LogLevel): Logger {
  const threshold = severities[level];
  const log = (lineLevel: LogLevel, message: string, attributes: LogAttributes = {}) => {
    if (severities[lineLevel] < threshold) return;
    const line = {
      time: new Date().toISOString(),
      level: lineLevel.toUpperCase(),
      msg: message,
      ...attributes,
    };
    sink.write(`${JSON.stringify(line)}\n`);
  };
  return {
    debug: (message, attributes) => log("debug", message, attributes),
    info: (message, attributes) => log("info", message, attributes),
    warn: (message, attributes) => log("warn", message, attributes),
    error: (message, attributes) => log("error", message, attributes),
  };
}
