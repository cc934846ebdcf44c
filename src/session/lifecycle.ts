import { randomBytes } from "node:crypto";
import { loadMemberSignals } from "../community/signals.ts";
import { conversationHappened } from "../domain/conversation.ts";
import {
  type EventRecord,
  type FeedbackRating,
  type Group,
  SCHEMA_VERSION,
  type Session,
  type SessionOptions,
} from "../domain/types.ts";
import { type EngineParts, tellOrganizers, tellPrivately } from "../engine-parts.ts";
import * as say from "../messages/templates.ts";
import type { Actor } from "../platform/inbound.ts";
import type { ChannelRef, RichMessage } from "../platform/port.ts";
import { extensionRunning } from "./extend.ts";
import { GroupCommit } from "./group-commit.ts";
import { once } from "./once.ts";
import { createRounds, JOB, jobId, type Rounds, type RoundsDeps } from "./rounds.ts";
import { sessionVideo } from "./video-link.ts";
import { closeVoiceLobby, openVoiceLobby, voiceReadiness } from "./voice.ts";

/** What the lifecycle uses: the rounds' parts, plus the settings it reads and the work it tracks. */
export type LifecycleDeps = Omit<RoundsDeps, "finishSession"> & Pick<EngineParts, "config" | "tracker">;

/** Sessions from lobby to summary: start, join/leave, end, finish, resume after restart, and the deadlines' handlers. */
export interface Lifecycle {
  /** Registers the lifecycle's deadline handlers with the scheduler. */
  registerSessionJobs(): void;
  startSession(args: StartArgs): Promise<RichMessage>;
  /** `quiet`: the app was removed from the community, so nothing is posted or closed there (counted as ended early). */
  finishSession(
    sessionId: string,
    reason: NonNullable<Session["endReason"]>,
    options?: { quiet?: boolean },
  ): Promise<void>;
  endSessionEarly(sessionId: string): Promise<"cancelled" | "ended" | undefined>;
  joinSession(sessionId: string, actor: Actor): Promise<RichMessage>;
  leaveSession(sessionId: string, userId: string): Promise<RichMessage>;
  resumeSessions(): Promise<void>;
}

/** The lifecycle's own state: the rounds it drives, joins being batched, lobbies waiting for a coalesced edit. */
type LifecycleContext = LifecycleDeps & {
  rounds: Rounds;
  joins: GroupCommit<Actor, JoinResult>;
  pendingRefresh: Set<string>;
};

/** Builds the lifecycle (and the rounds it drives) once per bot; its state is this object's, not the module's. */
export function createLifecycle(deps: LifecycleDeps): Lifecycle {
  const rounds = createRounds({ ...deps, finishSession: (id, reason) => finishSession(ctx, id, reason) });
  const ctx: LifecycleContext = {
    ...deps,
    rounds,
    joins: new GroupCommit<Actor, JoinResult>((id, actors) => applyJoins(ctx, id, actors)),
    pendingRefresh: new Set(),
  };
  return {
    registerSessionJobs: () => registerSessionJobs(ctx),
    startSession: (args) => startSession(ctx, args),
    finishSession: (id, reason, options) => finishSession(ctx, id, reason, options),
    endSessionEarly: (id) => endSessionEarly(ctx, id),
    joinSession: (id, actor) => joinSession(ctx, id, actor),
    leaveSession: (id, userId) => leaveSession(ctx, id, userId),
    resumeSessions: () => resumeSessions(ctx),
  };
}

interface StartArgs {
  platform: Session["platform"];
  channel: ChannelRef;
  organizer: Actor;
  options: SessionOptions;
}

