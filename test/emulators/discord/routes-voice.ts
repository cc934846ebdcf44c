import { ChannelType, GatewayIntentBits, PermissionFlagsBits } from "discord.js";
import { DISCORD_LIMITS as L } from "../../../adapters/discord/limits.ts";
import { ApiError, type Route } from "./http.ts";
import type { Dispatcher } from "./messages.ts";
import { channelPayload, memberPayload, voiceStatePayload } from "./payloads.ts";
import { basePermissions, type Overwrite } from "./permissions.ts";
import { type EmulatorState, isThread, isVoice } from "./state.ts";
import { FormErrors } from "./validate.ts";

/** Channel types a bot may create here: text, voice and category (the rest are not emulated). */
const CREATABLE = new Set<number>([ChannelType.GuildText, ChannelType.GuildVoice, ChannelType.GuildCategory]);

/**
 * Guild channels (create, list, delete) and voice: moving members between voice channels (Modify Guild Member
 * `channel_id`), with Discord's permission rules and errors. Members' own connects and disconnects come from the
 * driver (`DiscordDriver.joinVoice` / `leaveVoice`), as a client would.
 */
export function voiceRoutes(state: EmulatorState, gateway: Dispatcher): Route[] {
  const bot = state.botUser.id;
  const guildOr404 = (id: string) => {
    const guild = state.guild(id);
    if (!guild?.members.has(bot)) throw new ApiError(404, 10004, "Unknown Guild");
    return guild;
  };
  /** The bot's guild-level permissions (roles only): what overwrites it sets may not exceed. */
  const botGuildPermissions = (guildId: string): bigint => {
    const guild = guildOr404(guildId);
    const member = guild.members.get(bot);
    return basePermissions({
      guildId,
      ownerId: guild.ownerId,
      userId: bot,
      rolePermissions: new Map([...guild.roles].map(([id, r]) => [id, r.permissions])),
      memberRoleIds: member?.roleIds ?? [],
    });
  };
  return [
    {
      method: "GET",
      pattern: "/guilds/:guild/channels",
      bucket: "default",
      major: (p) => p.guild ?? "",
      handle: ({ params }) => {
        const guild = guildOr404(params.guild ?? "");
        const list = [...state.channels.values()].filter((c) => c.guildId === guild.id && !isThread(c.type));
        return { status: 200, body: list.map((c) => channelPayload(state, c)) };
      },
    },
    {
      // Create Guild Channel: Manage Channels (in the parent category when one is given); overwrites may only allow
      // or deny what the bot itself holds; 50 channels per category, 500 per guild.
      method: "POST",
      pattern: "/guilds/:guild/channels",
      bucket: "channel-create",
      major: (p) => p.guild ?? "",
      handle: ({ params, body }) => {
        const guild = guildOr404(params.guild ?? "");
        const e = new FormErrors();
        if (typeof body.name !== "string" || body.name.length === 0)
          e.add(["name"], "BASE_TYPE_REQUIRED", "This field is required");
        else e.maxLength(["name"], body.name, L.channel.name, 1);
        const type = body.type === undefined || body.type === null ? ChannelType.GuildText : Number(body.type);
        if (!CREATABLE.has(type)) e.add(["type"], "BASE_TYPE_CHOICES", `Value must be one of ${[...CREATABLE]}.`);
        const rawOverwrites = body.permission_overwrites ?? [];
        if (!Array.isArray(rawOverwrites)) e.add(["permission_overwrites"], "BASE_TYPE_LIST", "Must be a list.");
        else e.maxItems(["permission_overwrites"], rawOverwrites, L.channel.overwrites);
        const parentId = typeof body.parent_id === "string" ? body.parent_id : null;
        const parent = parentId ? state.channels.get(parentId) : undefined;
        if (parentId && (parent?.guildId !== guild.id || parent.type !== ChannelType.GuildCategory))
          e.add(["parent_id"], "CHANNEL_PARENT_INVALID_TYPE", "Not a category");
        if (parentId && type === ChannelType.GuildCategory)
          e.add(["parent_id"], "CHANNEL_PARENT_INVALID_TYPE", "Categories cannot have subcategories");
        if (parent) {
          const children = [...state.channels.values()].filter((c) => c.parentId === parent.id).length;
          if (children >= L.channel.perCategory)
            e.add(
              ["parent_id"],
              "CHANNEL_PARENT_MAX_CHANNELS",
              `Maximum number of channels in category reached (${L.channel.perCategory})`,
            );
        }
        e.throwIfAny();
        const perms = parent ? state.permissionsIn(parent.id, bot) : botGuildPermissions(guild.id);
        if (!(perms & PermissionFlagsBits.ManageChannels)) throw new ApiError(403, 50013, "Missing Permissions");
        const overwrites: Overwrite[] = (rawOverwrites as Array<Record<string, unknown>>).map((o) => ({
          id: String(o.id),
          type: Number(o.type) === 1 ? 1 : 0,
          allow: BigInt(String(o.allow ?? "0")),
          deny: BigInt(String(o.deny ?? "0")),
        }));
        // Discord: "only permissions your bot has in the guild or parent channel can be allowed/denied".
        const held = botGuildPermissions(guild.id) | perms;
        if (overwrites.some((o) => (o.allow | o.deny) & ~held)) throw new ApiError(403, 50013, "Missing Permissions");
        const total = [...state.channels.values()].filter((c) => c.guildId === guild.id && !isThread(c.type)).length;
        if (total >= L.channel.perGuild)
          throw new ApiError(400, 30013, `Maximum number of guild channels reached (${L.channel.perGuild})`);
        const channel = state.newChannel({
          type,
          name: String(body.name),
          guildId: guild.id,
          parentId: parent?.id ?? null,
          overwrites,
        });
        gateway.dispatch("CHANNEL_CREATE", channelPayload(state, channel), GatewayIntentBits.Guilds);
        return { status: 201, body: channelPayload(state, channel) };
      },
    },
    {
      // Delete Channel: Manage Channels in it; members in a deleted voice channel are disconnected.
      method: "DELETE",
      pattern: "/channels/:channel",
      bucket: "channel-delete",
      major: (p) => p.channel ?? "",
      handle: ({ params }) => {
        const channel = state.channels.get(params.channel ?? "");
        if (!channel?.guildId || !state.canView(channel.id, bot)) throw new ApiError(404, 10003, "Unknown Channel");
        if (isThread(channel.type)) throw new ApiError(400, 50024, "Thread deletion is not emulated");
        if (!(state.permissionsIn(channel.id, bot) & PermissionFlagsBits.ManageChannels))
          throw new ApiError(403, 50013, "Missing Permissions");
        const guild = state.guild(channel.guildId);
        for (const [userId, voice] of guild?.voiceStates ?? []) {
          if (voice.channelId !== channel.id) continue;
          guild?.voiceStates.delete(userId);
          gateway.dispatch(
            "VOICE_STATE_UPDATE",
            voiceStatePayload(state, channel.guildId, userId),
            GatewayIntentBits.GuildVoiceStates,
          );
        }
        // Children of a deleted category stay, without a parent (as on Discord).
        for (const c of state.channels.values()) if (c.parentId === channel.id && !isThread(c.type)) c.parentId = null;
        const payload = channelPayload(state, channel);
        state.channels.delete(channel.id);
        state.changed("channel-delete");
        gateway.dispatch("CHANNEL_DELETE", payload, GatewayIntentBits.Guilds);
        return { status: 200, body: payload };
      },
    },
    {
      // Modify Guild Member, `channel_id` only: moves a member who is connected to voice (40032 otherwise). Needs
      // Move Members where they are and where they go, and the bot must be able to connect to the target.
      method: "PATCH",
      pattern: "/guilds/:guild/members/:user",
      bucket: "member-edit",
      major: (p) => p.guild ?? "",
      handle: ({ params, body }) => {
        const guild = guildOr404(params.guild ?? "");
        const userId = params.user ?? "";
        const other = Object.keys(body).filter((k) => k !== "channel_id");
        if (other.length > 0) throw new ApiError(400, 50035, `Not emulated: ${other.join(", ")}`);
        if (!guild.members.has(userId)) throw new ApiError(404, 10007, "Unknown Member");
        if (!("channel_id" in body)) return { status: 200, body: memberPayload(state, guild.id, userId) };
        const current = guild.voiceStates.get(userId);
        if (!current) throw new ApiError(400, 40032, "Target user is not connected to voice.");
        const move = PermissionFlagsBits.MoveMembers;
        if (!(state.permissionsIn(current.channelId, bot) & move))
          throw new ApiError(403, 50013, "Missing Permissions");
        const targetId = body.channel_id === null ? null : String(body.channel_id);
        if (targetId === null) guild.voiceStates.delete(userId);
        else {
          const target = state.channels.get(targetId);
          if (target?.guildId !== guild.id || !state.canView(target.id, bot))
            throw new ApiError(404, 10003, "Unknown Channel");
          if (!isVoice(target.type)) throw new ApiError(400, 50024, "Cannot execute action on this channel type");
          const there = state.permissionsIn(target.id, bot);
          if (!(there & move) || !(there & PermissionFlagsBits.Connect))
            throw new ApiError(403, 50013, "Missing Permissions");
          guild.voiceStates.set(userId, { ...current, channelId: target.id });
        }
        state.changed("voice");
        gateway.dispatch(
          "VOICE_STATE_UPDATE",
          voiceStatePayload(state, guild.id, userId),
          GatewayIntentBits.GuildVoiceStates,
        );
        return { status: 200, body: memberPayload(state, guild.id, userId) };
      },
    },
  ];
}
