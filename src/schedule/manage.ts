import { randomBytes } from "node:crypto";
import type { Schedule, ScheduleKind } from "../domain/schedule.ts";
import { type PlatformId, SCHEMA_VERSION, type SessionOptions } from "../domain/types.ts";
import type { EngineParts } from "../engine-parts.ts";
import * as say from "../messages/schedule-templates.ts";
import type { Invocation } from "../platform/inbound.ts";
import type { RichMessage } from "../platform/port.ts";
import { nextSlot, parseCadence, shortestGap } from "./cadence.ts";
import { canonicalTimeZone } from "./cron.ts";
import { slotLabel } from "./meet.ts";
import { armNext, disarm } from "./slots.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const MAX_SCHEDULES_PER_CHANNEL = 5;
export const DEFAULT_ASYNC_DAYS = 7;
export const DEFAULT_INACTIVE_AFTER = 2;

export interface CreateScheduleInput {
  cadence?: string | undefined;
  timezone?: string | undefined;
  kind?: ScheduleKind | undefined;
  days?: number | undefined;
  headsUpHours?: number | undefined;
  inactiveAfter?: number | undefined;
  groupSize?: 2 | 3 | undefined;
  session: Partial<SessionOptions>;
}

/** Validates and stores a schedule, then arms its first slot. Mistakes come back as one message listing each fix. */
export async function createSchedule(
  ctx: Pick<EngineParts, "clock" | "jobs" | "logger" | "schedules">,
  inv: Invocation,
  input: CreateScheduleInput,
) {
  const problems: string[] = [];
  const cadence = input.cadence === undefined ? undefined : parseCadence(input.cadence);
  if (!cadence) problems.push(say.scheduleNeeds.cadence);
  else if (!cadence.ok) problems.push(`cadence: ${cadence.problem}`);
  const zone = input.timezone === undefined ? undefined : canonicalTimeZone(input.timezone);
  if (input.timezone === undefined) problems.push(say.scheduleNeeds.timezone);
  else if (!zone) problems.push(say.badTimeZone(input.timezone));
  if (!cadence?.ok || !zone) return say.badOptions("schedule", problems);

  const { platform: p, communityId: c, channelId, actor } = inv;
  const kind = input.kind ?? "async";
  const days = input.days ?? DEFAULT_ASYNC_DAYS;
  const now = ctx.clock.now();
  const spec = {
    cron: cadence.cadence.cron,
    timeZone: zone,
    ...(cadence.cadence.everyWeeks ? { everyWeeks: cadence.cadence.everyWeeks } : {}),
  };
  const first = nextSlot(spec, now);
  if (first === undefined) return say.badOptions("schedule", [say.neverRuns(cadence.cadence.label)]);
  const anchored = { ...spec, anchor: first };
  const gap = shortestGap(anchored, now);
  if (gap < HOUR) problems.push(say.tooFrequent(cadence.cadence.label));
  if (kind === "async" && gap < days * DAY) problems.push(say.asyncOverlap(days, gap / HOUR));
  if (input.headsUpHours !== undefined && input.headsUpHours * HOUR >= gap)
    problems.push(say.headsUpTooEarly(input.headsUpHours, gap / HOUR));
  const repo = ctx.schedules;
  const here = (await repo.inCommunity(p, c)).filter((s) => s.channelId === channelId);
  if (here.length >= MAX_SCHEDULES_PER_CHANNEL) problems.push(say.tooManySchedules(MAX_SCHEDULES_PER_CHANNEL));
  if (problems.length > 0) return say.badOptions("schedule", problems);

  const schedule: Schedule = {
    v: SCHEMA_VERSION,
    id: newId(),
    platform: p,
    communityId: c,
    channelId,
    createdBy: actor.userId,
    createdByName: actor.displayName,
    createdAt: now,
    label: cadence.cadence.label,
    ...anchored,
    kind,
    session: input.session,
    days,
    groupSize: input.groupSize ?? 2,
    ...(input.headsUpHours !== undefined ? { headsUpHours: input.headsUpHours } : {}),
    inactiveAfter: input.inactiveAfter ?? DEFAULT_INACTIVE_AFTER,
    status: "active",
  };
  await repo.add(schedule);
  const armed = (await armNext(ctx, schedule, now)) ?? schedule;
  return say.scheduleCreated(armed, armed.nextAt === undefined ? "" : slotLabel(armed, armed.nextAt));
}

/** Short ids organizers can type back (`id:k3x9q`). */
function newId(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  return [...randomBytes(6)].map((b) => alphabet[b % alphabet.length]).join("");
}

export async function listSchedules(ctx: Pick<EngineParts, "schedules">, inv: Invocation): Promise<RichMessage> {
  const schedules = await ctx.schedules.inCommunity(inv.platform, inv.communityId);
  return say.scheduleList(
    schedules.map((s) => ({
      schedule: s,
      next: s.status === "active" && s.nextAt !== undefined ? slotLabel(s, s.nextAt) : undefined,
    })),
  );
}

/** The schedule `id` names, or the only one in this channel when no id is given. */
async function find(ctx: Pick<EngineParts, "schedules">, inv: Invocation, id: string | undefined) {
  const all = await ctx.schedules.inCommunity(inv.platform, inv.communityId);
  if (id !== undefined) return all.find((s) => s.id === id.trim().toLowerCase()) ?? say.scheduleNotFound(id);
  const here = all.filter((s) => s.channelId === inv.channelId);
  return here.length === 1 && here[0] ? here[0] : say.scheduleIdNeeded(here.map((s) => s.id));
}

export async function pauseSchedule(
  ctx: Pick<EngineParts, "clock" | "jobs" | "logger" | "schedules">,
  inv: Invocation,
  id: string | undefined,
  paused: boolean,
) {
  const found = await find(ctx, inv, id);
  if (!("id" in found)) return found;
  const repo = ctx.schedules;
  if (paused) {
    await disarm(ctx, found);
    await repo.update(found.id, (s) => {
      const { nextAt: _, ...rest } = s;
      return { ...rest, status: "paused" };
    });
    return say.schedulePaused(found);
  }
  if (found.status === "active") return say.scheduleAlreadyActive(found);
  const active = await repo.update(found.id, (s) => ({ ...s, status: "active" }));
  const armed = active ? await armNext(ctx, active, ctx.clock.now()) : undefined;
  return say.scheduleResumed(found, armed?.nextAt === undefined ? "" : slotLabel(armed, armed.nextAt));
}

/** The app left the community (uninstall): every schedule there is disarmed and paused, kept for a reinstall. */
export async function pauseCommunitySchedules(
  ctx: Pick<EngineParts, "jobs" | "schedules">,
  platform: PlatformId,
  communityId: string,
): Promise<number> {
  const found = await ctx.schedules.inCommunity(platform, communityId);
  for (const schedule of found) {
    await disarm(ctx, schedule);
    await ctx.schedules.update(schedule.id, (s) => {
      const { nextAt: _, ...rest } = s;
      return { ...rest, status: "paused" };
    });
  }
  return found.length;
}

export async function deleteSchedule(
  ctx: Pick<EngineParts, "jobs" | "schedules">,
  inv: Invocation,
  id: string | undefined,
) {
  const found = await find(ctx, inv, id);
  if (!("id" in found)) return found;
  await disarm(ctx, found);
  await ctx.schedules.remove(found.id);
  return say.scheduleDeleted(found);
}
