import type { Schedule } from "../domain/schedule.ts";
import type { EventRecord, ScheduleSkipReason } from "../domain/types.ts";
import type { EngineParts } from "../engine-parts.ts";
import * as say from "../messages/schedule-templates.ts";
import type { Lifecycle } from "../session/lifecycle.ts";
import { keys } from "../store/keys.ts";
import { nextSlot } from "./cadence.ts";
import { StoreRunCoordinator, slotKey } from "./cron.ts";
import { headsUpJobId, SCHEDULE_JOB, slotJobId } from "./jobs.ts";
import { meetIdOf, type RunResult, resumeAsyncMeet, slotLabel, startAsyncMeet } from "./meet.ts";
import { tellScheduleOrganizers } from "./notify.ts";

const HOUR = 3_600_000;
/** A slot missed while the bot was down still runs if it is at most this late; later ones are skipped. */
export const CATCH_UP_MS = HOUR;
/** Later than this (but within the catch-up window) a run counts as "caught up" rather than "held". */
const ON_TIME_MS = 2 * 60_000;
/** Slot claims outlive the catch-up window by far, so no process ever runs a slot twice. */
const SLOT_CLAIM_TTL_MS = 35 * 24 * HOUR;
/** Missed slots noted individually at most (a bot down for months does not write thousands of events). */
const MAX_MISSED_NOTED = 20;

/** node-cron's task name for a schedule; slot keys are `<name>:<slot ISO>` like node-cron's own. */
export const taskName = (scheduleId: string) => `quickmeet-schedule:${scheduleId}`;

function coordinator(ctx: Pick<EngineParts, "store">): StoreRunCoordinator {
  return new StoreRunCoordinator(ctx.store, "quickmeet", keys.scheduleSlot);
}

/**
 * Arms the first slot strictly after `after` (and its heads-up) as stored jobs. Job ids are derived from the slot,
 * so arming the same slot twice (two processes, a retry) is harmless.
 */
export async function armNext(
  ctx: Pick<EngineParts, "clock" | "jobs" | "logger" | "schedules">,
  schedule: Schedule,
  after: number,
): Promise<Schedule | undefined> {
  const slot = nextSlot(schedule, after);
  if (slot === undefined) {
    ctx.logger.warn("schedule has no further slot", { scheduleId: schedule.id, cron: schedule.cron });
    return schedule;
  }
  await armSlot(ctx, schedule, slot);
  return ctx.schedules.update(schedule.id, (s) => ({ ...s, nextAt: slot }));
}

async function armSlot(ctx: Pick<EngineParts, "clock" | "jobs">, schedule: Schedule, slot: number): Promise<void> {
  const data = { scheduleId: schedule.id, slot };
  await ctx.jobs.schedule({ id: slotJobId(schedule.id, slot), kind: SCHEDULE_JOB.slot, at: slot, data });
  const headsUpAt = schedule.headsUpHours ? slot - schedule.headsUpHours * HOUR : undefined;
  if (headsUpAt !== undefined && headsUpAt > ctx.clock.now()) {
    await ctx.jobs.schedule({ id: headsUpJobId(schedule.id, slot), kind: SCHEDULE_JOB.headsUp, at: headsUpAt, data });
  }
}

/** Cancels the armed slot and heads-up (pause, delete). */
export async function disarm(ctx: Pick<EngineParts, "jobs">, schedule: Schedule): Promise<void> {
  if (schedule.nextAt === undefined) return;
  await ctx.jobs.cancel(slotJobId(schedule.id, schedule.nextAt));
  await ctx.jobs.cancel(headsUpJobId(schedule.id, schedule.nextAt));
}

/**
 * At start-up: stored slot jobs were re-armed by the JobScheduler already; this heals an active schedule whose job
 * is missing (a crash between two writes) by arming its next slot again. A slot that fell due while the bot was down
 * fires at once and is caught up or skipped by `runSlot`.
 */
export async function resumeSchedules(
  ctx: Pick<EngineParts, "instance" | "clock" | "jobs" | "logger" | "schedules" | "store">,
): Promise<void> {
  const schedules = await ctx.schedules.all();
  for (const s of schedules) {
    if (s.status !== "active") continue;
    const armed = s.nextAt !== undefined && (await ctx.jobs.isScheduled(slotJobId(s.id, s.nextAt)));
    if (armed) continue;
    if (s.nextAt !== undefined && s.nextAt !== s.lastSlot) await armSlot(ctx, s, s.nextAt);
    else await armNext(ctx, s, Math.max(s.lastSlot ?? 0, ctx.clock.now() - CATCH_UP_MS));
  }
  ctx.logger.info("schedules resumed", { schedules: schedules.length });
}

/**
 * One slot fell due. The next slot is armed first (a crash mid-run never loses the schedule); then the slot is
 * claimed through the run coordinator, so among processes sharing the store exactly one runs it. A slot later than
 * the catch-up window is skipped (with every other slot missed meanwhile) and organizers get one note.
 */
