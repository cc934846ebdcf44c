import { ChannelType, type Client, PermissionFlagsBits, type PermissionsBitField } from "discord.js";
import type { ChannelRef, ReadinessProblem } from "../../src/platform/port.ts";

/**
 * The rights a session needs in its channel, in the words Discord's settings use. View/Send for the lobby; Create
 * Private Threads + Send Messages in Threads for the group spaces; Manage Threads to lock them at round end (and to
 * see private threads it did not join).
 */
export const SESSION_PERMISSIONS: ReadonlyArray<readonly [bigint, string]> = [
  [PermissionFlagsBits.ViewChannel, "View Channel"],
  [PermissionFlagsBits.SendMessages, "Send Messages"],
  [PermissionFlagsBits.CreatePrivateThreads, "Create Private Threads"],
  [PermissionFlagsBits.SendMessagesInThreads, "Send Messages in Threads"],
  [PermissionFlagsBits.ManageThreads, "Manage Threads"],
];

/** `#name` when the channel is cached, else a mention that renders as the channel in Discord. */
export function channelLabel(client: Client, channelId: string): string {
  const channel = client.channels.cache.get(channelId);
  return channel && "name" in channel && channel.name ? `#${channel.name}` : `<#${channelId}>`;
}

/**
 * Computes the bot's permissions in the channel from the cached guild (roles + overwrites, as Discord does) and
 * lists what is missing. `interactionPermissions` (Discord's own `app_permissions` from the command that asked) is
 * used when the channel is not cached.
 */
export function readinessProblems(
  client: Client,
  channel: ChannelRef,
  interactionPermissions: PermissionsBitField | undefined,
): ReadinessProblem[] {
  const guild = client.guilds.cache.get(channel.communityId);
  const cached = guild?.channels.cache.get(channel.channelId);
  const label = channelLabel(client, channel.channelId);
  if (cached && cached.type !== ChannelType.GuildText) {
    return [
      {
        permission: "Create Private Threads",
        message: `Quick Meets need a text channel: private threads cannot be created in ${label}. Run /quickmeet start in a text channel.`,
      },
    ];
  }
  const me = guild?.members.me;
  const perms = cached && me ? cached.permissionsFor(me) : interactionPermissions;
  if (!perms) {
    return [
      { permission: "View Channel", message: `The bot cannot see ${label}. Grant the bot View Channel in ${label}.` },
    ];
  }
  return SESSION_PERMISSIONS.filter(([flag]) => !perms.has(flag)).map(([, name]) => ({
    permission: name,
    message: `Grant the bot ${name} in ${label} (Server Settings → Roles, or the channel's Edit Channel → Permissions).`,
  }));
}
