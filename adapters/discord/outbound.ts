import { setTimeout as sleep } from "node:timers/promises";
import { type APIChannel, type APIMessage, ChannelType, type Client, Routes } from "discord.js";
import { PlatformError } from "../../src/errors.ts";
import type { Logger } from "../../src/logger.ts";
import { clip } from "../../src/messages/markup.ts";
import type { ChannelRef, MessageRef, OpenSpaceRequest, RichMessage, SpaceRef } from "../../src/platform/port.ts";
import { DiscordCode, isDiscordCode, translateError } from "./errors.ts";
import { autoArchiveFor, DISCORD_LIMITS } from "./limits.ts";
import { channelLabel } from "./readiness.ts";
import { renderMessages, renderSingle, restBody } from "./render.ts";

/** The group size `maxSpaceMembers` promises (private threads themselves allow more; groups never need it). */
export const DISCORD_MAX_SPACE_MEMBERS = 25;

/**
 * The REST side of the port. Every call goes through `client.rest`, whose per-bucket queues follow Discord's
 * X-RateLimit headers; nothing here sleeps or retries on its own. Calls go straight to routes (not through the
 * channel cache), so a thread is usable the moment it exists, before any gateway event arrives.
 */
export class DiscordOutbound {
  /** Threads this process opened: their messages are counted for stats. */
  readonly spaces = new Set<string>();
  /** user id → DM channel id (pending while it opens): one DM channel per member, opened once. */
  readonly #dmChannels = new Map<string, Promise<string>>();
  /** Settles when the next new DM channel may be opened (see `dmOpenIntervalMs`). */
  #dmOpens: Promise<void> = Promise.resolve();
  /** DM channel id → the community that last wrote there (DM button clicks carry no guild). */
  readonly dmCommunity = new Map<string, string>();

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    /**
     * Least time between two new DM channels. Discord warns that bots opening many DMs quickly get flagged as spam;
     * when a whole round fails (thread cap) every member is still told, one new DM channel at a time.
     */
    private readonly dmOpenIntervalMs = 500,
  ) {}

  /** The member's DM channel, opened once and paced (concurrent callers share one request). */
  #dmChannel(userId: string): Promise<string> {
    let channel = this.#dmChannels.get(userId);
    if (!channel) {
      // One open at a time, `dmOpenIntervalMs` after the previous one was answered.
      channel = this.#dmOpens.then(async () => {
        const dm = (await this.client.rest.post(Routes.userChannels(), {
          body: { recipient_id: userId },
        })) as APIChannel;
        return dm.id;
      });
      this.#dmOpens = channel.then(
        () => sleep(this.dmOpenIntervalMs),
        () => sleep(this.dmOpenIntervalMs),
      );
      this.#dmChannels.set(userId, channel);
      // A failed open is not cached: the next message tries again.
      channel.catch(() => this.#dmChannels.delete(userId));
    }
    return channel;
  }

  /** Posts a message; one longer than Discord allows goes out as several, in order. Returns the first. */
  async post(channelId: string, message: RichMessage, permission: string): Promise<APIMessage> {
    try {
      let first: APIMessage | undefined;
      for (const part of renderMessages(message)) {
        const posted = (await this.client.rest.post(Routes.channelMessages(channelId), restBody(part))) as APIMessage;
        first ??= posted;
      }
      if (!first) throw new Error("nothing to post");
      return first;
    } catch (error) {
      throw translateError(error, {
        action: "post a message",
        permission,
        channel: channelLabel(this.client, channelId),
      });
    }
  }

  async postInChannel(channel: ChannelRef, message: RichMessage): Promise<MessageRef> {
    const posted = await this.post(channel.channelId, message, "Send Messages");
    return { ...channel, messageId: posted.id };
  }

  async updateMessage(ref: MessageRef, message: RichMessage): Promise<void> {
    try {
      await this.client.rest.patch(
        Routes.channelMessage(ref.channelId, ref.messageId),
        restBody(renderSingle(message)),
      );
    } catch (error) {
      throw translateError(error, {
        action: "update its message",
        permission: "Send Messages",
        channel: channelLabel(this.client, ref.channelId),
      });
    }
  }

  /**
   * A private thread (type 12, not invitable) in the session channel, then its members added in parallel (each
   * thread is its own rate-limit bucket, so these never queue behind other groups). Three to four requests per group.
   */
  async openGroupSpace(request: OpenSpaceRequest): Promise<SpaceRef> {
    const { channel } = request;
    const memberCount = new Set(request.memberIds).size;
    if (memberCount > DISCORD_MAX_SPACE_MEMBERS) {
      throw new PlatformError(
        "space-capacity",
        `A Quick Meet thread holds at most ${DISCORD_MAX_SPACE_MEMBERS} members; ${memberCount} were asked for.`,
      );
    }
    const label = channelLabel(this.client, channel.channelId);
    let thread: APIChannel;
    try {
      thread = (await this.client.rest.post(Routes.threads(channel.channelId), {
        body: {
          name: clip(request.title, DISCORD_LIMITS.thread.name) || "Quick Meet",
          type: ChannelType.PrivateThread,
          invitable: false,
          // Inactivity must not archive the thread while the group may still use it (a week-long async meet).
          auto_archive_duration: autoArchiveFor(request.openForMs),
        },
      })) as APIChannel;
    } catch (error) {
      throw translateError(error, {
        action: "open a private thread",
        permission: "Create Private Threads",
        channel: label,
      });
    }
    this.spaces.add(thread.id);
    const space: SpaceRef = { ...channel, spaceId: thread.id };
    const added = await Promise.allSettled(
      request.memberIds.map((userId) => this.client.rest.put(Routes.threadMembers(thread.id, userId))),
    );
    const failures = added.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    if (failures.length === 0) return space;
    // A member who just left the server is reported separately (GUILD_MEMBER_REMOVE); the rest can still talk.
    const onlyDeparted = failures.every((e) => isDiscordCode(e, DiscordCode.UnknownMember));
    if (onlyDeparted && request.memberIds.length - failures.length >= 2) return space;
    await this.closeSpace(space).catch((error: unknown) =>
      this.logger.warn("could not close a half-opened thread", { error }),
    );
    throw translateError(failures[0], {
      action: "add members to a private thread",
      permission: "Send Messages in Threads",
      channel: label,
    });
  }

  async postInSpace(space: SpaceRef, message: RichMessage): Promise<MessageRef> {
    const posted = await this.post(space.spaceId, message, "Send Messages in Threads");
    return { communityId: space.communityId, channelId: space.spaceId, messageId: posted.id };
  }

  /** Removes a member from a private thread (the bot created it, so no extra permission is needed). */
  async removeFromSpace(space: SpaceRef, userId: string): Promise<boolean> {
    try {
      await this.client.rest.delete(Routes.threadMembers(space.spaceId, userId));
      return true;
    } catch (error) {
      // Already gone (left the server or the thread): nothing left to remove.
      if (isDiscordCode(error, DiscordCode.UnknownMember)) return true;
      throw translateError(error, {
        action: "remove a member from a round thread",
        permission: "Manage Threads",
        channel: channelLabel(this.client, space.channelId),
      });
    }
  }

  /**
   * Lock and archive: members can no longer write, and the thread stops counting against the cap. One request when
   * the thread is active; a thread Discord already archived for inactivity must be unarchived in the same request
   * that locks it (50083 otherwise), then archived again.
   */
  async closeSpace(space: SpaceRef): Promise<void> {
    const thread = Routes.channel(space.spaceId);
    try {
      try {
        await this.client.rest.patch(thread, { body: { archived: true, locked: true } });
      } catch (error) {
        if (!isDiscordCode(error, DiscordCode.ThreadArchived)) throw error;
        await this.client.rest.patch(thread, { body: { archived: false, locked: true } });
        await this.client.rest.patch(thread, { body: { archived: true } });
      }
      // Members cannot write in a locked thread: nothing more to count there.
      this.spaces.delete(space.spaceId);
    } catch (error) {
      throw translateError(error, {
        action: "lock and archive a round thread",
        permission: "Manage Threads",
        channel: channelLabel(this.client, space.channelId),
      });
    }
  }

  /** A DM: the DM channel is opened once per member (paced) and reused. Closed DMs → `unreachable-member`. */
  async sendPrivate(communityId: string, userId: string, message: RichMessage): Promise<void> {
    try {
      const channelId = await this.#dmChannel(userId);
      this.dmCommunity.set(channelId, communityId);
      for (const part of renderMessages(message))
        await this.client.rest.post(Routes.channelMessages(channelId), restBody(part));
    } catch (error) {
      const translated = translateError(error, {
        action: "send a direct message",
        permission: "Send Messages",
        channel: "direct messages",
      });
      if (translated.code === "missing-permission") {
        throw new PlatformError(
          "unreachable-member",
          `<@${userId}> does not accept direct messages from server members.`,
          { cause: error },
        );
      }
      throw translated;
    }
  }
}
