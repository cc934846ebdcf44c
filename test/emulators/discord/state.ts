import { EventEmitter } from "node:events";
import { ChannelType, PermissionFlagsBits } from "discord.js";
import { channelPermissions, type Overwrite } from "./permissions.ts";
import { SnowflakeGenerator } from "./snowflake.ts";

export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  /** False models a member who closed DMs from server members (error 50007 on DM sends). */
  dmsOpen: boolean;
}

export interface RoleRecord {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
}

export interface MemberRecord {
  userId: string;
  roleIds: string[];
  nick: string | null;
  joinedAt: string;
}

export interface ChannelRecord {
  id: string;
  type: ChannelType;
  guildId: string | null;
  name: string;
  parentId: string | null;
  overwrites: Overwrite[];
  position: number;
  /** Thread creator. */
  ownerId: string | null;
  archived: boolean;
  locked: boolean;
  invitable: boolean;
  autoArchiveDuration: number;
  archiveTimestamp: string;
  /** Last message or (un)archive, on the emulator's clock: a thread idle for its auto-archive duration archives. */
  lastActivityMs: number;
  /** Thread members (threads) or recipients (DMs). */
  members: Set<string>;
  messageCount: number;
}

/** An attachment as Discord returns it on a message (`width`/`height` for images only). */
export interface AttachmentRecord {
  id: string;
  filename: string;
  size: number;
  content_type?: string;
  url: string;
  proxy_url: string;
  width?: number;
  height?: number;
}

export interface MessageRecord {
  id: string;
  channelId: string;
  authorId: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: AttachmentRecord[];
  /** 64 = ephemeral. */
  flags: number;
  /** Ephemeral messages are seen only by this user. */
  visibleTo: string | null;
  timestamp: string;
  editedTimestamp: string | null;
  /** Set for interaction responses and follow-ups (sent through the app's webhook). */
  webhookId: string | null;
  mentions: string[];
  /** Whether the message notified @everyone/@here (only when `allowed_mentions` let it). */
  mentionEveryone: boolean;
  createdAtMs: number;
  editCount: number;
  /** The create request's `nonce`, echoed in the create response and MESSAGE_CREATE as Discord does. */
  nonce?: string | number;
}

export type InteractionKind = "command" | "component" | "modal";

export interface InteractionRecord {
  id: string;
  token: string;
  kind: InteractionKind;
  userId: string;
  guildId: string | null;
  channelId: string;
  createdAtMs: number;
  /** Message that holds the clicked component (components only). */
  sourceMessageId: string | null;
  /** First callback: its type and when it arrived. */
  callbackType: number | null;
  ackedAtMs: number | null;
  /** The message `@original` resolves to. */
  originalMessageId: string | null;
  /** A modal the bot opened in answer (type 9). */
  modal: { custom_id: string; title: string; components: unknown[] } | null;
  followUpIds: string[];
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  roles: Map<string, RoleRecord>;
  members: Map<string, MemberRecord>;
  /** Active (non-archived) threads allowed at once; 160006 beyond. Community-reported as 1000 on Discord. */
  activeThreadCap: number;
  /** user id → the voice channel they are connected to (Discord's voice states; absent = not in voice). */
  voiceStates: Map<string, VoiceStateRecord>;
}

/** A member's voice connection, as Discord reports it in VOICE_STATE_UPDATE and GUILD_CREATE `voice_states`. */
export interface VoiceStateRecord {
  channelId: string;
  /** The voice session id Discord gives each connection. */
  sessionId: string;
}

/** Voice channels hold members; stage channels too (and their members are voice states as well). */
export function isVoice(type: ChannelType): boolean {
  return type === ChannelType.GuildVoice || type === ChannelType.GuildStageVoice;
}

