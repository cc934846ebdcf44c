import type { InterestSignal } from "../../src/domain/types.ts";
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
import { SLACK_MAX_SPACE_MEMBERS } from "./platform.ts";
import type { Workspaces } from "./workspaces.ts";

/**
 * The ChatPlatform the core sees: every call goes to the workspace its community id names (the Slack team id), so a
 * post, a DM or a member look-up always uses that workspace's own token and caches.
 */
export class SlackRouter implements ChatPlatform {
  readonly id = "slack" as const;
  readonly maxSpaceMembers = SLACK_MAX_SPACE_MEMBERS;

  constructor(private readonly workspaces: Workspaces) {}

  private async of(communityId: string) {
    return (await this.workspaces.get(communityId)).platform;
  }

  async checkSessionReadiness(channel: ChannelRef): Promise<ReadinessProblem[]> {
    return (await this.of(channel.communityId)).checkSessionReadiness(channel);
  }

  async postInChannel(channel: ChannelRef, message: RichMessage): Promise<MessageRef> {
    return (await this.of(channel.communityId)).postInChannel(channel, message);
  }

  async updateMessage(ref: MessageRef, message: RichMessage): Promise<void> {
    return (await this.of(ref.communityId)).updateMessage(ref, message);
  }

  async openGroupSpace(request: OpenSpaceRequest): Promise<SpaceRef> {
    return (await this.of(request.channel.communityId)).openGroupSpace(request);
  }

  async postInSpace(space: SpaceRef, message: RichMessage, once?: PostOnce): Promise<MessageRef> {
    return (await this.of(space.communityId)).postInSpace(space, message, once);
  }

  async removeFromSpace(space: SpaceRef, userId: string): Promise<boolean> {
    return (await this.of(space.communityId)).removeFromSpace(space, userId);
  }

  async closeSpace(space: SpaceRef): Promise<void> {
    return (await this.of(space.communityId)).closeSpace(space);
  }

  async sendPrivate(communityId: string, userId: string, message: RichMessage): Promise<void> {
    return (await this.of(communityId)).sendPrivate(communityId, userId, message);
  }

  async countChannelMembers(channel: ChannelRef): Promise<number> {
    return (await this.of(channel.communityId)).countChannelMembers(channel);
  }

  async displayName(communityId: string, userId: string): Promise<string> {
    return (await this.of(communityId)).displayName(communityId, userId);
  }

  async canSeeChannel(channel: ChannelRef, userId: string): Promise<boolean> {
    return (await this.of(channel.communityId)).canSeeChannel(channel, userId);
  }

  async memberSignals(
    communityId: string,
    chosen: readonly InterestSignal[],
    userIds: readonly string[],
  ): Promise<Map<string, string[]>> {
    return (await this.of(communityId)).memberSignals(communityId, chosen, userIds);
  }

  async memberProfileHints(
    communityId: string,
    userIds: readonly string[],
  ): Promise<Map<string, { title?: string; timeZone?: string }>> {
    return (await this.of(communityId)).memberProfileHints(communityId, userIds);
  }

  /** Only a workspace already open has signals cached; nothing to forget elsewhere. */
  forgetMemberSignals(communityId: string, userId: string): void {
    void this.workspaces.peek(communityId).then((ws) => ws?.platform.forgetMemberSignals(communityId, userId));
  }
}
