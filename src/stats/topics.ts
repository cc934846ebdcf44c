import { GOAL_TOPICS } from "../common-ground/explain.ts";
import { normalizeTag } from "../common-ground/normalize.ts";
import type { CommonGroundItem } from "../common-ground/types.ts";

/**
 * What a group's `grouped` record keeps as its topics: the words the intro showed for each thing the group shares
 * (the item's label: "podcasts", "Rochester", "mentoring"), never a time zone (a zone is shared context, not a
 * topic to talk about).
 */
export function recordedTopics(items: readonly CommonGroundItem[]): string[] {
  return items.filter((i) => i.kind !== "timezone").map((i) => i.label);
}

// Records written before topics were labels hold internal keys: goal keys and IANA zone names ("america/new_york").
const ZONE =
  /^(?:utc|gmt|(?:africa|america|antarctica|arctic|asia|atlantic|australia|europe|indian|pacific|etc)\/.+)$/i;

/**
 * The words stats show for one recorded topic, or undefined for a time zone; older records' goal keys become the
 * words intros use for them ("hiring-job" → "hiring and job seeking").
 */
export function topicWords(recorded: string): string | undefined {
  const goal = GOAL_TOPICS[recorded as keyof typeof GOAL_TOPICS];
  if (goal !== undefined) return goal;
  if (ZONE.test(recorded.trim())) return undefined;
  return recorded.trim() || undefined;
}

/** Spellings of one topic ("Podcasts", "podcast") aggregate under one key. */
export function topicKey(words: string): string {
  return normalizeTag(words) || words.toLowerCase();
}
