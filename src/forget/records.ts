import type { EventRecord, PlatformId } from "../domain/types.ts";
import type { EngineParts } from "../engine-parts.ts";
import { memberLeftMeet } from "../messages/schedule-templates.ts";
import type { ScheduleRepo } from "../schedule/repo.ts";
import type { SpaceLink } from "../session/repo.ts";
import { keys } from "../store/keys.ts";
import { renamedKey, type Scrubber, scrubberFor } from "./scrub.ts";

export interface ForgetTarget {
  platform: PlatformId;
  communityId: string;
  userId: string;
  alias: string;
  /** The community's history before the rewrite (where its sessions and meets are listed). */
  events: readonly EventRecord[];
  /** Display names known before the rewrite (from the profile). */
  names: readonly string[];
}

/** Removes `userId` from an intro's map of summaries; a whole intro that describes them is dropped instead. */
const withoutIntroOf = <G extends { members: string[]; intro?: unknown }>(g: G, userId: string): G => {
  if (!g.members.includes(userId) || g.intro === undefined) return g;
  const { intro: _intro, ...rest } = g;
  return rest as G;
};

/**
 * Rewrites every record of the community that may name the member (sessions, rounds, async meets, space links,
 * schedules, settings, other members' blocks, rows keyed by their id) and returns the scrubber used, for the history.
 */
export async function scrubRecords(
  ctx: Pick<EngineParts, "clock" | "community" | "logger" | "platform" | "schedules" | "sessions" | "store">,
  t: ForgetTarget,
): Promise<Scrubber> {
  const { platform: p, communityId: c, userId, alias } = t;
  const repo = ctx.schedules;
  const sessionIds = t.events.flatMap((e) => (e.type === "session-started" ? [e.sessionId] : []));
  const meetIds = t.events.flatMap((e) => (e.type === "async-meet-started" ? [e.meetId] : []));
  const schedules = await repo.inCommunity(p, c);

  const names = new Set(t.names);
  for (const id of sessionIds) {
    const name = (await ctx.sessions.get(id))?.names[userId];
    if (name) names.add(name);
  }
  for (const id of meetIds) {
    const name = (await repo.meet(id))?.names[userId];
    if (name) names.add(name);
  }
  for (const s of schedules) {
    if (s.createdBy === userId) names.add(s.createdByName);
    const pooled = (await repo.pool(p, c, s.channelId)).members[userId];
    if (pooled) names.add(pooled.name);
  }
  const scrub = scrubberFor(userId, alias, names);

  for (const id of sessionIds) {
    await ctx.sessions.lock(id, async () => {
      const session = await ctx.sessions.get(id);
      if (!session) return;
      const { [userId]: _name, ...rest } = session.names;
      await ctx.sessions.save(scrub({ ...session, names: rest }));
      // Members are rows of their own: the member's rows (and the name they joined under) move to the alias.
      await ctx.sessions.renameMember(id, userId, t.alias);
      for (let n = 1; n <= session.currentRound; n++) {
        const round = await ctx.sessions.round(id, n);
        if (round)
          await ctx.sessions.saveRound(scrub({ ...round, groups: round.groups.map((g) => withoutIntroOf(g, userId)) }));
      }
    });
  }
  for (const id of meetIds) await leaveMeet(ctx, repo, id, userId, scrub);

  await scrubKeyedRows(
    ctx,
    t,
    [...sessionIds, ...meetIds],
    schedules.map((s) => s.id),
    scrub,
  );
  for (const key of await ctx.store.keysWithPrefix(keys.memberState(p, c, ""))) {
    const other = key.slice(keys.memberState(p, c, "").length);
    const state = await ctx.community.memberState(p, c, other);
    if (state.blocked.includes(userId))
      await ctx.community.updateMemberState(p, c, other, (s) => ({
        ...s,
        blocked: s.blocked.filter((b) => b !== userId),
      }));
  }
  await ctx.community.updateSettings(p, c, (s) => ({
    ...s,
    organizerUserIds: s.organizerUserIds.filter((id) => id !== userId),
  }));
  for (const s of schedules) await repo.update(s.id, (x) => scrub(x));
  return scrub;
}

/**
 * An async meet the member was in: out of its space while it runs (Discord removes the thread member; where the
 * platform cannot, the space is told a member left), then the record no longer names them.
 */
async function leaveMeet(
  ctx: Pick<EngineParts, "logger" | "platform">,
  repo: ScheduleRepo,
  meetId: string,
  userId: string,
  scrub: Scrubber,
) {
  const meet = await repo.meet(meetId);
  if (!meet) return;
  const group = meet.groups.find((g) => g.members.includes(userId));
  if (!meet.ended && group?.status === "open" && group.spaceId) {
    const platform = ctx.platform(meet.platform);
    const space = { communityId: meet.communityId, channelId: meet.channelId, spaceId: group.spaceId };
    try {
      const removed = await platform.removeFromSpace(space, userId);
      if (!removed) await platform.postInSpace(space, memberLeftMeet);
    } catch (error) {
      ctx.logger.warn("forget-me: could not take a member out of an async meet space", { meetId, error });
    }
  }
  await repo.updateMeet(meetId, (m) => {
    const { [userId]: _name, ...names } = m.names;
    return scrub({ ...m, names, groups: m.groups.map((g) => withoutIntroOf(g, userId)) });
  });
}

/** Rows whose key names the member: counts move to the alias, answers and skips go, space links are rewritten. */
async function scrubKeyedRows(
  ctx: Pick<EngineParts, "clock" | "store">,
  t: ForgetTarget,
  sessionOrMeetIds: readonly string[],
  scheduleIds: readonly string[],
  scrub: Scrubber,
): Promise<void> {
  const { userId, alias } = t;
  const store = ctx.store;
  for (const id of sessionOrMeetIds) {
    for (const key of await store.keysWithPrefix(`msgs:${id}:`)) {
      const renamed = renamedKey(key, userId, alias);
      if (!renamed) continue;
      await store.set(renamed, await store.get(key));
      await store.delete(key);
    }
    for (const prefix of [`feedback:${id}:`, `stay:${id}:`, `met:${id}:`])
      for (const key of await store.keysWithPrefix(prefix)) if (renamedKey(key, userId, alias)) await store.delete(key);
  }
  for (const id of scheduleIds)
    for (const key of await store.keysWithPrefix(`skip:${id}:`))
      if (renamedKey(key, userId, alias)) await store.delete(key);
  const ours = new Set(sessionOrMeetIds);
  for (const key of await store.keysWithPrefix(keys.space(t.platform, ""))) {
    const link = await store.get<SpaceLink>(key);
    if (!link || !ours.has(link.sessionId) || !link.members.includes(userId)) continue;
    const ttl = Math.max(0, link.countUntil - ctx.clock.now()) + 86_400_000;
    await store.set(key, scrub(link), ttl);
  }
  // Voice rooms' enter/leave times name members; they expire within a day, but a forget-me rewrites them now.
  for (const key of await store.keysWithPrefix(keys.voiceLog(t.platform, ""))) {
    const log = await store.get<unknown>(key);
    if (log !== undefined && JSON.stringify(log).includes(userId)) await store.set(key, scrub(log), 86_400_000);
  }
}
