import { type Group, type Round, SCHEMA_VERSION, type Session } from "../domain/types.ts";
import { type EngineParts, sessionLogger, tellOrganizers, tellPrivately } from "../engine-parts.ts";
import { isPlatformError, isRetryable } from "../errors.ts";
import { clip } from "../messages/markup.ts";
import * as say from "../messages/templates.ts";
import type { SpaceRef } from "../platform/port.ts";
import { keys } from "../store/keys.ts";
import { firstAttempt, once, postKey, postOnce } from "./once.ts";
import { introduceGroup, introInputs, planRound } from "./planner.ts";
import { videoLinkFor } from "./video-link.ts";
import { closeVoiceRoom, openSpace, postClosing } from "./voice.ts";

/** Job kinds of the round lifecycle. */
export const JOB = {
  lobbyClose: "lobby-close",
  lobbyRefresh: "lobby-refresh",
  nudge: "round-nudge",
  roundEnd: "round-end",
  nextRound: "next-round",
  summary: "session-summary",
  spacesClose: "spaces-close",
  /** The end of the five more minutes groups asked for (src/session/extend.ts), and their spaces' closing. */
  extensionEnd: "round-extension-end",
  extendedSpacesClose: "extended-spaces-close",
  /** Finish opening a round's spaces (after a restart, or when the platform was not ready). */
  open: "round-open",
} as const;

export const jobId = (sessionId: string, kind: string, round = 0) => `${sessionId}:${kind}:${round}`;

/** Messages written this long after a round's end still count (people finish their sentence). */
const COUNT_GRACE_MS = 60_000;
export const NUDGE_BEFORE_MS = 60_000;
/** "Extend 5 minutes": how much longer a group that asked (every member clicked) talks, once per round. */
export const EXTEND_MS = 5 * 60_000;
const ROUND_ENDED_FIRST = "the round ended before the bot could open this group's space (the bot was offline)";
/** A nudge with less than this left before the round's end is stale (it fired late, after a restart). */
const STALE_NUDGE_MS = NUDGE_BEFORE_MS / 2;
/**
 * How long a round's space stays open after its closing message, so members can still click the feedback and "stay
 * in touch?" buttons posted there (Discord disables buttons in a locked thread); then it is locked and archived.
 */
export const ANSWER_WINDOW_MS = 10 * 60_000;

export const activeMembers = (g: Group) => g.members.filter((m) => !g.departed.includes(m));
export const spaceOf = (s: Session, g: Group): SpaceRef | undefined =>
  g.spaceId ? { communityId: s.communityId, channelId: s.channelId, spaceId: g.spaceId } : undefined;

/** What the rounds use; ending a session is the lifecycle's, handed in so the two modules do not import each other. */
export type RoundsDeps = Pick<
  EngineParts,
  "store" | "clock" | "logger" | "community" | "sessions" | "jobs" | "metrics" | "planner" | "platform" | "instance"
> & {
  finishSession(sessionId: string, reason: NonNullable<Session["endReason"]>): Promise<void>;
};

/** A session's rounds: plan, open spaces, nudge, close, re-pair people left alone. */
export interface Rounds {
  startRound(sessionId: string, n: number): Promise<void>;
  nudgeRound(sessionId: string, n: number): Promise<void>;
  closeRound(sessionId: string, n: number, final?: boolean): Promise<void>;
  /** Locks and archives the round's spaces; `extended`: those of the groups that took five more minutes. */
  closeRoundSpaces(sessionId: string, n: number, extended?: boolean): Promise<void>;
  /** The closing of the groups that took five more minutes, at the end of those minutes (src/session/extend.ts). */
  closeExtendedGroups(sessionId: string, n: number): Promise<void>;
  placeWaiting(sessionId: string, n: number): Promise<void>;
  refreshLobby(session: Session): Promise<void>;
}

/** The rounds' own state: the groups this process is opening right now. */
type RoundsContext = RoundsDeps & { inFlight: Map<string, Promise<void>> };

