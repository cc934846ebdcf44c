import type { InterestSignal, PlatformId } from "../../src/domain/types.ts";
import { PlatformError } from "../../src/errors.ts";

// The recording platform registers its id like any adapter (src/domain/types.ts names no platform).
declare module "../../src/domain/types.ts" {
  interface PlatformIds {
    fake: true;
  }
}

import type {
  ChannelRef,
  ChatPlatform,
  MessageRef,
  OpenSpaceRequest,
  PostOnce,
  ReadinessProblem,
  RichMessage,
  SpaceRef,
} from "../../src/platform/port.ts";

export interface RecordedMessage {
  messageId: string;
  channelId: string;
  message: RichMessage;
  edits: RichMessage[];
}

export interface FakeSpace {
  spaceId: string;
  channelId: string;
  members: string[];
  title: string;
  closed: boolean;
  messages: RichMessage[];
  /** Ids returned for `messages`, same order. */
  messageIds: string[];
}

/**
 * A working platform that records everything the core asks of it: channel posts and edits, private spaces with
 * their members and messages, private messages per member. Failures can be switched on to test reactions.
 */
export class FakePlatform implements ChatPlatform {
  readonly maxSpaceMembers = 8;
  /** False plays a platform whose spaces' members are fixed (Slack group DMs). */
  canRemoveFromSpace = true;
  /** Unlimited unless a test plays a platform with small forms (Discord: 5). */
  maxFormFields?: number;
  readonly channelPosts: RecordedMessage[] = [];
  readonly spaces: FakeSpace[] = [];
  readonly privateMessages = new Map<string, RichMessage[]>();
  readonly calls: string[] = [];
  /** Set to make the Nth and later openGroupSpace calls fail with this error. */
  failSpacesFrom?: { index: number; error: PlatformError };
  readinessProblems: ReadinessProblem[] = [];
  channelMemberCount = 50;
  unreachable = new Set<string>();
  /** When set, only these users exist: anyone else is unreachable (the contract suite uses it). */
  knownMembers?: Set<string>;
  /** A permission taken from the bot: readiness reports it and opening spaces fails with it. */
  revokedPermission?: string;
  /** channel id → members who cannot see it (private channels they are not in). */
  readonly hiddenFrom = new Map<string, Set<string>>();
  /** Idempotency keys of posts made with `once`, as a real platform keeps nonces / metadata. */
  readonly postKeys = new Map<string, MessageRef>();
  private seq = 0;

  constructor(readonly id: PlatformId = "fake") {}

  async checkSessionReadiness(_channel: ChannelRef): Promise<ReadinessProblem[]> {
    const revoked = this.revokedPermission;
    return revoked
      ? [...this.readinessProblems, { permission: revoked, message: `Grant the bot ${revoked}` }]
      : this.readinessProblems;
  }

  async postInChannel(channel: ChannelRef, message: RichMessage): Promise<MessageRef> {
    this.calls.push("postInChannel");
    const messageId = `m${++this.seq}`;
    this.channelPosts.push({ messageId, channelId: channel.channelId, message, edits: [] });
    return { communityId: channel.communityId, channelId: channel.channelId, messageId };
  }

  async updateMessage(ref: MessageRef, message: RichMessage): Promise<void> {
    this.calls.push("updateMessage");
    const post = this.channelPosts.find((p) => p.messageId === ref.messageId);
    if (!post) throw new PlatformError("platform-failure", `unknown message ${ref.messageId}`);
    post.edits.push(message);
  }

  async openGroupSpace(request: OpenSpaceRequest): Promise<SpaceRef> {
    this.calls.push("openGroupSpace");
    const attempt = this.calls.filter((c) => c === "openGroupSpace").length;
    if (this.failSpacesFrom && attempt >= this.failSpacesFrom.index) throw this.failSpacesFrom.error;
    if (this.revokedPermission) {
      throw new PlatformError("missing-permission", `Grant the bot ${this.revokedPermission}`, {
        permission: this.revokedPermission,
      });
    }
    if (request.memberIds.length > this.maxSpaceMembers) {
      throw new PlatformError("space-capacity", `a space holds at most ${this.maxSpaceMembers} members`);
    }
    const stranger = request.memberIds.find((m) => this.knownMembers && !this.knownMembers.has(m));
    if (stranger) throw new PlatformError("unreachable-member", `${stranger} is not a member`);
    const earlier = request.resume
      ? this.spaces.find((s) => !s.closed && s.channelId === request.channel.channelId && s.title === request.title)
      : undefined;
    if (earlier)
      return {
        communityId: request.channel.communityId,
        channelId: request.channel.channelId,
        spaceId: earlier.spaceId,
      };
    const spaceId = `s${++this.seq}`;
    this.spaces.push({
      spaceId,
      channelId: request.channel.channelId,
      members: [...request.memberIds],
      title: request.title,
      closed: false,
      messages: [],
      messageIds: [],
    });
    return { communityId: request.channel.communityId, channelId: request.channel.channelId, spaceId };
  }

