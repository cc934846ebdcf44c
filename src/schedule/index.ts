import type { EngineParts } from "../engine-parts.ts";
import type { Lifecycle } from "../session/lifecycle.ts";
import { SCHEDULE_JOB } from "./jobs.ts";
import { checkInAsyncMeet, closeAsyncMeetSpaces, endAsyncMeet } from "./meet.ts";
import { postHeadsUp, runSlot } from "./slots.ts";

/**
 * Recurring Quick Meets: schedules with a cadence in a time zone, run as live sessions or async (Donut-style) meets.
 * Every deadline is a stored job on the core's JobScheduler; node-cron (src/schedule/cron.ts) does the cron maths.
 */
export { handleScheduleAction } from "./actions.ts";
export { pauseCommunitySchedules } from "./manage.ts";
export { removeFromPools } from "./pool.ts";
export { resumeSchedules } from "./slots.ts";

/** Registers the schedule's job handlers; call once, next to the session engine's. */
export function registerScheduleJobs(
  ctx: Pick<
    EngineParts,
    "clock" | "instance" | "community" | "jobs" | "logger" | "planner" | "platform" | "schedules" | "sessions" | "store"
  > & { lifecycle: Pick<Lifecycle, "startSession"> },
): void {
  const slotOf = (job: { data: Record<string, unknown> }) => ({
    scheduleId: String(job.data.scheduleId),
    slot: Number(job.data.slot),
  });
  ctx.jobs.on(SCHEDULE_JOB.slot, async (job) => {
    const { scheduleId, slot } = slotOf(job);
    await runSlot(ctx, scheduleId, slot);
  });
  ctx.jobs.on(SCHEDULE_JOB.headsUp, async (job) => {
    const { scheduleId, slot } = slotOf(job);
    await postHeadsUp(ctx, scheduleId, slot);
  });
  ctx.jobs.on(SCHEDULE_JOB.checkIn, async (job) => {
    await checkInAsyncMeet(ctx, String(job.data.meetId));
  });
  ctx.jobs.on(SCHEDULE_JOB.end, async (job) => {
    await endAsyncMeet(ctx, String(job.data.meetId));
  });
  ctx.jobs.on(SCHEDULE_JOB.spacesClose, async (job) => {
    await closeAsyncMeetSpaces(ctx, String(job.data.meetId));
  });
}
