import type { PlatformEntry } from "../shared/platform-entry.ts";
import { PLATFORM_ID } from "./platform-id.ts";

/** Slack, when SLACK_BOT_TOKEN (or OAuth) is set (src/config.ts); its HTTP receiver serves the operations routes too. */
export const slackEntry: PlatformEntry = {
  id: PLATFORM_ID,
  async start(config, { logger, metrics, routes, store }) {
    if (!config.slack) return undefined;
    const { createSlackAdapter, slackOptionsFrom } = await import("./index.ts");
    const slackLogger = logger.child({ adapter: PLATFORM_ID });
    const adapter = createSlackAdapter({
      ...slackOptionsFrom(config.slack, store),
      logger: slackLogger,
      metrics,
      routes,
    });
    return config.slack.mode === "http"
      ? { adapter, servesRoutesAt: `port ${config.slack.port} (Slack receiver)` }
      : { adapter };
  },
};
