import { describe, expect, it } from "vitest";
import { buildCommonGroundModel, type CommonGroundItem, normalizeTag } from "../../../src/common-ground/index.ts";
import { loadQuestionBank, validateQuestionBank } from "../../../src/questions/bank.ts";
import { chooseQuestion } from "../../../src/questions/choose.ts";
import { CHAPTER } from "./fixtures.ts";

const bank = loadQuestionBank();
const item = (kind: CommonGroundItem["kind"], topic: string, members = ["a", "b"], weight = 1): CommonGroundItem => ({
  kind,
  label: topic,
  members,
  weight,
  topic,
});

describe("question bank", () => {
  it("ships at least 200 questions of every kind, with unique ids", () => {
    expect(bank.questions.length).toBeGreaterThanOrEqual(200);
    const kinds = new Set(bank.questions.map((q) => q.kind));
    expect([...kinds].sort()).toEqual(["deeper", "fallback", "field", "goal", "interest", "light", "place"]);
    expect(new Set(bank.questions.map((q) => q.id)).size).toBe(bank.questions.length);
  });

  it("tags questions only with topics the normaliser can produce, so they can match", () => {
    const special = new Set(["mentor-mentee", "hiring-job", "collaborators", "friends", "timezone"]);
    for (const q of bank.questions)
      for (const t of q.topics) expect(special.has(t) || normalizeTag(t) === t, `${q.id}: ${t}`).toBe(true);
  });

  it("words questions so they work for a trio as well as a pair", () => {
    const pairOnly = bank.questions.filter((q) => /\byou both\b|\bboth of you\b|\byou two\b/i.test(q.text));
    expect(pairOnly.map((q) => q.id)).toEqual([]);
  });

  it("rejects bad bank data with a message naming the entry and the field", () => {
    const good = { id: "ok-one", kind: "light", topics: [], text: "What made you smile today?" };
    expect(() => validateQuestionBank({ questions: [good, { ...good, id: "bad-kind", kind: "silly" }] })).toThrow(
      /entry 1 \("bad-kind"\), field "kind"/,
    );
    expect(() => validateQuestionBank({ questions: [{ ...good, text: "Hi?" }] })).toThrow(
      /entry 0 \("ok-one"\), field "text"/,
    );
    expect(() => validateQuestionBank({ questions: [{ ...good, text: "Tell us about {hobby} please." }] })).toThrow(
      /field "text".*placeholders/,
    );
    expect(() => validateQuestionBank({ questions: [good, good] })).toThrow(
      /entry 1 \("ok-one"\), field "id": duplicate/,
    );
    expect(() => validateQuestionBank({ questions: [{ ...good, id: "Not Kebab" }] })).toThrow(/field "id"/);
    expect(() => validateQuestionBank({ questions: [{ ...good, extra: 1 }] })).toThrow(/entry 0/);
    expect(() => validateQuestionBank({ questions: [] })).toThrow(/Question bank field "questions"/);
    expect(() => validateQuestionBank("nope")).toThrow(/Question bank/);
    expect(() =>
      validateQuestionBank({ questions: [{ ...good, kind: "fallback", text: "Find three things about {interest}." }] }),
    ).toThrow(/fallback question cannot use placeholders/);
  });

  it("adds a community's custom questions and rejects clashing ids", () => {
    const withCustom = loadQuestionBank([{ id: "club-42", text: "What brought you to our club's last meetup?" }]);
    expect(withCustom.questions.length).toBe(bank.questions.length + 1);
    expect(withCustom.questions.at(-1)).toMatchObject({ id: "club-42", kind: "light", template: false });
    const template = loadQuestionBank([{ id: "c1", text: "Which {interest} event should the club run next?" }]);
    expect(template.questions.at(-1)).toMatchObject({ kind: "interest", template: true });
    expect(() => loadQuestionBank([{ id: "light-weekend", text: "A clash with a shipped id?" }])).toThrow(
      /"light-weekend".*duplicate/,
    );
    expect(() => loadQuestionBank([{ id: "c2", text: "short" }])).toThrow(/Custom question 0 \("c2"\), field "text"/);
  });
});

