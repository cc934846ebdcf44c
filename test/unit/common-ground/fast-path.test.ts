import { describe, expect, it } from "vitest";
import { syntheticProfiles } from "../../../bench/data/pairing-instances.ts";
import { buildCommonGroundModel } from "../../../src/common-ground/index.ts";
import { buildPairIndex } from "../../../src/common-ground/pair-index.ts";
import { planRounds } from "../../../src/pairing/index.ts";

describe("common-ground integer fast path (what the pairing engine reads)", () => {
  const profiles = syntheticProfiles(400, "fast-path");
  const model = buildCommonGroundModel(profiles);
  // A member list in another order than the profiles, with a stranger and a repeated id.
  const members = [...profiles.map((p) => p.userId).reverse(), "stranger", profiles[5]!.userId];
  const fast = model.forMembers(members);

  it("scores every pair exactly as the id-based score does", () => {
    for (let i = 0; i < members.length; i += 7) {
      for (let j = 0; j < members.length; j += 3) {
        expect(fast.score(i, j)).toBe(model.score(members[i]!, members[j]!));
      }
    }
    const stranger = members.indexOf("stranger");
    expect(fast.score(stranger, 0)).toBe(0);
  });

  it("returns the id-based candidates, as positions with their exact scores, best first", () => {
    const out = new Int32Array(12);
    const scores = new Float64Array(12);
    for (let i = 0; i < profiles.length; i += 11) {
      const written = fast.candidates(i, 12, out, scores);
      const byId = model.candidates(members[i]!, 12);
      expect([...out.subarray(0, written)].map((p) => members[p])).toEqual(byId);
      for (let x = 0; x < written; x++) {
        expect(scores[x]).toBe(model.score(members[i]!, members[out[x]!]!));
        if (x > 0) expect(scores[x]).toBeLessThanOrEqual(scores[x - 1]!);
        expect(members[out[x]!]).not.toBe(members[i]);
      }
    }
    expect(fast.candidates(members.indexOf("stranger"), 12, out, scores)).toBe(0);
  });

  it("plans the same rounds as the id-based callbacks", () => {
    const ids = profiles.map((p) => p.userId);
    const base = {
      members: ids,
      score: (a: string, b: string) => model.score(a, b),
      candidates: (id: string, k: number) => model.candidates(id, k),
      groupSize: 2 as const,
      rounds: 2,
      seed: "same",
      now: 0,
    };
    const slow = planRounds(base);
    const quick = planRounds({ ...base, indexed: model.forMembers(ids) });
    expect(quick.rounds.map((r) => r.groups.map((g) => g.members))).toEqual(
      slow.rounds.map((r) => r.groups.map((g) => g.members)),
    );
  });

  it("still places a member the model has no profile for (scored 0, paired like anyone else)", () => {
    const ids = [...profiles.slice(0, 301).map((p) => p.userId), "stranger"];
    const plan = planRounds({
      members: ids,
      score: (a, b) => model.score(a, b),
      indexed: model.forMembers(ids),
      groupSize: 2,
      rounds: 1,
      seed: 1,
      now: 0,
    });
    const placed = plan.rounds[0]!.groups.flatMap((g) => g.members).sort();
    expect(placed).toEqual([...ids].sort());
    expect(plan.rounds[0]!.unplaced).toEqual([]);
  });

  it("finds the one member who shares two popular interests, among hundreds who share one", () => {
    // 300 members hold "coffee", 300 others "chess"; only "needle" holds both, like "seeker". Sampling each
    // interest's long list would likely miss it; the pair bucket {coffee, chess} holds just the two.
    const crowd = Array.from({ length: 600 }, (_, i) => ({
      userId: `c${i}`,
      displayName: `c${i}`,
      interests: [i < 300 ? "coffee" : "chess"],
      lookingFor: [],
    }));
    const both = { displayName: "x", interests: ["coffee", "chess"], lookingFor: [] };
    const pool = [
      ...crowd.slice(0, 300),
      { ...both, userId: "needle" },
      ...crowd.slice(300),
      { ...both, userId: "seeker" },
    ];
    expect(buildCommonGroundModel(pool).candidates("seeker", 4)[0]).toBe("needle");
  });
});

describe("interest-pair index", () => {
  it("lists every member under each pair of its interests, heaviest pair first", () => {
    // Members 0..3 with interests (feature ids) in a flat record array: [from, to) ranges.
    const rec = Int32Array.from([1, 2, 3, 1, 2, 2, 3, 4, 1, 4]);
    const ranges: [number, number][] = [
      [0, 3],
      [3, 5],
      [5, 8],
      [8, 10],
    ];
    const weight = Float64Array.from([0, 1, 2, 3, 4]);
    const index = buildPairIndex(
      4,
      rec,
      (a) => ranges[a]![0],
      (a) => ranges[a]![1],
      weight,
    );
    const bucketsOf = (a: number) =>
      [...index.memberBuckets.subarray(index.memberStart[a]!, index.memberStart[a + 1]!)].map((b) => ({
        members: [...index.postings.subarray(index.bucketStart[b]!, index.bucketStart[b + 1]!)],
        weight: index.bucketWeight[b],
      }));
    // Member 0 holds {1,2,3}: pairs {2,3} (5), {1,3} (4), {1,2} (3).
    expect(bucketsOf(0)).toEqual([
      { members: [0, 2], weight: 5 },
      { members: [0], weight: 4 },
      { members: [0, 1], weight: 3 },
    ]);
    expect(bucketsOf(3)).toEqual([{ members: [3], weight: 5 }]);
    expect(bucketsOf(2).map((b) => b.weight)).toEqual([7, 6, 5]);
  });
});
