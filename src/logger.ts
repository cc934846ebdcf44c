/** Structured logging port: one line per event, fields as an object. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose every line also carries `bindings` (one per adapter, community, session). */
  child(bindings: Record<string, unknown>): Logger;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Field names whose values never reach a log line: credentials, and what members typed (message text, profile fields,
 * answers). The code does not log them on purpose; this catches the accident (an SDK option bag, a request payload).
 */
const HIDDEN_KEY =
  /token|secret|password|authori[sz]ation|cookie|^text$|content|profile|answers?$|^about$|interests|^body$|payload/i;
const MAX_DEPTH = 4;

export interface SerializedError {
  type: string;
  message: string;
  code?: string | number;
  status?: number;
  /** Which permission or how long to wait, for typed platform errors. */
  details?: Record<string, unknown>;
  stack?: string;
  cause?: SerializedError | string;
}

/** An error as a log field: its type, message, code, stack and `cause` chain, and nothing it carries besides. */
export function serializeError(error: Error, depth = 0): SerializedError {
  const e = error as Error & { code?: unknown; status?: unknown; details?: unknown; data?: { error?: unknown } };
  const out: SerializedError = { type: e.name, message: e.message };
  if (typeof e.code === "string" || typeof e.code === "number") out.code = e.code;
  if (typeof e.status === "number") out.status = e.status;
  // Slack's Web API puts the platform's error name ("channel_not_found") under data.error.
  if (typeof e.data?.error === "string") out.details = { platformError: e.data.error };
  if (e.details && typeof e.details === "object") {
    const { permission, retryAfterMs } = e.details as { permission?: unknown; retryAfterMs?: unknown };
    out.details = {
      ...out.details,
      ...(permission !== undefined ? { permission } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (e.stack) out.stack = e.stack;
  if (e.cause !== undefined && depth < MAX_DEPTH) {
    out.cause = e.cause instanceof Error ? serializeError(e.cause, depth + 1) : String(e.cause);
  }
  return out;
}

function clean(value: unknown, depth: number): unknown {
  if (value instanceof Error) return serializeError(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  return cleanFields(value as Record<string, unknown>, depth + 1);
}

/** Fields ready for a log line: errors serialized, hidden keys replaced by "[hidden]". */
export function cleanFields(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, HIDDEN_KEY.test(k) ? "[hidden]" : clean(v, depth)]),
  );
}

/** Logs text lines to stderr (stdout stays free for CLI output), from `level` up. The CLI's logger. */
export function createConsoleLogger(level: LogLevel = "info", bindings: Record<string, unknown> = {}): Logger {
  const at = (l: Exclude<LogLevel, "silent">) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[l] < ORDER[level]) return;
    const all = { ...bindings, ...fields };
    const shown = Object.keys(all).length > 0 ? ` ${JSON.stringify(cleanFields(all))}` : "";
    process.stderr.write(`${new Date().toISOString()} ${l.padEnd(5)} ${message}${shown}\n`);
  };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (more) => createConsoleLogger(level, { ...bindings, ...more }),
  };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
