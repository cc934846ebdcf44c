import type { InterestSignal } from "../../src/domain/types.ts";
import { PlatformError } from "../../src/errors.ts";
import type {
  Attachment,
  ChannelRef,
  ChatPlatform,
  MessageRef,
  OpenSpaceRequest,
  PostOnce,
  ReadinessProblem,
  RichMessage,
  SpaceRef,
} from "../../src/platform/port.ts";
import type { ChannelSignals } from "./channel-signals.ts";
import type { Directory } from "./directory.ts";
import { PLATFORM_ID } from "./platform-id.ts";
import { renderMessage, renderMessages } from "./render.ts";
import type { SlackWeb } from "./web.ts";

/** Scopes every session needs, and why (shown to the organizer when one is missing). */
export const REQUIRED_SCOPES: ReadonlyArray<{ scope: string; why: string }> = [
  { scope: "commands", why: "receive /quickmeet" },
  { scope: "chat:write", why: "post the lobby, intros and closing messages" },
  { scope: "mpim:write", why: "open a group DM for each pair or trio" },
  { scope: "im:write", why: "send feedback questions and connection news privately" },
  { scope: "mpim:history", why: "count the messages exchanged in group DMs, which are never stored" },
  { scope: "users:read", why: "show names and recognise workspace admins" },
];

/** How long a channel's member list answers `canSeeChannel` before it is read again. */
const MEMBERS_TTL_MS = 60_000;

/** Message metadata `event_type` of the bot's idempotent posts; the payload's `key` names the post. */
export const POST_EVENT_TYPE = "quickmeet_post";

/**
 * How far back a resumed post looks for itself: members may have written a while between the crash and the
 * restart, and one conversations.history page (Tier 3) covers this many messages.
 */
const RESUME_LOOKBACK = 200;

/** Slack group DMs hold at most 8 people besides the caller (conversations.open takes 1–8 users). */
export const SLACK_MAX_SPACE_MEMBERS = 8;

/** The outbound half of the Slack adapter: what the core calls. */
export class SlackPlatform implements ChatPlatform {
  readonly id = PLATFORM_ID;
  readonly maxSpaceMembers = SLACK_MAX_SPACE_MEMBERS;
  private readonly dmChannels = new Map<string, string>();
  /** Channel members as last read, for `canSeeChannel`. */
  private readonly channelMembers = new Map<string, { at: number; ids: Set<string>; loading?: Promise<Set<string>> }>();

  constructor(
    private readonly web: SlackWeb,
    private readonly directory: Directory,
    private readonly signals?: ChannelSignals,
  ) {}

  async memberSignals(
    _communityId: string,
    chosen: readonly InterestSignal[],
    userIds: readonly string[],
  ): Promise<Map<string, string[]>> {
    return this.signals ? this.signals.memberSignals(chosen, userIds) : new Map();
  }

  /** Titles and zones from the directory (warmed by users.list; users.info only for members not seen yet). */
  async memberProfileHints(
    _communityId: string,
    userIds: readonly string[],
  ): Promise<Map<string, { title?: string; timeZone?: string }>> {
    const out = new Map<string, { title?: string; timeZone?: string }>();
    for (const id of userIds) {
      const m = await this.directory.getOr(id, id);
      if (m.title || m.timeZone)
        out.set(id, { ...(m.title ? { title: m.title } : {}), ...(m.timeZone ? { timeZone: m.timeZone } : {}) });
    }
    return out;
  }

  forgetMemberSignals(_communityId: string, userId: string): void {
    this.signals?.forget(userId);
  }

  /**
   * Scopes from auth.test's `x-oauth-scopes` header against REQUIRED_SCOPES, then the channel itself: reading it
   * needs channels:read (public) or groups:read (private), and the bot must be a member to post there.
   */
  async checkSessionReadiness(channel: ChannelRef): Promise<ReadinessProblem[]> {
    const { scopes } = await this.web.authTest();
    const granted = new Set(scopes);
    const problems: ReadinessProblem[] = REQUIRED_SCOPES.filter((r) => !granted.has(r.scope)).map((r) => ({
      permission: r.scope,
      message: `The Slack app lacks the \`${r.scope}\` scope (needed to ${r.why}). Add it under OAuth & Permissions, or recreate the app from adapters/slack/manifest.yaml, then reinstall it.`,
    }));
    try {
      const info = await this.web.channelInfo(channel.channelId);
      if (!info.isMember) {
        problems.push({
          permission: "channel membership",
          message: `The bot is not in <#${channel.channelId}>: invite it with \`/invite @quickmeet\`, then start again.`,
        });
      }
    } catch (error) {
      if (!(error instanceof PlatformError) || error.code !== "missing-permission") throw error;
      problems.push({ permission: error.details.permission ?? "channels:read", message: error.message });
    }
    return problems;
  }

  async postInChannel(channel: ChannelRef, message: RichMessage): Promise<MessageRef> {
    const ts = await this.postAll(channel.channelId, message);
    if (message.attachments?.length)
      await this.web.uploadFiles(channel.channelId, message.attachments, { threadTs: ts });
    return { communityId: channel.communityId, channelId: channel.channelId, messageId: ts };
  }

  async updateMessage(ref: MessageRef, message: RichMessage): Promise<void> {
    await this.web.update(ref.channelId, ref.messageId, renderMessage(message));
  }