function registerSessionJobs(ctx: LifecycleContext): void {
  const ids = (job: { data: Record<string, unknown> }) => ({
    sessionId: String(job.data.sessionId),
    round: Number(job.data.round ?? 0),
  });
  ctx.jobs.on(JOB.lobbyClose, async (job) => {
    const { sessionId } = ids(job);
    await ctx.jobs.cancel(jobId(sessionId, JOB.lobbyRefresh));
    await ctx.rounds.startRound(sessionId, 1);
  });
  ctx.jobs.on(JOB.lobbyRefresh, async (job) => {
    const session = await ctx.sessions.get(ids(job).sessionId);
    if (session?.status !== "lobby") return;
    await ctx.rounds.refreshLobby(session);
    const next = ctx.clock.now() + ctx.config.lobbyRefreshSeconds * 1000;
    return next < session.lobbyEndsAt ? { rescheduleAt: next } : undefined;
  });
  ctx.jobs.on(JOB.nudge, async (job) => {
    const { sessionId, round } = ids(job);
    await ctx.rounds.nudgeRound(sessionId, round);
  });
  ctx.jobs.on(JOB.roundEnd, async (job) => {
    const { sessionId, round } = ids(job);
    await endRound(ctx, sessionId, round);
  });
  ctx.jobs.on(JOB.summary, async (job) => {
    await sendSummary(ctx, ids(job).sessionId);
  });
  ctx.jobs.on(JOB.spacesClose, async (job) => {
    const { sessionId, round } = ids(job);
    await ctx.rounds.closeRoundSpaces(sessionId, round);
  });
  ctx.jobs.on(JOB.extensionEnd, async (job) => {
    const { sessionId, round } = ids(job);
    await ctx.rounds.closeExtendedGroups(sessionId, round);
    await afterRound(ctx, sessionId, round);
  });
  ctx.jobs.on(JOB.extendedSpacesClose, async (job) => {
    const { sessionId, round } = ids(job);
    await ctx.rounds.closeRoundSpaces(sessionId, round, true);
  });
  ctx.jobs.on(JOB.nextRound, async (job) => {
    const { sessionId, round } = ids(job);
    await ctx.rounds.startRound(sessionId, round);
  });
  // startRound on a round already planned only finishes opening its spaces.
  ctx.jobs.on(JOB.open, async (job) => {
    const { sessionId, round } = ids(job);
    await ctx.rounds.startRound(sessionId, round);
  });
}

/** Creates a session, posts the lobby and schedules its close. The caller has checked access and options. */
async function startSession(ctx: LifecycleContext, args: StartArgs): Promise<RichMessage> {
  const { platform: p, channel } = args;
  const existingId = await ctx.sessions.channelSessionId(p, channel.communityId, channel.channelId);
  const existing = existingId ? await ctx.sessions.get(existingId) : undefined;
  if (existing && existing.status !== "ended") return say.alreadyRunning(existing);
  if (existingId) await ctx.sessions.releaseChannel(p, channel.communityId, channel.channelId);

  const problems = [
    ...(await ctx.platform(p).checkSessionReadiness(channel)),
    ...(await voiceReadiness(ctx, p, channel, args.options)),
  ];
  if (problems.length > 0) return say.notReady(problems.map((x) => x.message));

  const now = ctx.clock.now();
  const id = randomBytes(6).toString("base64url");
  if (!(await ctx.sessions.claimChannel(p, channel.communityId, channel.channelId, id))) {
    const other = await ctx.sessions.get(
      (await ctx.sessions.channelSessionId(p, channel.communityId, channel.channelId)) ?? "",
    );
    return other ? say.alreadyRunning(other) : say.noSession;
  }
  let voice: Session["voice"];
  try {
    voice = await openVoiceLobby(ctx, p, channel, args.organizer.userId, args.options);
  } catch (error) {
    await ctx.sessions.releaseChannel(p, channel.communityId, channel.channelId);
    throw error;
  }
  const session: Session = {
    ...(voice ? { voice } : {}),
    v: SCHEMA_VERSION,
    id,
    platform: p,
    communityId: channel.communityId,
    channelId: channel.channelId,
    organizerId: args.organizer.userId,
    options: args.options,
    status: "lobby",
    createdAt: now,
    lobbyEndsAt: now + args.options.lobbyMinutes * 60_000,
    participants: [],
    everJoined: [],
    names: { [args.organizer.userId]: args.organizer.displayName },
    currentRound: 0,
    seed: id,
  };
  const video = sessionVideo((await ctx.community.settings(p, channel.communityId)).videoLink);
  if (video) session.video = video;
  // Stored before the lobby is posted, so a Join click that arrives right after the post finds the session.
  await ctx.sessions.save(session);
  await ctx.sessions.setActive(id, true);
  const lobby = await ctx.platform(p).postInChannel(channel, say.lobbyMessage(session, now));
  const stored = await ctx.sessions.lock(id, async () => {
    const current = (await ctx.sessions.get(id)) ?? session;
    const next = { ...current, lobbyMessageId: lobby.messageId };
    await ctx.sessions.save(next);
    return next;
  });
  await ctx.community.record(p, channel.communityId, {
    type: "session-started",
    at: now,
    sessionId: id,
    channelId: channel.channelId,
    organizerId: args.organizer.userId,
    options: args.options,
  });
  await ctx.jobs.schedule({
    id: jobId(id, JOB.lobbyClose),
    kind: JOB.lobbyClose,
    at: stored.lobbyEndsAt,
    data: { sessionId: id },
  });
  await scheduleLobbyRefresh(ctx, id);
  return say.sessionStarted(stored);
}

