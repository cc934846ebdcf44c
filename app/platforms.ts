import { discordEntry } from "../adapters/discord/entry.ts";
import type { PlatformEntry } from "../adapters/shared/platform-entry.ts";
import { slackEntry } from "../adapters/slack/entry.ts";

/**
 * The platforms `npm start` serves when configured, in start order. A new platform is its adapters/<name>/ folder
 * plus one line here (ARCHITECTURE.md, "Adding a platform"). The sandbox is not listed: it is what runs when none is.
 */
export const PLATFORMS: readonly PlatformEntry[] = [discordEntry, slackEntry];
