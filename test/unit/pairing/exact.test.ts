import { describe, expect, it } from "vitest";
import { maxWeightMatching } from "../../../src/pairing/blossom.ts";
import { AGE_LEVELS } from "../../../src/pairing/context.ts";
import { lexMatching, type PairList } from "../../../src/pairing/exact.ts";
import { createRng } from "../../../src/pairing/rng.ts";

/** A pool's allowed pairs: some blocked, some met (at a random age), scores with many ties (0 and repeats). */
function randomPairs(m: number, seed: string): PairList {
  const rng = createRng(seed);
  const i: number[] = [];
  const j: number[] = [];
  const age: number[] = [];
  const score: number[] = [];
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      if (rng() < 0.05) continue;
      i.push(a);
      j.push(b);
      age.push(rng() < 0.3 ? Math.floor(rng() * (AGE_LEVELS + 1)) : -1);
      score.push(rng() < 0.3 ? 0 : Math.floor(rng() * 20) / 4);
    }
  }
  return { i: Int32Array.from(i), j: Int32Array.from(j), age: Int32Array.from(age), score: Float64Array.from(score) };
}

/**
 * A pool where every member's heaviest pairs are with a few popular members (never met, high scores) while everyone
 * else has met before: most members must be paired through pairs far down their own lists.
 */
function hubPairs(m: number, hubs: number, seed: string): PairList {
  const rng = createRng(seed);
  const list: [number, number, number, number][] = [];
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      if (a < hubs) list.push([a, b, -1, 10 + rng()]);
      else list.push([a, b, Math.floor(rng() * (AGE_LEVELS + 1)), Math.floor(rng() * 8) / 2]);
    }
  }
  return {
    i: Int32Array.from(list, (p) => p[0]),
    j: Int32Array.from(list, (p) => p[1]),
    age: Int32Array.from(list, (p) => p[2]),
    score: Float64Array.from(list, (p) => p[3]),
  };
}

/** The rule's value of a matching: [pairs, fresh pairs, age of repeats, score], compared lexicographically. */
function value(pairs: PairList, mate: Int32Array): number[] {
  const v = [0, 0, 0, 0];
  for (let e = 0; e < pairs.i.length; e++) {
    if (mate[pairs.i[e]!] !== pairs.j[e]) continue;
    v[0]!++;
    if (pairs.age[e]! < 0) v[1]!++;
    else v[2]! += pairs.age[e]!;
    v[3]! += pairs.score[e]!;
  }
  return v;
}

/** The rule solved over every pair at once: maximum cardinality, then the same tiers (repeats, age, score). */
function denseOptimum(m: number, pairs: PairList): Int32Array {
  const K = Math.floor(m / 2) + 1;
  const Q = 1000;
  const A = K * Q + 1;
  const T = K * (AGE_LEVELS * A + Q) + 1;
  const edges = Array.from(pairs.i, (a, e) => {
    const age = pairs.age[e]!;
    return [a, pairs.j[e]!, (age < 0 ? T : age * A) + pairs.score[e]! * 4] as const;
  });
  return maxWeightMatching(m, edges, true);
}

describe("exact round matching", () => {
  it("finds a matching as good as the blossom over every pair, on pools with blocks, repeats and tied scores", () => {
    for (const m of [7, 30, 61, 120]) {
      for (let s = 0; s < 4; s++) {
        const pairs = randomPairs(m, `exact-${m}-${s}`);
        const mate = lexMatching(m, pairs);
        for (let v = 0; v < m; v++) if (mate[v]! >= 0) expect(mate[mate[v]!]).toBe(v);
        expect(value(pairs, mate)).toEqual(value(pairs, denseOptimum(m, pairs)));
      }
    }
  });

  it("pairs everyone when the optimum lies far from each member's favourite pairs", () => {
    for (const [m, hubs] of [
      [40, 10],
      [91, 12],
    ] as const) {
      const pairs = hubPairs(m, hubs, `hubs-${m}`);
      const mate = lexMatching(m, pairs);
      const best = value(pairs, denseOptimum(m, pairs));
      expect(best[0]).toBe(Math.floor(m / 2));
      expect(value(pairs, mate)).toEqual(best);
    }
  });
});