async function scheduleLobbyRefresh(ctx: LifecycleContext, sessionId: string): Promise<void> {
  const at = ctx.clock.now() + ctx.config.lobbyRefreshSeconds * 1000;
  await ctx.jobs.schedule({
    id: jobId(sessionId, JOB.lobbyRefresh),
    kind: JOB.lobbyRefresh,
    at,
    data: { sessionId },
    refresh: true,
  });
}

/** At a round's end: its groups close, then a break and the next round, or the end of the session. */
async function endRound(ctx: LifecycleContext, sessionId: string, n: number): Promise<void> {
  await ctx.rounds.closeRound(sessionId, n);
  // A group took five more minutes: the next round waits for it (src/session/extend.ts); its end goes on from here.
  if (await extensionRunning(ctx, sessionId, n)) return;
  await afterRound(ctx, sessionId, n);
}

/** After every group of round `n` closed: a break then the next round, or the end of the session. */
async function afterRound(ctx: LifecycleContext, sessionId: string, n: number): Promise<void> {
  const more = await ctx.sessions.lock(sessionId, async () => {
    const session = await ctx.sessions.get(sessionId);
    // Already in the break after this round (a retried job): nothing to redo.
    if (session?.status === "break" && session.currentRound === n) return "done";
    if (!session || session.status === "ended" || session.currentRound !== n) return false;
    if (n >= session.options.rounds || session.participants.length < 2) return false;
    // Another run of this job (at-least-once delivery) began the break already: keep its time, make sure of its job.
    const nextAt =
      session.status === "break" && session.nextAt !== undefined
        ? session.nextAt
        : ctx.clock.now() + session.options.breakSeconds * 1000;
    await ctx.sessions.save({ ...session, status: "break", nextAt });
    await ctx.jobs.schedule({
      id: jobId(sessionId, JOB.nextRound, n + 1),
      kind: JOB.nextRound,
      at: nextAt,
      data: { sessionId, round: n + 1 },
    });
    return true;
  });
  if (more === "done") return;
  if (!more) {
    const session = await ctx.sessions.get(sessionId);
    const reason =
      session && session.participants.length < 2 && n < session.options.rounds ? "not-enough-members" : "completed";
    await finishSession(ctx, sessionId, reason);
    return;
  }
  const session = await ctx.sessions.get(sessionId);
  if (session) await ctx.rounds.refreshLobby(session);
}

/** Ends a session once: index cleaned, channel freed, lobby edited, organizer gets the summary. */
async function finishSession(
  ctx: LifecycleContext,
  sessionId: string,
  reason: NonNullable<Session["endReason"]>,
  options: { quiet?: boolean } = {},
): Promise<void> {
  const ended = await ctx.sessions.lock(sessionId, async () => {
    const session = await ctx.sessions.get(sessionId);
    if (!session || session.status === "ended") return undefined;
    const now = ctx.clock.now();
    const next: Session = { ...session, status: "ended", endedAt: now, endReason: reason };
    delete next.nextAt;
    await ctx.sessions.save(next);
    await ctx.community.record(session.platform, session.communityId, {
      type: "session-ended",
      at: now,
      sessionId,
      reason,
    });
    return next;
  });
  if (!ended) return;
  for (const kind of [JOB.lobbyClose, JOB.lobbyRefresh]) await ctx.jobs.cancel(jobId(sessionId, kind));
  for (let n = 1; n <= ended.options.rounds + 1; n++) {
    for (const kind of [JOB.nudge, JOB.roundEnd, JOB.extensionEnd, JOB.nextRound])
      await ctx.jobs.cancel(jobId(sessionId, kind, n));
  }
  await ctx.sessions.setActive(sessionId, false);
  await ctx.sessions.releaseChannel(ended.platform, ended.communityId, ended.channelId);
  if (options.quiet) {
    // The app's token is gone: nothing can be posted or closed there, so every pending step is dropped too.
    for (let n = 1; n <= ended.options.rounds + 1; n++) {
      for (const kind of [JOB.open, JOB.spacesClose]) await ctx.jobs.cancel(jobId(sessionId, kind, n));
    }
    return;
  }
  await ctx.rounds.refreshLobby(ended);
  // No round ever started, so nobody was grouped: a cancelled session. The lobby says so; there is nothing to sum up.
  if (ended.currentRound === 0) {
    await closeVoiceLobby(ctx, ended);
    if (reason === "not-enough-members") {
      await tellOrganizers(ctx, ended, say.notEnoughPeople(ended.participants.length));
      await Promise.all(
        ended.participants.map((m) => tellPrivately(ctx, ended, m, say.notEnoughPeople(ended.participants.length))),
      );
    }
    return;
  }
  // The summary waits for the last round's feedback and stay-in-touch answers, which come after the round closes.
  await ctx.jobs.schedule({
    id: jobId(sessionId, JOB.summary),
    kind: JOB.summary,
    at: ctx.clock.now() + SUMMARY_DELAY_MS,
    data: { sessionId },
  });
}

