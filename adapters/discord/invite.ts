import { OAuth2Scopes, PermissionFlagsBits } from "discord.js";

/**
 * Exactly the bot permissions quickmeet uses, granted through the invite (the bot's managed role):
 * View Channel + Send Messages (lobby, countdown edits), Attach Files (charts/CSV posted in a channel),
 * Create Private Threads + Send Messages in Threads (one private thread per group, intros and nudges),
 * Manage Threads (lock at round end, see private threads). No Message Content, no Administrator.
 * Voice rounds (`mode:voice`) need three more, asked only by servers that use them: see `VOICE_INVITE_PERMISSIONS`.
 */
export const INVITE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ManageThreads;

/**
 * For voice rounds: Manage Channels (create and delete each group's private voice room and its category), Move
 * Members (move members from the lobby voice channel into their room and back), Connect (a bot may only move members
 * into channels it can connect to, and may only grant in overwrites what it holds).
 */
export const VOICE_INVITE_PERMISSIONS =
  INVITE_PERMISSIONS |
  PermissionFlagsBits.ManageChannels |
  PermissionFlagsBits.MoveMembers |
  PermissionFlagsBits.Connect;

/** `bot` joins the server; `applications.commands` lets it register `/quickmeet`. */
export const INVITE_SCOPES = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands] as const;

/** The OAuth2 authorize URL that adds the bot with exactly these permissions. */
export function inviteUrl(appId: string, guildId?: string, options: { voice?: boolean } = {}): string {
  const params = new URLSearchParams({
    client_id: appId,
    scope: INVITE_SCOPES.join(" "),
    permissions: (options.voice ? VOICE_INVITE_PERMISSIONS : INVITE_PERMISSIONS).toString(),
    integration_type: "0",
  });
  if (guildId) params.set("guild_id", guildId);
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}
