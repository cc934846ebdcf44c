import { describe, expect, it } from "vitest";
import { conversationHappened } from "../../../src/domain/conversation.ts";
import { SCHEMA_VERSION, type Session } from "../../../src/domain/types.ts";
import { summarise } from "../../../src/session/lifecycle.ts";
import { computeStats } from "../../../src/stats/compute.ts";
import { DAY, MIN, NOW, Recorder } from "./fixtures.ts";

describe("a conversation happened when two or more members wrote", () => {
  it("counts writers, not messages: one member's monologue is not a conversation", () => {
    expect(conversationHappened({ a: 12, b: 0 })).toBe(false);
    expect(conversationHappened({ a: 1, b: 1 })).toBe(true);
    expect(conversationHappened({ a: 0, b: 3, c: 1 })).toBe(true);
    expect(conversationHappened({ a: 5 })).toBe(false);
    expect(conversationHappened({})).toBe(false);
  });

  it("the organizer's summary and the stats agree on the same groups", () => {
    const at = NOW - DAY;
    const events = new Recorder()
      .start("S1", "C1", at, ["a", "b", "c", "d", "e", "f"])
      .group("S1", 1, "g1", ["a", "b"], [], at + 3 * MIN)
      .group("S1", 1, "g2", ["c", "d"], [], at + 3 * MIN)
      .group("S1", 1, "g3", ["e", "f"], [], at + 3 * MIN)
      .counts("S1", 1, "g1", { a: 9, b: 0 }, at + 8 * MIN)
      .counts("S1", 1, "g2", { c: 1, d: 1 }, at + 8 * MIN)
      .counts("S1", 1, "g3", { e: 0, f: 0 }, at + 8 * MIN)
      .roundEnded("S1", 1, at + 8 * MIN)
      .end("S1", "completed", at + 9 * MIN).events;
    const session: Session = {
      v: SCHEMA_VERSION,
      id: "S1",
      platform: "discord",
      communityId: "G1",
      channelId: "C1",
      organizerId: "org",
      options: { rounds: 1, minutesPerRound: 5, lobbyMinutes: 2, groupSize: 2, breakSeconds: 30 },
      status: "ended",
      createdAt: at,
      lobbyEndsAt: at + 2 * MIN,
      participants: ["a", "b", "c", "d", "e", "f"],
      everJoined: ["a", "b", "c", "d", "e", "f"],
      names: {},
      currentRound: 1,
      seed: "S1",
    };
    const stats = computeStats(events, { period: "30d", now: NOW });
    expect(summarise(session, events).conversations).toBe(1);
    expect(stats.conversations).toBe(1);
    expect(stats.noShows).toBe(2);
  });
});
