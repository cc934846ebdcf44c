/** How an inbound command, form or click ended, as counted by the metrics. */
export type Outcome = "ok" | "duplicate" | "error" | "restarting";

/**
 * The metrics port: what the core and the adapters count and time. The Prometheus implementation lives in
 * src/ops/prometheus.ts; tests and the CLI use `noMetrics`. Every duration is in milliseconds.
 */
export interface Metrics {
  /** Time from an event reaching the adapter to its acknowledgement being sent (the platforms allow 3 s). */
  ack(platform: string, ms: number): void;
  /** A slash command (or its form) ended with `outcome`. */
  command(name: string, outcome: Outcome): void;
  /** A button click ended with `outcome`; `action` is the button's kind (join, leave, feedback...). */
  click(action: string, outcome: Outcome): void;
  /** A round started opening its group spaces. */
  roundOpened(platform: string): void;
  /** A group space (thread, group DM) was opened, or could not be (`reason` is the error code). */
  space(platform: string, result: "opened" | "failed", reason?: string): void;
  /** The platform answered 429 (the client waits and retries). */
  rateLimited(platform: string): void;
  /** The platform client retried a call (after a 429 or a server error). */
  retried(platform: string): void;
  /** A stored job ran `lagMs` after it was due. */
  jobRan(kind: string, lagMs: number): void;
  /** A round plan took `ms` to compute. */
  planned(ms: number): void;
  /** A store operation took `ms`. */
  store(operation: string, ms: number, ok: boolean): void;
}

const nothing = () => {};

/** Counts nothing (tests, CLI). */
export const noMetrics: Metrics = {
  ack: nothing,
  command: nothing,
  click: nothing,
  roundOpened: nothing,
  space: nothing,
  rateLimited: nothing,
  retried: nothing,
  jobRan: nothing,
  planned: nothing,
  store: nothing,
};
