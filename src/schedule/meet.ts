import type { AsyncGroup, AsyncMeet, Schedule } from "../domain/schedule.ts";
import { type EngineParts, tellPrivately } from "../engine-parts.ts";
import { AttemptInProgressError, isPlatformError } from "../errors.ts";
import { clip } from "../messages/markup.ts";
import * as say from "../messages/schedule-templates.ts";
import { firstAttempt, postKey, postOnce } from "../session/once.ts";
import { formatLocal } from "./cron.ts";
import { meetJobId, SCHEDULE_JOB } from "./jobs.ts";
import { tellScheduleOrganizers } from "./notify.ts";
import { planAsyncGroups, selectMembers } from "./plan.ts";
import { countSilence, messageCounts } from "./silence.ts";

const DAY = 86_400_000;
/** Messages written in an async space this long after the meet's end still count. */
const COUNT_GRACE_MS = 3_600_000;

export type RunResult =
  | { outcome: "held"; meetId?: string; sessionId?: string }
  | { outcome: "skipped"; reason: "not-enough-members" | "session-running" | "not-ready" | "previous-meet-running" };

export const meetIdOf = (scheduleId: string, slot: number) => `${scheduleId}-${slot.toString(36)}`;

/**
 * Starts the async meet of one slot: closes the previous meet if it is due, counts who stayed silent in it, picks the
 * members, plans groups and stores the meet with its check-in and end deadlines, then opens the spaces. Safe to call
 * again for the same slot (a retry after a crash): an existing meet only gets its missing spaces and intros.
 */
export async function startAsyncMeet(
  ctx: Pick<
    EngineParts,
    "clock" | "instance" | "community" | "jobs" | "logger" | "planner" | "platform" | "schedules" | "sessions" | "store"
  >,
  schedule: Schedule,
  slot: number,
): Promise<RunResult> {
  const repo = ctx.schedules;
  const meetId = meetIdOf(schedule.id, slot);
  const existing = await repo.meet(meetId);
  if (existing) {
    await openMeetGroups(ctx, existing);
    return { outcome: "held", meetId };
  }
  const now = ctx.clock.now();
  if (schedule.lastMeetId) {
    const previous = await repo.meet(schedule.lastMeetId);
    if (previous && !previous.ended) {
      if (previous.endsAt > now + 60_000) return { outcome: "skipped", reason: "previous-meet-running" };
      await endAsyncMeet(ctx, previous.id);
    }
    if (previous) await countSilence(ctx, schedule, previous.id);
  }
  const selection = await selectMembers(ctx, schedule, slot);
  const { platform: p, communityId: c } = schedule;
  if (selection.members.length < 2) {
    await Promise.all(selection.members.map((m) => tellPrivately(ctx, schedule, m, say.asyncNobodyElse)));
    await tellScheduleOrganizers(ctx, schedule, say.asyncNotEnough(schedule.channelId, selection.members.length));
    return { outcome: "skipped", reason: "not-enough-members" };
  }
  const { groups, unplaced } = await planAsyncGroups(ctx, schedule, selection, meetId);
  const meet: AsyncMeet = {
    v: 1,
    id: meetId,
    scheduleId: schedule.id,
    platform: p,
    communityId: c,
    channelId: schedule.channelId,
    slot,
    startedAt: now,
    checkInAt: now + (schedule.days * DAY) / 2,
    endsAt: now + schedule.days * DAY,
    days: schedule.days,
    groups,
    names: selection.names,
    ended: false,
    evaluated: false,
  };
  await repo.saveMeet(meet);
  await repo.update(schedule.id, (s) => ({ ...s, lastMeetId: meetId }));
  await ctx.community.record(
    p,
    c,
    ...groups.map((g) => ({
      type: "grouped" as const,
      at: now,
      sessionId: meetId,
      round: 1,
      groupId: g.id,
      members: g.members,
      topics: g.topics,
      score: g.score,
      async: true as const,
      ...(g.questionId ? { questionId: g.questionId } : {}),
    })),
    {
      type: "async-meet-started",
      at: now,
      meetId,
      scheduleId: schedule.id,
      channelId: schedule.channelId,
      days: schedule.days,
      endsAt: meet.endsAt,
      paired: groups.reduce((n, g) => n + g.members.length, 0),
      excluded: selection.excluded,
    },
  );
  for (const [kind, at] of [
    [SCHEDULE_JOB.checkIn, meet.checkInAt],
    [SCHEDULE_JOB.end, meet.endsAt],
  ] as const) {
    await ctx.jobs.schedule({ id: meetJobId(meetId, kind), kind, at, data: { meetId } });
  }
  await Promise.all([
    ...selection.welcomeBack.map((m) => tellPrivately(ctx, schedule, m, say.welcomeBack(schedule.channelId))),
    ...unplaced.map((m) => tellPrivately(ctx, schedule, m, say.asyncNobodyElse)),
  ]);
  await openMeetGroups(ctx, meet);
  return { outcome: "held", meetId };
}

