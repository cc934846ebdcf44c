import { describe, expect, it } from "vitest";
import { buildCommonGroundModel, describeCommonGround } from "../../../src/common-ground/index.ts";
import { buildIntro } from "../../../src/questions/intro.ts";
import { byId, CHAPTER } from "./fixtures.ts";

const namesOf = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, byId(id).displayName]));

describe("describeCommonGround", () => {
  it("gives one short line per shared thing, strongest first: shared tags (rarest first), goals, place", () => {
    const model = buildCommonGroundModel(CHAPTER);
    expect(describeCommonGround(model.explain(["alex", "sam"]), namesOf("alex", "sam"))).toEqual([
      "You both: public relations, hiking",
      "Alex is hiring; Sam is looking for a job",
      "You're both in Rochester",
    ]);
  });

  it("calls members by first name, and by full name only where two share a first name", () => {
    const items = [
      { kind: "interest" as const, label: "podcasts", members: ["a", "b"], weight: 1, topic: "podcasts" },
      { kind: "goal" as const, label: "", members: ["a", "c"], weight: 1, topic: "hiring-job" },
      { kind: "timezone" as const, label: "America/New_York", members: ["a", "b", "c"], weight: 0.1, topic: "tz" },
      { kind: "city" as const, label: "Rochester", members: ["b", "c"], weight: 0.5, topic: "rochester" },
    ];
    const names = { a: "Amara Okafor", b: "Jamal Wright", c: "Jamal Reed" };
    expect(describeCommonGround(items, names)).toEqual([
      "Amara and Jamal Wright: podcasts",
      "Amara is hiring; Jamal Reed is looking for a job",
      "Jamal Wright and Jamal Reed are both in Rochester",
      // A shared time zone is the weakest thing to share: always last.
      "Same time zone: America/New_York",
    ]);
  });

  it("describes a trio: what all three share, then each pair by name", () => {
    const model = buildCommonGroundModel(CHAPTER);
    const text = describeCommonGround(model.explain(["alex", "sam", "kim"]), namesOf("alex", "sam", "kim"));
    expect(text[0]?.startsWith("All three of you: hiking")).toBe(true);
    expect(text).toContain("Alex and Sam: public relations");
    expect(text).toContain("Sam and Kim: board games");
  });

  it("describes mentoring and shared intentions", () => {
    const model = buildCommonGroundModel(CHAPTER);
    expect(describeCommonGround(model.explain(["kim", "lee"]), namesOf("kim", "lee"))).toContain(
      "Lee is looking for a mentor; Kim is open to mentoring",
    );
    expect(describeCommonGround(model.explain(["ana", "omar"]), namesOf("ana", "omar"))).toContain(
      "You're both looking for collaborators",
    );
  });

  it("names the pair inside a trio when only two of them share something", () => {
    const model = buildCommonGroundModel(CHAPTER);
    expect(describeCommonGround(model.explain(["alex", "quiet", "ana"]), namesOf("alex", "quiet", "ana"))).toEqual([
      "Alex and Ana: coffee",
    ]);
  });

  it("is empty when nothing is known", () => {
    expect(describeCommonGround([], namesOf("alex", "sam"))).toEqual([]);
  });
});

describe("buildIntro", () => {
  it("opens with the partners, what they share and a question built on it", () => {
    const model = buildCommonGroundModel(CHAPTER);
    const intro = buildIntro({ members: [byId("ana"), byId("omar")], model, seed: "s" });
    expect(intro.text).toMatch(/^Meet Ana and Omar!/);
    expect(intro.text).toContain(intro.question);
    expect(intro.commonGround.map((i) => i.topic)).toEqual(
      expect.arrayContaining(["soccer", "podcasts", "journalism"]),
    );
  });

  it("asks a pair with nothing in common to find three things", () => {
    const intro = buildIntro({ members: [byId("quiet"), byId("ana")], seed: "s" });
    expect(intro.commonGround).toEqual([]);
    expect(intro.question).toMatch(/three things/i);
    expect(intro.text).toContain("We don't know what you have in common yet");
  });
});