/** Builds the rounds once per bot; the groups being opened are this object's state, not the module's. */
export function createRounds(deps: RoundsDeps): Rounds {
  const ctx: RoundsContext = { ...deps, inFlight: new Map() };
  return {
    startRound: (sessionId, n) => startRound(ctx, sessionId, n),
    nudgeRound: (sessionId, n) => nudgeRound(ctx, sessionId, n),
    closeRound: (sessionId, n, final) => closeRound(ctx, sessionId, n, final),
    closeRoundSpaces: (sessionId, n, extended) => closeRoundSpaces(ctx, sessionId, n, extended),
    closeExtendedGroups: (sessionId, n) => closeExtendedGroups(ctx, sessionId, n),
    placeWaiting: (sessionId, n) => placeWaiting(ctx, sessionId, n),
    refreshLobby: (session) => refreshLobby(ctx, session),
  };
}

/**
 * Starts round `n`: plans groups under the session lock (so it happens once), stores the round with its deadline,
 * then opens every group's private space. With fewer than two people left the session ends instead.
 */
async function startRound(ctx: RoundsContext, sessionId: string, n: number): Promise<void> {
  const prepared = await ctx.sessions.lock(sessionId, async () => {
    const session = await ctx.sessions.get(sessionId);
    if (!session || session.status === "ended" || session.currentRound > n) return undefined;
    if (session.currentRound === n) {
      // Planned already: a retry (the platform was not ready, or the process died) finishes opening the spaces.
      const round = await ctx.sessions.round(sessionId, n);
      return round && !round.closed ? { session, round, resumed: true } : undefined;
    }
    if (session.participants.length < 2) return { session, round: undefined, resumed: false };
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
    return { session: next, round, resumed: false };
  });
  if (!prepared) return;
  if (!prepared.round) {
    await ctx.finishSession(sessionId, "not-enough-members");
    return;
  }
  const { session, round } = prepared;
  if (prepared.resumed) return openGroups(ctx, session, round);
  ctx.metrics.roundOpened(session.platform);
  await Promise.all([
    openGroups(ctx, session, round),
    ...round.waiting.map((m) => tellPrivately(ctx, session, m, say.waitingThisRound(n))),
    refreshLobby(ctx, session),
  ]);
}

/**
 * Opens spaces and posts intros for every group not done yet; safe to call again after a restart. Throws (after
 * every group had its try) when the platform was not ready, so the job that called it runs again later.
 */
async function openGroups(ctx: RoundsContext, session: Session, round: Round): Promise<void> {
  // All groups at once: the adapter's rate-limit queues interleave them so every space is ready as early as possible.
  const outcomes = await Promise.allSettled(round.groups.map((g) => openGroup(ctx, session, round, g)));
  const retry = outcomes.find((o) => o.status === "rejected");
  if (retry?.status === "rejected") throw retry.reason;
  const failed =
    (await ctx.sessions.round(session.id, round.number))?.groups.filter((g) => g.status === "failed") ?? [];
  sessionLogger(ctx, session).info("round open", {
    round: round.number,
    groups: round.groups.length,
    failed: failed.length,
  });
}

/**
 * Groups being opened by this process (`ctx.inFlight`), so a resumed opening and a retried job never open one group
 * twice at once. A failed opening is forgotten (it may be tried again); the entries of a round go when it closes.
 */
function openGroup(ctx: RoundsContext, session: Session, round: Round, group: Group): Promise<void> {
  const running = ctx.inFlight;
  const key = postKey(session.id, round.number, group.id, "open");
  const existing = running.get(key);
  if (existing) return existing;
  const work = openGroupOnce(ctx, session, round, group).catch((error: unknown) => {
    running.delete(key);
    throw error;
  });
  running.set(key, work);
  return work;
}

