import type { AppConfig } from "../../src/config.ts";
import type { Logger } from "../../src/logger.ts";
import type { Metrics } from "../../src/metrics.ts";
import type { HttpRoute } from "../../src/ops/http.ts";
import type { PlatformAdapter } from "../../src/platform/adapter.ts";
import type { Store } from "../../src/store/port.ts";

/** What the composition root hands a platform it starts. */
export interface PlatformStartDeps {
  logger: Logger;
  metrics: Metrics;
  /**
   * /healthz, /readyz and /metrics, for a platform whose own HTTP server can serve them; a platform may add its own
   * HTTP endpoints (Discord's Interactions Endpoint URL) to be served beside them.
   */
  routes: HttpRoute[];
  /** The bot's store, for a platform that keeps its own records in it (Slack's installations). */
  store: Store;
  /** Several processes share `store` (PostgreSQL): a platform paces its calls on slots kept there. */
  shared: boolean;
}

/** A platform's adapter as started, and where it serves the operations routes when its own server does. */
export interface StartedPlatform {
  adapter: PlatformAdapter;
  /** Set when this platform's HTTP server serves `routes` (then no separate operations server is started). */
  servesRoutesAt?: string;
}

/**
 * One platform `npm start` can serve (app/platforms.ts lists them). Its SDK is imported inside `start`, so a platform
 * that is not configured costs nothing.
 */
export interface PlatformEntry {
  id: string;
  /** The started adapter when this platform's settings are in the configuration, otherwise undefined. */
  start(config: AppConfig, deps: PlatformStartDeps): Promise<StartedPlatform | undefined>;
}
