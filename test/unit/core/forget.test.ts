import { describe, expect, it } from "vitest";
import type { EventRecord, EventType } from "../../../src/domain/types.ts";
import { anonymiseEvent } from "../../../src/forget/forget.ts";

const options = { rounds: 1, minutesPerRound: 5, lobbyMinutes: 1, groupSize: 2 as const, breakSeconds: 0 };

/** One record of every type naming "u1"; typed by EventType so a new event type must be added here. */
const samples: { [T in EventType]: Extract<EventRecord, { type: T }> } = {
  "session-started": { type: "session-started", at: 1, sessionId: "s", channelId: "c", organizerId: "u1", options },
  joined: { type: "joined", at: 1, sessionId: "s", userId: "u1" },
  left: { type: "left", at: 1, sessionId: "s", userId: "u1" },
  grouped: {
    type: "grouped",
    at: 1,
    sessionId: "s",
    round: 1,
    groupId: "g",
    members: ["u1", "u2"],
    topics: [],
    known: ["u1"],
    score: 1,
  },
  "space-failed": {
    type: "space-failed",
    at: 1,
    sessionId: "s",
    round: 1,
    groupId: "g",
    members: ["u1", "u2"],
    reason: "x",
  },
  "messages-counted": {
    type: "messages-counted",
    at: 1,
    sessionId: "s",
    round: 1,
    groupId: "g",
    counts: { u1: 3, u2: 1 },
  },
  "voice-counted": {
    type: "voice-counted",
    at: 1,
    sessionId: "s",
    round: 1,
    groupId: "g",
    togetherSeconds: 240,
    seconds: { u1: 300, u2: 240 },
  },
  feedback: { type: "feedback", at: 1, sessionId: "s", round: 1, groupId: "g", userId: "u1", rating: "great" },
  "stay-in-touch": {
    type: "stay-in-touch",
    at: 1,
    sessionId: "s",
    round: 1,
    groupId: "g",
    userId: "u2",
    partnerId: "u1",
    answer: true,
  },
  connection: { type: "connection", at: 1, sessionId: "s", members: ["u1", "u2"] },
  "round-ended": { type: "round-ended", at: 1, sessionId: "s", round: 1 },
  "session-ended": { type: "session-ended", at: 1, sessionId: "s", reason: "completed" },
  "member-forgotten": { type: "member-forgotten", at: 1, alias: "forgotten-x" },
  "schedule-run": {
    type: "schedule-run",
    at: 1,
    scheduleId: "sc",
    channelId: "c",
    kind: "async",
    slot: 1,
    outcome: "held",
  },
  "async-meet-started": {
    type: "async-meet-started",
    at: 1,
    meetId: "m",
    scheduleId: "sc",
    channelId: "c",
    days: 7,
    endsAt: 2,
    paired: 2,
    excluded: { paused: 0, optedOut: 0, inactive: 0, skipped: 0 },
  },
  "async-check-in": { type: "async-check-in", at: 1, meetId: "m", groupId: "g", userId: "u1", answer: "met" },
  "async-met": { type: "async-met", at: 1, meetId: "m", groupId: "g", userId: "u1", met: true },
  "async-group-ended": {
    type: "async-group-ended",
    at: 1,
    meetId: "m",
    groupId: "g",
    members: ["u1", "u2"],
    counts: { u1: 2 },
    responded: ["u1"],
  },
  "pool-changed": { type: "pool-changed", at: 1, channelId: "c", userId: "u1", change: "opted-in" },
};

describe("forget-me anonymisation", () => {
  it.each(Object.values(samples))("leaves no trace of the member in a $type record", (event) => {
    const out = JSON.stringify(anonymiseEvent(event, "u1", "forgotten-abc"));
    expect(out).not.toMatch(/"u1"/);
    expect(JSON.stringify(anonymiseEvent(event, "u9", "forgotten-abc"))).toBe(JSON.stringify(event));
  });

  it("keeps the other member and the counts", () => {
    const out = anonymiseEvent(samples["messages-counted"], "u1", "forgotten-abc");
    expect(out).toMatchObject({ counts: { "forgotten-abc": 3, u2: 1 } });
  });

  it("renames the member in a voice room's per-member seconds", () => {
    const out = anonymiseEvent(samples["voice-counted"], "u1", "forgotten-abc");
    expect(out).toMatchObject({ seconds: { "forgotten-abc": 300, u2: 240 }, togetherSeconds: 240 });
  });
});