/** How long after the end the organizer's summary is sent: time for the last feedback clicks. */
export const SUMMARY_DELAY_MS = 3 * 60_000;

async function sendSummary(ctx: LifecycleContext, sessionId: string): Promise<void> {
  const session = await ctx.sessions.get(sessionId);
  if (!session?.endReason) return;
  const reason = session.endReason;
  // Once even when the job runs twice (at-least-once delivery): a DM has no earlier post to look for.
  await once(ctx, `${sessionId}:summary`, async () => {
    const events = await ctx.community.events(session.platform, session.communityId);
    await tellOrganizers(ctx, session, say.summaryMessage(summarise(session, events), reason));
  });
  await closeVoiceLobby(ctx, session);
}

/** The organizer's end-of-session figures, from the event record of this session only. */
export function summarise(session: Session, events: readonly EventRecord[]): say.SessionSummary {
  const mine = events.filter((e) => "sessionId" in e && e.sessionId === session.id);
  const feedback: Record<FeedbackRating, number> = { great: 0, ok: 0, "not-great": 0, report: 0 };
  let groups = 0;
  let conversations = 0;
  /** Per group (round and id): its message counts and, for a voice room, the seconds members were in it together. */
  const talks = new Map<string, { counts?: Readonly<Record<string, number>>; voiceSeconds?: number }>();
  const talk = (e: { round: number; groupId: string }) => {
    const key = `${e.round}:${e.groupId}`;
    const t = talks.get(key) ?? {};
    talks.set(key, t);
    return t;
  };
  let failedSpaces = 0;
  let connections = 0;
  let rounds = 0;
  for (const e of mine) {
    if (e.type === "grouped") groups++;
    else if (e.type === "space-failed") failedSpaces++;
    else if (e.type === "round-ended") rounds++;
    else if (e.type === "connection") connections++;
    else if (e.type === "feedback") feedback[e.rating]++;
    else if (e.type === "messages-counted") talk(e).counts = e.counts;
    else if (e.type === "voice-counted") talk(e).voiceSeconds = e.togetherSeconds;
  }
  // One rule for the summary and the stats: a group talked when members wrote, or sat together in its voice room.
  for (const t of talks.values()) if (conversationHappened(t.counts ?? {}, t.voiceSeconds)) conversations++;
  return { people: session.everJoined.length, rounds, groups, conversations, failedSpaces, connections, feedback };
}

/**
 * Organizer's `/quickmeet end`: closes the running round (feedback still asked) and ends the session. Says whether
 * it was `cancelled` (ended before any round, so no summary follows) or `ended`; undefined when already over.
 */
async function endSessionEarly(ctx: LifecycleContext, sessionId: string): Promise<"cancelled" | "ended" | undefined> {
  const session = await ctx.sessions.get(sessionId);
  if (!session || session.status === "ended") return undefined;
  if (session.status === "round") await ctx.rounds.closeRound(sessionId, session.currentRound, true);
  await finishSession(ctx, sessionId, "ended-early");
  const ended = await ctx.sessions.get(sessionId);
  return ended?.currentRound === 0 ? "cancelled" : "ended";
}

