/**
 * Registers `/quickmeet` (one subcommand per definition in commands/) for the Discord application.
 * With DISCORD_GUILD_ID: in that guild only (instant, for development). Without: globally (production).
 * Usage: `npx tsx scripts/discord-register.ts` with DISCORD_TOKEN and DISCORD_APP_ID set in .env or the environment.
 */
import { registerCommands } from "../adapters/discord/register.ts";
import { commands } from "../commands/index.ts";
import { loadConfig } from "../src/config.ts";
import { loadDotEnv } from "../src/env-file.ts";
import { ConfigError } from "../src/errors.ts";

try {
  loadDotEnv();
  const { discord } = loadConfig();
  if (!discord) throw new ConfigError("Set DISCORD_TOKEN and DISCORD_APP_ID (see .env.example) to register commands.");
  const result = await registerCommands(discord, commands);
  console.log(
    `Registered /quickmeet (${result.subcommands.join(", ")}) ${result.scope === "global" ? "globally (may take a while to appear)" : `in ${result.scope}`}.`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
