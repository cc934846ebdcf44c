import type { Group, Round, Session } from "../domain/types.ts";
import { type EngineParts, sessionLogger } from "../engine-parts.ts";
import * as say from "../messages/templates.ts";
import type { RichMessage } from "../platform/port.ts";
import { postKey, postOnce } from "./once.ts";
import { activeMembers, EXTEND_MS, JOB, jobId, NUDGE_BEFORE_MS, spaceOf } from "./rounds.ts";

/** What a click on "Extend 5 minutes" uses. */
export type ExtendDeps = Pick<
  EngineParts,
  "store" | "clock" | "instance" | "logger" | "sessions" | "jobs" | "platform"
>;

/**
 * "Extend 5 minutes". In the last minute of a round every group is offered five more minutes; once every member
 * still in the group clicked, that group's end moves by `EXTEND_MS` (once per round). The other groups close on time,
 * and the session's next round waits for the extended groups: everyone is planned together again, so nobody misses a
 * round or a new partner, and a group is never pulled out of a conversation it asked to finish. All extended groups of
 * a round end at the same moment (the round's end plus five minutes), so one stored job ends them all.
 */

/** What a click did: a private answer, or nothing private when the group's space was told. */
export type ExtendOutcome = { privateMessage?: RichMessage };

interface Vote {
  session: Session;
  group: Group;
  waitingFor: string[];
  until?: number;
}

export async function extendGroup(
  ctx: ExtendDeps,
  args: { sessionId: string; round: number; groupId: string; userId: string },
): Promise<ExtendOutcome> {
  const { sessionId, round: n, groupId, userId } = args;
  const vote = await ctx.sessions.lock(sessionId, async (): Promise<Vote | RichMessage> => {
    const [session, round] = await Promise.all([ctx.sessions.get(sessionId), ctx.sessions.round(sessionId, n)]);
    const group = round?.groups.find((g) => g.id === groupId);
    if (!session || !round || !group) return say.extendTooLate;
    if (!activeMembers(group).includes(userId)) return say.extendNotInGroup;
    if (group.extended) return say.extendAlready;
    const now = ctx.clock.now();
    if (round.closed || group.status !== "open" || now >= round.endsAt) return say.extendTooLate;
    if (now < round.endsAt - NUDGE_BEFORE_MS) return say.extendTooEarly;
    if (group.extendVotes?.includes(userId)) return say.extendAlreadyAsked;
    const votes = [...(group.extendVotes ?? []), userId];
    const waitingFor = activeMembers(group).filter((m) => !votes.includes(m));
    const next: Group = { ...group, extendVotes: votes, ...(waitingFor.length === 0 ? { extended: true } : {}) };
    const saved: Round = { ...round, groups: round.groups.map((g) => (g.id === groupId ? next : g)) };
    await ctx.sessions.saveRound(saved);
    if (waitingFor.length > 0) return { session, group: next, waitingFor };
    const until = round.endsAt + EXTEND_MS;
    // Stored with the round, under its lock: the round's end (which reads the round under the same lock) sees it.
    await ctx.jobs.schedule({
      id: jobId(sessionId, JOB.extensionEnd, n),
      kind: JOB.extensionEnd,
      at: until,
      data: { sessionId, round: n },
    });
    await ctx.sessions.save({ ...session, nextAt: until });
    return { session, group: next, waitingFor, until };
  });
  if (!("group" in vote)) return { privateMessage: vote };
  const { session, group, waitingFor, until } = vote;
  const space = spaceOf(session, group);
  if (!space) return {};
  if (until !== undefined && group.spaceId) {
    // Messages in the five more minutes count too (and no longer after them, plus the usual grace).
    const link = await ctx.sessions.spaceLink(session.platform, group.spaceId);
    if (link)
      await ctx.sessions.linkSpace(
        session.platform,
        group.spaceId,
        { ...link, countUntil: link.countUntil + EXTEND_MS },
        ctx.clock.now(),
      );
    sessionLogger(ctx, session).info("group extended", { round: n, groupId });
  }
  const platform = ctx.platform(session.platform);
  const message =
    until !== undefined
      ? say.extended(n, until)
      : say.extendAsked({ sessionId, round: n, groupId }, userId, waitingFor);
  // Keyed by the vote's number, never by the member: attempt keys name no member (src/store/keys.ts).
  const kind = until !== undefined ? "extended" : `extend-asked-${group.extendVotes?.length ?? 0}`;
  await postOnce(ctx, platform, space, message, postKey(sessionId, n, groupId, kind));
  return {};
}

/** True while a group of round `n` is in its five more minutes: the round's aftermath waits for it. */
export async function extensionRunning(
  ctx: Pick<EngineParts, "sessions">,
  sessionId: string,
  n: number,
): Promise<boolean> {
  const round = await ctx.sessions.round(sessionId, n);
  return Boolean(round?.groups.some((g) => g.extended && g.status === "open" && !g.closingPosted));
}
