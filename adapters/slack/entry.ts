import type { PlatformEntry } from "../shared/platform-entry.ts";
import { PLATFORM_ID } from "./platform-id.ts";

/** Slack, when SLACK_BOT_TOKEN (or OAuth) is set (src/config.ts); its HTTP receiver serves the operations routes too. */
export const slackEntry: PlatformEntry = {
  id: PLATFORM_ID,
  async start(config, { logger, metrics, routes, store, shared }) {
    if (!config.slack) return undefined;
    const { createSlackAdapter, slackOptionsFrom, slotsInStore } = await import("./index.ts");
    const slackLogger = logger.child({ adapter: PLATFORM_ID });
    // Slack's limits are per method per workspace per app: with several processes, every one paces on shared slots.
    const pacing = shared ? { pacing: { shared: slotsInStore(store, config.slack.botToken ?? "") } } : {};
    const adapter = createSlackAdapter({
      ...slackOptionsFrom(config.slack, store),
      logger: slackLogger,
      metrics,
      routes,
      ...pacing,
    });
    return config.slack.mode === "http"
      ? { adapter, servesRoutesAt: `port ${config.slack.port} (Slack receiver)` }
      : { adapter };
  },
};
