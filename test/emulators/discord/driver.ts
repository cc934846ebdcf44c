import { ChannelType, GatewayIntentBits, PermissionFlagsBits } from "discord.js";
import type { Gateway } from "./gateway.ts";
import type { RequestLogEntry } from "./http.ts";
import { createInteraction } from "./interactions.ts";
import type { InteractionsEndpoint } from "./interactions-endpoint.ts";
import { EPHEMERAL, LOADING } from "./messages.ts";
import { channelPayload, type Json, memberPayload, rolePayload, voiceStatePayload } from "./payloads.ts";
import type { Overwrite } from "./permissions.ts";
import { InteractionHandle, SimMember } from "./sim-member.ts";
import { type EmulatorState, isThread, isVoice, type MessageRecord } from "./state.ts";

export { InteractionHandle, SimMember };

/** A message as a test sees it. */
export interface MessageView {
  id: string;
  channelId: string;
  authorId: string;
  content: string;
  buttons: Array<{ customId: string; label: string }>;
  /** Link buttons (style 5): they open their url and never reach the bot. */
  links: Array<{ url: string; label: string }>;
  ephemeral: boolean;
  visibleTo: string | null;
  loading: boolean;
  editCount: number;
  attachments: string[];
}

/** An attachment as Discord returned it on the message, with the bytes that were uploaded. */
export interface AttachmentView {
  id: string;
  filename: string;
  size: number;
  contentType: string | undefined;
  url: string;
  width: number | undefined;
  height: number | undefined;
  data: Buffer;
}

export interface ThreadView {
  id: string;
  name: string;
  type: ChannelType;
  parentId: string | null;
  memberIds: string[];
  archived: boolean;
  locked: boolean;
  invitable: boolean;
  autoArchiveDuration: number;
}

/** The scripted side of the emulator: simulated members, and inspection of what the bot did. */
export class DiscordDriver {
  constructor(
    readonly state: EmulatorState,
    readonly gateway: Gateway,
    readonly guildId: string,
    /** The default session channel (#general). */
    readonly channelId: string,
    readonly requestLog: RequestLogEntry[],
    /** Once an Interactions Endpoint URL is configured, interactions are POSTed there instead of the gateway. */
    readonly endpoint?: InteractionsEndpoint,
  ) {}

  member(id: string): SimMember {
    return new SimMember(this, id);
  }

  deliver(
    kind: "command" | "component" | "modal",
    userId: string,
    channelId: string,
    data: Json,
    sourceMessageId: string | null = null,
  ) {
    const { record, payload } = createInteraction(this.state, kind, userId, channelId, data, sourceMessageId);
    const url = this.endpoint?.url;
    // Over HTTP the bot answers through the callback endpoint, so the POST's own response is not awaited here.
    if (url) void this.endpoint?.post(url, payload).catch(() => undefined);
    else this.gateway.dispatch("INTERACTION_CREATE", payload);
    return new InteractionHandle(this, record.id);
  }

  /** Messages in a channel, as `viewerId` would see them (ephemeral ones only for their recipient). */
  messages(channelId: string, viewerId?: string): MessageView[] {
    return this.state
      .messagesIn(channelId)
      .filter((m) => !m.visibleTo || m.visibleTo === viewerId)
      .map((m) => this.view(m));
  }

  /** The DM channel between the bot and a member. */
  dms(userId: string): MessageView[] {
    const channelId = this.state.dmChannels.get(userId);
    return channelId ? this.messages(channelId) : [];
  }

  /** Ephemeral messages shown to one member anywhere. */
  ephemeralsFor(userId: string): MessageView[] {
    return [...this.state.messages.values()].filter((m) => m.visibleTo === userId).map((m) => this.view(m));
  }

  /**
   * Makes `ms` pass on the emulator's clock (inactivity rules such as thread auto-archive); the wall clock and the
   * bot's clock are untouched.
   */
  elapse(ms: number): void {
    this.state.offsetMs += ms;
    this.state.archiveIdleThreads();
  }

  threads(parentId = this.channelId): ThreadView[] {
    this.state.archiveIdleThreads();
    return [...this.state.channels.values()]
      .filter((c) => isThread(c.type) && c.parentId === parentId)
      .map((c) => ({
        id: c.id,
        name: c.name,
        type: c.type,
        parentId: c.parentId,
        memberIds: [...c.members].sort(),
        archived: c.archived,
        locked: c.locked,
        invitable: c.invitable,
        autoArchiveDuration: c.autoArchiveDuration,
      }));
  }

  view(m: MessageRecord): MessageView {
    const buttons: MessageView["buttons"] = [];
    const links: MessageView["links"] = [];
    for (const row of m.components as Json[]) {
      for (const c of (row.components as Json[] | undefined) ?? []) {
        if (c.type === 2 && typeof c.custom_id === "string")
          buttons.push({ customId: c.custom_id, label: String(c.label ?? "") });
        if (c.type === 2 && c.style === 5 && typeof c.url === "string")
          links.push({ url: c.url, label: String(c.label ?? "") });
      }
    }
    return {
      id: m.id,
      channelId: m.channelId,
      authorId: m.authorId,
      content: m.content,
      buttons,
      links,
      ephemeral: (m.flags & EPHEMERAL) !== 0,
      visibleTo: m.visibleTo,
      loading: (m.flags & LOADING) !== 0,
      editCount: m.editCount,
      attachments: m.attachments.map((a) => a.filename),
    };
  }

