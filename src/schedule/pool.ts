import type { EngineParts } from "../engine-parts.ts";
import * as say from "../messages/schedule-templates.ts";
import type { Invocation } from "../platform/inbound.ts";
import type { RichMessage } from "../platform/port.ts";

/**
 * The async pool of a channel is explicit: members opt in there (`/quickmeet opt action:in`, or "Count me in" on a
 * heads-up or a re-opt-in message) and opt out the same way. Joining a live session does not enrol anyone: an async
 * meet messages people privately for days, so it needs their yes.
 */
export async function optIn(
  ctx: Pick<EngineParts, "clock" | "community" | "schedules">,
  inv: Invocation,
  channelId: string,
): Promise<RichMessage> {
  const { platform: p, communityId: c, actor } = inv;
  const repo = ctx.schedules;
  let change: "opted-in" | "reactivated" | undefined;
  await repo.updatePool(p, c, channelId, (pool) => {
    const current = pool.members[actor.userId];
    if (current && !current.inactive) return pool;
    change = current ? "reactivated" : "opted-in";
    const member = current
      ? { ...current, inactive: false, silentStreak: 0, name: actor.displayName }
      : { userId: actor.userId, name: actor.displayName, joinedAt: ctx.clock.now(), silentStreak: 0, inactive: false };
    return { ...pool, members: { ...pool.members, [actor.userId]: member } };
  });
  const state = await ctx.community.memberState(p, c, actor.userId);
  if (state.optedOut) await ctx.community.updateMemberState(p, c, actor.userId, (s) => ({ ...s, optedOut: false }));
  if (!change) return say.poolAlreadyIn(channelId);
  await ctx.community.record(p, c, {
    type: "pool-changed",
    at: ctx.clock.now(),
    channelId,
    userId: actor.userId,
    change,
  });
  return change === "reactivated" ? say.poolBack(channelId) : say.poolJoined(channelId);
}

export async function optOut(
  ctx: Pick<EngineParts, "clock" | "community" | "schedules">,
  inv: Invocation,
  channelId: string,
): Promise<RichMessage> {
  const { platform: p, communityId: c, actor } = inv;
  let removed = false;
  await ctx.schedules.updatePool(p, c, channelId, (pool) => {
    if (!pool.members[actor.userId]) return pool;
    removed = true;
    const { [actor.userId]: _, ...members } = pool.members;
    return { ...pool, members };
  });
  if (!removed) return say.poolNotIn(channelId);
  await ctx.community.record(p, c, {
    type: "pool-changed",
    at: ctx.clock.now(),
    channelId,
    userId: actor.userId,
    change: "opted-out",
  });
  return say.poolLeft(channelId);
}

export async function poolStatus(
  ctx: Pick<EngineParts, "community" | "schedules">,
  inv: Invocation,
  channelId: string,
): Promise<RichMessage> {
  const { platform: p, communityId: c, actor } = inv;
  const [pool, state] = await Promise.all([
    ctx.schedules.pool(p, c, channelId),
    ctx.community.memberState(p, c, actor.userId),
  ]);
  const member = pool.members[actor.userId];
  const pausedUntil = ctx.community.isPaused(state) ? state.pausedUntil : undefined;
  return say.poolStatus({
    channelId,
    inPool: member !== undefined,
    inactive: member?.inactive ?? false,
    ...(pausedUntil !== undefined ? { pausedUntil } : {}),
    members: Object.values(pool.members).filter((m) => !m.inactive).length,
  });
}

/** forget-me support: takes a member out of every pool of the channels that have schedules. */
export async function removeFromPools(
  ctx: Pick<EngineParts, "schedules">,
  p: Invocation["platform"],
  c: string,
  userId: string,
) {
  const repo = ctx.schedules;
  const channels = new Set((await repo.inCommunity(p, c)).map((s) => s.channelId));
  for (const channelId of channels) {
    await repo.updatePool(p, c, channelId, (pool) => {
      const { [userId]: _, ...members } = pool.members;
      return { ...pool, members };
    });
  }
}
