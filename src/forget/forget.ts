import { randomBytes } from "node:crypto";
import type { EventRecord, PlatformId } from "../domain/types.ts";
import type { EngineParts } from "../engine-parts.ts";
import { requestCompaction } from "../jobs/maintenance.ts";
import { removeFromPools } from "../schedule/index.ts";
import type { Lifecycle } from "../session/lifecycle.ts";
import { keys } from "../store/keys.ts";
import { scrubRecords } from "./records.ts";

const swap = (ids: readonly string[], userId: string, alias: string) => ids.map((m) => (m === userId ? alias : m));

/** The same event with every mention of `userId` replaced by `alias` (counts kept, identity gone). */
export function anonymiseEvent(e: EventRecord, userId: string, alias: string): EventRecord {
  const id = (v: string) => (v === userId ? alias : v);
  switch (e.type) {
    case "session-started":
      return { ...e, organizerId: id(e.organizerId) };
    case "joined":
    case "left":
    case "feedback":
    case "async-check-in":
    case "async-met":
    case "pool-changed":
      return { ...e, userId: id(e.userId) };
    case "stay-in-touch":
      return { ...e, userId: id(e.userId), partnerId: id(e.partnerId) };
    case "grouped":
      return {
        ...e,
        members: swap(e.members, userId, alias),
        ...(e.known ? { known: swap(e.known, userId, alias) } : {}),
      };
    case "space-failed":
      return { ...e, members: swap(e.members, userId, alias) };
    case "connection":
      return { ...e, members: swap(e.members, userId, alias) as [string, string] };
    case "messages-counted":
      return { ...e, counts: Object.fromEntries(Object.entries(e.counts).map(([m, c]) => [id(m), c])) };
    case "voice-counted":
      return { ...e, seconds: Object.fromEntries(Object.entries(e.seconds).map(([m, c]) => [id(m), c])) };
    case "async-group-ended":
      return {
        ...e,
        members: swap(e.members, userId, alias),
        responded: swap(e.responded, userId, alias),
        counts: Object.fromEntries(Object.entries(e.counts).map(([m, c]) => [id(m), c])),
      };
    default:
      return e;
  }
}

/**
 * forget-me: takes the member out of running sessions and async meets, deletes the profile and member state, and
 * rewrites everything stored about the community so no record, key or export names them: the history keeps counts
 * under a random alias, intros that described them are dropped, other members' blocks of them go, rows keyed by
 * their id move to the alias or go. A compaction is asked for at once, so the words also leave the file's free pages.
 */
export async function forgetMember(
  ctx: Pick<
    EngineParts,
    "clock" | "community" | "jobs" | "logger" | "platform" | "schedules" | "sessions" | "store"
  > & { lifecycle: Pick<Lifecycle, "leaveSession"> },
  p: PlatformId,
  c: string,
  userId: string,
): Promise<void> {
  for (const id of await ctx.sessions.activeIds()) {
    const session = await ctx.sessions.get(id);
    if (session && session.platform === p && session.communityId === c && session.participants.includes(userId)) {
      await ctx.lifecycle.leaveSession(id, userId);
    }
  }
  const profile = await ctx.community.profile(p, c, userId);
  const alias = `forgotten-${randomBytes(5).toString("hex")}`;
  // Names are gathered before the records that hold them are rewritten.
  const events = await ctx.community.events(p, c);
  const scrub = await scrubRecords(ctx, {
    platform: p,
    communityId: c,
    userId,
    alias,
    events,
    names: profile ? [profile.displayName] : [],
  });
  await ctx.store.rewrite<EventRecord>(keys.events(p, c), (e) => scrub(anonymiseEvent(e, userId, alias)));
  await removeFromPools(ctx, p, c, userId);
  await ctx.store.delete(keys.profile(p, c, userId));
  await ctx.store.delete(keys.memberState(p, c, userId));
  // Roles and channel memberships the adapter cached for matching go too (they are read again only if they rejoin).
  ctx.platform(p).forgetMemberSignals?.(c, userId);
  await ctx.community.record(p, c, { type: "member-forgotten", at: ctx.clock.now(), alias });
  await requestCompaction(ctx);
}
