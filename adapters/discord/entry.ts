import type { PlatformEntry } from "../shared/platform-entry.ts";
import { PLATFORM_ID } from "./platform-id.ts";

/** Discord, when DISCORD_TOKEN and DISCORD_APP_ID are set (src/config.ts). */
export const discordEntry: PlatformEntry = {
  id: PLATFORM_ID,
  async start(config, { logger, metrics, routes }) {
    if (!config.discord) return undefined;
    const { createDiscordAdapter } = await import("./index.ts");
    const adapter = createDiscordAdapter({
      ...config.discord,
      logger: logger.child({ adapter: PLATFORM_ID }),
      metrics,
    });
    // The Interactions Endpoint URL (when DISCORD_PUBLIC_KEY is set) is served beside /healthz: on the operations
    // port, or on Slack's receiver port in Slack HTTP mode.
    routes.push(...adapter.routes);
    return { adapter };
  },
};
