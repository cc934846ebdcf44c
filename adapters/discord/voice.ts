import {
  type APIChannel,
  type APIOverwrite,
  ChannelType,
  type Client,
  OverwriteType,
  PermissionFlagsBits,
  Routes,
} from "discord.js";
import type { VoiceLobby } from "../../src/domain/types.ts";
import type { Logger } from "../../src/logger.ts";
import { clip } from "../../src/messages/markup.ts";
import type {
  ChannelRef,
  OpenedVoiceRoom,
  OpenSpaceRequest,
  ReadinessProblem,
  SpaceRef,
  VoiceRooms,
} from "../../src/platform/port.ts";
import { DiscordCode, isDiscordCode, translateError } from "./errors.ts";
import { DISCORD_LIMITS } from "./limits.ts";

/** The guild-level rights voice rounds need, named as Discord's role settings name them. */
export const VOICE_PERMISSIONS: ReadonlyArray<readonly [bigint, string]> = [
  [PermissionFlagsBits.ManageChannels, "Manage Channels"],
  [PermissionFlagsBits.MoveMembers, "Move Members"],
  [PermissionFlagsBits.Connect, "Connect"],
];

/** Rooms sit in categories of this name ("Quick Meet", "Quick Meet 2", ...): how a room is known after a restart. */
export const CATEGORY_NAME = "Quick Meet";
const LOBBY_NAME = "Quick Meet lobby";
/** What each group member may do in their room: see it, join, talk, write in its text chat. */
const MEMBER_ALLOW =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory;
/** The bot: post the intro, move members in and out, delete the room (overwrites may only grant what it holds). */
const BOT_ALLOW =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.MoveMembers |
  PermissionFlagsBits.ManageChannels;
/** Nobody else sees the room or can join it. */
const EVERYONE_DENY = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.Connect;
/** Discord: "Maximum number of channels in category reached (50)" comes as Invalid Form Body on `parent_id`. */
const CATEGORY_FULL = /CHANNEL_PARENT_MAX_CHANNELS|Maximum number of channels in category/;

const channelUrl = (guildId: string, channelId: string) => `https://discord.com/channels/${guildId}/${channelId}`;

/**
 * Private voice rooms per group. Every call goes through `client.rest`, whose per-bucket queues follow Discord's
 * rate-limit headers, exactly as the thread fan-out does: a round's rooms are created, members moved and rooms
 * deleted all at once, and discord.js spaces the requests (channel creation is one bucket per guild, moves another).
 */
