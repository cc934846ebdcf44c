import type { AsyncGroup, Schedule } from "../domain/schedule.ts";
import { type EngineParts, tellPrivately } from "../engine-parts.ts";
import * as say from "../messages/schedule-templates.ts";
import { keys } from "../store/keys.ts";

/**
 * Counts, once per meet, who neither clicked nor wrote. A member silent in `inactiveAfter` meets in a row becomes
 * inactive: left out of pairing and asked privately to opt in again, instead of leaving a partner waiting in vain.
 */
export async function countSilence(
  ctx: Pick<EngineParts, "clock" | "community" | "logger" | "platform" | "schedules" | "store">,
  schedule: Schedule,
  meetId: string,
): Promise<void> {
  const repo = ctx.schedules;
  const claim = { first: false };
  const meet = await repo.updateMeet(meetId, (m) => {
    claim.first = !m.evaluated;
    return { ...m, evaluated: true };
  });
  if (!meet || !claim.first) return;
  const active = new Map<string, boolean>();
  for (const g of meet.groups) {
    if (g.status !== "open") continue; // no space, no fair chance to talk
    const counts = await messageCounts(ctx, meetId, g);
    for (const m of g.members) active.set(m, g.responded.includes(m) || (counts[m] ?? 0) > 0);
  }
  const { platform: p, communityId: c, channelId } = schedule;
  const newlyInactive: string[] = [];
  await repo.updatePool(p, c, channelId, (pool) => {
    const members = { ...pool.members };
    for (const [id, spoke] of active) {
      const m = members[id];
      if (!m) continue;
      const silentStreak = spoke ? 0 : m.silentStreak + 1;
      const inactive = m.inactive || silentStreak >= schedule.inactiveAfter;
      if (inactive && !m.inactive) newlyInactive.push(id);
      members[id] = { ...m, silentStreak, inactive };
    }
    return { ...pool, members };
  });
  const now = ctx.clock.now();
  for (const userId of newlyInactive) {
    await ctx.community.record(p, c, {
      type: "pool-changed",
      at: now,
      channelId,
      userId,
      change: "inactive",
      scheduleId: schedule.id,
    });
    await tellPrivately(ctx, schedule, userId, say.askToOptInAgain(channelId, schedule.inactiveAfter));
  }
}

/** Messages each member wrote in a group's space (counted by the core through the space link). */
export async function messageCounts(
  ctx: Pick<EngineParts, "store">,
  meetId: string,
  g: AsyncGroup,
): Promise<Record<string, number>> {
  const counts = await ctx.store.getMany<number>(g.members.map((m) => keys.messageCount(meetId, 1, g.id, m)));
  return Object.fromEntries(g.members.map((m, i) => [m, counts[i] ?? 0]));
}
