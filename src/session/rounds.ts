import { type Group, type Round, SCHEMA_VERSION, type Session } from "../domain/types.ts";
import { isPlatformError } from "../errors.ts";
import { clip } from "../messages/markup.ts";
import * as say from "../messages/templates.ts";
import type { SpaceRef } from "../platform/port.ts";
import { keys } from "../store/keys.ts";
import { type EngineContext, sessionLogger, tellOrganizers, tellPrivately } from "./context.ts";
import { finishSession } from "./lifecycle.ts";
import { introInputs, planRound, prepareIntro } from "./planner.ts";

/** Job kinds of the round lifecycle. */
export const JOB = {
  lobbyClose: "lobby-close",
  lobbyRefresh: "lobby-refresh",
  nudge: "round-nudge",
  roundEnd: "round-end",
  nextRound: "next-round",
  summary: "session-summary",
  spacesClose: "spaces-close",
} as const;

export const jobId = (sessionId: string, kind: string, round = 0) => `${sessionId}:${kind}:${round}`;

/** Messages written this long after a round's end still count (people finish their sentence). */
const COUNT_GRACE_MS = 60_000;
const NUDGE_BEFORE_MS = 60_000;
/**
 * How long a round's space stays open after its closing message, so members can still click the feedback and "stay
 * in touch?" buttons posted there (Discord disables buttons in a locked thread); then it is locked and archived.
 */
export const ANSWER_WINDOW_MS = 10 * 60_000;

const activeMembers = (g: Group) => g.members.filter((m) => !g.departed.includes(m));
const spaceOf = (s: Session, g: Group): SpaceRef | undefined =>
  g.spaceId ? { communityId: s.communityId, channelId: s.channelId, spaceId: g.spaceId } : undefined;

/**
 * Starts round `n`: plans groups under the session lock (so it happens once), stores the round with its deadline,
 * then opens every group's private space. With fewer than two people left the session ends instead.
 */
export async function startRound(ctx: EngineContext, sessionId: string, n: number): Promise<void> {
  const prepared = await ctx.sessions.lock(sessionId, async () => {
    const session = await ctx.sessions.get(sessionId);
    if (!session || session.status === "ended" || session.currentRound >= n) return undefined;
    if (session.participants.length < 2) return { session, round: undefined };
    const { groups, waiting } = await planRound(ctx, session, n, session.participants);
    const now = ctx.clock.now();
    const round: Round = {
      v: SCHEMA_VERSION,
      sessionId,
      number: n,
      startedAt: now,
      endsAt: now + session.options.minutesPerRound * 60_000,
      groups,
      waiting,
      closed: false,
    };
    await ctx.sessions.saveRound(round);
    const next: Session = { ...session, status: "round", currentRound: n, nextAt: round.endsAt };
    await ctx.sessions.save(next);
    await ctx.community.record(
      session.platform,
      session.communityId,
      ...groups.map((g) => ({
        type: "grouped" as const,
        at: now,
        sessionId,
        round: n,
        groupId: g.id,
        members: g.members,
        topics: g.topics,
        ...(g.known ? { known: g.known } : {}),
        score: g.score,
        ...(g.questionId ? { questionId: g.questionId } : {}),
      })),
    );
    await ctx.jobs.schedule({
      id: jobId(sessionId, JOB.roundEnd, n),
      kind: JOB.roundEnd,
      at: round.endsAt,
      data: { sessionId, round: n },
    });
    if (session.options.minutesPerRound * 60_000 > NUDGE_BEFORE_MS) {
      await ctx.jobs.schedule({
        id: jobId(sessionId, JOB.nudge, n),
        kind: JOB.nudge,
        at: round.endsAt - NUDGE_BEFORE_MS,
        data: { sessionId, round: n },
      });
    }
    return { session: next, round };
  });
  if (!prepared) return;
  if (!prepared.round) {
    await finishSession(ctx, sessionId, "not-enough-members");
    return;
  }
  const { session, round } = prepared;
  ctx.metrics.roundOpened(session.platform);
  await Promise.all([
    openGroups(ctx, session, round),
    ...round.waiting.map((m) => tellPrivately(ctx, session, m, say.waitingThisRound(n))),
    refreshLobby(ctx, session),
  ]);
}

