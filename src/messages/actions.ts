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
  /** "Extend 5 minutes", offered with the one-minute nudge; the group's end moves once every member clicked it. */
  extend: (sessionId: string, round: number, groupId: string) => `qm:ext:${sessionId}:${round}:${groupId}`,
  /**
   * The intro's link button to the group's video room. The link opens in the browser; Slack still reports the click
   * (answered with nothing), Discord never does.
   */
  videoLink: (sessionId: string, round: number, groupId: string) => `qm:vid:${sessionId}:${round}:${groupId}`,
  /** The form a report opens ("what happened?"); its id is also the form's id. */
  reportForm: (sessionId: string, round: number, groupId: string) => `qm:rep:${sessionId}:${round}:${groupId}`,
  /** "Unblock" next to a blocked member in `/quickmeet me`. */
  unblock: (userId: string) => `qm:unblock:${userId}`,
  /** The "profile only" switch: off = roles and channels count too. */
  profileOnly: (on: boolean) => `qm:sig:${on ? "off" : "on"}`,
  /** "Add to my profile" in the "You're in" reply: opens the profile form. */
  profileForm: () => "qm:pform",
  // Recurring Quick Meets (src/schedule).
  /** "Skip this one" on a heads-up: out of one slot only. */
  scheduleSkip: (scheduleId: string, slot: number) => `qm:skip:${scheduleId}:${slot.toString(36)}`,
  /** Join (or rejoin, after going inactive) the async pool of a channel. */
  poolIn: (channelId: string) => `qm:pin:${channelId}`,
  checkIn: (meetId: string, groupId: string, answer: CheckInAnswer) => `qm:aci:${meetId}:${groupId}:${answer}`,
  asyncMet: (meetId: string, groupId: string, met: boolean) => `qm:amet:${meetId}:${groupId}:${met ? "y" : "n"}`,
  asyncStay: (meetId: string, groupId: string, yes: boolean) => `qm:asit:${meetId}:${groupId}:${yes ? "y" : "n"}`,
};

export type CheckInAnswer = "met" | "planned" | "cant";

/** Buttons of recurring Quick Meets (heads-up, pool, async meet spaces). */
export type ScheduleAction =
  | { kind: "skip-run"; scheduleId: string; slot: number }
  | { kind: "pool-in"; channelId: string }
  | { kind: "check-in"; meetId: string; groupId: string; answer: CheckInAnswer }
  | { kind: "async-met"; meetId: string; groupId: string; met: boolean }
  | { kind: "async-stay"; meetId: string; groupId: string; yes: boolean };

const CHECK_INS: readonly CheckInAnswer[] = ["met", "planned", "cant"];

export function parseScheduleAction(actionId: string): ScheduleAction | undefined {
  const [prefix, verb, a, b, c] = actionId.split(":");
  if (prefix !== "qm" || !a) return undefined;
  if (verb === "skip" && b) {
    const slot = Number.parseInt(b, 36);
    return Number.isSafeInteger(slot) ? { kind: "skip-run", scheduleId: a, slot } : undefined;
  }
  if (verb === "pin") return { kind: "pool-in", channelId: a };
  if (!b) return undefined;
  if (verb === "aci" && CHECK_INS.includes(c as CheckInAnswer))
    return { kind: "check-in", meetId: a, groupId: b, answer: c as CheckInAnswer };
  if ((verb === "amet" || verb === "asit") && (c === "y" || c === "n")) {
    return verb === "amet"
      ? { kind: "async-met", meetId: a, groupId: b, met: c === "y" }
      : { kind: "async-stay", meetId: a, groupId: b, yes: c === "y" };
  }
  return undefined;
}

export type ParsedAction =
  | { kind: "join"; sessionId: string }
  | { kind: "leave"; sessionId: string }
  | { kind: "feedback"; sessionId: string; round: number; groupId: string; rating: FeedbackRating }
  | { kind: "stay-in-touch"; sessionId: string; round: number; groupId: string; yes: boolean }
  | { kind: "report-details"; sessionId: string; round: number; groupId: string }
  | { kind: "extend"; sessionId: string; round: number; groupId: string }
  | { kind: "video-link" }
  | { kind: "unblock"; userId: string }
  | { kind: "profile-only"; on: boolean }
  | { kind: "profile-form" }
  | { kind: "schedule"; action: ScheduleAction };

const RATINGS: readonly FeedbackRating[] = ["great", "ok", "not-great", "report"];

/** Parses an action id; undefined for anything this bot did not build (stale or forged buttons). */
export function parseAction(actionId: string): ParsedAction | undefined {
  const scheduled = parseScheduleAction(actionId);
  if (scheduled) return { kind: "schedule", action: scheduled };
  const [prefix, verb, sessionId, round, groupId, last] = actionId.split(":");
  if (prefix === "qm" && verb === "pform" && sessionId === undefined) return { kind: "profile-form" };
  if (prefix === "qm" && verb === "sig" && (sessionId === "on" || sessionId === "off") && round === undefined)
    return { kind: "profile-only", on: sessionId === "off" };
  if (prefix !== "qm" || !sessionId) return undefined;
  if (verb === "join") return { kind: "join", sessionId };
  if (verb === "leave") return { kind: "leave", sessionId };
  if (verb === "unblock") return { kind: "unblock", userId: sessionId };
  const n = Number(round);
  if (!Number.isInteger(n) || n < 1 || !groupId) return undefined;
  if (verb === "fb" && RATINGS.includes(last as FeedbackRating)) {
    return { kind: "feedback", sessionId, round: n, groupId, rating: last as FeedbackRating };
  }
  if (verb === "rep" && last === undefined) return { kind: "report-details", sessionId, round: n, groupId };
  if (verb === "ext" && last === undefined) return { kind: "extend", sessionId, round: n, groupId };
  if (verb === "vid" && last === undefined) return { kind: "video-link" };
  if (verb === "sit" && (last === "y" || last === "n")) {
    return { kind: "stay-in-touch", sessionId, round: n, groupId, yes: last === "y" };
  }
  return undefined;
}