export class DiscordVoiceRooms implements VoiceRooms {
  /** Rooms this process made (a restarted process knows rooms by their category's name). */
  readonly rooms = new Set<string>();
  /** guild id → categories with the rooms counted in each (reserved before the create request is answered). */
  readonly #categories = new Map<string, Map<string, number>>();
  /** One allocation at a time per guild, so concurrent rooms never create two categories for one free slot. */
  readonly #allocating = new Map<string, Promise<unknown>>();

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
  ) {}

  /** Whether a channel is a Quick Meet room (ours, or a voice channel in a Quick Meet category). */
  isRoom(channelId: string): boolean {
    if (this.rooms.has(channelId)) return true;
    const channel = this.client.channels.cache.get(channelId);
    if (channel?.type !== ChannelType.GuildVoice) return false;
    return channel.parent?.name.startsWith(CATEGORY_NAME) ?? false;
  }

  async checkReadiness(channel: ChannelRef): Promise<ReadinessProblem[]> {
    const me = this.client.guilds.cache.get(channel.communityId)?.members.me;
    const perms = me?.permissions;
    return VOICE_PERMISSIONS.filter(([flag]) => !perms?.has(flag)).map(([, name]) => ({
      permission: name,
      message: `Grant the bot ${name} (Server Settings → Roles): voice rounds give each group a private voice room and move members into it.`,
    }));
  }

  async lobby(channel: ChannelRef, organizerId: string): Promise<VoiceLobby> {
    const guild = this.client.guilds.cache.get(channel.communityId);
    const sitting = guild?.voiceStates.cache.get(organizerId)?.channelId;
    if (sitting) return { channelId: sitting, created: false, url: channelUrl(channel.communityId, sitting) };
    try {
      const made = (await this.client.rest.post(Routes.guildChannels(channel.communityId), {
        body: { name: LOBBY_NAME, type: ChannelType.GuildVoice },
      })) as APIChannel;
      return { channelId: made.id, created: true, url: channelUrl(channel.communityId, made.id) };
    } catch (error) {
      throw translateError(error, {
        action: "create a lobby voice channel",
        permission: "Manage Channels",
        channel: "the server",
      });
    }
  }

  async openRoom(request: OpenSpaceRequest, lobby: VoiceLobby): Promise<OpenedVoiceRoom> {
    const guildId = request.channel.communityId;
    const name = clip(request.title, DISCORD_LIMITS.channel.name) || "Quick Meet room";
    const earlier = request.resume ? this.#findRoom(guildId, name) : undefined;
    const roomId = earlier ?? (await this.#createRoom(guildId, name, request.memberIds));
    this.rooms.add(roomId);
    const space: SpaceRef = { ...request.channel, spaceId: roomId };
    const voice = this.client.guilds.cache.get(guildId)?.voiceStates.cache;
    const inLobby = request.memberIds.filter((m) => voice?.get(m)?.channelId === lobby.channelId);
    const moves = await Promise.allSettled(inLobby.map((m) => this.#move(guildId, m, roomId)));
    const moved = inLobby.filter((_, i) => moves[i]?.status === "fulfilled");
    for (const r of moves) {
      // 40032: the member left voice between the look-up and the move; they get the room's link like the others.
      if (r.status === "rejected" && !isDiscordCode(r.reason, DiscordCode.NotInVoice))
        this.logger.warn("could not move a member into their voice room", { error: r.reason });
    }
    return { space, moved, url: channelUrl(guildId, roomId) };
  }

  async closeRoom(space: SpaceRef, lobby: VoiceLobby): Promise<void> {
    const guild = this.client.guilds.cache.get(space.communityId);
    const inRoom = [...(guild?.voiceStates.cache.values() ?? [])]
      .filter((v) => v.channelId === space.spaceId)
      .map((v) => v.id);
    // Back to the lobby first: deleting the room would only disconnect them.
    await Promise.allSettled(inRoom.map((m) => this.#move(space.communityId, m, lobby.channelId)));
    const room = this.client.channels.cache.get(space.spaceId);
    const parentId = room && "parentId" in room ? room.parentId : null;
    await this.#delete(space.spaceId, "delete a voice room");
    this.rooms.delete(space.spaceId);
    // The category has room for one more (read before the delete: the cache forgets the channel with it).
    const counts = this.#categories.get(space.communityId);
    if (parentId && counts?.has(parentId)) counts.set(parentId, Math.max(0, (counts.get(parentId) ?? 1) - 1));
  }

  async closeLobby(_channel: ChannelRef, lobby: VoiceLobby): Promise<void> {
    if (lobby.created) await this.#delete(lobby.channelId, "delete the lobby voice channel");
  }

  /** A member who left the session is disconnected from the room (their overwrite stays: they could come back). */
  async disconnect(space: SpaceRef, userId: string): Promise<void> {
    const voice = this.client.guilds.cache.get(space.communityId)?.voiceStates.cache.get(userId);
    if (voice?.channelId !== space.spaceId) return;
    await this.#move(space.communityId, userId, null).catch((error: unknown) => {
      if (!isDiscordCode(error, DiscordCode.NotInVoice)) throw error;
    });
  }

  #move(guildId: string, userId: string, channelId: string | null): Promise<unknown> {
    return this.client.rest.patch(Routes.guildMember(guildId, userId), { body: { channel_id: channelId } });
  }

  async #delete(channelId: string, action: string): Promise<void> {
    try {
      await this.client.rest.delete(Routes.channel(channelId));
    } catch (error) {
      if (isDiscordCode(error, DiscordCode.UnknownChannel)) return; // already gone
      throw translateError(error, { action, permission: "Manage Channels", channel: "the server" });
    }
  }

  async #createRoom(guildId: string, name: string, memberIds: readonly string[]): Promise<string> {
    const botId = this.client.user?.id;
    const overwrites: APIOverwrite[] = [
      { id: guildId, type: OverwriteType.Role, allow: "0", deny: EVERYONE_DENY.toString() },
      ...memberIds.map((id) => ({ id, type: OverwriteType.Member, allow: MEMBER_ALLOW.toString(), deny: "0" })),
      ...(botId ? [{ id: botId, type: OverwriteType.Member, allow: BOT_ALLOW.toString(), deny: "0" }] : []),
    ];
    for (let attempt = 0; ; attempt++) {
      const parentId = await this.#reserveSlot(guildId);
      try {
        const room = (await this.client.rest.post(Routes.guildChannels(guildId), {
          body: { name, type: ChannelType.GuildVoice, parent_id: parentId, permission_overwrites: overwrites },
        })) as APIChannel;
        return room.id;
      } catch (error) {
        const counts = this.#categories.get(guildId);
        // Someone else filled the category (Discord counts every channel in it): mark it full and take another.
        if (attempt < 3 && error instanceof Error && CATEGORY_FULL.test(error.message)) {
          counts?.set(parentId, DISCORD_LIMITS.channel.perCategory);
          continue;
        }
        counts?.set(parentId, Math.max(0, (counts.get(parentId) ?? 1) - 1));
        throw translateError(error, {
          action: "create a voice room",
          permission: "Manage Channels",
          channel: "the server",
        });
      }
    }
  }

  /** A Quick Meet category with room for one more channel (50 per category), created when every one is full. */
  #reserveSlot(guildId: string): Promise<string> {
    const previous = this.#allocating.get(guildId) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const counts = this.#knownCategories(guildId);
        for (const [id, n] of counts) {
          if (n < DISCORD_LIMITS.channel.perCategory) {
            counts.set(id, n + 1);
            return id;
          }
        }
        const name = counts.size === 0 ? CATEGORY_NAME : `${CATEGORY_NAME} ${counts.size + 1}`;
        const made = (await this.client.rest.post(Routes.guildChannels(guildId), {
          body: { name, type: ChannelType.GuildCategory },
        })) as APIChannel;
        counts.set(made.id, 1);
        return made.id;
      });
    this.#allocating.set(guildId, next);
    return next;
  }

  /** Categories named for Quick Meet, with their channels counted from the cache the first time they are needed. */
  #knownCategories(guildId: string): Map<string, number> {
    let counts = this.#categories.get(guildId);
    if (counts) return counts;
    counts = new Map();
    const channels = this.client.guilds.cache.get(guildId)?.channels.cache;
    for (const c of channels?.values() ?? []) {
      if (c.type !== ChannelType.GuildCategory || !c.name.startsWith(CATEGORY_NAME)) continue;
      counts.set(c.id, channels?.filter((x) => x.parentId === c.id).size ?? 0);
    }
    this.#categories.set(guildId, counts);
    return counts;
  }

  /** The room an earlier attempt made before the process died: a Quick Meet room of the same name. */
  #findRoom(guildId: string, name: string): string | undefined {
    const channels = this.client.guilds.cache.get(guildId)?.channels.cache;
    return channels?.find((c) => c.type === ChannelType.GuildVoice && c.name === name && this.isRoom(c.id))?.id;
  }
}
