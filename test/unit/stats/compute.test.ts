import { describe, expect, it } from "vitest";
import { aggregate, computeStats } from "../../../src/stats/compute.ts";
import { indexHistory } from "../../../src/stats/history.ts";
import { DAY, NOW, Recorder, recordedHistory } from "./fixtures.ts";

const events = recordedHistory().events;

describe("organizer stats over a recorded history", () => {
  it("computes every figure of the last 30 days across channels", () => {
    const r = computeStats(events, { period: "30d", now: NOW });
    expect(r.window).toEqual({ from: NOW - 30 * DAY, to: NOW });
    // S4 ended with nobody grouped: a cancelled session, listed apart; i, who only joined its lobby, took part in
    // nothing held.
    expect(r.perSession.map((s) => s.sessionId)).toEqual(["S2", "S3"]);
    expect(r.sessions).toBe(2);
    expect(r.cancelled).toBe(1);
    expect(r.inLobby).toBe(0);
    expect(r.unheld).toEqual([
      {
        sessionId: "S4",
        channelId: "C1",
        status: "cancelled",
        startedAt: NOW - DAY,
        endedAt: NOW - DAY + 2 * 60_000,
        joined: 1,
      },
    ]);
    expect(r.rounds).toBe(3);
    expect(r.endReasons).toEqual({ completed: 0, "ended-early": 1, "not-enough-members": 0 });
    expect(r.participants).toBe(6);
    expect(r.grouped).toBe(6);
    expect(r.newMembers).toBe(4);
    expect(r.returningMembers).toBe(2);
    expect(r.channels).toEqual([
      { channelId: "C1", participants: 5 },
      { channelId: "C2", participants: 2 },
    ]);
    expect(r.groups).toBe(4);
    expect(r.conversations).toBe(2);
    expect(r.noShows).toBe(0);
    expect(r.failed).toBe(1);
    expect(r.unfinished).toBe(1);
    expect(r.messages).toBe(19);
    expect(r.averageMessagesPerGroup).toBe(9.5);
    expect(r.feedback).toEqual({ great: 2, ok: 0, "not-great": 0, report: 1 });
    expect(r.feedbackTotal).toBe(3);
    expect(r.stayYes).toBe(3);
    expect(r.stayNo).toBe(1);
    expect(r.connections).toBe(1);
    expect(r.pairs).toBe(6);
    expect(r.repeatPairs).toBe(1);
    expect(r.repeatPairRate).toBeCloseTo(1 / 6);
    expect(r.topTopics).toEqual([
      { topic: "coffee", groups: 2, conversations: 0 },
      { topic: "hiking", groups: 1, conversations: 1 },
      { topic: "jazz", groups: 1, conversations: 1 },
    ]);
    expect(r.dormant).toEqual([
      { userId: "c", lastGroupedAt: NOW - 40 * DAY + 15 * 60_000, lastJoinedAt: NOW - 40 * DAY + 60_000 },
      { userId: "d", lastGroupedAt: NOW - 40 * DAY + 15 * 60_000, lastJoinedAt: NOW - 40 * DAY + 60_000 },
    ]);
    expect(r.anonymousParticipants).toBe(0);
    expect(r.sections).toEqual([]);
  });

  it("gives per-session figures", () => {
    const [s2, s3, s4] = computeStats(events, { period: "30d", now: NOW }).perSession;
    expect(s2).toEqual({
      number: 1,
      sessionId: "S2",
      channelId: "C1",
      startedAt: NOW - 10 * DAY,
      endedAt: NOW - 10 * DAY + 18 * 60_000,
      endReason: "ended-early",
      rounds: 2,
      participants: 5,
      grouped: 5,
      newMembers: 3,
      groups: 3,
      conversations: 2,
      noShows: 0,
      failed: 1,
      unfinished: 0,
      messages: 19,
      voiceRooms: 0,
      voiceSeconds: 0,
      feedback: { great: 2, ok: 0, "not-great": 0, report: 1 },
      stayYes: 3,
      stayNo: 1,
      connections: 1,
      pairs: 5,
      repeatPairs: 1,
    });
    expect(s3).toMatchObject({
      number: 2,
      rounds: 1,
      participants: 2,
      grouped: 2,
      newMembers: 1,
      groups: 1,
      unfinished: 1,
    });
    expect(s3?.endReason).toBeUndefined();
    expect(s4).toBeUndefined();
  });

  it("gives per-member figures with stable ordinals", () => {
    const r = computeStats(events, { period: "30d", now: NOW });
    const byId = Object.fromEntries(r.perMember.map((m) => [m.userId, m]));
    expect(r.perMember.map((m) => [m.userId, m.ordinal])).toEqual([
      ["a", 1],
      ["b", 2],
      ["e", 5],
      ["f", 6],
      ["g", 7],
      ["h", 8],
    ]);
    expect(byId.a).toMatchObject({
      sessions: 2,
      groups: 3,
      conversations: 2,
      silentGroups: 0,
      messages: 8,
      feedbackGiven: 1,
      stayYes: 2,
      connections: 1,
      isNew: false,
      firstSeenAt: NOW - 40 * DAY,
      lastGroupedAt: NOW - 2 * DAY + 5 * 60_000,
    });
    expect(byId.b).toMatchObject({
      sessions: 1,
      groups: 1,
      conversations: 1,
      silentGroups: 1,
      messages: 0,
      isNew: false,
    });
    expect(byId.e).toMatchObject({
      groups: 1,
      conversations: 1,
      messages: 5,
      feedbackGiven: 1,
      stayYes: 1,
      connections: 1,
      isNew: true,
    });
    expect(byId.f).toMatchObject({
      groups: 2,
      conversations: 1,
      silentGroups: 0,
      messages: 6,
      stayYes: 0,
      isNew: true,
    });
    expect(byId.g).toMatchObject({ sessions: 1, groups: 1, conversations: 0, silentGroups: 0 });
    expect(byId.h).toMatchObject({ groups: 1, conversations: 0, isNew: true });
    expect(byId.i).toBeUndefined();
  });

  it("covers all time", () => {
    const r = computeStats(events, { period: "all", now: NOW });
    expect(r.window.from).toBe(NOW - 40 * DAY);
    expect(r).toMatchObject({
      sessions: 3,
      cancelled: 1,
      rounds: 5,
      participants: 8,
      grouped: 8,
      newMembers: 8,
      returningMembers: 0,
      groups: 8,
      conversations: 4,
      noShows: 2,
      failed: 1,
      unfinished: 1,
      messages: 30,
      averageMessagesPerGroup: 5,
      feedback: { great: 3, ok: 1, "not-great": 1, report: 1 },
      feedbackTotal: 6,
      stayYes: 5,
      stayNo: 2,
      connections: 2,
      pairs: 10,
      repeatPairs: 1,
      repeatPairRate: 0.1,
      endReasons: { completed: 1, "ended-early": 1, "not-enough-members": 0 },
    });
  });

  it("covers the last session, the last 7 and 90 days", () => {
    // The last *held* session is S3; S4, cancelled after it, is reported beside it and does not hide it.
    expect(computeStats(events, { period: "last-session", now: NOW })).toMatchObject({
      sessions: 1,
      cancelled: 1,
      participants: 2,
      groups: 1,
      newMembers: 1,
      window: { from: NOW - 2 * DAY, to: NOW },
    });
    const week = computeStats(events, { period: "7d", now: NOW });
    expect(week.perSession.map((s) => s.sessionId)).toEqual(["S3"]);
    expect(week.unheld.map((s) => s.sessionId)).toEqual(["S4"]);
    expect(computeStats(events, { period: "90d", now: NOW }).sessions).toBe(3);
  });

  it("narrows to one channel: new means new to that channel", () => {
    const c1 = computeStats(events, { period: "30d", now: NOW, channelId: "C1" });
    expect(c1).toMatchObject({
      sessions: 1,
      cancelled: 1,
      participants: 5,
      newMembers: 3,
      returningMembers: 2,
      groups: 3,
    });
    expect(c1.channels).toEqual([{ channelId: "C1", participants: 5 }]);
    const c2 = computeStats(events, { period: "30d", now: NOW, channelId: "C2" });
    expect(c2).toMatchObject({ sessions: 1, participants: 2, newMembers: 2, returningMembers: 0 });
    expect(c2.dormant).toEqual([]);
    expect(computeStats(events, { period: "last-session", now: NOW, channelId: "C2" }).perSession[0]?.sessionId).toBe(
      "S3",
    );
  });

  it("reports a period with no sessions as zeros, still listing who has not been grouped for long", () => {
    const later = NOW + 200 * DAY;
    const r = computeStats(events, { period: "90d", now: later });
    expect(r).toMatchObject({
      sessions: 0,
      rounds: 0,
      participants: 0,
      groups: 0,
      messages: 0,
      averageMessagesPerGroup: null,
      repeatPairRate: null,
      feedbackTotal: 0,
      perSession: [],
      perMember: [],
      topTopics: [],
    });
    expect(r.dormant.map((d) => d.userId)).toEqual(["c", "d", "b", "e", "g", "f", "a", "h", "i"]);
  });

  it("handles an empty community", () => {
    for (const period of ["last-session", "7d", "30d", "90d", "all"] as const) {
      const r = computeStats([], { period, now: NOW });
      expect(r).toMatchObject({ sessions: 0, participants: 0, groups: 0, dormant: [], channels: [], perSession: [] });
    }
  });

  it("handles a community of one member: their lobby was cancelled, nothing was held", () => {
    const one = new Recorder().start("S", "C1", NOW - DAY, ["solo"]).end("S", "not-enough-members", NOW - DAY + 60_000);
    const r = computeStats(one.events, { period: "30d", now: NOW });
    expect(r).toMatchObject({
      sessions: 0,
      cancelled: 1,
      rounds: 0,
      participants: 0,
      grouped: 0,
      newMembers: 0,
      groups: 0,
      pairs: 0,
      repeatPairRate: null,
      averageMessagesPerGroup: null,
      endReasons: { completed: 0, "ended-early": 0, "not-enough-members": 0 },
    });
    expect(r.perMember).toEqual([]);
  });

  it("skips out-of-scope answers without changing any figure", () => {
    for (const period of ["last-session", "7d", "30d", "90d", "all"] as const)
      for (const channelId of [undefined, "C1", "C2", "C9"]) {
        const query = { period, now: NOW, ...(channelId ? { channelId } : {}) };
        const { sections: _, ...fast } = computeStats(events, query);
        expect(fast).toEqual(aggregate(indexHistory(events), query));
      }
  });
});