  async postInSpace(space: SpaceRef, message: RichMessage, once?: PostOnce): Promise<MessageRef> {
    this.calls.push("postInSpace");
    const s = this.space(space.spaceId);
    const earlier = once?.resume ? this.postKeys.get(once.key) : undefined;
    if (earlier) return earlier;
    const messageId = `m${++this.seq}`;
    s.messages.push(message);
    s.messageIds.push(messageId);
    const ref = { communityId: space.communityId, channelId: space.spaceId, messageId };
    if (once) this.postKeys.set(once.key, ref);
    return ref;
  }

  async removeFromSpace(space: SpaceRef, userId: string): Promise<boolean> {
    this.calls.push("removeFromSpace");
    if (!this.canRemoveFromSpace) return false;
    const found = this.space(space.spaceId);
    found.members = found.members.filter((m) => m !== userId);
    return true;
  }

  async closeSpace(space: SpaceRef): Promise<void> {
    this.calls.push("closeSpace");
    this.space(space.spaceId).closed = true;
  }

  async sendPrivate(_communityId: string, userId: string, message: RichMessage): Promise<void> {
    this.calls.push("sendPrivate");
    if (this.unreachable.has(userId) || (this.knownMembers && !this.knownMembers.has(userId))) {
      throw new PlatformError("unreachable-member", `${userId} cannot be reached`);
    }
    this.privateMessages.set(userId, [...(this.privateMessages.get(userId) ?? []), message]);
  }

  async countChannelMembers(): Promise<number> {
    return this.channelMemberCount;
  }

  async canSeeChannel(channel: ChannelRef, userId: string): Promise<boolean> {
    return !this.hiddenFrom.get(channel.channelId)?.has(userId);
  }

  async displayName(_communityId: string, userId: string): Promise<string> {
    return `Member ${userId}`;
  }

  /**
   * Roles/channels each member holds on this fake platform, chosen or not: answered unfiltered so tests can prove
   * the core itself drops whatever an organizer did not choose.
   */
  readonly held = new Map<string, string[]>();
  /** Members whose cached signals forget-me dropped. */
  readonly forgottenSignals: string[] = [];

  async memberSignals(
    _communityId: string,
    _chosen: readonly InterestSignal[],
    userIds: readonly string[],
  ): Promise<Map<string, string[]>> {
    this.calls.push(`memberSignals:${userIds.length}`);
    return new Map(userIds.map((u) => [u, this.held.get(u) ?? []]));
  }

  /** Platform-profile job titles and zones (Slack users.info), answered only when asked. */
  readonly hints = new Map<string, { title?: string; timeZone?: string }>();

  async memberProfileHints(
    _communityId: string,
    userIds: readonly string[],
  ): Promise<Map<string, { title?: string; timeZone?: string }>> {
    this.calls.push(`memberProfileHints:${userIds.length}`);
    return new Map(userIds.flatMap((u) => (this.hints.has(u) ? [[u, this.hints.get(u)!] as const] : [])));
  }

  forgetMemberSignals(_communityId: string, userId: string): void {
    this.forgottenSignals.push(userId);
  }

  space(spaceId: string): FakeSpace {
    const s = this.spaces.find((x) => x.spaceId === spaceId);
    if (!s) throw new PlatformError("platform-failure", `unknown space ${spaceId}`);
    return s;
  }

  /** Spaces whose title says they belong to round `n`. */
  spacesOfRound(n: number): FakeSpace[] {
    return this.spaces.filter((s) => s.title.includes(`round ${n} `));
  }

  privateTexts(userId: string): string[] {
    return (this.privateMessages.get(userId) ?? []).map((m) =>
      [m.title ?? "", m.text, ...(m.fields ?? []).map((f) => `${f.label}: ${f.value}`)].join("\n"),
    );
  }
}
