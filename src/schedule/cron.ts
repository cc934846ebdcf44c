import { createTask, type RunCoordinator, type ScheduledTask, validateDetailed } from "node-cron";
import type { Store } from "../store/port.ts";

/**
 * The one module that touches node-cron. node-cron parses and validates expressions, and its time-zone-aware
 * matcher decides whether an instant is a slot; its `RunCoordinator` interface is how a slot is claimed.
 *
 * node-cron's own timers run on real time, so they never fire anything here: the rest of the scheduler computes the
 * next slot with `nextOccurrence` (pure: an expression, a zone and an instant in, an instant out) and arms it as a
 * stored job on the core's JobScheduler, which runs on the injected Clock. Tests move a ManualClock and get the same
 * slots production gets, and a slot survives restarts because it is a job record, not a timer.
 */

export type { RunCoordinator };

/** A cron expression as node-cron reads it, or the reasons it does not. */
export type CronCheck = { ok: true; hours: number[]; minutes: number[] } | { ok: false; problems: string[] };

export function checkCron(expression: string): CronCheck {
  const result = validateDetailed(expression.trim());
  if (!result.valid || !result.fields) {
    return { ok: false, problems: result.errors.map((e) => e.message.replace("a invalid", "an invalid")) };
  }
  const { second, minute, hour } = result.fields;
  if (second.length !== 1 || second[0] !== 0) {
    return { ok: false, problems: ["a seconds field is not supported: use 5 fields (minute hour day month weekday)"] };
  }
  return { ok: true, hours: [...hour].sort((a, b) => a - b), minutes: [...minute].sort((a, b) => a - b) };
}

/** The canonical name of an IANA time zone, or undefined when Intl does not know it (or it is a bare offset). */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone.trim())) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone.trim() }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Wall-clock reading of an instant in a zone. */
export function localParts(at: number, zone: string): LocalParts {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    formatters.set(zone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(at))) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    weekday: WEEKDAYS.indexOf(p.weekday ?? ""),
  };
}

/** The instant a wall-clock time happens in a zone; the earlier one when the clock repeats (autumn DST change). */
export function localToInstant(parts: Omit<LocalParts, "weekday">, zone: string): number {
  const guess = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  const offsetAt = (t: number) => {
    const l = localParts(t, zone);
    return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute) - Math.floor(t / 60_000) * 60_000;
  };
  const candidates = [...new Set([guess - offsetAt(guess - 12 * 3_600_000), guess - offsetAt(guess + 12 * 3_600_000)])];
  const exact = candidates
    .filter((t) => {
      const l = localParts(t, zone);
      return l.day === parts.day && l.hour === parts.hour && l.minute === parts.minute;
    })
    .sort((a, b) => a - b);
  return exact[0] ?? Math.max(...candidates);
}

/** Matchers are node-cron tasks that are created but never started (so they never touch real timers). */
const matchers = new Map<string, ScheduledTask>();
const MAX_MATCHERS = 200;

function matcher(expression: string, zone: string): ScheduledTask {
  const key = `${zone}|${expression}`;
  let task = matchers.get(key);
  if (!task) {
    task = createTask(expression, () => undefined, { timezone: zone, name: `quickmeet-matcher:${key}` });
    if (matchers.size >= MAX_MATCHERS) {
      const [oldest, old] = matchers.entries().next().value ?? [];
      if (oldest !== undefined) matchers.delete(oldest);
      void old?.destroy();
    }
    matchers.set(key, task);
  }
  return task;
}

const DAY = 86_400_000;
/** How far ahead to look for a slot: far enough for "February 29th" expressions. */
const HORIZON_DAYS = 366 * 5;

/**
 * The first slot of `expression` in `zone` strictly after `after`, as an epoch instant. Walks local calendar days;
 * on each day tries the expression's hours and minutes in order, skips wall-clock times that do not exist that day
 * (the spring DST gap) and asks node-cron's matcher about the rest. `accept` filters slots further (every N weeks).
 */
export function nextOccurrence(
  expression: string,
  zone: string,
  after: number,
  accept: (slot: number) => boolean = () => true,
): number | undefined {
  const check = checkCron(expression);
  if (!check.ok) return undefined;
  const task = matcher(expression, zone);
  const start = localParts(after, zone);
  let day = Date.UTC(start.year, start.month - 1, start.day);
  for (let i = 0; i < HORIZON_DAYS; i++, day += DAY) {
    const d = new Date(day);
    const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    dayLoop: for (const hour of check.hours) {
      for (const minute of check.minutes) {
        const at = localToInstant({ ...date, hour, minute }, zone);
        if (at <= after) continue;
        const seen = localParts(at, zone);
        if (seen.hour !== hour || seen.minute !== minute || seen.day !== date.day) continue; // DST gap
        if (!task.match(new Date(at))) break dayLoop; // hour and minute fit, so the day does not
        if (accept(at)) return at;
      }
    }
  }
  return undefined;
}

/** "Mon 9 Mar, 10:00" in the zone, for messages that name a slot. */
export function formatLocal(at: number, zone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(at));
}

/** The slot's coordination key, in node-cron's format (`<task name>:<slot ISO>`), so both agree on what "a slot" is. */
export const slotKey = (taskName: string, slot: number) => `${taskName}:${new Date(slot).toISOString()}`;

/**
 * node-cron's distributed-run seam over the store: the first process to write the slot's key runs it; the key
 * outlives the catch-up window, so a slot is never run twice, even by a process that restarts later.
 */
export class StoreRunCoordinator implements RunCoordinator {
  constructor(
    private readonly store: Store,
    private readonly owner: string,
    private readonly keyOf: (slotKey: string) => string,
  ) {}

  shouldRun(key: string, ttlMs: number): Promise<boolean> {
    return this.store.setIfAbsent(this.keyOf(key), this.owner, ttlMs);
  }
}