function forgetOpenings(ctx: RoundsContext, sessionId: string, n: number): void {
  const prefix = postKey(sessionId, n, "", "").slice(0, -1);
  for (const key of ctx.inFlight.keys()) if (key.startsWith(prefix)) ctx.inFlight.delete(key);
}

async function openGroupOnce(ctx: RoundsDeps, session: Session, round: Round, group: Group): Promise<void> {
  const platform = ctx.platform(session.platform);
  let g = group;
  if (g.status === "pending" && ctx.clock.now() >= round.endsAt) {
    // Back after the round's end: a space opened now would close at once. Say what happened instead.
    await failGroup(ctx, session, round, g, new Error(ROUND_ENDED_FIRST));
    return;
  }
  if (g.status === "pending") {
    try {
      const members = activeMembers(g);
      // An earlier attempt may have made the space before the process died: the adapter then finds it again.
      const resume = !(await firstAttempt(ctx, postKey(session.id, round.number, g.id, "space")));
      const space = await openSpace(ctx, session, {
        channel: { communityId: session.communityId, channelId: session.channelId },
        memberIds: members,
        title: clip(
          `Quick Meet · round ${round.number} · ${members.map((m) => session.names[m] ?? m).join(" & ")}`,
          100,
        ),
        openForMs: Math.max(0, round.endsAt + ANSWER_WINDOW_MS - ctx.clock.now()),
        ...(resume ? { resume } : {}),
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
      // "Not ready" is not a verdict on this group: leave it pending for the retry. Shutting down is not the group's
      // failure either: it stays pending and the next process opens it.
      if (isRetryable(error) || isPlatformError(error, "stopping")) throw error;
      ctx.metrics.space(session.platform, "failed", isPlatformError(error) ? error.code : "error");
      await failGroup(ctx, session, round, g, error);
      return;
    }
  }
  const space = spaceOf(session, g);
  if (g.status !== "open" || g.introPosted || !space || !g.intro) return;
  if (await ctx.sessions.isRoundClosed(session.id, round.number)) return; // ended early while the space was opening
  await postOnce(
    ctx,
    platform,
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
      ...videoOf(session, round.number, g.id),
    }),
    postKey(session.id, round.number, g.id, "intro"),
  );
  await ctx.sessions.updateGroup(session.id, round.number, g.id, (x) => ({ ...x, introPosted: true }));
  if (g.questionId)
    await ctx.community.rememberQuestion(session.platform, session.communityId, g.members, g.questionId);
}

function videoOf(session: Session, round: number, groupId: string): { video?: { groupId: string; url: string } } {
  const url = videoLinkFor(session, round, groupId);
  return url ? { video: { groupId, url } } : {};
}

function failureReason(error: unknown): string {
  if (isPlatformError(error, "space-capacity")) return "the server has reached its limit of active threads";
  if (isPlatformError(error, "missing-permission"))
    return `the bot is missing the ${error.details.permission ?? "needed"} permission`;
  return error instanceof Error ? error.message : String(error);
}

