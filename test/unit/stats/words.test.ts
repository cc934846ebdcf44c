import { describe, expect, it } from "vitest";
import { buildCommonGroundModel } from "../../../src/common-ground/index.ts";
import type { ProfileInput } from "../../../src/common-ground/types.ts";
import { loadQuestionBank } from "../../../src/questions/bank.ts";
import { prepareIntro } from "../../../src/session/planner.ts";
import { computeStats } from "../../../src/stats/compute.ts";
import { statsMessage } from "../../../src/stats/format.ts";
import { DAY, MIN, NOW, Recorder } from "./fixtures.ts";

const field = (label: string, fields: readonly { label: string; value: string }[] | undefined) =>
  fields?.find((f) => f.label === label)?.value;

describe("top common ground, in the words members saw", () => {
  it("records the intro's words for a group, never a time zone", () => {
    const person = (userId: string, lookingFor: ProfileInput["lookingFor"]): ProfileInput => ({
      userId,
      displayName: userId,
      interests: ["Podcasts", "hiking"],
      timeZone: "America/New_York",
      lookingFor,
    });
    const profiles = [person("ann", ["hiring", "mentor"]), person("ben", ["job", "mentee"])];
    const model = buildCommonGroundModel(profiles);
    // They share a time zone (no city given), so the intro's common ground has a time-zone item...
    expect(model.explain(["ann", "ben"]).map((i) => i.kind)).toContain("timezone");
    const { topics } = prepareIntro(["ann", "ben"], {
      model,
      states: new Map(),
      profiles: new Map(),
      bank: loadQuestionBank([]),
      seed: "s",
      origins: new Map(),
      names: { ann: "Ann", ben: "Ben" },
    });
    // ...which the stats never list as a topic.
    expect(topics.map((t) => t.toLowerCase()).sort()).toEqual(
      ["hiking", "podcasts", "hiring and job seeking", "mentoring"].sort(),
    );
  });

  it("shows words, not keys, for records old and new, and spellings of one topic as one", () => {
    const t = NOW - DAY;
    const r = new Recorder()
      .start("S", "C1", t, ["a", "b", "c", "d", "e", "f"])
      // Written before topics were words: keys and a zone.
      .group("S", 1, "g1", ["a", "b"], ["america/new_york", "hiring-job", "mentor-mentee", "podcast"], t + MIN)
      // Written now: the intro's words (the most used spelling is shown; one group listing it twice counts once).
      .group("S", 1, "g2", ["c", "d"], ["podcasts", "hiring and job seeking"], t + MIN)
      .group("S", 1, "g3", ["e", "f"], ["podcasts", "Podcasts", "Rochester"], t + MIN)
      .counts("S", 1, "g1", { a: 1, b: 1 }, t + 5 * MIN)
      .counts("S", 1, "g2", { c: 1, d: 0 }, t + 5 * MIN)
      .counts("S", 1, "g3", { e: 2, f: 2 }, t + 5 * MIN)
      .end("S", "completed", t + 6 * MIN);
    const report = computeStats(r.events, { period: "7d", now: NOW });
    expect(report.topTopics).toEqual([
      { topic: "podcasts", groups: 3, conversations: 2 },
      { topic: "hiring and job seeking", groups: 2, conversations: 1 },
      { topic: "mentoring", groups: 1, conversations: 1 },
      { topic: "Rochester", groups: 1, conversations: 1 },
    ]);
    const shown = field("Top common ground", statsMessage(report, new Map(), []).fields);
    expect(shown).toBe(
      "podcasts (2/3 talked) · hiring and job seeking (1/2 talked) · mentoring (1/1 talked) · Rochester (1/1 talked)",
    );
    expect(shown).not.toMatch(/america|new_york|hiring-job|mentor-mentee/i);
    // A member's tag is text, never markup: `<@U1>` typed as an interest is not a mention.
    const odd = computeStats(
      new Recorder().start("T", "C1", t, ["a", "b"]).group("T", 1, "g1", ["a", "b"], ["<@U1> **fans**"], t + MIN)
        .events,
      { period: "7d", now: NOW },
    );
    expect(field("Top common ground", statsMessage(odd, new Map(), []).fields)).toBe(
      "\\<\\@U1\\> \\*\\*fans\\*\\* (0/1 talked)",
    );
  });
});

describe("stay in touch: an answer is one member's click about one conversation", () => {
  it("counts a trio member's click once, though it is recorded once per partner; connections are pairs", () => {
    const t = NOW - DAY;
    const r = new Recorder()
      .start("S", "C1", t, ["a", "b", "c"])
      .group("S", 1, "g1", ["a", "b", "c"], [], t + MIN)
      .counts("S", 1, "g1", { a: 1, b: 1, c: 1 }, t + 5 * MIN);
    // a and b click yes, c clicks no: the core records each click for both partners.
    for (const [who, yes] of [
      ["a", true],
      ["b", true],
      ["c", false],
    ] as const)
      for (const partner of ["a", "b", "c"].filter((p) => p !== who))
        r.stay("S", 1, "g1", who, partner, yes, t + 6 * MIN);
    r.connect("S", "a", "b", t + 6 * MIN).end("S", "completed", t + 7 * MIN);
    const report = computeStats(r.events, { period: "7d", now: NOW });
    // By hand: three people answered, two yes and one no; one pair (a, b) both said yes to each other.
    expect(report).toMatchObject({ stayYes: 2, stayNo: 1, connections: 1 });
    expect(report.perMember.map((m) => [m.userId, m.stayYes, m.connections])).toEqual([
      ["a", 1, 1],
      ["b", 1, 1],
      ["c", 0, 0],
    ]);
    expect(field("Stay in touch", statsMessage(report, new Map(), []).fields)).toBe(
      "2 yes · 1 no (one answer per person per group) → 1 mutual connection",
    );
  });
});