export async function runSlot(
  ctx: Pick<
    EngineParts,
    "clock" | "instance" | "community" | "jobs" | "logger" | "planner" | "platform" | "schedules" | "sessions" | "store"
  > & { lifecycle: Pick<Lifecycle, "startSession"> },
  scheduleId: string,
  slot: number,
): Promise<void> {
  const repo = ctx.schedules;
  const schedule = await repo.get(scheduleId);
  if (schedule?.status !== "active") return; // deleted or paused: its jobs were cancelled; this one is stale
  const now = ctx.clock.now();
  if (now - slot > CATCH_UP_MS) {
    await skipMissed(ctx, schedule, slot, now);
    return;
  }
  await armNext(ctx, schedule, slot);
  if (!(await coordinator(ctx).shouldRun(slotKey(taskName(scheduleId), slot), SLOT_CLAIM_TTL_MS))) {
    // Another process holds this slot, or this one ran it before a crash: only finish what an async meet left undone.
    if (schedule.kind === "async") await resumeAsyncMeet(ctx, meetIdOf(scheduleId, slot));
    return;
  }
  const result = schedule.kind === "live" ? await startLive(ctx, schedule) : await startAsyncMeet(ctx, schedule, slot);
  await repo.update(scheduleId, (s) => ({ ...s, lastSlot: slot }));
  const late = now - slot > ON_TIME_MS;
  await recordRun(ctx, schedule, slot, result, late);
  if (result.outcome === "skipped" && result.reason !== "not-enough-members") {
    await tellScheduleOrganizers(
      ctx,
      schedule,
      say.scheduledRunSkipped(schedule.label, slotLabel(schedule, slot), result.reason),
    );
  }
}

async function skipMissed(
  ctx: Pick<EngineParts, "clock" | "community" | "jobs" | "logger" | "platform" | "schedules" | "store">,
  schedule: Schedule,
  slot: number,
  now: number,
): Promise<void> {
  const missed: number[] = [];
  for (let s: number | undefined = slot; s !== undefined && now - s > CATCH_UP_MS; s = nextSlot(schedule, s)) {
    if (missed.length < MAX_MISSED_NOTED) missed.push(s);
    else break;
  }
  const resumeAfter = Math.max(missed.at(-1) ?? slot, now - CATCH_UP_MS);
  await armNext(ctx, schedule, resumeAfter);
  const claimed: number[] = [];
  for (const s of missed) {
    if (await coordinator(ctx).shouldRun(slotKey(taskName(schedule.id), s), SLOT_CLAIM_TTL_MS)) claimed.push(s);
  }
  if (claimed.length === 0) return;
  await ctx.schedules.update(schedule.id, (x) => ({ ...x, lastSlot: claimed.at(-1) ?? slot }));
  await ctx.community.record(
    schedule.platform,
    schedule.communityId,
    ...claimed.map(
      (s): EventRecord => ({
        type: "schedule-run",
        at: now,
        scheduleId: schedule.id,
        channelId: schedule.channelId,
        kind: schedule.kind,
        slot: s,
        outcome: "skipped",
        reason: "missed",
      }),
    ),
  );
  await tellScheduleOrganizers(
    ctx,
    schedule,
    say.scheduledRunsMissed(
      schedule.label,
      schedule.channelId,
      claimed.map((s) => slotLabel(schedule, s)),
    ),
  );
}

/** A live session that starts itself: the schedule's creator is its organizer (they get the summary). */
async function startLive(
  ctx: Pick<EngineParts, "community" | "sessions"> & { lifecycle: Pick<Lifecycle, "startSession"> },
  schedule: Schedule,
): Promise<RunResult> {
  const { platform: p, communityId: c, channelId } = schedule;
  const before = await ctx.sessions.channelSessionId(p, c, channelId);
  const defaults = (await ctx.community.settings(p, c)).defaults;
  await ctx.lifecycle.startSession({
    platform: p,
    channel: { communityId: c, channelId },
    organizer: { userId: schedule.createdBy, displayName: schedule.createdByName, isAdmin: true, roleIds: [] },
    options: { ...defaults, ...schedule.session, groupSize: schedule.groupSize },
  });
  const after = await ctx.sessions.channelSessionId(p, c, channelId);
  if (after !== undefined && after !== before) return { outcome: "held", sessionId: after };
  const running = before ? await ctx.sessions.get(before) : undefined;
  return { outcome: "skipped", reason: running && running.status !== "ended" ? "session-running" : "not-ready" };
}

async function recordRun(
  ctx: Pick<EngineParts, "clock" | "community">,
  schedule: Schedule,
  slot: number,
  result: RunResult,
  late: boolean,
): Promise<void> {
  const reason: ScheduleSkipReason | undefined = result.outcome === "skipped" ? result.reason : undefined;
  await ctx.community.record(schedule.platform, schedule.communityId, {
    type: "schedule-run",
    at: ctx.clock.now(),
    scheduleId: schedule.id,
    channelId: schedule.channelId,
    kind: schedule.kind,
    slot,
    outcome: result.outcome === "skipped" ? "skipped" : late ? "caught-up" : "held",
    ...(reason ? { reason } : {}),
    ...(result.outcome === "held" && result.sessionId ? { sessionId: result.sessionId } : {}),
    ...(result.outcome === "held" && result.meetId ? { meetId: result.meetId } : {}),
  });
}

/** The heads-up before a slot, in the channel: async meets get "Count me in" and "Skip this one" buttons. */
export async function postHeadsUp(
  ctx: Pick<EngineParts, "platform" | "schedules">,
  scheduleId: string,
  slot: number,
): Promise<void> {
  const schedule = await ctx.schedules.get(scheduleId);
  if (schedule?.status !== "active" || schedule.nextAt !== slot) return;
  await ctx
    .platform(schedule.platform)
    .postInChannel(
      { communityId: schedule.communityId, channelId: schedule.channelId },
      say.scheduleHeadsUp(schedule, slot, slotLabel(schedule, slot)),
    );
}
