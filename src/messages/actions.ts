import type { FeedbackRating } from "../domain/types.ts";

/**
 * Button action ids: built and parsed here only. Short enough for Discord's 100-character custom_id.
 * Format: `qm:<verb>:<fields separated by ":">`.
 */
export const actionIds = {
  join: (sessionId: string) => `qm:join:${sessionId}`,
  leave: (sessionId: string) => `qm:leave:${sessionId}`,
  feedback: (sessionId: string, round: number, groupId: string, rating: FeedbackRating) =>
    `qm:fb:${sessionId}:${round}:${groupId}:${rating}`,
  stayInTouch: (sessionId: string, round: number, groupId: string, yes: boolean) =>
    `qm:sit:${sessionId}:${round}:${groupId}:${yes ? "y" : "n"}`,
};

export type ParsedAction =
  | { kind: "join"; sessionId: string }
  | { kind: "leave"; sessionId: string }
  | { kind: "feedback"; sessionId: string; round: number; groupId: string; rating: FeedbackRating }
  | { kind: "stay-in-touch"; sessionId: string; round: number; groupId: string; yes: boolean };

const RATINGS: readonly FeedbackRating[] = ["great", "ok", "not-great", "report"];

/** Parses an action id; undefined for anything this bot did not build (stale or forged buttons). */
export function parseAction(actionId: string): ParsedAction | undefined {
  const [prefix, verb, sessionId, round, groupId, last] = actionId.split(":");
  if (prefix !== "qm" || !sessionId) return undefined;
  if (verb === "join") return { kind: "join", sessionId };
  if (verb === "leave") return { kind: "leave", sessionId };
  const n = Number(round);
  if (!Number.isInteger(n) || n < 1 || !groupId) return undefined;
  if (verb === "fb" && RATINGS.includes(last as FeedbackRating)) {
    return { kind: "feedback", sessionId, round: n, groupId, rating: last as FeedbackRating };
  }
  if (verb === "sit" && (last === "y" || last === "n")) {
    return { kind: "stay-in-touch", sessionId, round: n, groupId, yes: last === "y" };
  }
  return undefined;
}
