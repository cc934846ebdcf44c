import type { Writable } from "node:stream";
import { pino } from "pino";
import pretty from "pino-pretty";
import { cleanFields, type Logger, type LogLevel } from "../logger.ts";

export interface PinoLoggerOptions {
  level: LogLevel;
  /** `json`: one JSON object per line (production, log shippers). `pretty`: coloured text for a terminal. */
  format: "json" | "pretty";
  /** Where lines go; default stderr (stdout stays free for the sandbox banner and CLI output). */
  destination?: Writable;
}

/** The production Logger: pino, with the core's field rules (errors with stack and cause, hidden keys) applied. */
export function createPinoLogger(options: PinoLoggerOptions): Logger {
  const destination =
    options.format === "pretty"
      ? pretty({ destination: options.destination ?? 2, colorize: !options.destination, sync: true })
      : (options.destination ?? pino.destination({ fd: 2, sync: true }));
  const root = pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names ("warn") rather than numbers: readable in a terminal and in any log search.
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return wrap(root);
}

function wrap(p: pino.Logger): Logger {
  const at =
    (level: "debug" | "info" | "warn" | "error") =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (!p.isLevelEnabled(level)) return;
      if (fields) p[level](cleanFields(fields), message);
      else p[level](message);
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (bindings) => wrap(p.child(cleanFields(bindings))),
  };
}
