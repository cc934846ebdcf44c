import type { types, webApi } from "@slack/bolt";
import type { Attachment } from "../../src/platform/port.ts";
import { toPlatformError } from "./errors.ts";
import type { Pacer } from "./pacer.ts";

type AnyBlock = types.KnownBlock | types.Block;

/** A rendered message body: plain-text fallback plus Block Kit. */
export interface SlackBody {
  text: string;
  blocks: AnyBlock[];
}

/** A Slack member as the adapter caches it. */
export interface SlackMember {
  id: string;
  displayName: string;
  isAdmin: boolean;
  isBot: boolean;
  deleted: boolean;
  /** Profile job title (`profile.title`), when set. */
  title?: string;
  /** IANA zone (`tz`), when Slack knows it. */
  timeZone?: string;
}

/** What users.info / users.list return for one member (the fields the adapter reads). */
export interface SlackUserJson {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  tz?: string;
  profile?: { display_name?: string; real_name?: string; title?: string };
}

export function memberFromJson(user: SlackUserJson): SlackMember {
  const display = user.profile?.display_name || user.profile?.real_name || user.real_name || user.name || user.id || "";
  return {
    id: user.id ?? "",
    displayName: display,
    isAdmin: user.is_admin === true || user.is_owner === true,
    isBot: user.is_bot === true,
    deleted: user.deleted === true,
    ...(user.profile?.title?.trim() ? { title: user.profile.title.trim() } : {}),
    ...(user.tz ? { timeZone: user.tz } : {}),
  };
}

/**
 * Every Web API call the adapter makes, paced by tier and translated into `PlatformError`s. The WebClient underneath
 * still retries 429s (rejectRateLimitedCalls: false) if Slack's buckets are stricter than the pacer's.
 */
export class SlackWeb {
  constructor(
    readonly client: webApi.WebClient,
    private readonly pacer: Pacer,
  ) {}

  private async call<T>(method: string, channel: string | undefined, what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.pacer.run(method, channel, fn);
    } catch (error) {
      throw toPlatformError(error, what);
    }
  }

  /** Identity of the bot and the scopes its token holds (from the `x-oauth-scopes` header). */
  async authTest(): Promise<{ teamId: string; userId: string; scopes: string[] }> {
    const result = await this.call("auth.test", undefined, "check the bot token", () => this.client.auth.test());
    return {
      teamId: result.team_id ?? "",
      userId: result.user_id ?? "",
      scopes: result.response_metadata?.scopes ?? [],
    };
  }

  /** Open (or resume: Slack returns the same one for the same people) a DM or group DM; returns its channel id. */
  async openConversation(userIds: readonly string[]): Promise<string> {
    const what = userIds.length > 1 ? "open a group DM" : "open a DM";
    const result = await this.call("conversations.open", undefined, what, () =>
      this.client.conversations.open({ users: userIds.join(",") }),
    );
    const id = result.channel?.id;
    if (!id) throw toPlatformError(new Error("conversations.open returned no channel"), what);
    return id;
  }

  async postMessage(channel: string, body: SlackBody, metadata?: types.MessageMetadata): Promise<string> {
    const result = await this.call("chat.postMessage", channel, `post in ${channel}`, () =>
      this.client.chat.postMessage({
        channel,
        text: body.text,
        blocks: body.blocks,
        unfurl_links: false,
        ...(metadata ? { metadata } : {}),
      }),
    );
    return result.ts ?? "";
  }

  /** The conversation's latest top-level messages, newest first, with their metadata (one Tier 3 call). */
  async recentMessages(
    channel: string,
    limit: number,
  ): Promise<Array<{ ts: string; botId?: string; metadata?: types.MessageMetadata }>> {
    const result = await this.call("conversations.history", channel, `read recent messages in ${channel}`, () =>
      this.client.conversations.history({ channel, limit, include_all_metadata: true }),
    );
    return (result.messages ?? []).map((m) => ({
      ts: m.ts ?? "",
      ...(m.bot_id ? { botId: m.bot_id } : {}),
      ...(m.metadata ? { metadata: m.metadata as types.MessageMetadata } : {}),
    }));
  }

  async update(channel: string, ts: string, body: SlackBody): Promise<void> {
    await this.call("chat.update", channel, `update a message in ${channel}`, () =>
      this.client.chat.update({ channel, ts, text: body.text, blocks: body.blocks }),
    );
  }

  async postEphemeral(channel: string, user: string, body: SlackBody): Promise<void> {
    await this.call("chat.postEphemeral", channel, `reply privately in ${channel}`, () =>
      this.client.chat.postEphemeral({ channel, user, text: body.text, blocks: body.blocks }),
    );
  }

  async openView(triggerId: string, view: types.ModalView): Promise<void> {
    await this.call("views.open", undefined, "open a form", () =>
      this.client.views.open({ trigger_id: triggerId, view }),
    );
  }

  async publishHome(userId: string, view: types.HomeView): Promise<void> {
    await this.call("views.publish", undefined, "publish the App Home", () =>
      this.client.views.publish({ user_id: userId, view }),
    );
  }

  async userInfo(userId: string): Promise<SlackMember> {
    const result = await this.call("users.info", undefined, "look up a member", () =>
      this.client.users.info({ user: userId }),
    );
    return memberFromJson({ ...(result.user as SlackUserJson), id: userId });
  }

  /** Every member of the workspace, page by page (Tier 2: a few calls for thousands of members). */
  async listUsers(): Promise<SlackMember[]> {
    const members: SlackMember[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.call("users.list", undefined, "list members", () =>
        this.client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) }),
      );
      for (const user of page.members ?? []) members.push(memberFromJson(user as SlackUserJson));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return members;
  }

  async channelInfo(channel: string): Promise<{ isMember: boolean; name: string; isPrivate: boolean }> {
    const result = await this.call("conversations.info", channel, `read channel ${channel}`, () =>
      this.client.conversations.info({ channel }),
    );
    return {
      isMember: result.channel?.is_member === true,
      name: result.channel?.name ?? channel,
      // Anything but a plain public channel (private channel, DM, group DM) is private.
      isPrivate: result.channel?.is_private !== false || result.channel?.is_channel !== true,
    };
  }

  async channelMemberIds(channel: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.call("conversations.members", channel, `count members of ${channel}`, () =>
        this.client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) }),
      );
      ids.push(...(page.members ?? []));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return ids;
  }

  /**
   * Upload files and share them in one conversation as one message (files.uploadV2: files.getUploadURLExternal per
   * file, the bytes to each upload URL, then one files.completeUploadExternal with `channel_id`). Needs files:write.
   * `threadTs` puts the share under that message; `comment` is the share message's text.
   */
  async uploadFiles(
    channel: string,
    files: readonly Attachment[],
    options: { threadTs?: string; comment?: string } = {},
  ): Promise<void> {
    if (files.length === 0) return;
    await this.call("files.getUploadURLExternal", undefined, `upload files to ${channel}`, () =>
      this.client.files.uploadV2({
        channel_id: channel,
        ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
        ...(options.comment ? { initial_comment: options.comment } : {}),
        file_uploads: files.map((f) => ({ file: Buffer.from(f.data), filename: f.name, title: f.name })),
      }),
    );
  }
}