  /** The attachments on a message (any viewer), with the exact bytes the bot uploaded. */
  files(messageId: string): AttachmentView[] {
    const message = this.state.messages.get(messageId);
    if (!message) throw new Error(`driver: unknown message ${messageId}`);
    return message.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.size,
      contentType: a.content_type,
      url: a.url,
      width: a.width,
      height: a.height,
      data: this.state.attachmentData.get(a.id) ?? Buffer.alloc(0),
    }));
  }

  /** 429 responses so far, and their share of all requests. */
  rateLimitStats(): { requests: number; limited: number; share: number } {
    const requests = this.requestLog.length;
    const limited = this.requestLog.filter((r) => r.status === 429).length;
    return { requests, limited, share: requests ? limited / requests : 0 };
  }

  /**
   * A role members pick from a role menu (no permissions); the bot learns it from GUILD_ROLE_CREATE (intent Guilds).
   */
  addRole(name: string): string {
    const guild = this.state.guild(this.guildId);
    if (!guild) throw new Error("no guild");
    const id = this.state.ids.next();
    const role = { id, name, permissions: 0n, position: guild.roles.size };
    guild.roles.set(id, role);
    this.state.changed("role-created");
    this.gateway.dispatch(
      "GUILD_ROLE_CREATE",
      { guild_id: this.guildId, role: rolePayload(role) },
      GatewayIntentBits.Guilds,
    );
    return id;
  }

  /**
   * A member's roles change (they picked from a role menu): GUILD_MEMBER_UPDATE, sent only with the privileged
   * Guild Members intent, carries the whole member with its new role list.
   */
  setRoles(userId: string, roleIds: readonly string[]): void {
    const member = this.state.guild(this.guildId)?.members.get(userId);
    if (!member) throw new Error(`no member ${userId}`);
    member.roleIds = [...roleIds];
    this.state.changed("member-updated");
    const payload = memberPayload(this.state, this.guildId, userId) as Record<string, unknown>;
    this.gateway.dispatch(
      "GUILD_MEMBER_UPDATE",
      { guild_id: this.guildId, ...payload },
      GatewayIntentBits.GuildMembers,
    );
  }

  /** Add a text channel with permission overwrites (e.g. to take a permission away from the bot). */
  addChannel(name: string, overwrites: Overwrite[] = []): string {
    return this.state.newChannel({ type: ChannelType.GuildText, name, guildId: this.guildId, overwrites }).id;
  }

  /** Add a voice channel anyone may join (a lobby an organizer sits in). */
  addVoiceChannel(name: string, overwrites: Overwrite[] = []): string {
    const channel = this.state.newChannel({ type: ChannelType.GuildVoice, name, guildId: this.guildId, overwrites });
    this.gateway.dispatch("CHANNEL_CREATE", channelPayload(this.state, channel), GatewayIntentBits.Guilds);
    return channel.id;
  }

  /**
   * A member's client connects to a voice channel (or switches to it), as the Discord app does: only where the member
   * may View Channel and Connect; the gateway sends VOICE_STATE_UPDATE.
   */
  joinVoice(userId: string, channelId: string): void {
    const guild = this.state.guild(this.guildId);
    const channel = this.state.channels.get(channelId);
    if (!guild || !channel || !isVoice(channel.type)) throw new Error(`emulator: ${channelId} is not a voice channel`);
    const perms = this.state.permissionsIn(channelId, userId);
    if (!(perms & PermissionFlagsBits.ViewChannel) || !(perms & PermissionFlagsBits.Connect))
      throw new Error(`emulator: ${userId} may not connect to ${channel.name}`);
    const sessionId = guild.voiceStates.get(userId)?.sessionId ?? this.state.ids.next();
    guild.voiceStates.set(userId, { channelId, sessionId });
    this.#voiceUpdate(userId);
  }

  /** A member disconnects from voice (closes the call). */
  leaveVoice(userId: string): void {
    this.state.guild(this.guildId)?.voiceStates.delete(userId);
    this.#voiceUpdate(userId);
  }

  /** The voice channel a member is connected to, if any. */
  voiceChannelOf(userId: string): string | undefined {
    return this.state.guild(this.guildId)?.voiceStates.get(userId)?.channelId;
  }

  /** Guild voice channels and categories, as a test inspects them (overwrites included). */
  guildChannels(
    type: ChannelType,
  ): Array<{ id: string; name: string; parentId: string | null; overwrites: Overwrite[] }> {
    return [...this.state.channels.values()]
      .filter((c) => c.guildId === this.guildId && c.type === type)
      .map((c) => ({ id: c.id, name: c.name, parentId: c.parentId, overwrites: c.overwrites }));
  }

  #voiceUpdate(userId: string): void {
    this.state.changed("voice");
    this.gateway.dispatch(
      "VOICE_STATE_UPDATE",
      voiceStatePayload(this.state, this.guildId, userId),
      GatewayIntentBits.GuildVoiceStates,
    );
  }

  /**
   * Resolve once `probe` returns a value, re-checking on every emulator state change; rejects with `what` after
   * `timeoutMs` so a stuck test says what it waited for.
   */
  waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
    const first = probe();
    if (first !== undefined && first !== null && first !== false) return Promise.resolve(first);
    // Created here so a timeout's stack points at the test line that waited, not at the timer.
    const timeoutError = new Error(`emulator: timed out after ${timeoutMs} ms waiting for ${what}`);
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined || value === null || value === false) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(timeoutError);
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.state.off("change", check);
      };
      this.state.on("change", check);
    });
  }
}