/** Finishes opening a meet that a crashed or concurrent run created; nothing when there is no such meet. */
export async function resumeAsyncMeet(
  ctx: Pick<
    EngineParts,
    "clock" | "instance" | "community" | "logger" | "platform" | "schedules" | "sessions" | "store"
  >,
  meetId: string,
): Promise<void> {
  const meet = await ctx.schedules.meet(meetId);
  if (meet && !meet.ended) await openMeetGroups(ctx, meet);
}

/** Opens each group's space and posts its intro, once; a space that cannot be opened is never silent. */
export async function openMeetGroups(
  ctx: Pick<
    EngineParts,
    "clock" | "instance" | "community" | "logger" | "platform" | "schedules" | "sessions" | "store"
  >,
  meet: AsyncMeet,
): Promise<void> {
  await Promise.all(meet.groups.map((g) => openGroup(ctx, meet, g)));
}

async function openGroup(
  ctx: Pick<
    EngineParts,
    "clock" | "instance" | "community" | "logger" | "platform" | "schedules" | "sessions" | "store"
  >,
  meet: AsyncMeet,
  group: AsyncGroup,
): Promise<void> {
  const repo = ctx.schedules;
  const platform = ctx.platform(meet.platform);
  const channel = { communityId: meet.communityId, channelId: meet.channelId };
  let g = group;
  if (g.status === "pending") {
    try {
      const names = g.members.map((m) => meet.names[m] ?? m).join(" & ");
      // An earlier attempt may have made the space before the process died: the adapter then finds it again.
      const resume = !(await firstAttempt(ctx, postKey(meet.id, 1, g.id, "space")));
      const space = await platform.openGroupSpace({
        channel,
        memberIds: g.members,
        title: clip(`Quick Meet · ${new Date(meet.slot).toISOString().slice(0, 10)} · ${names}`, 100),
        openForMs: Math.max(0, meet.endsAt + ASYNC_ANSWER_WINDOW_MS - ctx.clock.now()),
        ...(resume ? { resume } : {}),
      });
      // Linked like a live round's space, so the core counts messages there (numbers, never text).
      await ctx.sessions.linkSpace(
        meet.platform,
        space.spaceId,
        {
          sessionId: meet.id,
          round: 1,
          groupId: g.id,
          members: g.members,
          countUntil: meet.endsAt + COUNT_GRACE_MS,
        },
        ctx.clock.now(),
      );
      g = (await repo.updateGroup(meet.id, g.id, (x) => ({ ...x, status: "open", spaceId: space.spaceId }))) ?? g;
    } catch (error) {
      // Another live process is opening this space now: it finishes the group; this run retries later.
      if (error instanceof AttemptInProgressError) throw error;
      await failGroup(ctx, meet, g, error);
      return;
    }
  }
  if (g.status !== "open" || g.introPosted || !g.spaceId || !g.intro) return;
  await postOnce(
    ctx,
    platform,
    { ...channel, spaceId: g.spaceId },
    say.asyncIntroMessage({
      people: g.members.map((userId) => ({ userId, summary: g.intro?.summaries[userId] ?? "" })),
      commonGround: g.intro.commonGround,
      question: g.intro.question,
      fallback: g.intro.fallback,
      ...(g.intro.unknown ? { unknown: true } : {}),
      days: meet.days,
      endsAt: meet.endsAt,
    }),
    postKey(meet.id, 1, g.id, "intro"),
  );
  await repo.updateGroup(meet.id, g.id, (x) => ({ ...x, introPosted: true }));
  if (g.questionId) await ctx.community.rememberQuestion(meet.platform, meet.communityId, g.members, g.questionId);
}

async function failGroup(
  ctx: Pick<EngineParts, "clock" | "community" | "logger" | "platform" | "schedules">,
  meet: AsyncMeet,
  g: AsyncGroup,
  error: unknown,
): Promise<void> {
  const reason = isPlatformError(error, "space-capacity")
    ? "the server has reached its limit of active threads"
    : isPlatformError(error, "missing-permission")
      ? `the bot is missing the ${error.details.permission ?? "needed"} permission`
      : error instanceof Error
        ? error.message
        : String(error);
  ctx.logger.warn("could not open async meet space", { meetId: meet.id, groupId: g.id, reason });
  await ctx.schedules.updateGroup(meet.id, g.id, (x) => ({ ...x, status: "failed", failure: reason }));
  await ctx.community.record(meet.platform, meet.communityId, {
    type: "space-failed",
    at: ctx.clock.now(),
    sessionId: meet.id,
    round: 1,
    groupId: g.id,
    members: g.members,
    reason,
  });
  await Promise.all(
    g.members.map((m) =>
      tellPrivately(
        ctx,
        meet,
        m,
        say.asyncSpaceFailed(
          g.members.filter((x) => x !== m),
          reason,
        ),
      ),
    ),
  );
  const schedule = await ctx.schedules.get(meet.scheduleId);
  if (schedule) await tellScheduleOrganizers(ctx, schedule, say.asyncSpaceFailedForOrganizer(g.members, reason));
}

