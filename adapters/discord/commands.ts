import {
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { CommandDefinition, OptionDoc } from "../../commands/types.ts";

/** The one top-level command; every CommandDefinition becomes a subcommand of it. */
export const ROOT_COMMAND = "quickmeet";

const TYPES: Record<OptionDoc["type"], ApplicationCommandOptionType> = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
  user: ApplicationCommandOptionType.User,
  channel: ApplicationCommandOptionType.Channel,
};

/** An option is required when its zod schema rejects "not given" (Discord omits unset options). */
function isRequired(definition: CommandDefinition, key: string): boolean {
  const schema = (definition.options.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>)[key];
  return schema ? !schema.safeParse(undefined).success : false;
}

function option(key: string, doc: OptionDoc, required: boolean): APIApplicationCommandBasicOption {
  const base = { name: key, description: doc.description.slice(0, 100), required };
  switch (doc.type) {
    case "integer":
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(doc.choices ? { choices: doc.choices.map((c) => ({ name: String(c), value: Number(c) })) } : {}),
        ...(doc.min !== undefined && !doc.choices ? { min_value: doc.min } : {}),
        ...(doc.max !== undefined && !doc.choices ? { max_value: doc.max } : {}),
      };
    case "string":
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(doc.choices ? { choices: doc.choices.map((c) => ({ name: String(c), value: String(c) })) } : {}),
      };
    case "channel":
      // Text channels only: Quick Meets run in them, so only they can have stats.
      return { ...base, type: ApplicationCommandOptionType.Channel, channel_types: [ChannelType.GuildText] };
    default:
      return { ...base, type: TYPES[doc.type] } as APIApplicationCommandBasicOption;
  }
}

/**
 * `/quickmeet` with one subcommand per definition, generated from the same list the core serves (never a second
 * copy). Required options come first, as Discord demands. Guild-only: sessions run in server channels.
 */
export function buildSlashCommand(
  definitions: readonly CommandDefinition[],
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  if (definitions.length > 25)
    throw new Error(`Discord allows 25 subcommands; commands/ defines ${definitions.length}`);
  return {
    type: ApplicationCommandType.ChatInput,
    name: ROOT_COMMAND,
    description: "Quick Meets: short private conversations that start from common ground",
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: definitions.map((definition) => {
      const options = Object.entries(definition.optionDocs as Record<string, OptionDoc>)
        .map(([key, doc]) => option(key, doc, isRequired(definition, key)))
        .sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false));
      if (options.length > 25) throw new Error(`/${ROOT_COMMAND} ${definition.name} has more than 25 options`);
      return {
        type: ApplicationCommandOptionType.Subcommand,
        name: definition.name,
        description: definition.description.slice(0, 100),
        options,
      };
    }),
  };
}
