import type { EventRecord, FeedbackRating, Session } from "../../../src/domain/types.ts";

export const DAY = 86_400_000;
export const MIN = 60_000;
/** The injected "now" of every recorded-history test: 2025-06-30 12:00 UTC. */
export const NOW = Date.UTC(2025, 5, 30, 12);

const OPTIONS = { rounds: 2, minutesPerRound: 5, lobbyMinutes: 2, groupSize: 2 as const, breakSeconds: 30 };

/** Writes event records the way the core does, with less ceremony, so a history reads like a story. */
export class Recorder {
  readonly events: EventRecord[] = [];

  start(sessionId: string, channelId: string, at: number, joined: readonly string[]): this {
    this.events.push({ type: "session-started", at, sessionId, channelId, organizerId: "org", options: OPTIONS });
    for (const userId of joined) this.events.push({ type: "joined", at: at + MIN, sessionId, userId });
    return this;
  }

  group(sessionId: string, round: number, groupId: string, members: string[], topics: string[], at: number): this {
    this.events.push({ type: "grouped", at, sessionId, round, groupId, members, topics, score: topics.length });
    return this;
  }

  counts(sessionId: string, round: number, groupId: string, counts: Record<string, number>, at: number): this {
    this.events.push({ type: "messages-counted", at, sessionId, round, groupId, counts });
    return this;
  }

  failed(sessionId: string, round: number, groupId: string, members: string[], at: number): this {
    this.events.push({ type: "space-failed", at, sessionId, round, groupId, members, reason: "thread cap" });
    return this;
  }

  feedback(
    sessionId: string,
    round: number,
    groupId: string,
    userId: string,
    rating: FeedbackRating,
    at: number,
  ): this {
    this.events.push({ type: "feedback", at, sessionId, round, groupId, userId, rating });
    return this;
  }

  stay(
    s: string,
    round: number,
    groupId: string,
    userId: string,
    partnerId: string,
    answer: boolean,
    at: number,
  ): this {
    this.events.push({ type: "stay-in-touch", at, sessionId: s, round, groupId, userId, partnerId, answer });
    return this;
  }

  connect(sessionId: string, a: string, b: string, at: number): this {
    this.events.push({ type: "connection", at, sessionId, members: [a, b] });
    return this;
  }

  left(sessionId: string, userId: string, at: number): this {
    this.events.push({ type: "left", at, sessionId, userId });
    return this;
  }

  roundEnded(sessionId: string, round: number, at: number): this {
    this.events.push({ type: "round-ended", at, sessionId, round });
    return this;
  }

  end(sessionId: string, reason: NonNullable<Session["endReason"]>, at: number): this {
    this.events.push({ type: "session-ended", at, sessionId, reason });
    return this;
  }
}

/**
 * The recorded history every figure of the known-answer tests is checked against (see compute.test.ts for the sums):
 * - S1, #C1, 40 days ago (outside 30d): a b c d; r1 a+b talked, c+d no-show; r2 a+c talked, b+d silent; a↔b connected.
 * - S2, #C1, 10 days ago: a b e f g; r1 trio a+b+e talked (a+b is a repeat), f+g space failed; r2 a+f talked;
 *   a↔e connected; ended early.
 * - S3, #C2, 2 days ago: h a; r1 a+h still running.
 * - S4, #C1, 1 day ago: only i joined; not enough members.
 */
export function recordedHistory(): Recorder {
  const r = new Recorder();
  const t1 = NOW - 40 * DAY;
  r.start("S1", "C1", t1, ["a", "b", "c", "d"])
    .group("S1", 1, "g1", ["a", "b"], ["hiking", "coffee"], t1 + 5 * MIN)
    .group("S1", 1, "g2", ["c", "d"], ["hiking"], t1 + 5 * MIN)
    .counts("S1", 1, "g1", { a: 3, b: 2 }, t1 + 10 * MIN)
    .counts("S1", 1, "g2", { c: 1, d: 0 }, t1 + 10 * MIN)
    .feedback("S1", 1, "g1", "a", "great", t1 + 11 * MIN)
    .feedback("S1", 1, "g1", "a", "report", t1 + 11 * MIN) // a second click is ignored, as in the core
    .feedback("S1", 1, "g1", "b", "ok", t1 + 11 * MIN)
    .feedback("S1", 1, "g2", "c", "not-great", t1 + 11 * MIN)
    .stay("S1", 1, "g1", "a", "b", false, t1 + 11 * MIN) // changed their mind: the last answer counts
    .stay("S1", 1, "g1", "a", "b", true, t1 + 11 * MIN)
    .stay("S1", 1, "g1", "b", "a", true, t1 + 12 * MIN)
    .connect("S1", "a", "b", t1 + 12 * MIN)
    .stay("S1", 1, "g2", "c", "d", false, t1 + 12 * MIN)
    .roundEnded("S1", 1, t1 + 10 * MIN)
    .group("S1", 2, "g1", ["a", "c"], ["coffee"], t1 + 15 * MIN)
    .group("S1", 2, "g2", ["b", "d"], [], t1 + 15 * MIN)
    .counts("S1", 2, "g1", { a: 1, c: 4 }, t1 + 20 * MIN)
    .counts("S1", 2, "g2", { b: 0, d: 0 }, t1 + 20 * MIN)
    .roundEnded("S1", 2, t1 + 20 * MIN)
    .end("S1", "completed", t1 + 20 * MIN);

  const t2 = NOW - 10 * DAY;
  r.start("S2", "C1", t2, ["a", "b", "e", "f", "g"])
    .group("S2", 1, "g1", ["a", "b", "e"], ["hiking"], t2 + 5 * MIN)
    .group("S2", 1, "g2", ["f", "g"], ["coffee"], t2 + 5 * MIN)
    .failed("S2", 1, "g2", ["f", "g"], t2 + 5 * MIN)
    .counts("S2", 1, "g1", { a: 2, b: 0, e: 5 }, t2 + 10 * MIN)
    .feedback("S2", 1, "g1", "e", "great", t2 + 11 * MIN)
    .stay("S2", 1, "g1", "e", "a", true, t2 + 11 * MIN)
    .stay("S2", 1, "g1", "a", "e", true, t2 + 11 * MIN)
    .connect("S2", "a", "e", t2 + 11 * MIN)
    .roundEnded("S2", 1, t2 + 10 * MIN)
    .left("S2", "g", t2 + 11 * MIN)
    .group("S2", 2, "g1", ["a", "f"], ["jazz"], t2 + 15 * MIN)
    .counts("S2", 2, "g1", { a: 6, f: 6 }, t2 + 18 * MIN)
    .feedback("S2", 2, "g1", "f", "great", t2 + 19 * MIN)
    .feedback("S2", 2, "g1", "a", "report", t2 + 19 * MIN)
    .stay("S2", 2, "g1", "a", "f", true, t2 + 19 * MIN)
    .stay("S2", 2, "g1", "f", "a", false, t2 + 19 * MIN)
    .roundEnded("S2", 2, t2 + 18 * MIN)
    .end("S2", "ended-early", t2 + 18 * MIN);

  const t3 = NOW - 2 * DAY;
  r.start("S3", "C2", t3, ["h", "a"]).group("S3", 1, "g1", ["a", "h"], ["coffee"], t3 + 5 * MIN);

  const t4 = NOW - 1 * DAY;
  r.start("S4", "C1", t4, ["i"]).end("S4", "not-enough-members", t4 + 2 * MIN);
  return r;
}