/** Nobody is dropped silently: members learn who their partners are, the organizer learns why. */
async function failGroup(ctx: RoundsDeps, session: Session, round: Round, g: Group, error: unknown): Promise<void> {
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

/**
 * "One minute left" in every open space. A nudge that comes too late (the bot was down past its time) is skipped:
 * the round's end supersedes it, and "one minute left" next to "time's up" only confuses.
 */
async function nudgeRound(ctx: RoundsContext, sessionId: string, n: number): Promise<void> {
  const [session, round] = await Promise.all([ctx.sessions.get(sessionId), ctx.sessions.round(sessionId, n)]);
  if (!session || !round || round.closed) return;
  if (round.endsAt - ctx.clock.now() < STALE_NUDGE_MS) {
    ctx.logger.info("nudge skipped: the round's end is due", { sessionId, round: n });
    return;
  }
  const platform = ctx.platform(session.platform);
  await settleAll(
    round.groups.map(async (g) => {
      const space = spaceOf(session, g);
      if (g.status !== "open" || g.nudged || !space || activeMembers(g).length < 2) return;
      const extend = g.extended ? undefined : { sessionId, groupId: g.id };
      await postOnce(ctx, platform, space, say.nudgeMessage(n, extend), postKey(sessionId, n, g.id, "nudge"));
      await ctx.sessions.updateGroup(sessionId, n, g.id, (x) => ({ ...x, nudged: true }));
    }),
  );
}

/**
 * Ends round `n`: closing message with feedback buttons, message counts recorded, and the spaces' closing scheduled
 * after the answer window. Each group is marked when done, so a restart in the middle finishes the rest without
 * posting anything twice.
 */
async function closeRound(ctx: RoundsContext, sessionId: string, n: number, final = false): Promise<void> {
  const marked = await ctx.sessions.lock(sessionId, async () => {
    const round = await ctx.sessions.round(sessionId, n);
    if (!round) return undefined;
    if (!round.closed) await ctx.sessions.saveRound({ ...round, closed: true });
    await ctx.sessions.markRoundClosed(sessionId, n);
    return { round, wasClosed: round.closed };
  });
  const session = await ctx.sessions.get(sessionId);
  if (!marked || !session) return;
  const { round } = marked;
  await ctx.jobs.cancel(jobId(sessionId, JOB.nudge, n));
  const last = final || n >= session.options.rounds;
  // A group still waiting for its space when the round ends (the bot was down through it) is told, never dropped.
  const stranded = round.groups.filter(
    (g) => g.status === "pending" && !ctx.inFlight.has(postKey(sessionId, n, g.id, "open")),
  );
  forgetOpenings(ctx, sessionId, n);
  await Promise.all(stranded.map((g) => failGroup(ctx, session, round, g, new Error(ROUND_ENDED_FIRST))));
  // Groups that took five more minutes close at their own end (src/session/extend.ts), unless the session ends now.
  const extended = final ? [] : round.groups.filter((g) => g.extended && g.status === "open");
  const nextAfter = extended.length > 0 && !last ? round.endsAt + EXTEND_MS : undefined;
  await closeGroups(
    ctx,
    session,
    round,
    round.groups.filter((g) => !extended.includes(g)),
    last,
    nextAfter,
  );
  // A session ended during an extension closes the round a second time: it is one round, recorded once.
  if (marked.wasClosed && final) return;
  // Once even when round-end runs twice (at-least-once delivery, or a second process resuming it).
  await once(ctx, postKey(sessionId, n, "round", "ended"), () =>
    ctx.community.record(session.platform, session.communityId, {
      type: "round-ended",
      at: ctx.clock.now(),
      sessionId,
      round: n,
    }),
  );
}

/** At the end of the five more minutes: the extended groups' closing messages, like any group's at a round's end. */
async function closeExtendedGroups(ctx: RoundsContext, sessionId: string, n: number): Promise<void> {
  const [session, round] = await Promise.all([ctx.sessions.get(sessionId), ctx.sessions.round(sessionId, n)]);
  if (!session || !round) return;
  const groups = round.groups.filter((g) => g.extended && g.status === "open" && !g.closingPosted);
  if (groups.length === 0) return;
  await closeGroups(ctx, session, round, groups, n >= session.options.rounds || session.status === "ended");
}

/**
 * Posts the closing message with feedback buttons in each open group's space, records its message counts (once: a
 * group is marked when done, so a restart in the middle finishes the rest without posting anything twice) and
 * schedules the spaces' closing after the answer window.
 */
async function closeGroups(
  ctx: RoundsDeps,
  session: Session,
  round: Round,
  groups: readonly Group[],
  last: boolean,
  nextAfter?: number,
): Promise<void> {
  const sessionId = session.id;
  const n = round.number;
  const answersUntil = ctx.clock.now() + ANSWER_WINDOW_MS;
  // Extended groups close later than the others, so their spaces have a closing job of their own.
  for (const extended of [false, true]) {
    if (!groups.some((g) => Boolean(g.extended) === extended)) continue;
    const kind = extended ? JOB.extendedSpacesClose : JOB.spacesClose;
    await ctx.jobs.schedule({ id: jobId(sessionId, kind, n), kind, at: answersUntil, data: { sessionId, round: n } });
  }
  const platform = ctx.platform(session.platform);
  await settleAll(
    groups.map(async (g) => {
      const space = spaceOf(session, g);
      if (g.status !== "open" || g.closingPosted || !space) return;
      await postClosing(
        ctx,
        session,
        platform,
        space,
        activeMembers(g),
        say.closingMessage(sessionId, n, g.id, last, answersUntil, activeMembers(g).length, nextAfter),
        postKey(sessionId, n, g.id, "closing"),
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
      await closeVoiceRoom(ctx, session, n, g.id, g.members, space);
      await ctx.sessions.updateGroup(sessionId, n, g.id, (x) => ({ ...x, closingPosted: true, status: "closed" }));
    }),
  );
}

/** After the answer window: every space of round `n` is locked and archived (once; a failure is logged). */
async function closeRoundSpaces(ctx: RoundsContext, sessionId: string, n: number, extended = false): Promise<void> {
  const [session, round] = await Promise.all([ctx.sessions.get(sessionId), ctx.sessions.round(sessionId, n)]);
  if (!session || !round) return;
  const platform = ctx.platform(session.platform);
  await Promise.all(
    round.groups.map(async (g) => {
      const space = spaceOf(session, g);
      // Groups that took five more minutes have their own answer window, so their own closing job.
      if (!space || g.spaceClosed || g.status === "failed" || Boolean(g.extended) !== extended) return;
      try {
        await platform.closeSpace(space);
      } catch (error) {
        ctx.logger.warn("could not close a round's space", { sessionId, round: n, groupId: g.id, error });
      }
      await ctx.sessions.updateGroup(sessionId, n, g.id, (x) => ({ ...x, spaceClosed: true }));
    }),
  );
}

/**
 * Waits for every group's work, then fails with the first error: one group whose post another process is making (or
 * a platform error) must not cut the others short, and the job must still fail so its retry finishes that group.
 */
async function settleAll(work: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((o) => o.status === "rejected");
  if (failed?.status === "rejected") throw failed.reason;
}

async function countMessages(ctx: RoundsDeps, sessionId: string, n: number, g: Group): Promise<Record<string, number>> {
  const values = await ctx.store.getMany<number>(g.members.map((m) => keys.messageCount(sessionId, n, g.id, m)));
  return Object.fromEntries(g.members.map((m, i) => [m, values[i] ?? 0]));
}

/**
 * Pairs members left alone this round (their partner left, or they joined late) as soon as there are two of them,
 * in a new private space with a fresh intro. A single waiting member is told they are first in line next round.
 */
async function placeWaiting(ctx: RoundsContext, sessionId: string, n: number): Promise<void> {
  const formed = await ctx.sessions.lock(sessionId, async () => {
    const [session, round] = await Promise.all([ctx.sessions.get(sessionId), ctx.sessions.round(sessionId, n)]);
    if (!session || !round || round.closed || round.waiting.length < 2) return undefined;
    if (round.endsAt - ctx.clock.now() < 2 * 60_000) return undefined; // too little time left to be worth it
    const [a, b, ...rest] = round.waiting as [string, string, ...string[]];
    const id = `g${round.groups.length + 1}`;
    const inputs = await introInputs(ctx, session, [a, b], `${session.seed}:${n}:${id}`);
    const group: Group = {
      ...introduceGroup(id, [a, b], inputs.model.score(a, b), inputs),
      nudged: false,
      closingPosted: false,
      departed: [],
      replacement: true,
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
async function refreshLobby(ctx: RoundsContext, session: Session): Promise<void> {
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
