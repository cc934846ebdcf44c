import {
  type APIChannel,
  type APIMessage,
  ChannelType,
  type Client,
  Routes,
  ThreadAutoArchiveDuration,
} from "discord.js";
import { PlatformError } from "../../src/errors.ts";
import type { Logger } from "../../src/logger.ts";
import type { ChannelRef, MessageRef, OpenSpaceRequest, RichMessage, SpaceRef } from "../../src/platform/port.ts";
import { DiscordCode, isDiscordCode, translateError } from "./errors.ts";
import { channelLabel } from "./readiness.ts";
import { restMessage } from "./render.ts";

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
  /** user id → DM channel id: one DM channel per member, opened once. */
  readonly #dmChannels = new Map<string, string>();
  /** DM channel id → the community that last wrote there (DM button clicks carry no guild). */
  readonly dmCommunity = new Map<string, string>();

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
  ) {}

  async post(channelId: string, message: RichMessage, permission: string): Promise<APIMessage> {
    try {
      return (await this.client.rest.post(Routes.channelMessages(channelId), restMessage(message))) as APIMessage;
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
      await this.client.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), restMessage(message));
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
          name: request.title.slice(0, 100) || "Quick Meet",
          type: ChannelType.PrivateThread,
          invitable: false,
          auto_archive_duration: ThreadAutoArchiveDuration.OneHour,
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

  /** Lock and archive in one request: members can no longer write, and the thread stops counting against the cap. */
  async closeSpace(space: SpaceRef): Promise<void> {
    try {
      await this.client.rest.patch(Routes.channel(space.spaceId), { body: { archived: true, locked: true } });
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

  /** A DM: the DM channel is opened once per member and reused. Closed DMs → `unreachable-member`. */
  async sendPrivate(communityId: string, userId: string, message: RichMessage): Promise<void> {
    let channelId = this.#dmChannels.get(userId);
    try {
      if (!channelId) {
        const dm = (await this.client.rest.post(Routes.userChannels(), {
          body: { recipient_id: userId },
        })) as APIChannel;
        channelId = dm.id;
        this.#dmChannels.set(userId, channelId);
      }
      this.dmCommunity.set(channelId, communityId);
      await this.client.rest.post(Routes.channelMessages(channelId), restMessage(message));
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
