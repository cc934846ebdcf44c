import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCommonGroundModel, type ProfileInput, WEIGHTS } from "../../../src/common-ground/index.ts";
import { byId, CHAPTER } from "./fixtures.ts";

const person = (userId: string, interests: string[], extra: Partial<ProfileInput> = {}): ProfileInput => ({
  userId,
  displayName: userId,
  interests,
  lookingFor: [],
  ...extra,
});

describe("common-ground model", () => {
  it("finds what two people share even when they spelled it differently", () => {
    const model = buildCommonGroundModel(CHAPTER);
    const items = model.explain(["alex", "sam"]);
    const topics = items.map((i) => `${i.kind}:${i.topic}`);
    expect(topics).toEqual(
      expect.arrayContaining(["interest:hiking", "interest:public relations", "city:rochester", "goal:hiring-job"]),
    );
    expect(items.find((i) => i.topic === "public relations")?.label).toBe("public relations");
  });

  it("weights a rare shared interest above a popular one (IDF)", () => {
    const community = [
      person("a", ["coffee", "beekeeping"]),
      person("b", ["coffee", "beekeeping"]),
      person("c", ["coffee"]),
      person("d", ["coffee", "chess"]),
      person("e", ["coffee", "chess"]),
      ...Array.from({ length: 20 }, (_, i) => person(`x${i}`, ["coffee", "chess"])),
    ];
    const model = buildCommonGroundModel(community);
    const [rare] = model.explain(["a", "b"]).filter((i) => i.topic === "beekeeping");
    const [popular] = model.explain(["a", "b"]).filter((i) => i.topic === "coffee");
    expect(rare!.weight).toBeGreaterThan(3 * popular!.weight);
    expect(model.score("a", "b")).toBeGreaterThan(model.score("d", "e"));
    expect(model.score("a", "c")).toBeGreaterThan(0);
  });

  it("counts complementary goals: mentor with mentee, hiring with job seeker", () => {
    const model = buildCommonGroundModel(CHAPTER);
    const mentoring = model.explain(["kim", "lee"]).find((i) => i.topic === "mentor-mentee");
    expect(mentoring).toMatchObject({ kind: "goal", members: ["lee", "kim"], weight: WEIGHTS.complementaryGoal });
    const hiring = model.explain(["sam", "alex"]).find((i) => i.topic === "hiring-job");
    expect(hiring?.members).toEqual(["alex", "sam"]);
    const twoSeekers = buildCommonGroundModel([
      person("p", [], { lookingFor: ["job"] }),
      person("q", [], { lookingFor: ["job"] }),
    ]);
    expect(twoSeekers.score("p", "q")).toBe(0);
  });

  it("counts both looking for collaborators or friends as shared intent", () => {
    const model = buildCommonGroundModel(CHAPTER);
    expect(model.explain(["ana", "omar"]).map((i) => i.topic)).toContain("collaborators");
    expect(model.explain(["kim", "lee"]).map((i) => i.topic)).toContain("friends");
  });

  it("tells apart two cities with the same name in different regions, and notes a shared region", () => {
    const model = buildCommonGroundModel([
      person("ny", [], { city: "Rochester, NY" }),
      person("mn", [], { city: "Rochester, MN" }),
      person("buf", [], { city: "Buffalo, New York" }),
      person("bare", [], { city: "rochester" }),
    ]);
    expect(model.score("ny", "mn")).toBe(0);
    expect(model.explain(["ny", "buf"])).toMatchObject([{ kind: "city", topic: "new york state", label: "NY" }]);
    expect(model.explain(["ny", "bare"])).toMatchObject([
      { kind: "city", topic: "rochester", weight: WEIGHTS.sameCity },
    ]);
  });

  it("counts a time zone only when no place is shared", () => {
    const model = buildCommonGroundModel(CHAPTER);
    expect(model.explain(["alex", "sam"]).some((i) => i.kind === "timezone")).toBe(false);
    expect(model.explain(["sam", "lee"]).find((i) => i.kind === "timezone")?.weight).toBe(WEIGHTS.sameTimeZone);
  });

  it("does not count a field twice when it is also a shared interest", () => {
    const model = buildCommonGroundModel(CHAPTER);
    const items = model.explain(["alex", "sam"]).filter((i) => i.topic === "public relations");
    expect(items.map((i) => i.kind)).toEqual(["interest"]);
  });

  it("explains a trio with what all three share first, then what each pair shares", () => {
    const model = buildCommonGroundModel(CHAPTER);
    const items = model.explain(["alex", "sam", "kim"]);
    const allThree = items.filter((i) => i.members.length === 3).map((i) => i.topic);
    expect(allThree).toEqual(expect.arrayContaining(["hiking"]));
    expect(items[0]!.members).toHaveLength(3);
    expect(items.find((i) => i.topic === "public relations")?.members).toEqual(["alex", "sam"]);
    expect(items.find((i) => i.topic === "board games")?.members).toEqual(["sam", "kim"]);
    expect(items.find((i) => i.topic === "coffee")?.members).toEqual(["alex", "kim"]);
    const firstPairwise = items.findIndex((i) => i.members.length === 2);
    expect(items.slice(firstPairwise).every((i) => i.members.length === 2)).toBe(true);
    expect(model.groupScore(["alex", "sam", "kim"])).toBeCloseTo(
      model.score("alex", "sam") + model.score("alex", "kim") + model.score("sam", "kim"),
    );
  });

  it("matches multilingual tags: Arabic with stray direction marks, emoji, accented Latin", () => {
    const model = buildCommonGroundModel(CHAPTER);
    const items = model.explain(["noor", "jo"]);
    expect(items.map((i) => i.topic)).toEqual(expect.arrayContaining(["guitar", "cafe"]));
    expect(items.find((i) => i.topic === "guitar")?.label).toBe("🎸 guitar");
    expect(items.find((i) => i.topic === "cafe")?.label).toBe("Café");
    expect(model.explain(["noor", "omar"]).map((i) => i.label)).toContain("\u200fالقهوة\u200f");
  });

  it("finds nothing for an empty profile and scores unknown members 0", () => {
    const model = buildCommonGroundModel(CHAPTER);
    expect(model.explain(["quiet", "alex"])).toEqual([]);
    expect(model.score("quiet", "alex")).toBe(0);
    expect(model.score("nobody", "alex")).toBe(0);
    expect(model.candidates("nobody", 3)).toEqual([]);
  });

  it("suggests the partners with the most common ground first", () => {
    const model = buildCommonGroundModel(CHAPTER);
    const best = model.candidates("alex", 3);
    expect(best[0]).toBe("sam");
    expect(best).not.toContain("alex");
    const scores = best.map((id) => model.score("alex", id));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("keeps the last profile when an id repeats", () => {
    const model = buildCommonGroundModel([person("a", ["chess"]), person("b", ["chess"]), person("a", ["golf"])]);
    expect(model.score("a", "b")).toBe(0);
  });

  it("has a symmetric, non-negative score equal to the sum of the explained weights", () => {
    const tags = ["PR", "public relations", "hiking", "Hikes", "js", "JavaScript", "coffee", "chess", "🎸", "café"];
    const goals = ["mentor", "mentee", "job", "hiring", "collaborators", "friends"] as const;
    const arbProfile = fc.record({
      interests: fc.subarray(tags),
      lookingFor: fc.subarray([...goals]),
      city: fc.constantFrom(undefined, "Rochester, NY", "Rochester", "Rochester, MN", "Buffalo, NY"),
      field: fc.constantFrom(undefined, "PR", "journalism"),
      timeZone: fc.constantFrom(undefined, "America/New_York"),
    });
    fc.assert(
      fc.property(fc.array(arbProfile, { minLength: 2, maxLength: 8 }), (raw) => {
        const profiles = raw.map((r, i) => {
          const p = person(`m${i}`, r.interests, { lookingFor: r.lookingFor });
          if (r.city !== undefined) p.city = r.city;
          if (r.field !== undefined) p.field = r.field;
          if (r.timeZone !== undefined) p.timeZone = r.timeZone;
          return p;
        });
        const model = buildCommonGroundModel(profiles);
        const s = model.score("m0", "m1");
        expect(s).toBeGreaterThanOrEqual(0);
        expect(model.score("m1", "m0")).toBeCloseTo(s, 9);
        const sum = model.explain(["m0", "m1"]).reduce((t, i) => t + i.weight, 0);
        expect(sum).toBeCloseTo(s, 9);
      }),
      { numRuns: 300 },
    );
  });

  it("builds from realistic fixtures without losing anyone", () => {
    const model = buildCommonGroundModel(CHAPTER);
    for (const p of CHAPTER) expect(model.score(p.userId, byId("alex").userId)).toBeGreaterThanOrEqual(0);
  });
});