/** A member joins (button or command). Late joiners are grouped from the next round, or at once with someone waiting. */
async function joinSession(ctx: LifecycleContext, sessionId: string, actor: Actor): Promise<RichMessage> {
  const result = await ctx.joins.submit(sessionId, actor);
  if (result.session) {
    const s = result.session;
    refreshLobbySoon(ctx, s.id);
    if (s.status === "round") ctx.tracker.track("place waiting", ctx.rounds.placeWaiting(sessionId, s.currentRound));
  }
  return result.reply;
}

interface JoinResult {
  reply: RichMessage;
  session?: Session;
}

/**
 * Joiners the bot knows something about: a profile, or an organizer-chosen role or channel. The platform is asked
 * only about joiners without a profile, once per batch, and only when organizers chose roles or channels.
 */
async function knownMembers(ctx: LifecycleContext, session: Session, added: readonly string[]): Promise<Set<string>> {
  const { platform: p, communityId: c } = session;
  const profiles = await ctx.community.profiles(p, c, added);
  const known = new Set(profiles.keys());
  const rest = added.filter((m) => !known.has(m));
  if (rest.length === 0) return known;
  const settings = await ctx.community.settings(p, c);
  if ((settings.interestSignals?.length ?? 0) === 0) return known;
  const states = await ctx.community.memberStates(p, c, rest);
  for (const m of (await loadMemberSignals(ctx, p, c, rest, settings, states)).keys()) known.add(m);
  return known;
}

/** Applies a batch of joins in one locked write of the session, its events and the round's waiting list. */
async function applyJoins(ctx: LifecycleContext, sessionId: string, actors: readonly Actor[]): Promise<JoinResult[]> {
  return ctx.sessions.lock(sessionId, async () => {
    const session = await ctx.sessions.get(sessionId);
    if (!session || session.status === "ended") return actors.map(() => ({ reply: say.sessionOver }));
    if (session.status === "round" && session.currentRound >= session.options.rounds) {
      return actors.map(() => ({ reply: say.lastRoundNoJoin }));
    }
    // One row per member: a click adds a row; the session record is not rewritten.
    const added = await ctx.sessions.addParticipants(
      sessionId,
      actors.map((a) => ({ userId: a.userId, name: a.displayName })),
    );
    const fresh = new Set(added);
    const outcomes = actors.map((actor) => fresh.delete(actor.userId));
    const names = { ...session.names };
    for (const actor of actors) if (added.includes(actor.userId)) names[actor.userId] ??= actor.displayName;
    const next: Session = {
      ...session,
      participants: [...session.participants, ...added],
      everJoined: [...new Set([...session.everJoined, ...added])],
      names,
    };
    if (added.length > 0) {
      const at = ctx.clock.now();
      await ctx.community.record(
        session.platform,
        session.communityId,
        ...added.map((userId) => ({ type: "joined" as const, at, sessionId, userId })),
      );
      if (session.status === "round") {
        const round = await ctx.sessions.round(sessionId, session.currentRound);
        if (round && !round.closed && round.waiting.length > 0) {
          await ctx.sessions.saveRound({ ...round, waiting: [...round.waiting, ...added] });
        }
      }
    }
    const known = await knownMembers(ctx, session, added);
    return outcomes.map((fresh, i) => {
      const actor = actors[i];
      if (!fresh || !actor) return { reply: say.alreadyJoined };
      return { reply: say.joined(next, ctx.clock.now(), known.has(actor.userId)), session: next };
    });
  });
}

/** Coalesces lobby edits: a burst of joins becomes one edit a couple of seconds later. */
function refreshLobbySoon(ctx: LifecycleContext, sessionId: string): void {
  const pending = ctx.pendingRefresh;
  if (pending.has(sessionId)) return;
  pending.add(sessionId);
  ctx.clock.setTimer(
    () => {
      pending.delete(sessionId);
      ctx.tracker.track(
        "lobby refresh",
        ctx.sessions.get(sessionId).then((session) => (session ? ctx.rounds.refreshLobby(session) : undefined)),
      );
    },
    2_000,
    "refresh",
  );
}

