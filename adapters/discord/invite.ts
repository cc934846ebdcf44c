import { OAuth2Scopes, PermissionFlagsBits } from "discord.js";

/**
 * Exactly the bot permissions quickmeet uses, granted through the invite (the bot's managed role):
 * View Channel + Send Messages (lobby, countdown edits), Attach Files (charts/CSV posted in a channel),
 * Create Private Threads + Send Messages in Threads (one private thread per group, intros and nudges),
 * Manage Threads (lock at round end, see private threads). No Message Content, no Administrator.
 */
export const INVITE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ManageThreads;

/** `bot` joins the server; `applications.commands` lets it register `/quickmeet`. */
export const INVITE_SCOPES = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands] as const;

/** The OAuth2 authorize URL that adds the bot with exactly these permissions. */
export function inviteUrl(appId: string, guildId?: string): string {
  const params = new URLSearchParams({
    client_id: appId,
    scope: INVITE_SCOPES.join(" "),
    permissions: INVITE_PERMISSIONS.toString(),
    integration_type: "0",
  });
  if (guildId) params.set("guild_id", guildId);
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}
