import { randomBytes } from "node:crypto";
import type { EventRecord, PlatformId } from "../domain/types.ts";
import { removeFromPools } from "../schedule/index.ts";
import type { EngineContext } from "../session/context.ts";
import { leaveSession } from "../session/lifecycle.ts";
import { keys } from "../store/keys.ts";

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

/** Replaces the member in a stored session and its rounds: ids, display name, profile lines shown in intros. */
async function scrubSession(ctx: EngineContext, sessionId: string, userId: string, alias: string): Promise<void> {
  await ctx.sessions.lock(sessionId, async () => {
    const session = await ctx.sessions.get(sessionId);
    if (!session) return;
    const { [userId]: _name, ...names } = session.names;
    await ctx.sessions.save({
      ...session,
      organizerId: session.organizerId === userId ? alias : session.organizerId,
      participants: swap(session.participants, userId, alias),
      everJoined: swap(session.everJoined, userId, alias),
      names,
    });
    for (let n = 1; n <= session.currentRound; n++) {
      const round = await ctx.sessions.round(sessionId, n);
      if (!round) continue;
      await ctx.sessions.saveRound({
        ...round,
        waiting: swap(round.waiting, userId, alias),
        groups: round.groups.map((g) => {
          const { [userId]: _summary, ...summaries } = g.intro?.summaries ?? {};
          return {
            ...g,
            members: swap(g.members, userId, alias),
            departed: swap(g.departed, userId, alias),
            ...(g.known ? { known: swap(g.known, userId, alias) } : {}),
            ...(g.intro ? { intro: { ...g.intro, summaries } } : {}),
          };
        }),
      });
    }
  });
}

/**
 * forget-me: deletes the profile and member state, takes the member out of running sessions, and rewrites the
 * community's history so every record names a random alias instead (figures stay right, the person is gone).
 */
export async function forgetMember(ctx: EngineContext, p: PlatformId, c: string, userId: string): Promise<void> {
  for (const id of await ctx.sessions.activeIds()) {
    const session = await ctx.sessions.get(id);
    if (session && session.platform === p && session.communityId === c && session.participants.includes(userId)) {
      await leaveSession(ctx, id, userId);
    }
  }
  await removeFromPools(ctx, p, c, userId);
  await ctx.store.delete(keys.profile(p, c, userId));
  await ctx.store.delete(keys.memberState(p, c, userId));
  // Roles and channel memberships the adapter cached for matching go too (they are read again only if they rejoin).
  ctx.platform(p).forgetMemberSignals?.(c, userId);
  const alias = `forgotten-${randomBytes(5).toString("hex")}`;
  const events = await ctx.community.events(p, c);
  const sessionIds = new Set(events.flatMap((e) => (e.type === "session-started" ? [e.sessionId] : [])));
  for (const id of sessionIds) await scrubSession(ctx, id, userId, alias);
  await ctx.store.rewrite<EventRecord>(keys.events(p, c), (e) => anonymiseEvent(e, userId, alias));
  await ctx.community.record(p, c, { type: "member-forgotten", at: ctx.clock.now(), alias });
}
