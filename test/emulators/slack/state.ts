import type { ChannelKind, EmuChannel, EmuFile, EmuMessage, EmuUser, EmuView } from "./types.ts";

/** Options for seeding the emulated workspace. */
export interface WorkspaceSeed {
  teamId?: string;
  teamName?: string;
  /** Members to create; ids are generated (`U0001`...) unless given. */
  users?: ReadonlyArray<Partial<EmuUser> & { name: string }>;
  /** Public channels to create; every user and the bot are members. */
  channels?: readonly string[];
  /**
   * Where this workspace's generated ids start (`U0010001`…): Slack's ids are unique across workspaces, so a second
   * emulated workspace starts its ids elsewhere. Default 0.
   */
  idBase?: number;
  /** The bot user's id in this workspace (each install has its own bot user). Default UBOT0001. */
  botUserId?: string;
}

/**
 * The emulated Slack workspace: users, channels, group DMs, messages, views and files. The Web API handlers mutate
 * it; tests read it through the emulator's inspection methods.
 */
export class Workspace {
  readonly teamId: string;
  readonly teamName: string;
  readonly botUserId: string;
  readonly botId = "B0001";
  readonly appId = "A0001";
  readonly users = new Map<string, EmuUser>();
  readonly channels = new Map<string, EmuChannel>();
  readonly messages = new Map<string, EmuMessage[]>();
  readonly views = new Map<string, EmuView>();
  readonly files = new Map<string, EmuFile>();
  /** Trigger ids handed to the app, with when they were issued (Slack expires them after 3 s). */
  readonly triggers = new Map<string, { at: number; userId: string }>();
  /**
   * Called synchronously when a message is stored or a conversation created, before the API answers: a crash test
   * kills the app here ("stored, reply not received").
   */
  observer?: (event: { kind: "post"; message: EmuMessage } | { kind: "channel"; channel: EmuChannel }) => void;
  private readonly mpimByMembers = new Map<string, string>();
  private readonly imByUser = new Map<string, string>();
  private seq = 0;
  private lastTs = 0;

  constructor(seed: WorkspaceSeed = {}) {
    this.teamId = seed.teamId ?? "T0001";
    this.teamName = seed.teamName ?? "Emulated Workspace";
    this.botUserId = seed.botUserId ?? "UBOT0001";
    this.seq = seed.idBase ?? 0;
    this.addUser({ id: this.botUserId, name: "quickmeet", isBot: true });
    for (const user of seed.users ?? []) this.addUser(user);
    for (const name of seed.channels ?? ["general"]) this.addChannel(name, "channel");
  }

  /** A fresh id with Slack's prefix convention (U users, C channels, G group DMs, D DMs, F files, V views). */
  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${String(this.seq).padStart(6, "0")}`;
  }

  /** Message timestamps are unique and increasing, as Slack guarantees per channel. */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTs + 1);
    this.lastTs = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, "0")}`;
  }

  addUser(user: Partial<EmuUser> & { name: string }): EmuUser {
    const full: EmuUser = {
      id: user.id ?? this.nextId("U"),
      name: user.name,
      realName: user.realName ?? user.name,
      isAdmin: user.isAdmin ?? false,
      isOwner: user.isOwner ?? false,
      isBot: user.isBot ?? false,
      deleted: user.deleted ?? false,
      ...(user.title !== undefined ? { title: user.title } : {}),
      ...(user.tz !== undefined ? { tz: user.tz } : {}),
    };
    this.users.set(full.id, full);
    for (const channel of this.channels.values()) {
      if (channel.kind === "channel" && !channel.members.includes(full.id)) channel.members.push(full.id);
    }
    return full;
  }

  addChannel(name: string, kind: ChannelKind, members?: string[]): EmuChannel {
    const prefix = kind === "im" ? "D" : kind === "mpim" ? "G" : "C";
    const channel: EmuChannel = {
      id: this.nextId(prefix),
      name,
      kind,
      members: members ?? [...this.users.keys()],
      created: Math.floor(Date.now() / 1000),
    };
    this.channels.set(channel.id, channel);
    this.messages.set(channel.id, []);
    this.observer?.({ kind: "channel", channel });
    return channel;
  }

  channelByName(name: string): EmuChannel | undefined {
    return [...this.channels.values()].find((c) => c.name === name);
  }

  /** Slack returns the same group DM for the same set of people, whatever the order they are given in. */
  openMpim(userIds: readonly string[]): { channel: EmuChannel; alreadyOpen: boolean } {
    const members = [...new Set([...userIds, this.botUserId])].sort();
    const key = members.join(",");
    const existing = this.mpimByMembers.get(key);
    if (existing) return { channel: this.channels.get(existing)!, alreadyOpen: true };
    const channel = this.addChannel(`mpdm-${members.join("--")}-1`, "mpim", members);
    this.mpimByMembers.set(key, channel.id);
    return { channel, alreadyOpen: false };
  }

  openIm(userId: string): { channel: EmuChannel; alreadyOpen: boolean } {
    const existing = this.imByUser.get(userId);
    if (existing) return { channel: this.channels.get(existing)!, alreadyOpen: true };
    const channel = this.addChannel(userId, "im", [userId, this.botUserId]);
    this.imByUser.set(userId, channel.id);
    return { channel, alreadyOpen: false };
  }

  imOf(userId: string): string | undefined {
    return this.imByUser.get(userId);
  }

  post(message: Omit<EmuMessage, "ts">): EmuMessage {
    const stored: EmuMessage = { ...message, ts: this.nextTs() };
    const list = this.messages.get(message.channel) ?? [];
    list.push(stored);
    this.messages.set(message.channel, list);
    this.observer?.({ kind: "post", message: stored });
    return stored;
  }

  findMessage(channel: string, ts: string): EmuMessage | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  issueTrigger(userId: string): string {
    this.seq += 1;
    const id = `${this.seq}.${Date.now()}.${Math.random().toString(16).slice(2, 10)}`;
    this.triggers.set(id, { at: Date.now(), userId });
    return id;
  }
}
