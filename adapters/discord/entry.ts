import type { PlatformEntry } from "../shared/platform-entry.ts";
import { PLATFORM_ID } from "./platform-id.ts";

/** Discord, when DISCORD_TOKEN and DISCORD_APP_ID are set (src/config.ts). */
export const discordEntry: PlatformEntry = {
  id: PLATFORM_ID,
  async start(config, { logger, metrics }) {
    if (!config.discord) return undefined;
    const { createDiscordAdapter } = await import("./index.ts");
    return {
      adapter: createDiscordAdapter({ ...config.discord, logger: logger.child({ adapter: PLATFORM_ID }), metrics }),
    };
  },
};