describe("chooseQuestion", () => {
  it("builds the question on the strongest shared thing", () => {
    const common = [item("interest", "beekeeping", ["a", "b"], 5), item("interest", "coffee", ["a", "b"], 0.5)];
    const choice = chooseQuestion({ commonGround: common, asked: {}, bank, seed: "s" });
    expect(choice.fallback).toBe(false);
    expect(choice.question).toContain("beekeeping");
    expect(choice.question).not.toMatch(/\{\w+\}/);
  });

  it("prefers a question written for the shared topic over a generic template", () => {
    const choice = chooseQuestion({ commonGround: [item("interest", "hiking")], asked: {}, bank, seed: "s" });
    expect(choice.questionId).toMatch(/^hiking-/);
  });

  it("asks about complementary goals", () => {
    const choice = chooseQuestion({
      commonGround: [item("goal", "hiring-job", ["a", "b"], 3)],
      asked: {},
      bank,
      seed: "s",
    });
    expect(choice.questionId).toMatch(/^goal-hiring-/);
  });

  it("falls back to 'find three things in common' when nothing is known", () => {
    const choice = chooseQuestion({ commonGround: [], asked: { a: [], b: [] }, bank, seed: "s" });
    expect(choice.fallback).toBe(true);
    expect(choice.question).toMatch(/three things/i);
  });

  it("names in a template only what the whole trio shares", () => {
    const common = [item("interest", "hiking", ["a", "b", "c"], 0.5), item("interest", "beekeeping", ["a", "b"], 6)];
    for (const seed of ["1", "2", "3", "4", "5", "6"]) {
      const choice = chooseQuestion({ commonGround: common, asked: { a: [], b: [], c: [] }, bank, seed });
      if (choice.questionId.startsWith("interest-")) expect(choice.question).toContain("hiking");
      expect(choice.question).not.toContain("beekeeping");
    }
  });

  it("is deterministic for a seed and varied across seeds", () => {
    const args = { commonGround: [item("interest", "zither", ["a", "b"], 4)], asked: {}, bank };
    expect(chooseQuestion({ ...args, seed: "x" })).toEqual(chooseQuestion({ ...args, seed: "x" }));
    const ids = new Set(Array.from({ length: 20 }, (_, i) => chooseQuestion({ ...args, seed: `s${i}` }).questionId));
    expect(ids.size).toBeGreaterThan(5);
  });

  it("never asks a question any member was already asked while another fits", () => {
    const common = [item("interest", "hiking")];
    const hikingIds = bank.questions.filter((q) => q.topics.includes("hiking")).map((q) => q.id);
    const choice = chooseQuestion({
      commonGround: common,
      asked: { a: hikingIds.slice(0, 2), b: hikingIds.slice(2) },
      bank,
      seed: "s",
    });
    expect(hikingIds).not.toContain(choice.questionId);
    expect(choice.question).toContain("hiking");
  });

  it("repeats only when every fitting question was asked, choosing the least asked", () => {
    const tiny = validateQuestionBank({
      questions: [
        { id: "q-one", kind: "light", text: "What made you smile today?" },
        { id: "q-two", kind: "light", text: "What are you reading lately?" },
      ],
    });
    const choice = chooseQuestion({
      commonGround: [],
      asked: { a: ["q-one", "q-two"], b: ["q-one"] },
      bank: tiny,
      seed: "s",
    });
    expect(choice.questionId).toBe("q-two");
  });

  it("serves no member the same question twice over 20 rounds in a realistic chapter", () => {
    const model = buildCommonGroundModel(CHAPTER);
    const ids = CHAPTER.map((p) => p.userId);
    const asked: Record<string, string[]> = Object.fromEntries(ids.map((id) => [id, []]));
    for (let round = 0; round < 20; round++) {
      // Round-robin rotation: everyone meets someone new; the odd member joins a trio.
      const order = [ids[0]!, ...ids.slice(1).map((_, i) => ids[1 + ((i + round) % (ids.length - 1))]!)];
      const groups: string[][] = [];
      for (let i = 0; i + 1 < order.length; i += 2) groups.push([order[i]!, order[i + 1]!]);
      if (order.length % 2 === 1) groups.at(-1)!.push(order.at(-1)!);
      for (const group of groups) {
        const choice = chooseQuestion({
          commonGround: model.explain(group),
          asked: Object.fromEntries(group.map((m) => [m, asked[m]!])),
          bank,
          seed: `round-${round}`,
        });
        for (const m of group) {
          expect(asked[m], `${m} in round ${round}`).not.toContain(choice.questionId);
          asked[m]!.push(choice.questionId);
        }
      }
    }
  });
});
