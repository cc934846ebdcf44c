import { type Edge, maxWeightMatching } from "./blossom.ts";
import { AGE_LEVELS, type PairingContext } from "./context.ts";

/** Up to this many members a round is solved exactly (dense blossom); above it the sparse heuristic runs. */
export const EXACT_LIMIT = 300;

/**
 * Exact round matching over `verts`: maximum cardinality first (nobody left out unless blocks force it), then
 * fewest repeats, then the oldest repeats, then the highest score. The lexicographic rule is folded into one
 * integer weight per edge with tiers wide enough that a lower rule can never outweigh a higher one; integers keep
 * the blossom's dual arithmetic exact. Returns mate over positions in `verts` (-1 = unmatched).
 */
export function exactMatching(ctx: PairingContext, verts: readonly number[]): Int32Array {
  const m = verts.length;
  const pairs: [number, number, number, number][] = []; // i, j, age, score
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const a = verts[i]!;
      const b = verts[j]!;
      if (!ctx.blocked(a, b)) pairs.push([i, j, ctx.metAge(a, b), ctx.score(a, b)]);
    }
  }
  return lexMatching(m, pairs);
}

/**
 * Exact lexicographic matching over explicit pairs [i, j, age (-1 = never met), score] on positions 0..m-1.
 * Dense for `exactMatching`; kept separate so a caller can pass a sparse pair list.
 */
export function lexMatching(m: number, pairs: readonly (readonly [number, number, number, number])[]): Int32Array {
  let maxScore = 0;
  for (const p of pairs) if (p[3] > maxScore) maxScore = p[3];
  // K edges at most in a matching; each tier must exceed K times everything below it.
  const K = Math.floor(m / 2) + 1;
  const levels = AGE_LEVELS + 1;
  const Q = Math.max(1, Math.min(1e6, Math.floor(2 ** 50 / (4 * K ** 3 * levels))));
  const A = K * Q + 1;
  const T = K * (AGE_LEVELS * A + Q) + 1;
  const edges: Edge[] = pairs.map(([i, j, age, s]) => {
    const q = maxScore > 0 ? Math.round((s / maxScore) * Q) : 0;
    return [i, j, (age < 0 ? T : age * A) + q];
  });
  return maxWeightMatching(m, edges, true);
}
