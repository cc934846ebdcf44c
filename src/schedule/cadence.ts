import { checkCron, localParts, nextOccurrence } from "./cron.ts";

/**
 * Cadences as organizers type them. Friendly forms become a 5-field cron expression (plus "every N weeks", which
 * cron cannot say); anything else is read as a cron expression by node-cron.
 *
 *   every monday 10:00 · every mon and thu at 9am · every day 12:30 · every weekday 09:30 · every weekend 11:00
 *   first tuesday of the month 18:00 · last friday of the month 5pm · every 2 weeks on friday 16:00 ·
 *   every other wednesday 8:15 · 0 10 * * 1 (cron)
 */
export interface Cadence {
  /** 5-field cron expression. */
  cron: string;
  /** Run only every Nth week (counted from the first slot) when set. */
  everyWeeks?: number;
  /** How it reads back to people. */
  label: string;
}

export type CadenceResult = { ok: true; cadence: Cadence } | { ok: false; problem: string };

const DAYS: Record<string, number> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};
const ORDINALS: Record<string, string> = { first: "#1", second: "#2", third: "#3", fourth: "#4", last: "L" };
const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** "10:00", "9:30", "10am", "6:30 pm", "18h" → hour and minute. */
function parseTime(text: string): { hour: number; minute: number } | undefined {
  const m = /^(\d{1,2})(?:[:h.](\d{2}))?\s*(am|pm|h)?$/.exec(text.trim());
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  if (m[3] === "am" || m[3] === "pm") {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (m[3] === "pm" ? 12 : 0);
  } else if (m[2] === undefined && m[3] === undefined) {
    return undefined; // a bare "10" is too ambiguous
  }
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

function parseDays(text: string): number[] | undefined {
  const words = text
    .split(/\s*(?:,|\band\b|&|\+)\s*/)
    .map((w) => w.trim().replace(/s$/, ""))
    .filter(Boolean);
  if (words.length === 0) return undefined;
  const days = words.map((w) => DAYS[w] ?? DAYS[`${w}s`]);
  return days.every((d): d is number => d !== undefined) ? [...new Set(days)].sort((a, b) => a - b) : undefined;
}

const pad = (n: number) => String(n).padStart(2, "0");
const hhmm = (t: { hour: number; minute: number }) => `${pad(t.hour)}:${pad(t.minute)}`;

const friendlyProblem =
  'I could not read that cadence. Try "every monday 10:00", "every weekday 09:30", "first tuesday of the month 18:00", ' +
  '"every 2 weeks on friday 16:00", or a cron expression such as "0 10 * * 1".';

function friendly(text: string): Cadence | undefined {
  const t = text.toLowerCase().replace(/\s+/g, " ").trim();
  const timeOf = (s: string | undefined) => (s === undefined ? undefined : parseTime(s));

  let m = /^(first|second|third|fourth|last) (\w+) of (?:the|each|every) month(?: at)? (.+)$/.exec(t);
  if (m) {
    const day = DAYS[m[2] ?? ""];
    const time = timeOf(m[3]);
    if (day === undefined || !time) return undefined;
    return {
      cron: `${time.minute} ${time.hour} * * ${day}${ORDINALS[m[1] ?? ""]}`,
      label: `${m[1]} ${DAY_NAMES[day]} of the month at ${hhmm(time)}`,
    };
  }
  m = /^every (\d+ weeks?|other week|other) (?:on )?(.+?)(?: at)? (\S+(?: ?[ap]m)?)$/.exec(t);
  if (m) {
    const n = m[1]?.startsWith("other") ? 2 : Number.parseInt(m[1] ?? "", 10);
    const days = parseDays(m[2] ?? "");
    const time = timeOf(m[3]);
    if (!days || !time || !Number.isInteger(n) || n < 1 || n > 12) return undefined;
    const names = days.map((d) => DAY_NAMES[d]).join(" and ");
    return {
      cron: `${time.minute} ${time.hour} * * ${days.join(",")}`,
      ...(n > 1 ? { everyWeeks: n } : {}),
      label: n > 1 ? `every ${n} weeks on ${names} at ${hhmm(time)}` : `every ${names} at ${hhmm(time)}`,
    };
  }
  m = /^(?:every )?(day|daily|weekday|weekdays|weekend|weekends|.+?)(?: at)? (\S+(?: ?[ap]m)?)$/.exec(t);
  if (!m || !(t.startsWith("every") || t.startsWith("daily"))) return undefined;
  const what = (m[1] ?? "").replace(/^every /, "");
  const time = timeOf(m[2]);
  if (!time) return undefined;
  const at = `${time.minute} ${time.hour}`;
  if (what === "day" || what === "daily") return { cron: `${at} * * *`, label: `every day at ${hhmm(time)}` };
  if (what.startsWith("weekday")) return { cron: `${at} * * 1-5`, label: `every weekday at ${hhmm(time)}` };
  if (what.startsWith("weekend")) return { cron: `${at} * * 0,6`, label: `every weekend day at ${hhmm(time)}` };
  const days = parseDays(what);
  if (!days) return undefined;
  return {
    cron: `${at} * * ${days.join(",")}`,
    label: `every ${days.map((d) => DAY_NAMES[d]).join(" and ")} at ${hhmm(time)}`,
  };
}

/** Reads a cadence: a friendly form, or a cron expression (node-cron's syntax, 5 fields). */
export function parseCadence(input: string): CadenceResult {
  const text = input.trim();
  if (text === "") return { ok: false, problem: friendlyProblem };
  const nice = friendly(text);
  if (nice) return { ok: true, cadence: nice };
  // Cron expressions start with a number, "*", "?" or a nickname ("@weekly"); anything else was meant as words.
  if (!/^[\d*?@]/.test(text)) return { ok: false, problem: friendlyProblem };
  const check = checkCron(text);
  if (!check.ok)
    return { ok: false, problem: `"${text}" is not a valid cron expression: ${check.problems.join("; ")}.` };
  return { ok: true, cadence: { cron: text.replace(/\s+/g, " "), label: `cron "${text}"` } };
}

/** What a stored schedule needs to find its slots. */
export interface SlotSpec {
  cron: string;
  timeZone: string;
  everyWeeks?: number;
  /** First slot ever (epoch ms): weeks are counted from its week. */
  anchor?: number;
}

const dayNumber = (at: number, zone: string) => {
  const l = localParts(at, zone);
  return Math.floor(Date.UTC(l.year, l.month - 1, l.day) / 86_400_000);
};

/** The next slot strictly after `after`, honouring "every N weeks" (weeks counted Monday-to-Sunday from the anchor). */
export function nextSlot(spec: SlotSpec, after: number): number | undefined {
  const { everyWeeks, anchor } = spec;
  if (!everyWeeks || everyWeeks <= 1 || anchor === undefined) return nextOccurrence(spec.cron, spec.timeZone, after);
  // Monday-based week numbers (epoch day 0 was a Thursday, so shift by 3 days).
  const week = (at: number) => Math.floor((dayNumber(at, spec.timeZone) + 3) / 7);
  const first = week(anchor);
  return nextOccurrence(spec.cron, spec.timeZone, after, (slot) => (week(slot) - first) % everyWeeks === 0);
}

/** Shortest gap between the next few slots: refuses cadences that would overlap meets or spam a channel. */
export function shortestGap(spec: SlotSpec, from: number, samples = 8): number {
  let gap = Number.POSITIVE_INFINITY;
  let prev = nextSlot(spec, from);
  for (let i = 0; i < samples && prev !== undefined; i++) {
    const next = nextSlot(spec, prev);
    if (next === undefined) break;
    gap = Math.min(gap, next - prev);
    prev = next;
  }
  return gap;
}