/** Opens spaces and posts intros for every group not done yet; safe to call again after a restart. */
export async function openGroups(ctx: EngineContext, session: Session, round: Round): Promise<void> {
  // All groups at once: the adapter's rate-limit queues interleave them so every space is ready as early as possible.
  await Promise.all(round.groups.map((g) => openGroup(ctx, session, round, g)));
  const failed =
    (await ctx.sessions.round(session.id, round.number))?.groups.filter((g) => g.status === "failed") ?? [];
  sessionLogger(ctx, session).info("round open", {
    round: round.number,
    groups: round.groups.length,
    failed: failed.length,
  });
}

async function openGroup(ctx: EngineContext, session: Session, round: Round, group: Group): Promise<void> {
  const platform = ctx.platform(session.platform);
  let g = group;
  if (g.status === "pending") {
    try {
      const members = activeMembers(g);
      const space = await platform.openGroupSpace({
        channel: { communityId: session.communityId, channelId: session.channelId },
        memberIds: members,
        title: clip(
          `Quick Meet · round ${round.number} · ${members.map((m) => session.names[m] ?? m).join(" & ")}`,
          100,
        ),
        openForMs: Math.max(0, round.endsAt + ANSWER_WINDOW_MS - ctx.clock.now()),
      });
      await ctx.sessions.linkSpace(
        session.platform,
        space.spaceId,
        {
          sessionId: session.id,
          round: round.number,
          groupId: g.id,
          members: g.members,
          countUntil: round.endsAt + COUNT_GRACE_MS,
        },
        ctx.clock.now(),
      );
      g =
        (await ctx.sessions.updateGroup(session.id, round.number, g.id, (x) => ({
          ...x,
          status: "open",
          spaceId: space.spaceId,
        }))) ?? g;
      ctx.metrics.space(session.platform, "opened");
    } catch (error) {
      // Shutting down is not the group's failure: it stays pending and the next process opens it.
      if (isPlatformError(error, "stopping")) throw error;
      ctx.metrics.space(session.platform, "failed", isPlatformError(error) ? error.code : "error");
      await failGroup(ctx, session, round, g, error);
      return;
    }
  }
  const space = spaceOf(session, g);
  if (g.status !== "open" || g.introPosted || !space || !g.intro) return;
  if (await ctx.sessions.isRoundClosed(session.id, round.number)) return; // ended early while the space was opening
  await platform.postInSpace(
    space,
    say.introMessage({
      sessionId: session.id,
      round: round.number,
      rounds: session.options.rounds,
      people: activeMembers(g).map((userId) => ({ userId, summary: g.intro?.summaries[userId] ?? "" })),
      commonGround: g.intro.commonGround,
      question: g.intro.question,
      fallback: g.intro.fallback,
      ...(g.intro.unknown ? { unknown: true } : {}),
      endsAt: round.endsAt,
      minutes: session.options.minutesPerRound,
      ...(g.replacement ? { replacement: true } : {}),
    }),
  );
  await ctx.sessions.updateGroup(session.id, round.number, g.id, (x) => ({ ...x, introPosted: true }));
  if (g.questionId)
    await ctx.community.rememberQuestion(session.platform, session.communityId, g.members, g.questionId);
}

function failureReason(error: unknown): string {
  if (isPlatformError(error, "space-capacity")) return "the server has reached its limit of active threads";
  if (isPlatformError(error, "missing-permission"))
    return `the bot is missing the ${error.details.permission ?? "needed"} permission`;
  return error instanceof Error ? error.message : String(error);
}

