import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../../src/domain/types.ts";
import { anonymiseEvent } from "../../../src/forget/forget.ts";
import { historyLines, memberOverview } from "../../../src/stats/member.ts";
import { DAY, NOW, recordedHistory } from "./fixtures.ts";

const events = recordedHistory().events;

describe("a member's own history", () => {
  it("counts sessions, groups, conversations, messages, people met and connections", () => {
    const a = memberOverview(events, "a");
    expect(a).toMatchObject({
      sessions: 3,
      groups: 5,
      conversations: 4,
      messages: 12,
      metCount: 5,
      met: ["h", "f", "e", "b", "c"],
      connections: ["e", "b"],
      connectionCount: 2,
    });
    expect(a.recent.map((s) => s.sessionId)).toEqual(["S3", "S2", "S1"]);
    expect(a.recent[1]?.groups).toEqual([
      { round: 1, partners: ["b", "e"], formerPartners: 0, outcome: "conversation", messages: 2 },
      { round: 2, partners: ["f"], formerPartners: 0, outcome: "conversation", messages: 6 },
    ]);
    expect(a.recent[0]?.groups).toEqual([{ round: 1, partners: ["h"], formerPartners: 0, outcome: "unfinished" }]);
  });

  it("writes a short history, newest first", () => {
    expect(historyLines(memberOverview(events, "d"))).toEqual([
      `${new Date(NOW - 40 * DAY).toISOString().slice(0, 10)} in <#C1>: round 1 with <@c> (no conversation, you wrote 0); round 2 with <@b> (no conversation, you wrote 0)`,
    ]);
    // i only joined S4's lobby, which was cancelled before it started: no session of theirs.
    expect(memberOverview(events, "i")).toMatchObject({ sessions: 0, recent: [] });
    const lobby = [...events.filter((e) => e.type !== "session-ended" || e.sessionId !== "S4")];
    expect(historyLines(memberOverview(lobby, "i"))).toEqual([
      `${new Date(NOW - DAY).toISOString().slice(0, 10)} in <#C1>: joined, not grouped`,
    ]);
    expect(historyLines(memberOverview(events, "f"))[0]).toContain("round 1 with <@g> (space could not open)");
  });

  it("counts a partner who used forget-me but never shows them", () => {
    const alias = "forgotten-0a1b2c3d4e";
    const rewritten: EventRecord[] = [
      ...events.map((e) => anonymiseEvent(e, "b", alias)),
      { type: "member-forgotten", at: NOW, alias },
    ];
    const a = memberOverview(rewritten, "a");
    expect(a.metCount).toBe(5);
    expect(a.met).toEqual(["h", "f", "e", "c"]);
    expect(a.connections).toEqual(["e"]);
    expect(a.connectionCount).toBe(2);
    const text = JSON.stringify(a) + historyLines(a).join("\n");
    expect(text).not.toContain(alias);
    expect(historyLines(a).at(-1)).toContain("round 1 with a former member (talked, you wrote 3)");
  });

  it("is empty for someone who never took part", () => {
    expect(memberOverview(events, "nobody")).toEqual({
      sessions: 0,
      groups: 0,
      conversations: 0,
      messages: 0,
      metCount: 0,
      met: [],
      connections: [],
      connectionCount: 0,
      recent: [],
    });
    expect(memberOverview([], "a").sessions).toBe(0);
  });
});
