import { ChannelType, PermissionFlagsBits } from "discord.js";
import { INVITE_PERMISSIONS } from "../../../adapters/discord/invite.ts";
import type { EmulatorState, RoleRecord } from "./state.ts";

/** What members get by default (@everyone), like a fresh Discord server. */
export const EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak;

/** The bot's managed role gets exactly what the invite URL grants. */
export const BOT_ROLE_PERMISSIONS = INVITE_PERMISSIONS;

export interface GuildSetup {
  guildId: string;
  channelId: string;
  ownerId: string;
  botRoleId: string;
  organizerRoleId: string;
}

/**
 * A guild with @everyone, a bot role, an "Organizers" role with Manage Server, an owner, the bot as a member and
 * #general. The bot role omits no right by default; tests take rights away through overwrites or `botRole`.
 */
export function createGuild(
  state: EmulatorState,
  options: { name?: string; botPermissions?: bigint; activeThreadCap?: number; guildId?: string },
): GuildSetup {
  const guildId = options.guildId ?? state.ids.next();
  const roles = new Map<string, RoleRecord>();
  const role = (name: string, permissions: bigint, position: number, id = state.ids.next()) => {
    roles.set(id, { id, name, permissions, position });
    return id;
  };
  role("@everyone", EVERYONE_PERMISSIONS, 0, guildId);
  const botRoleId = role("quickmeet", options.botPermissions ?? BOT_ROLE_PERMISSIONS, 2);
  const organizerRoleId = role("Organizers", PermissionFlagsBits.ManageGuild, 1);
  const owner = state.ids.next();
  state.users.set(owner, { id: owner, username: "owner", globalName: "Server Owner", bot: false, dmsOpen: true });
  const joinedAt = new Date().toISOString();
  state.guilds.set(guildId, {
    id: guildId,
    name: options.name ?? "Quick Meet Club",
    ownerId: owner,
    roles,
    members: new Map([
      [owner, { userId: owner, roleIds: [], nick: null, joinedAt }],
      [state.botUser.id, { userId: state.botUser.id, roleIds: [botRoleId], nick: null, joinedAt }],
    ]),
    activeThreadCap: options.activeThreadCap ?? 1000,
    voiceStates: new Map(),
  });
  const channelId = state.newChannel({ type: ChannelType.GuildText, name: "general", guildId }).id;
  return { guildId, channelId, ownerId: owner, botRoleId, organizerRoleId };
}

export interface NewMember {
  username: string;
  displayName?: string;
  roleIds?: string[];
  dmsOpen?: boolean;
}

/** Add a human member to the guild (before or after the bot connected; no event is sent for joins). */
export function addMember(state: EmulatorState, guildId: string, member: NewMember): string {
  const id = state.ids.next();
  state.users.set(id, {
    id,
    username: member.username,
    globalName: member.displayName ?? member.username,
    bot: false,
    dmsOpen: member.dmsOpen ?? true,
  });
  state
    .guild(guildId)
    ?.members.set(id, { userId: id, roleIds: member.roleIds ?? [], nick: null, joinedAt: new Date().toISOString() });
  state.changed("member-added");
  return id;
}
