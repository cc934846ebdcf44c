import type { PlatformEntry } from "../shared/platform-entry.ts";
import { PLATFORM_ID } from "./platform-id.ts";

/** Slack, when SLACK_BOT_TOKEN is set (src/config.ts); its HTTP receiver serves the operations routes too. */
export const slackEntry: PlatformEntry = {
  id: PLATFORM_ID,
  async start(config, { logger, metrics, routes }) {
    if (!config.slack) return undefined;
    const { createSlackAdapter } = await import("./index.ts");
    const adapter = createSlackAdapter({
      ...config.slack,
      logger: logger.child({ adapter: PLATFORM_ID }),
      metrics,
      routes,
    });
    return config.slack.mode === "http"
      ? { adapter, servesRoutesAt: `port ${config.slack.port} (Slack receiver)` }
      : { adapter };
  },
};
