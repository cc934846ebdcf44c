import { REST, Routes } from "discord.js";
import type { CommandDefinition } from "../../commands/types.ts";
import { buildSlashCommand } from "./commands.ts";

export interface RegisterOptions {
  token: string;
  appId: string;
  /** Register in one guild (instant, for development); global otherwise (production). */
  guildId?: string;
  apiUrl?: string;
}

/** Replaces the application's commands with `/quickmeet` built from `definitions` (one PUT, idempotent). */
export async function registerCommands(
  options: RegisterOptions,
  definitions: readonly CommandDefinition[],
): Promise<{ scope: string; subcommands: string[] }> {
  const rest = new REST({ api: options.apiUrl ?? "https://discord.com/api" }).setToken(options.token);
  const body = [buildSlashCommand(definitions)];
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.appId, options.guildId)
    : Routes.applicationCommands(options.appId);
  await rest.put(route, { body });
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
  return {
    scope: options.guildId ? `guild ${options.guildId}` : "global",
    subcommands: definitions.map((d) => d.name),
  };
}