  /**
   * A group DM of the members and the bot. Slack hands back the same conversation for the same people, so a pair
   * that meets again (a later session) lands in its old DM; the core's intro names the round.
   */
  async openGroupSpace(request: OpenSpaceRequest): Promise<SpaceRef> {
    const members = [...new Set(request.memberIds)];
    if (members.length > SLACK_MAX_SPACE_MEMBERS) {
      throw new PlatformError(
        "space-capacity",
        `Slack group DMs hold at most ${SLACK_MAX_SPACE_MEMBERS} people; got ${members.length}.`,
      );
    }
    const spaceId = await this.web.openConversation(members);
    return { communityId: request.channel.communityId, channelId: request.channel.channelId, spaceId };
  }

  /**
   * With `once`, each message carries metadata naming its key; a resumed post first reads the conversation's recent
   * history for the bot's messages with those keys (the earlier attempt reached Slack) and posts only what is missing.
   */
  async postInSpace(space: SpaceRef, message: RichMessage, once?: PostOnce): Promise<MessageRef> {
    const ts = await this.postAll(space.spaceId, message, once);
    if (message.attachments?.length) await this.web.uploadFiles(space.spaceId, message.attachments, { threadTs: ts });
    return { communityId: space.communityId, channelId: space.spaceId, messageId: ts };
  }

  /** Slack group DMs cannot be archived by apps; the core's closing message is the close. Nothing to do. */
  /** A group DM's members are fixed (conversations.kick does not apply to mpims): the core says so in the space. */
  async removeFromSpace(_space: SpaceRef, _userId: string): Promise<boolean> {
    return false;
  }

  async closeSpace(_space: SpaceRef): Promise<void> {}

  async sendPrivate(_communityId: string, userId: string, message: RichMessage): Promise<void> {
    const channel = await this.dmChannel(userId);
    const ts = await this.postAll(channel, message);
    if (message.attachments?.length) await this.web.uploadFiles(channel, message.attachments, { threadTs: ts });
  }

  /**
   * Files for one member only: shared in the bot's DM with them, never in a channel. Slack cannot attach files to an
   * ephemeral message, so a private reply's chart and CSVs arrive in the DM, each file named, as one message.
   */
  async shareFilesPrivately(userId: string, files: readonly Attachment[], comment?: string): Promise<void> {
    if (files.length === 0) return;
    const channel = await this.dmChannel(userId);
    await this.web.uploadFiles(channel, files, {
      comment: comment ?? `Attached: ${files.map((f) => f.name).join(", ")}`,
    });
  }

  /** Human members of the channel (bots and deactivated accounts are not an audience). */
  async countChannelMembers(channel: ChannelRef): Promise<number> {
    const ids = await this.web.channelMemberIds(channel.channelId);
    let count = 0;
    for (const id of ids) {
      const member = await this.directory.getOr(id, id);
      if (!member.isBot && !member.deleted) count += 1;
    }
    return count;
  }

  /**
   * A member of the channel can see it (and click its buttons). The member list is read once a minute per channel
   * (conversations.members, Tier 4), so a burst of Join clicks costs one call, not one each.
   */
  async canSeeChannel(channel: ChannelRef, userId: string): Promise<boolean> {
    const cached = this.channelMembers.get(channel.channelId);
    const fresh = cached && Date.now() - cached.at < MEMBERS_TTL_MS && cached.ids.has(userId);
    if (fresh) return true;
    // A miss is re-read once: the member may have joined the channel a moment ago.
    const loading = cached?.loading ?? this.web.channelMemberIds(channel.channelId).then((ids) => new Set(ids));
    this.channelMembers.set(channel.channelId, { at: cached?.at ?? 0, ids: cached?.ids ?? new Set(), loading });
    try {
      const ids = await loading;
      this.channelMembers.set(channel.channelId, { at: Date.now(), ids });
      return ids.has(userId);
    } catch (error) {
      this.channelMembers.delete(channel.channelId);
      if (error instanceof PlatformError && error.code === "missing-permission") return false;
      throw error;
    }
  }

  async displayName(_communityId: string, userId: string): Promise<string> {
    return (await this.directory.getOr(userId, userId)).displayName;
  }

  /**
   * Posts a message that may take several Slack messages (long stats, long intros), in order; returns the first one's
   * ts, which the core keeps as the message's id (files are threaded under it).
   */
  private async postAll(channel: string, message: RichMessage, once?: PostOnce): Promise<string> {
    const keyOf = (i: number) => (once ? (i === 0 ? once.key : `${once.key}#${i}`) : undefined);
    const earlier = new Map<string, string>();
    if (once?.resume) {
      for (const m of await this.web.recentMessages(channel, RESUME_LOOKBACK)) {
        const key = m.metadata?.event_type === POST_EVENT_TYPE ? m.metadata.event_payload?.key : undefined;
        if (typeof key === "string") earlier.set(key, m.ts);
      }
    }
    let first: string | undefined;
    for (const [i, body] of renderMessages(message).entries()) {
      const key = keyOf(i);
      const ts =
        (key !== undefined ? earlier.get(key) : undefined) ??
        (await this.web.postMessage(
          channel,
          body,
          key !== undefined ? { event_type: POST_EVENT_TYPE, event_payload: { key } } : undefined,
        ));
      first ??= ts;
    }
    return first ?? "";
  }

  /** The bot's DM with a member, opened once and remembered. */
  async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const id = await this.web.openConversation([userId]);
    this.dmChannels.set(userId, id);
    return id;
  }
}
