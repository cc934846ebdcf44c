import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import type { Metrics } from "../metrics.ts";

const s = (ms: number) => ms / 1000;

/** Metrics in Prometheus' text format, each under `quickmeet_` (plus Node's defaults under `nodejs_`/`process_`). */
export interface PrometheusMetrics extends Metrics {
  readonly registry: Registry;
  /** The scrape body. */
  render(): Promise<string>;
  readonly contentType: string;
}

/** One registry per call (not prom-client's global one), so tests and several bots in a process stay apart. */
export function createPrometheusMetrics(): PrometheusMetrics {
  const registry = new Registry();
  // Includes nodejs_eventloop_lag_seconds: a busy event loop is what delays acknowledgements first.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const ack = new Histogram({
    name: "quickmeet_ack_seconds",
    help: "Time from an event reaching the adapter to its acknowledgement (platforms allow 3 s)",
    labelNames: ["platform"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers,
  });
  const commands = new Counter({
    name: "quickmeet_commands_total",
    help: "Slash commands and forms handled, by command and outcome",
    labelNames: ["name", "outcome"],
    registers,
  });
  const clicks = new Counter({
    name: "quickmeet_clicks_total",
    help: "Button clicks handled, by action and outcome",
    labelNames: ["action", "outcome"],
    registers,
  });
  const rounds = new Counter({
    name: "quickmeet_rounds_opened_total",
    help: "Rounds that started opening their group spaces",
    labelNames: ["platform"],
    registers,
  });
  const spaces = new Counter({
    name: "quickmeet_spaces_total",
    help: "Group spaces opened or failed, by platform, result and failure reason",
    labelNames: ["platform", "result", "reason"],
    registers,
  });
  const limited = new Counter({
    name: "quickmeet_platform_rate_limited_total",
    help: "429 answers from the platform",
    labelNames: ["platform"],
    registers,
  });
  const retries = new Counter({
    name: "quickmeet_platform_retries_total",
    help: "Platform calls retried by the client (after a 429 or a server error)",
    labelNames: ["platform"],
    registers,
  });
  const jobLag = new Histogram({
    name: "quickmeet_job_lag_seconds",
    help: "Time from a stored job being due to it running",
    labelNames: ["kind"],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers,
  });
  const planning = new Histogram({
    name: "quickmeet_planning_seconds",
    help: "Time to compute a round plan",
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers,
  });
  const store = new Histogram({
    name: "quickmeet_store_seconds",
    help: "Store operation latency, by operation and result",
    labelNames: ["operation", "result"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers,
  });
  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    ack: (platform, ms) => ack.observe({ platform }, s(ms)),
    command: (name, outcome) => commands.inc({ name, outcome }),
    click: (action, outcome) => clicks.inc({ action, outcome }),
    roundOpened: (platform) => rounds.inc({ platform }),
    space: (platform, result, reason) => spaces.inc({ platform, result, reason: reason ?? "" }),
    rateLimited: (platform) => limited.inc({ platform }),
    retried: (platform) => retries.inc({ platform }),
    jobRan: (kind, lagMs) => jobLag.observe({ kind }, s(Math.max(0, lagMs))),
    planned: (ms) => planning.observe(s(ms)),
    store: (operation, ms, ok) => store.observe({ operation, result: ok ? "ok" : "error" }, s(ms)),
  };
}
