import { conversationHappened } from "../domain/conversation.ts";
import type { EventRecord } from "../domain/types.ts";
import type { StatsQuery, StatsSection } from "./types.ts";

/** Which records these figures count: those in the report's window and, when one is asked for, its channel. */
export interface SectionScope {
  query: StatsQuery;
  window: { from: number; to: number };
}

const inScope = (scope: SectionScope, at: number, channelId: string) =>
  at >= scope.window.from &&
  at <= scope.window.to &&
  (scope.query.channelId === undefined || scope.query.channelId === channelId);

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

const count = (entries: Record<string, number>) =>
  Object.entries(entries)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");

/**
 * Scheduled runs in the window: ran on time, caught up after downtime, or skipped (with why). Worded "on time", not
 * "held": a run starts a session or meet, and a session it starts may still be cancelled (nobody grouped).
 */
export function scheduledRuns(events: readonly EventRecord[], scope: SectionScope): StatsSection | undefined {
  const outcomes = { "on time": 0, "caught up": 0, skipped: 0 };
  const reasons: Record<string, number> = {};
  for (const e of events) {
    if (e.type !== "schedule-run" || !inScope(scope, e.at, e.channelId)) continue;
    if (e.outcome === "held") outcomes["on time"]++;
    else if (e.outcome === "caught-up") outcomes["caught up"]++;
    else {
      outcomes.skipped++;
      const why = (e.reason ?? "other").replace(/-/g, " ");
      reasons[why] = (reasons[why] ?? 0) + 1;
    }
  }
  const total = outcomes["on time"] + outcomes["caught up"] + outcomes.skipped;
  if (total === 0) return undefined;
  const skipped = count(reasons);
  return {
    id: "scheduled-runs",
    title: "Scheduled runs",
    fields: [
      {
        label: "",
        // "Scheduled runs: 2 on time, 1 skipped (1 missed)": the outcomes add up to the runs, no total to repeat.
        value: `${count(outcomes)}${skipped ? ` (${skipped})` : ""}`,
      },
    ],
  };
}

/** Async meets started in the window: who was paired or left out, which pairs talked or met, connections. */
export function asyncMeets(events: readonly EventRecord[], scope: SectionScope): StatsSection | undefined {
  const meets = new Set<string>();
  let paired = 0;
  const left = { paused: 0, "opted out": 0, inactive: 0, "skipped this one": 0 };
  for (const e of events) {
    if (e.type !== "async-meet-started" || !inScope(scope, e.at, e.channelId)) continue;
    meets.add(e.meetId);
    paired += e.paired;
    left.paused += e.excluded.paused;
    left["opted out"] += e.excluded.optedOut;
    left.inactive += e.excluded.inactive;
    left["skipped this one"] += e.excluded.skipped;
  }
  if (meets.size === 0) return undefined;
  let groups = 0;
  let talked = 0;
  let silent = 0;
  let connections = 0;
  // First answer per member and group counts, as the core says.
  const answered = new Map<string, boolean>();
  for (const e of events) {
    if (e.type === "grouped" && e.async && meets.has(e.sessionId)) groups++;
    else if (e.type === "async-group-ended" && meets.has(e.meetId)) {
      if (conversationHappened(e.counts)) talked++;
      else silent++;
    } else if (e.type === "async-met" && meets.has(e.meetId)) {
      const key = `${e.meetId}\u0000${e.groupId}\u0000${e.userId}`;
      if (!answered.has(key)) answered.set(key, e.met);
    } else if (e.type === "connection" && meets.has(e.sessionId)) connections++;
  }
  const met = [...answered.values()].filter(Boolean).length;
  const leftOut = count(left);
  return {
    id: "async-meets",
    title: "Async meets",
    fields: [
      {
        label: "",
        value: `${plural(meets.size, "meet")}, ${paired} paired in ${plural(groups, "group")}${leftOut ? ` · left out: ${leftOut}` : ""}`,
      },
      {
        label: "Outcomes",
        value:
          `${plural(talked, "group")} talked, ${silent} stayed silent` +
          (groups - talked - silent > 0 ? `, ${groups - talked - silent} still running` : "") +
          ` · "did you meet?": ${met} yes, ${answered.size - met} no · ${plural(connections, "connection")}`,
      },
    ],
  };
}
