import { asyncMeets, scheduledRuns } from "./schedule-figures.ts";
import type { StatsQuery, StatsSection } from "./types.ts";

/**
 * Any record of the stream, seen loosely: extensions read record types the core adds later (scheduled runs, async
 * meet outcomes) without this module having to know them today.
 */
export interface LooseEvent {
  type: string;
  at: number;
  sessionId?: string;
  [field: string]: unknown;
}

/** What an extension knows about the query: the window and which sessions are in scope. */
export interface StatsScope {
  query: StatsQuery;
  window: { from: number; to: number };
  /** True for sessions counted by the main figures (period and channel applied). */
  sessionInScope(sessionId: string): boolean;
  /** For records that belong to no session: true when `at` falls in the window. */
  timeInScope(at: number): boolean;
}

/**
 * The extension point for figures of records other parts of the bot add (schedule-figures.ts is the model): a new
 * record type, say `{ type: "schedule-run", at, channelId, outcome: "held" | "skipped" | "caught-up" }`, is counted
 * by an extension such as:
 *
 * ```ts
 * const scheduledRuns: StatsExtension = {
 *   id: "scheduled-runs",
 *   collect(events, scope) {
 *     const runs = events.filter((e) => e.type === "schedule-run" && scope.timeInScope(e.at));
 *     if (runs.length === 0) return undefined;
 *     const by = (o: string) => String(runs.filter((e) => e.outcome === o).length);
 *     return { id: "scheduled-runs", title: "Scheduled runs",
 *       fields: [{ label: "Held", value: by("held") }, { label: "Skipped", value: by("skipped") }] };
 *   },
 * };
 * ```
 *
 * and is added to `STATS_EXTENSIONS`; its section then appears in the reply, with no change elsewhere. Sections
 * must follow the same rule as the rest: counts, never message text, and no forget-me alias shown.
 */
export interface StatsExtension {
  id: string;
  /** One section of figures, or undefined when there is nothing to say for this query. */
  collect(events: readonly LooseEvent[], scope: StatsScope): StatsSection | undefined;
}

/** Extensions run by default: scheduled runs and async meet outcomes (records of src/schedule). */
export const STATS_EXTENSIONS: readonly StatsExtension[] = [scheduledRuns, asyncMeets];
