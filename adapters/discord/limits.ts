/**
 * Every Discord limit the bot's payloads touch, each with where it is published. The renderer keeps to these and the
 * Discord emulator (test/emulators/discord) refuses what breaks them, with Discord's own errors, so a payload the real
 * API would reject fails the suite.
 *
 * Sources:
 * - SPEC: Discord's OpenAPI description, github.com/discord/discord-api-spec `specs/openapi.json` (schema named).
 * - DOCS: discord.com/developers/docs (page named).
 */
export const DISCORD_LIMITS = {
  message: {
    /**
     * DOCS "Create Message": content up to 2,000 characters for bots. (SPEC `MessageCreateRequest.content` says 4,000,
     * the ceiling for users with a larger limit; `IncomingWebhookRequestPartial.content`, used by interaction
     * responses and follow-ups, says 2,000. Bots get "Must be 2000 or fewer in length".)
     */
    content: 2_000,
    /** DOCS "Components": a message holds up to 5 action rows (without the components-v2 flag). */
    actionRows: 5,
    /** SPEC `MessageCreateRequest.embeds` maxItems. */
    embeds: 10,
    /** SPEC `MessageCreateRequest.attachments` maxItems. */
    attachments: 10,
    /** SPEC `MessageCreateRequest.nonce` maxLength. */
    nonce: 25,
  },
  /** SPEC `ActionRowComponentForMessageRequest.components`: 1 to 5 buttons. */
  actionRow: { buttons: 5 },
  /** SPEC `ButtonComponentForMessageRequest`; DOCS "Components": custom ids are unique within a message. */
  button: {
    label: 80,
    customId: 100,
    /** SPEC `ButtonComponentForMessageRequest.url` maxLength (a Link button's address). */
    url: 512,
  },
  /** SPEC `RichEmbed` and DOCS "Embed Limits" (the 6,000 total over every embed of a message). */
  embed: { title: 256, description: 4_096, fields: 25, fieldName: 256, fieldValue: 1_024, total: 6_000 },
  /** SPEC `MessageAllowedMentionsRequest.users` maxItems. */
  allowedMentions: { users: 100 },
  thread: {
    /** SPEC `CreateTextThreadWithoutMessageRequest.name`: 1 to 100. */
    name: 100,
    /** SPEC `ThreadAutoArchiveDuration`: the only accepted values, in minutes. */
    autoArchiveMinutes: [60, 1_440, 4_320, 10_080] as const,
  },
  channel: {
    /** SPEC `CreateGuildChannelRequest.name`: 1 to 100. */
    name: 100,
    /** SPEC `CreateGuildChannelRequest.permission_overwrites` maxItems. */
    overwrites: 100,
    /**
     * DOCS (discord-api-docs PR #1289, "channel limit on categories"): 50 channels per category; Discord answers
     * 50035 `CHANNEL_PARENT_MAX_CHANNELS` on `parent_id`, no code of its own.
     */
    perCategory: 50,
    /** DOCS "JSON Error Codes" 30013: "Maximum number of guild channels reached (500)". */
    perGuild: 500,
  },
  modal: {
    /** SPEC `ModalInteractionCallbackRequestData.title` 1–45, `custom_id` 1–100. */
    title: 45,
    customId: 100,
    /** SPEC `ActionRowComponentForModalRequest.components`; DOCS "Modal": at most 5 inputs. */
    inputs: 5,
  },
  /** SPEC `TextInputComponentForModalRequest` and `LabelComponentForModalRequest`. */
  textInput: { label: 45, placeholder: 100, value: 4_000, maxLength: 4_000, labelDescription: 100 },
  /** SPEC `ApplicationCommandCreateRequest` and the option schemas: names 1–32, descriptions 1–100, 25 options. */
  command: { name: 32, description: 100, options: 25, choices: 25 },
} as const;

/** The smallest auto-archive duration that keeps a thread open for `ms`, capped at Discord's longest (7 days). */
export function autoArchiveFor(ms: number): (typeof DISCORD_LIMITS.thread.autoArchiveMinutes)[number] {
  const minutes = Math.ceil(ms / 60_000);
  const choices = DISCORD_LIMITS.thread.autoArchiveMinutes;
  return choices.find((m) => m >= minutes) ?? choices[choices.length - 1]!;
}