/** A member leaves (button, command, or left the community). A partner left alone is re-grouped or told. */
async function leaveSession(ctx: LifecycleContext, sessionId: string, userId: string): Promise<RichMessage> {
  const result = await ctx.sessions.lock(sessionId, async () => {
    const session = await ctx.sessions.get(sessionId);
    if (!session || session.status === "ended") return { reply: say.sessionOver };
    if (!(await ctx.sessions.removeParticipant(sessionId, userId))) return { reply: say.notJoined };
    const next = { ...session, participants: session.participants.filter((m) => m !== userId) };
    await ctx.community.record(session.platform, session.communityId, {
      type: "left",
      at: ctx.clock.now(),
      sessionId,
      userId,
    });
    let alone: string | undefined;
    let left: Group | undefined;
    if (session.status === "round") {
      const round = await ctx.sessions.round(sessionId, session.currentRound);
      // A group in its five more minutes is still talking after the round closed: its leavers count as mid-round.
      const talking = round?.groups.some((g) => g.extended && g.status === "open" && g.members.includes(userId));
      if (round && (!round.closed || talking)) {
        const groups = round.groups.map((g) =>
          g.members.includes(userId) ? { ...g, departed: [...g.departed, userId] } : g,
        );
        left = groups.find((g) => g.members.includes(userId));
        const remaining = left ? left.members.filter((m) => !left?.departed.includes(m)) : [];
        alone = remaining.length === 1 ? remaining[0] : undefined;
        const waiting = round.waiting.filter((m) => m !== userId);
        await ctx.sessions.saveRound({ ...round, groups, waiting: alone ? [...waiting, alone] : waiting });
      }
    }
    return { reply: say.left, session: next, alone, left };
  });
  if (result.session) {
    const s = result.session;
    refreshLobbySoon(ctx, s.id);
    if (result.left?.status === "open" && result.left.spaceId)
      await leaveSpace(ctx, s, { ...result.left, spaceId: result.left.spaceId }, userId);
    if (result.alone) {
      await tellPrivately(ctx, s, result.alone, say.partnerLeft(s.currentRound, result.left?.members.length));
      ctx.tracker.track("place waiting", ctx.rounds.placeWaiting(sessionId, s.currentRound));
    }
  }
  return result.reply;
}

/**
 * A member who left is taken out of their group's space where the platform allows it, and stops being counted
 * there; the others are told, and told that the member may still read along where they cannot be taken out.
 */
async function leaveSpace(
  ctx: LifecycleContext,
  session: Session,
  group: Group & { spaceId: string },
  userId: string,
): Promise<void> {
  const space = { communityId: session.communityId, channelId: session.channelId, spaceId: group.spaceId };
  const link = await ctx.sessions.spaceLink(session.platform, group.spaceId);
  if (link) {
    const members = link.members.filter((m) => m !== userId);
    await ctx.sessions.linkSpace(session.platform, group.spaceId, { ...link, members }, ctx.clock.now());
  }
  const platform = ctx.platform(session.platform);
  let removed = false;
  try {
    removed = await platform.removeFromSpace(space, userId);
  } catch (error) {
    ctx.logger.warn("could not take a member who left out of their space", { sessionId: session.id, error });
  }
  await platform.postInSpace(space, say.memberLeftSpace(userId, removed));
}

/** The running session in a channel, if any. */
export async function sessionInChannel(
  ctx: Pick<EngineParts, "sessions">,
  p: Session["platform"],
  channel: ChannelRef,
): Promise<Session | undefined> {
  const id = await ctx.sessions.channelSessionId(p, channel.communityId, channel.channelId);
  const session = id ? await ctx.sessions.get(id) : undefined;
  return session && session.status !== "ended" ? session : undefined;
}

/** At start-up: finish any round opening a previous process left half done (deadlines are re-armed by the scheduler). */
async function resumeSessions(ctx: LifecycleContext): Promise<void> {
  for (const id of await ctx.sessions.activeIds()) {
    const session = await ctx.sessions.get(id);
    if (session?.status !== "round") continue;
    const round = await ctx.sessions.round(id, session.currentRound);
    if (
      round &&
      !round.closed &&
      round.groups.some((g) => g.status === "pending" || (g.status === "open" && !g.introPosted))
    ) {
      ctx.logger.info("resuming round opening", { sessionId: id, round: round.number });
      // At once, and as a stored job: if the platform is not ready yet, the job is retried instead of the groups
      // being failed. Both open each group once (startRound re-reads the round; openings in flight are shared).
      await ctx.jobs.schedule({
        id: jobId(id, JOB.open, round.number),
        kind: JOB.open,
        at: ctx.clock.now(),
        data: { sessionId: id, round: round.number },
      });
      ctx.tracker.track("resume round", ctx.rounds.startRound(id, round.number));
    }
  }
}
