import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../../src/domain/types.ts";
import { computeStats } from "../../../src/stats/compute.ts";
import { statsMessage } from "../../../src/stats/format.ts";
import { DAY, MIN, NOW, recordedHistory } from "./fixtures.ts";

/** The recorded history plus a scheduled async meet in #C1 five days ago and three scheduled runs. */
function withSchedules(): EventRecord[] {
  const t = NOW - 5 * DAY;
  const base = { meetId: "M1", at: t };
  const grouped = (groupId: string, members: string[]): EventRecord => ({
    type: "grouped",
    at: t,
    sessionId: "M1",
    round: 1,
    groupId,
    members,
    topics: ["coffee"],
    score: 1,
    async: true,
  });
  return [
    ...recordedHistory().events,
    {
      type: "schedule-run",
      at: NOW - 40 * DAY,
      scheduleId: "W",
      channelId: "C1",
      kind: "live",
      slot: 0,
      outcome: "held",
    },
    grouped("g1", ["c", "d"]),
    grouped("g2", ["a", "b"]),
    grouped("g3", ["e", "f"]),
    {
      type: "async-meet-started",
      ...base,
      scheduleId: "W",
      channelId: "C1",
      days: 3,
      endsAt: t + 3 * DAY,
      paired: 6,
      excluded: { paused: 1, optedOut: 0, inactive: 2, skipped: 0 },
    },
    {
      type: "schedule-run",
      at: t,
      scheduleId: "W",
      channelId: "C1",
      kind: "async",
      slot: t,
      outcome: "caught-up",
      meetId: "M1",
    },
    {
      type: "schedule-run",
      at: NOW - DAY,
      scheduleId: "W",
      channelId: "C1",
      kind: "async",
      slot: 0,
      outcome: "skipped",
      reason: "previous-meet-running",
    },
    {
      type: "stay-in-touch",
      at: t + DAY,
      sessionId: "M1",
      round: 1,
      groupId: "g1",
      userId: "c",
      partnerId: "d",
      answer: true,
    },
    {
      type: "stay-in-touch",
      at: t + DAY,
      sessionId: "M1",
      round: 1,
      groupId: "g1",
      userId: "d",
      partnerId: "c",
      answer: true,
    },
    { type: "connection", at: t + DAY, sessionId: "M1", members: ["c", "d"] },
    { type: "async-met", ...base, at: t + 3 * DAY, groupId: "g1", userId: "c", met: true },
    { type: "async-met", ...base, at: t + 3 * DAY, groupId: "g1", userId: "c", met: false },
    { type: "async-met", ...base, at: t + 3 * DAY, groupId: "g2", userId: "a", met: false },
    {
      type: "async-group-ended",
      ...base,
      at: t + 3 * DAY + MIN,
      groupId: "g1",
      members: ["c", "d"],
      counts: { c: 4, d: 2 },
      responded: ["c", "d"],
    },
    {
      type: "async-group-ended",
      ...base,
      at: t + 3 * DAY + MIN,
      groupId: "g2",
      members: ["a", "b"],
      counts: { a: 1, b: 0 },
      responded: ["a"],
    },
  ];
}

describe("scheduled runs and async meets in the stats", () => {
  it("adds their sections and leaves the live figures as they were", () => {
    const live = computeStats(recordedHistory().events, { period: "30d", now: NOW });
    const r = computeStats(withSchedules(), { period: "30d", now: NOW });
    const { sections, dormant, perMember, ...figures } = r;
    const { sections: _, dormant: __, perMember: liveMembers, ...liveFigures } = live;
    expect(figures).toEqual(liveFigures);
    // Per-member figures are the live ones too, except that an async pairing is a more recent "last grouped".
    const withoutLast = (ms: typeof perMember) => ms.map(({ lastGroupedAt: _, ...m }) => m);
    expect(withoutLast(perMember)).toEqual(withoutLast(liveMembers));
    expect(perMember.find((m) => m.userId === "b")?.lastGroupedAt).toBe(NOW - 5 * DAY);
    expect(sections).toEqual([
      {
        id: "scheduled-runs",
        title: "Scheduled runs",
        // One headline per section: "Scheduled runs: 1 caught up, …", never "Scheduled runs: Runs 2: 2 held".
        fields: [{ label: "", value: "1 caught up, 1 skipped (1 previous meet running)" }],
      },
      {
        id: "async-meets",
        title: "Async meets",
        fields: [
          { label: "", value: "1 meet, 6 paired in 3 groups · left out: 1 paused, 2 inactive" },
          {
            label: "Outcomes",
            value: '1 group talked, 1 stayed silent, 1 still running · "did you meet?": 1 yes, 1 no · 1 connection',
          },
        ],
      },
    ]);
    // c and d were paired five days ago in the async meet, so they are no longer "not grouped for a long time".
    expect(live.dormant.map((d) => d.userId)).toEqual(["c", "d"]);
    expect(dormant).toEqual([]);
  });

  it("respects the channel and the period", () => {
    expect(computeStats(withSchedules(), { period: "30d", now: NOW, channelId: "C2" }).sections).toEqual([]);
    const all = computeStats(withSchedules(), { period: "all", now: NOW }).sections[0];
    expect(all?.fields[0]?.value).toBe("1 on time, 1 caught up, 1 skipped (1 previous meet running)");
  });

  it("reads without a stutter in the reply: the section title is the label of its headline", () => {
    const fields = statsMessage(computeStats(withSchedules(), { period: "30d", now: NOW }), new Map(), []).fields;
    const lines = (fields ?? []).map((f) => `${f.label}: ${f.value}`);
    expect(lines).toContain("Scheduled runs: 1 caught up, 1 skipped (1 previous meet running)");
    expect(lines).toContain("Async meets: 1 meet, 6 paired in 3 groups · left out: 1 paused, 2 inactive");
    expect(lines.join("\n")).not.toMatch(/Scheduled runs: Runs|Async meets: Meets/);
  });
});