/** Mid-point: "have you met yet?" in every open space. */
export async function checkInAsyncMeet(
  ctx: Pick<EngineParts, "clock" | "instance" | "platform" | "schedules" | "store">,
  meetId: string,
): Promise<void> {
  const repo = ctx.schedules;
  const meet = await repo.meet(meetId);
  if (!meet || meet.ended) return;
  for (const g of meet.groups) {
    if (g.status !== "open" || !g.spaceId || g.checkInPosted) continue;
    await postOnce(
      ctx,
      ctx.platform(meet.platform),
      { communityId: meet.communityId, channelId: meet.channelId, spaceId: g.spaceId },
      say.asyncCheckIn(meet.id, g.id, meet.endsAt),
      postKey(meet.id, 1, g.id, "check-in"),
    );
    await repo.updateGroup(meet.id, g.id, (x) => ({ ...x, checkInPosted: true }));
  }
}

/**
 * How long an async meet's spaces stay open after "did you meet?", so the buttons there keep working (Discord
 * disables them in a locked thread); then they are locked and archived.
 */
export const ASYNC_ANSWER_WINDOW_MS = 2 * 24 * 60 * 60_000;

/**
 * The end: "did you meet?" and "stay in touch?" in every open space, message counts recorded, and the spaces' closing
 * scheduled after the answer window.
 */
export async function endAsyncMeet(
  ctx: Pick<EngineParts, "clock" | "instance" | "community" | "jobs" | "platform" | "schedules" | "store">,
  meetId: string,
): Promise<void> {
  const repo = ctx.schedules;
  const meet = await repo.meet(meetId);
  if (!meet || meet.ended) return;
  await ctx.jobs.cancel(meetJobId(meetId, SCHEDULE_JOB.checkIn));
  const platform = ctx.platform(meet.platform);
  const answersUntil = ctx.clock.now() + ASYNC_ANSWER_WINDOW_MS;
  await ctx.jobs.schedule({
    id: meetJobId(meetId, SCHEDULE_JOB.spacesClose),
    kind: SCHEDULE_JOB.spacesClose,
    at: answersUntil,
    data: { meetId },
  });
  for (const g of meet.groups) {
    if (g.status !== "open" || !g.spaceId || g.endPosted) continue;
    const space = { communityId: meet.communityId, channelId: meet.channelId, spaceId: g.spaceId };
    await postOnce(
      ctx,
      platform,
      space,
      say.asyncEnd(meet.id, g.id, answersUntil, g.members.length),
      postKey(meet.id, 1, g.id, "end"),
    );
    await repo.updateGroup(meet.id, g.id, (x) => ({ ...x, endPosted: true }));
  }
  const done = await repo.updateMeet(meetId, (m) => ({ ...m, ended: true }));
  const now = ctx.clock.now();
  for (const g of done?.groups ?? []) {
    if (g.status !== "open") continue;
    const counts = await messageCounts(ctx, meetId, g);
    await ctx.community.record(meet.platform, meet.communityId, {
      type: "async-group-ended",
      at: now,
      meetId,
      groupId: g.id,
      members: g.members,
      counts,
      responded: g.responded,
    });
  }
}

/** After the answer window: every space of the meet is locked and archived (once; a failure is logged). */
export async function closeAsyncMeetSpaces(
  ctx: Pick<EngineParts, "logger" | "platform" | "schedules">,
  meetId: string,
): Promise<void> {
  const repo = ctx.schedules;
  const meet = await repo.meet(meetId);
  if (!meet) return;
  const platform = ctx.platform(meet.platform);
  for (const g of meet.groups) {
    if (!g.spaceId || g.spaceClosed || g.status !== "open") continue;
    const space = { communityId: meet.communityId, channelId: meet.channelId, spaceId: g.spaceId };
    await platform.closeSpace(space).catch((error: unknown) => {
      ctx.logger.warn("could not close async meet space", { meetId, groupId: g.id, error });
    });
    await repo.updateGroup(meet.id, g.id, (x) => ({ ...x, spaceClosed: true }));
  }
}

export const slotLabel = (schedule: Schedule, slot: number) =>
  `${formatLocal(slot, schedule.timeZone)} (${schedule.timeZone})`;
