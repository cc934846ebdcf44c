import type { PairingContext } from "./context.ts";
import type { Rng } from "./rng.ts";
import { addPair, compareValue, type Value, zeroValue } from "./value.ts";

/** Random slot swaps tried per member when optimising the labelling of the circle. */
const SWAPS_PER_MEMBER = 200;
/** A blocked pair inside a chosen round costs this many fresh pairs: the search pushes blocks out first. */
const BLOCK_PENALTY = 1e6;
/** Caps the labelling search so that large pools stay fast (each swap costs O(n log n)). */
const MAX_SWAPS = 20_000;

/**
 * The circle method (a 1-factorisation of the complete graph on an even count n): slot n-1 stays fixed, the other
 * slots rotate, and over n-1 rounds every two slots meet exactly once. It is the feasibility fallback when planning
 * round by round gets stuck before R rounds: any R <= n-1 rounds of it are repeat-free within the plan.
 *
 * Weights still count: the labelling (which member sits in which slot) is improved by slot swaps so that the R best
 * rounds of the circle carry the most value (no blocked pair, fewest past partners, then score). Returns null when
 * a blocked pair cannot be kept out of the chosen rounds.
 */
export function circlePlan(
  ctx: PairingContext,
  verts: readonly number[],
  rounds: number,
  rng: Rng,
): number[][][] | null {
  const n = verts.length;
  if (n % 2 === 1 || n < 2 || rounds > n - 1) return null;
  const m = n - 1;
  const half = n / 2; // 2 · half ≡ 1 (mod m), so half is the inverse of 2
  const roundOf = (p: number, q: number) => (p === m ? q : q === m ? p : ((p + q) * half) % m);
  const slot = [...verts];
  const pairValue = (p: number, q: number, out: Value, sign: number) => {
    if (!addPair(ctx, out, slot[p]!, slot[q]!, sign)) out[0] -= sign * BLOCK_PENALTY;
  };
  const roundValue: Value[] = Array.from({ length: m }, zeroValue);
  for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) pairValue(p, q, roundValue[roundOf(p, q)]!, 1);

  // Objective: the sum of the `rounds` best round values.
  const objective = (values: readonly Value[]): Value => {
    const best = [...values].sort((x, y) => compareValue(y, x)).slice(0, rounds);
    return best.reduce<Value>((acc, v) => [acc[0] + v[0], acc[1] + v[1], acc[2] + v[2]], zeroValue());
  };
  let current = objective(roundValue);
  const swaps = Math.min(SWAPS_PER_MEMBER * n, MAX_SWAPS);
  for (let s = 0; s < swaps; s++) {
    const i = Math.floor(rng() * n);
    const j = Math.floor(rng() * n);
    if (i === j) continue;
    // Only pairs touching slot i or j change; each lives in a known round.
    const next = roundValue.map((v) => [...v] as Value);
    for (let k = 0; k < n; k++) {
      if (k === i || k === j) continue;
      pairValue(i, k, next[roundOf(i, k)]!, -1);
      pairValue(j, k, next[roundOf(j, k)]!, -1);
    }
    [slot[i], slot[j]] = [slot[j]!, slot[i]!];
    for (let k = 0; k < n; k++) {
      if (k === i || k === j) continue;
      pairValue(i, k, next[roundOf(i, k)]!, 1);
      pairValue(j, k, next[roundOf(j, k)]!, 1);
    }
    const value = objective(next);
    if (compareValue(value, current) > 0) {
      current = value;
      for (let r = 0; r < m; r++) roundValue[r] = next[r]!;
    } else [slot[i], slot[j]] = [slot[j]!, slot[i]!];
  }
  if (current[0] < -BLOCK_PENALTY / 2) return null;
  const chosen = [...roundValue.keys()].sort((x, y) => compareValue(roundValue[y]!, roundValue[x]!)).slice(0, rounds);
  return chosen.map((r) => {
    const groups: number[][] = [[slot[m]!, slot[r]!]];
    for (let i = 1; i < half; i++) groups.push([slot[(r + i) % m]!, slot[(r - i + m) % m]!]);
    return groups;
  });
}
