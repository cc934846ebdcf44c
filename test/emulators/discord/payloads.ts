import { ChannelType } from "discord.js";
import {
  type ChannelRecord,
  type EmulatorState,
  isThread,
  isVoice,
  type MessageRecord,
  type UserRecord,
} from "./state.ts";

/** JSON shapes as Discord's API v10 returns them; discord.js parses these unchanged. */
export type Json = Record<string, unknown>;

export function userPayload(user: UserRecord): Json {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName,
    discriminator: "0",
    avatar: null,
    bot: user.bot,
    public_flags: 0,
  };
}

/** A role object as GUILD_CREATE and GUILD_ROLE_CREATE carry it. */
export function rolePayload(r: { id: string; name: string; position: number; permissions: bigint }): Json {
  return {
    id: r.id,
    name: r.name,
    color: 0,
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: r.position,
    permissions: r.permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export function memberPayload(state: EmulatorState, guildId: string, userId: string): Json | null {
  const member = state.guild(guildId)?.members.get(userId);
  const user = state.users.get(userId);
  if (!member || !user) return null;
  return {
    user: userPayload(user),
    nick: member.nick,
    avatar: null,
    roles: member.roleIds,
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
  };
}

export function channelPayload(state: EmulatorState, channel: ChannelRecord, forUserId?: string): Json {
  if (channel.type === ChannelType.DM) {
    const recipients = [...channel.members].filter((id) => id !== state.botUser.id);
    return {
      id: channel.id,
      type: channel.type,
      last_message_id: null,
      flags: 0,
      recipients: recipients
        .map((id) => state.users.get(id))
        .filter((u) => u !== undefined)
        .map(userPayload),
    };
  }
  const base: Json = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    parent_id: channel.parentId,
    position: channel.position,
    flags: 0,
    nsfw: false,
    rate_limit_per_user: 0,
    last_message_id: state.channelMessages.get(channel.id)?.at(-1) ?? null,
  };
  if (!isThread(channel.type)) {
    return {
      ...base,
      ...(isVoice(channel.type) ? { bitrate: 64_000, user_limit: 0, rtc_region: null } : { topic: null }),
      permission_overwrites: channel.overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow.toString(),
        deny: o.deny.toString(),
      })),
    };
  }
  const thread: Json = {
    ...base,
    owner_id: channel.ownerId,
    member_count: Math.min(channel.members.size, 50),
    message_count: channel.messageCount,
    total_message_sent: channel.messageCount,
    thread_metadata: {
      archived: channel.archived,
      auto_archive_duration: channel.autoArchiveDuration,
      archive_timestamp: channel.archiveTimestamp,
      locked: channel.locked,
      invitable: channel.invitable,
      create_timestamp: channel.archiveTimestamp,
    },
  };
  if (forUserId && channel.members.has(forUserId)) {
    thread.member = { id: channel.id, user_id: forUserId, join_timestamp: channel.archiveTimestamp, flags: 1 };
  }
  return thread;
}

export function messagePayload(state: EmulatorState, message: MessageRecord): Json {
  const author = state.users.get(message.authorId);
  const channel = state.channels.get(message.channelId);
  return {
    id: message.id,
    channel_id: message.channelId,
    ...(channel?.guildId ? { guild_id: channel.guildId } : {}),
    author: author ? userPayload(author) : null,
    content: message.content,
    timestamp: message.timestamp,
    edited_timestamp: message.editedTimestamp,
    tts: false,
    mention_everyone: message.mentionEveryone,
    mentions: message.mentions
      .map((id) => state.users.get(id))
      .filter((u) => u !== undefined)
      .map(userPayload),
    mention_roles: [],
    attachments: message.attachments,
    embeds: message.embeds,
    pinned: false,
    type: 0,
    flags: message.flags,
    components: message.components,
    ...(message.nonce !== undefined ? { nonce: message.nonce } : {}),
    ...(message.webhookId ? { webhook_id: message.webhookId, application_id: state.applicationId } : {}),
  };
}

/** GUILD_CREATE: roles, channels with overwrites, active threads the bot can see, and members. */
export function guildCreatePayload(state: EmulatorState, guildId: string, includeAllMembers: boolean): Json {
  const guild = state.guild(guildId);
  if (!guild) throw new Error(`unknown guild ${guildId}`);
  const channels = [...state.channels.values()].filter((c) => c.guildId === guildId);
  const memberIds = includeAllMembers ? [...guild.members.keys()] : [state.botUser.id];
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    preferred_locale: "en-US",
    features: [],
    emojis: [],
    stickers: [],
    roles: [...guild.roles.values()].map(rolePayload),
    joined_at: new Date().toISOString(),
    large: guild.members.size > 50,
    unavailable: false,
    member_count: guild.members.size,
    // Discord omits guild_id inside GUILD_CREATE's voice states (the guild is the enclosing object).
    voice_states: [...guild.voiceStates.keys()].map((userId) => {
      const { guild_id: _guild, ...rest } = voiceStatePayload(state, guildId, userId);
      return rest;
    }),
    members: memberIds.map((id) => memberPayload(state, guildId, id)).filter((m) => m !== null),
    channels: channels.filter((c) => !isThread(c.type)).map((c) => channelPayload(state, c)),
    threads: channels
      .filter((c) => isThread(c.type) && !c.archived && state.canView(c.id, state.botUser.id))
      .map((c) => channelPayload(state, c, state.botUser.id)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** A voice state (VOICE_STATE_UPDATE): `channel_id` null when the member disconnected. */
export function voiceStatePayload(state: EmulatorState, guildId: string, userId: string): Json {
  const voice = state.guild(guildId)?.voiceStates.get(userId);
  return {
    guild_id: guildId,
    channel_id: voice?.channelId ?? null,
    user_id: userId,
    member: memberPayload(state, guildId, userId),
    session_id: voice?.sessionId ?? "",
    deaf: false,
    mute: false,
    self_deaf: false,
    self_mute: false,
    self_stream: false,
    self_video: false,
    suppress: false,
    request_to_speak_timestamp: null,
  };
}
