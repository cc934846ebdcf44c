import type { PlatformId, Session } from "../domain/types.ts";
import type { EngineParts } from "../engine-parts.ts";
import type { Invocation } from "../platform/inbound.ts";
import type { ChannelRef, RichMessage } from "../platform/port.ts";

/**
 * A second line of defence behind the platforms' signatures: a click is checked against where it came from. A
 * session or channel of another community, a lobby clicked outside its channel, or a channel the member cannot see
 * means a forged or stale request, and nothing changes.
 */
export const refusedAction: RichMessage = {
  text: "This button doesn't belong to this place (or you can't see its channel), so nothing was changed.",
};

const sameCommunity = (inv: Invocation, s: { platform: PlatformId; communityId: string }) =>
  s.platform === inv.platform && s.communityId === inv.communityId;

async function canSee(ctx: Pick<EngineParts, "platform">, inv: Invocation, channel: ChannelRef): Promise<boolean> {
  const platform = ctx.platform(inv.platform);
  return platform.canSeeChannel ? platform.canSeeChannel(channel, inv.actor.userId) : true;
}

/** Join: the session's own community and channel (where its lobby is), by a member who can see that channel. */
export async function mayJoin(
  ctx: Pick<EngineParts, "platform">,
  inv: Invocation,
  session: Session | undefined,
): Promise<boolean> {
  if (!session) return true; // "no such session" is answered by joinSession itself
  if (!sameCommunity(inv, session) || inv.channelId !== session.channelId) return false;
  return canSee(ctx, inv, { communityId: session.communityId, channelId: session.channelId });
}

/** Leave, feedback, stay in touch: the session must belong to the community the click came from. */
export function mayAct(inv: Invocation, session: Session | undefined): boolean {
  return !session || sameCommunity(inv, session);
}

/** Opting into a channel's async pool: a channel of this community with a schedule, that the member can see. */
export async function mayJoinPool(
  ctx: Pick<EngineParts, "platform" | "schedules">,
  inv: Invocation,
  channelId: string,
): Promise<boolean> {
  const schedules = await ctx.schedules.inCommunity(inv.platform, inv.communityId);
  if (!schedules.some((s) => s.channelId === channelId)) return false;
  return canSee(ctx, inv, { communityId: inv.communityId, channelId });
}
