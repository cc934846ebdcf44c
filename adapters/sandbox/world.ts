import type { RichMessage } from "../../src/platform/port.ts";

/** The bot's author id in the sandbox. */
export const BOT_ID = "BQUICKMEET";

export interface SandboxMember {
  id: string;
  name: string;
  organizer: boolean;
  /** Played by autoplay unless a viewer is acting as them. */
  simulated: boolean;
}

/** One message as stored in the sandbox: the bot's RichMessage, or a member's plain text wrapped as one. */
export interface WorldMessage {
  id: string;
  /** `BOT_ID` or a member id. */
  author: string;
  at: number;
  message: RichMessage;
  /** A reply only the viewer saw (Discord ephemeral / Slack ephemeral), kept in their private panel. */
  ephemeral?: boolean;
}

export interface WorldSpace {
  id: string;
  channelId: string;
  title: string;
  members: string[];
  closed: boolean;
  messages: WorldMessage[];
}

/** Where a message lives, which decides who may see it and click its buttons. */
export type MessageLocation =
  | { kind: "channel"; channelId: string }
  | { kind: "space"; space: WorldSpace }
  | { kind: "private"; userId: string };

/** What happened, for autoplay and live updates. `milestone` is false only for in-place edits. */
export type WorldChange =
  | { kind: "channel-post"; message: WorldMessage }
  | { kind: "edit"; messageId: string }
  | { kind: "space-open"; space: WorldSpace }
  | { kind: "space-post"; space: WorldSpace; message: WorldMessage }
  | { kind: "space-closed"; space: WorldSpace }
  | { kind: "space-left"; space: WorldSpace; userId: string }
  | { kind: "private"; userId: string; message: WorldMessage };

/**
 * The sandbox platform's own state: what Discord's or Slack's servers hold for a real community. Everything the
 * page shows comes from here, filtered by `visibleTo`, so a member can only ever read their own spaces.
 */
export class SandboxWorld {
  readonly members = new Map<string, SandboxMember>();
  readonly channels = new Map<string, { id: string; name: string; messages: WorldMessage[] }>();
  readonly spaces = new Map<string, WorldSpace>();
  private readonly privates = new Map<string, WorldMessage[]>();
  private readonly listeners = new Set<(change: WorldChange) => void>();
  private seq = 0;
  /** Bumped on every change; the page refetches when it moves. */
  version = 0;
  /** Bumped on every change except in-place edits (fast-forward stops once something new appears). */
  milestones = 0;

  constructor(
    readonly community: { id: string; name: string },
    private readonly now: () => number,
  ) {}

  addChannel(id: string, name: string): void {
    this.channels.set(id, { id, name, messages: [] });
  }

  addMember(member: SandboxMember): void {
    this.members.set(member.id, member);
  }

  name(userId: string): string {
    return userId === BOT_ID ? "Quick Meet" : (this.members.get(userId)?.name ?? userId);
  }

  onChange(listener: (change: WorldChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  newMessage(author: string, message: RichMessage, ephemeral = false): WorldMessage {
    const id = `M${(++this.seq).toString().padStart(6, "0")}`;
    return { id, author, at: this.now(), message, ...(ephemeral ? { ephemeral } : {}) };
  }

  postInChannel(channelId: string, message: WorldMessage): void {
    this.channels.get(channelId)?.messages.push(message);
    this.emit({ kind: "channel-post", message });
  }

  openSpace(channelId: string, title: string, members: readonly string[]): WorldSpace {
    const space: WorldSpace = {
      id: `G${(++this.seq).toString().padStart(6, "0")}`,
      channelId,
      title,
      members: [...members],
      closed: false,
      messages: [],
    };
    this.spaces.set(space.id, space);
    this.emit({ kind: "space-open", space });
    return space;
  }

  postInSpace(space: WorldSpace, message: WorldMessage): void {
    space.messages.push(message);
    this.emit({ kind: "space-post", space, message });
  }

  /** A member taken out of a space no longer sees it (as on Discord, where they leave the private thread). */
  removeFromSpace(space: WorldSpace, userId: string): void {
    if (!space.members.includes(userId)) return;
    space.members = space.members.filter((m) => m !== userId);
    this.emit({ kind: "space-left", space, userId });
  }

  closeSpace(space: WorldSpace): void {
    if (space.closed) return;
    space.closed = true;
    this.emit({ kind: "space-closed", space });
  }

  sendPrivate(userId: string, message: WorldMessage): void {
    const list = this.privates.get(userId) ?? [];
    list.push(message);
    this.privates.set(userId, list);
    this.emit({ kind: "private", userId, message });
  }

  privateMessagesOf(userId: string): readonly WorldMessage[] {
    return this.privates.get(userId) ?? [];
  }

  /** Replaces a message's content wherever it is. False when there is no such message. */
  edit(messageId: string, message: RichMessage): boolean {
    const found = this.find(messageId);
    if (!found) return false;
    found.message.message = message;
    this.emit({ kind: "edit", messageId });
    return true;
  }

  find(messageId: string): { message: WorldMessage; location: MessageLocation } | undefined {
    for (const channel of this.channels.values()) {
      const message = channel.messages.find((x) => x.id === messageId);
      if (message) return { message, location: { kind: "channel", channelId: channel.id } };
    }
    for (const space of this.spaces.values()) {
      const message = space.messages.find((x) => x.id === messageId);
      if (message) return { message, location: { kind: "space", space } };
    }
    for (const [userId, list] of this.privates) {
      const message = list.find((x) => x.id === messageId);
      if (message) return { message, location: { kind: "private", userId } };
    }
    return undefined;
  }

  /** The visibility rule of the whole sandbox: channels are public, spaces are for their members, DMs for one. */
  canSee(viewerId: string, location: MessageLocation): boolean {
    if (!this.members.has(viewerId)) return false;
    if (location.kind === "channel") return true;
    if (location.kind === "space") return location.space.members.includes(viewerId);
    return location.userId === viewerId;
  }

  /** Spaces the viewer is a member of, oldest first. Organizers see only the spaces they are in. */
  spacesOf(viewerId: string): WorldSpace[] {
    return [...this.spaces.values()].filter((s) => s.members.includes(viewerId));
  }

  /** Plain data of everything that changes (members and channels are fixed by the adapter). */
  dump() {
    return {
      seq: this.seq,
      channels: [...this.channels.values()].map((c) => ({ id: c.id, messages: c.messages })),
      spaces: [...this.spaces.values()],
      privates: [...this.privates.entries()],
    };
  }

  /** Restores what `dump` returned (a restart); channels not created by the adapter are ignored. */
  load(state: {
    seq: number;
    channels: ReadonlyArray<{ id: string; messages: WorldMessage[] }>;
    spaces: readonly WorldSpace[];
    privates: ReadonlyArray<readonly [string, WorldMessage[]]>;
  }): void {
    this.seq = Math.max(this.seq, state.seq);
    for (const c of state.channels) {
      const channel = this.channels.get(c.id);
      if (channel) channel.messages = c.messages;
    }
    for (const space of state.spaces) this.spaces.set(space.id, space);
    for (const [userId, list] of state.privates) this.privates.set(userId, list);
  }

  private emit(change: WorldChange): void {
    this.version++;
    if (change.kind !== "edit") this.milestones++;
    for (const listener of this.listeners) listener(change);
  }
}