/** Nobody is dropped silently: members learn who their partners are, the organizer learns why. */
async function failGroup(ctx: EngineContext, session: Session, round: Round, g: Group, error: unknown): Promise<void> {
  const reason = failureReason(error);
  sessionLogger(ctx, session).warn("could not open group space", { round: round.number, groupId: g.id, reason });
  await ctx.sessions.updateGroup(session.id, round.number, g.id, (x) => ({ ...x, status: "failed", failure: reason }));
  await ctx.community.record(session.platform, session.communityId, {
    type: "space-failed",
    at: ctx.clock.now(),
    sessionId: session.id,
    round: round.number,
    groupId: g.id,
    members: g.members,
    reason,
  });
  const members = activeMembers(g);
  await Promise.all([
    ...members.map((m) =>
      tellPrivately(
        ctx,
        session,
        m,
        say.spaceFailedForMember(
          members.filter((x) => x !== m),
          round.number,
          reason,
        ),
      ),
    ),
    tellOrganizers(ctx, session, say.spaceFailedForOrganizer(members, round.number, reason)),
  ]);
}

/** "One minute left" in every open space. */
export async function nudgeRound(ctx: EngineContext, sessionId: string, n: number): Promise<void> {
  const [session, round] = await Promise.all([ctx.sessions.get(sessionId), ctx.sessions.round(sessionId, n)]);
  if (!session || !round || round.closed) return;
  const platform = ctx.platform(session.platform);
  await Promise.all(
    round.groups.map(async (g) => {
      const space = spaceOf(session, g);
      if (g.status !== "open" || g.nudged || !space || activeMembers(g).length < 2) return;
      await platform.postInSpace(space, say.nudgeMessage(n));
      await ctx.sessions.updateGroup(sessionId, n, g.id, (x) => ({ ...x, nudged: true }));
    }),
  );
}

/**
 * Ends round `n`: closing message with feedback buttons, message counts recorded, and the spaces' closing scheduled
 * after the answer window. Each group is marked when done, so a restart in the middle finishes the rest without
 * posting anything twice.
 */
export async function closeRound(ctx: EngineContext, sessionId: string, n: number, final = false): Promise<void> {
  const marked = await ctx.sessions.lock(sessionId, async () => {
    const round = await ctx.sessions.round(sessionId, n);
    if (!round) return undefined;
    if (!round.closed) await ctx.sessions.saveRound({ ...round, closed: true });
    await ctx.sessions.markRoundClosed(sessionId, n);
    return round;
  });
  const session = await ctx.sessions.get(sessionId);
  if (!marked || !session) return;
  await ctx.jobs.cancel(jobId(sessionId, JOB.nudge, n));
  const platform = ctx.platform(session.platform);
  const last = final || n >= session.options.rounds;
  const answersUntil = ctx.clock.now() + ANSWER_WINDOW_MS;
  await ctx.jobs.schedule({
    id: jobId(sessionId, JOB.spacesClose, n),
    kind: JOB.spacesClose,
    at: answersUntil,
    data: { sessionId, round: n },
  });
  await Promise.all(
    marked.groups.map(async (g) => {
      const space = spaceOf(session, g);
      if (g.status !== "open" || g.closingPosted || !space) return;
      await platform.postInSpace(
        space,
        say.closingMessage(sessionId, n, g.id, last, answersUntil, activeMembers(g).length),
      );
      const counts = await countMessages(ctx, sessionId, n, g);
      await ctx.community.record(session.platform, session.communityId, {
        type: "messages-counted",
        at: ctx.clock.now(),
        sessionId,
        round: n,
        groupId: g.id,
        counts,
      });
      await ctx.sessions.updateGroup(sessionId, n, g.id, (x) => ({ ...x, closingPosted: true, status: "closed" }));
    }),
  );
  await ctx.community.record(session.platform, session.communityId, {
    type: "round-ended",
    at: ctx.clock.now(),
    sessionId,
    round: n,
  });
}