/** Everything the emulated Discord knows. Routes mutate it; the driver reads it; `change` fires on every mutation. */
export class EmulatorState extends EventEmitter {
  readonly ids = new SnowflakeGenerator();
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, MessageRecord>();
  readonly channelMessages = new Map<string, string[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly commands = new Map<string, unknown[]>();
  /** recipient user id → DM channel id (one DM channel per user, as on Discord). */
  readonly dmChannels = new Map<string, string>();
  /**
   * `enforce_nonce` memory: author id + nonce → the message it created and when. Discord checks a nonce's uniqueness
   * "in the past few minutes" per author and returns the earlier message instead of creating a second one.
   */
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  /** attachment id → the uploaded bytes (what the CDN `url` would serve), for tests to read back. */
  readonly attachmentData = new Map<string, Buffer>();

  readonly botUser: UserRecord;
  readonly applicationId: string;
  /** Time the driver made pass on top of the wall clock (`DiscordDriver.elapse`), for inactivity rules. */
  offsetMs = 0;

  /** The emulator's clock: the wall clock plus the time tests made pass. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /**
   * Archives every unlocked or locked thread idle for its `auto_archive_duration`, as Discord does; called before
   * each request and whenever a test looks, so the rule holds whenever anyone could observe it.
   */
  archiveIdleThreads(): void {
    const now = this.now();
    for (const c of this.channels.values()) {
      if (!isThread(c.type) || c.archived) continue;
      if (now - c.lastActivityMs < c.autoArchiveDuration * 60_000) continue;
      c.archived = true;
      c.archiveTimestamp = new Date(now).toISOString();
      this.changed("thread-update");
    }
  }

  /** Mints the bot user; the application id defaults to the bot's id, as for bots created in the portal. */
  constructor(options: { botUsername?: string; applicationId?: string } = {}) {
    super();
    this.setMaxListeners(0);
    const id = this.ids.next();
    this.botUser = {
      id,
      username: options.botUsername ?? "quickmeet",
      globalName: "Quick Meet",
      bot: true,
      dmsOpen: true,
    };
    this.applicationId = options.applicationId ?? id;
    this.users.set(id, this.botUser);
  }

  changed(what: string): void {
    this.emit("change", what);
  }

  guild(id: string): GuildRecord | undefined {
    return this.guilds.get(id);
  }

  /** Permissions of `userId` in `channelId`; threads use their parent's, as Discord does. */
  permissionsIn(channelId: string, userId: string): bigint {
    const channel = this.channels.get(channelId);
    if (!channel?.guildId) return 0n;
    const base = channel.parentId && isThread(channel.type) ? this.channels.get(channel.parentId) : channel;
    const guild = this.guilds.get(channel.guildId);
    const member = guild?.members.get(userId);
    if (!guild || !member || !base) return 0n;
    const rolePermissions = new Map([...guild.roles].map(([id, role]) => [id, role.permissions]));
    return channelPermissions(
      { guildId: guild.id, ownerId: guild.ownerId, userId, rolePermissions, memberRoleIds: member.roleIds },
      base.overwrites,
    );
  }

  /** Whether a user sees a channel: View Channel, and for private threads membership or Manage Threads. */
  canView(channelId: string, userId: string): boolean {
    const channel = this.channels.get(channelId);
    if (!channel) return false;
    if (!channel.guildId) return channel.members.has(userId);
    const perms = this.permissionsIn(channelId, userId);
    if (!(perms & PermissionFlagsBits.ViewChannel)) return false;
    if (channel.type === ChannelType.PrivateThread) {
      return channel.members.has(userId) || (perms & PermissionFlagsBits.ManageThreads) !== 0n;
    }
    return true;
  }

  activeThreadCount(guildId: string): number {
    let n = 0;
    for (const c of this.channels.values()) if (c.guildId === guildId && isThread(c.type) && !c.archived) n++;
    return n;
  }

  addMessage(message: MessageRecord): void {
    this.messages.set(message.id, message);
    const list = this.channelMessages.get(message.channelId) ?? [];
    list.push(message.id);
    this.channelMessages.set(message.channelId, list);
    const channel = this.channels.get(message.channelId);
    if (channel) {
      channel.messageCount++;
      channel.lastActivityMs = this.now();
    }
    this.changed("message");
  }

  messagesIn(channelId: string): MessageRecord[] {
    return (this.channelMessages.get(channelId) ?? [])
      .map((id) => this.messages.get(id))
      .filter((m) => m !== undefined);
  }

  newChannel(fields: Partial<ChannelRecord> & Pick<ChannelRecord, "type" | "name">): ChannelRecord {
    const channel: ChannelRecord = {
      id: this.ids.next(),
      guildId: null,
      parentId: null,
      overwrites: [],
      position: this.channels.size,
      ownerId: null,
      archived: false,
      locked: false,
      invitable: true,
      autoArchiveDuration: 1440,
      archiveTimestamp: new Date().toISOString(),
      lastActivityMs: this.now(),
      members: new Set(),
      messageCount: 0,
      ...fields,
    };
    this.channels.set(channel.id, channel);
    this.changed("channel");
    return channel;
  }
}

export function isThread(type: ChannelType): boolean {
  return (
    type === ChannelType.PrivateThread || type === ChannelType.PublicThread || type === ChannelType.AnnouncementThread
  );
}
