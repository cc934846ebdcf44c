import type { Schedule } from "../../../src/domain/schedule.ts";
import type { EventRecord } from "../../../src/domain/types.ts";
import { ScheduleRepo } from "../../../src/schedule/repo.ts";
import { createHarness, type Harness, replyText } from "../../fakes/harness.ts";
import { ManualClock } from "../../fakes/manual-clock.ts";

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** A bot on the fake platform whose manual clock starts at `iso`. */
export function scheduleHarness(iso: string, options: Parameters<typeof createHarness>[0] = {}): Harness {
  return createHarness({ clock: new ManualClock(Date.parse(iso)), ...options });
}

/** `/quickmeet schedule action:create ...` as an admin; returns the reply text. */
export async function createSchedule(h: Harness, options: Record<string, unknown>): Promise<string> {
  return replyText(await h.command("org", "schedule", { action: "create", ...options }, true));
}

export async function optIn(h: Harness, users: readonly string[]): Promise<void> {
  for (const u of users) await h.command(u, "opt", { action: "in" });
}

export async function events<T extends EventRecord["type"]>(
  h: Harness,
  type: T,
): Promise<Extract<EventRecord, { type: T }>[]> {
  const all = await h.bot.engine.community.events("fake", h.community);
  return all.filter((e): e is Extract<EventRecord, { type: T }> => e.type === type);
}

export async function onlySchedule(h: Harness): Promise<Schedule> {
  const all = await new ScheduleRepo(h.store).all();
  if (all.length !== 1 || !all[0]) throw new Error(`expected one schedule, found ${all.length}`);
  return all[0];
}

/** Runs of schedules as "outcome@ISO slot". */
export async function runs(h: Harness): Promise<string[]> {
  return (await events(h, "schedule-run")).map((e) => `${e.outcome}@${new Date(e.slot).toISOString()}`);
}