/** After the answer window: every space of round `n` is locked and archived (once; a failure is logged). */
export async function closeRoundSpaces(ctx: EngineContext, sessionId: string, n: number): Promise<void> {
  const [session, round] = await Promise.all([ctx.sessions.get(sessionId), ctx.sessions.round(sessionId, n)]);
  if (!session || !round) return;
  const platform = ctx.platform(session.platform);
  await Promise.all(
    round.groups.map(async (g) => {
      const space = spaceOf(session, g);
      if (!space || g.spaceClosed || g.status === "failed") return;
      try {
        await platform.closeSpace(space);
      } catch (error) {
        ctx.logger.warn("could not close a round's space", { sessionId, round: n, groupId: g.id, error });
      }
      await ctx.sessions.updateGroup(sessionId, n, g.id, (x) => ({ ...x, spaceClosed: true }));
    }),
  );
}

async function countMessages(
  ctx: EngineContext,
  sessionId: string,
  n: number,
  g: Group,
): Promise<Record<string, number>> {
  const values = await ctx.store.getMany<number>(g.members.map((m) => keys.messageCount(sessionId, n, g.id, m)));
  return Object.fromEntries(g.members.map((m, i) => [m, values[i] ?? 0]));
}

/**
 * Pairs members left alone this round (their partner left, or they joined late) as soon as there are two of them,
 * in a new private space with a fresh intro. A single waiting member is told they are first in line next round.
 */
export async function placeWaiting(ctx: EngineContext, sessionId: string, n: number): Promise<void> {
  const formed = await ctx.sessions.lock(sessionId, async () => {
    const [session, round] = await Promise.all([ctx.sessions.get(sessionId), ctx.sessions.round(sessionId, n)]);
    if (!session || !round || round.closed || round.waiting.length < 2) return undefined;
    if (round.endsAt - ctx.clock.now() < 2 * 60_000) return undefined; // too little time left to be worth it
    const [a, b, ...rest] = round.waiting as [string, string, ...string[]];
    const id = `g${round.groups.length + 1}`;
    const inputs = await introInputs(ctx, session, [a, b], `${session.seed}:${n}:${id}`);
    const prepared = prepareIntro([a, b], inputs);
    const group: Group = {
      id,
      members: [a, b],
      score: inputs.model.score(a, b),
      status: "pending",
      introPosted: false,
      nudged: false,
      closingPosted: false,
      topics: prepared.topics,
      known: prepared.known,
      departed: [],
      intro: prepared.intro,
      replacement: true,
      ...(prepared.questionId ? { questionId: prepared.questionId } : {}),
    };
    const next: Round = { ...round, groups: [...round.groups, group], waiting: rest };
    await ctx.sessions.saveRound(next);
    await ctx.community.record(session.platform, session.communityId, {
      type: "grouped",
      at: ctx.clock.now(),
      sessionId,
      round: n,
      groupId: id,
      members: group.members,
      topics: group.topics,
      ...(group.known ? { known: group.known } : {}),
      score: group.score,
      ...(group.questionId ? { questionId: group.questionId } : {}),
    });
    return { session, round: next, group };
  });
  if (formed) await openGroup(ctx, formed.session, formed.round, formed.group);
}

/** Refreshes the lobby message (countdown, head count); a failed edit is logged, never fatal. */
export async function refreshLobby(ctx: EngineContext, session: Session): Promise<void> {
  if (!session.lobbyMessageId) return;
  try {
    await ctx
      .platform(session.platform)
      .updateMessage(
        { communityId: session.communityId, channelId: session.channelId, messageId: session.lobbyMessageId },
        say.lobbyMessage(session, ctx.clock.now()),
      );
  } catch (error) {
    sessionLogger(ctx, session).warn("lobby refresh failed", { error });
  }
}
