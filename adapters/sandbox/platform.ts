import { PlatformError } from "../../src/errors.ts";
import type {
  ChannelRef,
  ChatPlatform,
  MessageRef,
  OpenSpaceRequest,
  ReadinessProblem,
  RichMessage,
  SpaceRef,
} from "../../src/platform/port.ts";
import { PLATFORM_ID } from "./platform-id.ts";
import { BOT_ID, type SandboxWorld } from "./world.ts";

/** A group DM on Slack holds at most 8 people; the sandbox keeps the same cap so behaviour matches. */
const MAX_SPACE_MEMBERS = 8;

/**
 * The outbound half of the sandbox adapter: the core's ChatPlatform port over the in-memory world. It checks what a
 * real platform would (known channel, known members, space size) and fails with the same typed errors.
 */
export class SandboxPlatform implements ChatPlatform {
  readonly id = PLATFORM_ID;
  readonly maxSpaceMembers = MAX_SPACE_MEMBERS;

  constructor(readonly world: SandboxWorld) {}

  async checkSessionReadiness(_channel: ChannelRef): Promise<ReadinessProblem[]> {
    // The sandbox bot holds every right it needs: nothing can be missing.
    return [];
  }

  async postInChannel(channel: ChannelRef, message: RichMessage): Promise<MessageRef> {
    this.channel(channel);
    const posted = this.world.newMessage(BOT_ID, message);
    this.world.postInChannel(channel.channelId, posted);
    return { communityId: channel.communityId, channelId: channel.channelId, messageId: posted.id };
  }

  async updateMessage(ref: MessageRef, message: RichMessage): Promise<void> {
    if (!this.world.edit(ref.messageId, message))
      throw new PlatformError("platform-failure", `The sandbox has no message ${ref.messageId} to edit.`);
  }

  async openGroupSpace(request: OpenSpaceRequest): Promise<SpaceRef> {
    this.channel(request.channel);
    if (request.memberIds.length > MAX_SPACE_MEMBERS)
      throw new PlatformError(
        "space-capacity",
        `A sandbox space holds at most ${MAX_SPACE_MEMBERS} members; ${request.memberIds.length} were asked for.`,
      );
    const unknown = request.memberIds.filter((id) => !this.world.members.has(id));
    if (unknown.length > 0)
      throw new PlatformError("unreachable-member", `No sandbox member with id ${unknown.join(", ")}.`);
    const space = this.world.openSpace(request.channel.channelId, request.title, request.memberIds);
    return { communityId: request.channel.communityId, channelId: request.channel.channelId, spaceId: space.id };
  }

  async postInSpace(ref: SpaceRef, message: RichMessage): Promise<MessageRef> {
    const space = this.world.spaces.get(ref.spaceId);
    if (!space) throw new PlatformError("platform-failure", `The sandbox has no space ${ref.spaceId}.`);
    const posted = this.world.newMessage(BOT_ID, message);
    this.world.postInSpace(space, posted);
    return { communityId: ref.communityId, channelId: ref.spaceId, messageId: posted.id };
  }

  async removeFromSpace(ref: SpaceRef, userId: string): Promise<boolean> {
    const space = this.world.spaces.get(ref.spaceId);
    if (space) this.world.removeFromSpace(space, userId);
    return true;
  }

  async closeSpace(ref: SpaceRef): Promise<void> {
    const space = this.world.spaces.get(ref.spaceId);
    if (space) this.world.closeSpace(space);
  }

  async sendPrivate(communityId: string, userId: string, message: RichMessage): Promise<void> {
    this.community(communityId);
    if (!this.world.members.has(userId))
      throw new PlatformError("unreachable-member", `No sandbox member with id ${userId} to message privately.`);
    this.world.sendPrivate(userId, this.world.newMessage(BOT_ID, message));
  }

  async countChannelMembers(channel: ChannelRef): Promise<number> {
    this.channel(channel);
    return this.world.members.size;
  }

  async displayName(_communityId: string, userId: string): Promise<string> {
    return this.world.name(userId);
  }

  private community(communityId: string): void {
    if (communityId !== this.world.community.id)
      throw new PlatformError("platform-failure", `The sandbox serves community ${this.world.community.id} only.`);
  }

  private channel(channel: ChannelRef): void {
    this.community(channel.communityId);
    if (!this.world.channels.has(channel.channelId))
      throw new PlatformError("platform-failure", `The sandbox has no channel ${channel.channelId}.`);
  }
}
