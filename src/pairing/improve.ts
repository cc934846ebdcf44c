import type { PairingContext } from "./context.ts";
import { compareValue, groupValue, groupValueInto, type Value } from "./value.ts";

const ZERO: Value = [0, 0, 0];

/** Value of the pair (a, b) when its score is known; null when blocked. */
function knownPair(ctx: PairingContext, a: number, b: number, score: number): Value | null {
  if (ctx.blocked(a, b)) return null;
  const age = ctx.metAge(a, b);
  return age < 0 ? [1, 0, score] : [0, age, score];
}

/**
 * Local improvement by member swaps between two groups (for pairs this is the classic 2-opt: (a,b)+(c,d) →
 * (a,c)+(b,d)). A swap is kept only when it raises the lexicographic value (fewer repeats, older repeats, more
 * score) and never when it would put a blocked pair together. Group sizes never change.
 *
 * `neighbours(a)` bounds the search: everyone for small pools, a's candidate list for large ones (then with
 * `neighbourScores`, and sorted by score, highest first).
 */
export function improveGroups(
  ctx: PairingContext,
  groups: number[][],
  neighbours: (a: number) => ArrayLike<number>,
  maxPasses: number,
  neighbourScores: ((a: number) => ArrayLike<number>) | null = null,
  deadline = Number.POSITIVE_INFINITY,
): void {
  // Group of each member and each group's value as three typed columns (fresh, age, score): the swap loop below
  // runs ~K times per member per pass, so it allocates nothing on the common pair/pair path.
  const groupOf = new Int32Array(ctx.n).fill(-1);
  const G = groups.length;
  const vFresh = new Float64Array(G);
  const vAge = new Float64Array(G);
  const vScore = new Float64Array(G);
  for (let i = 0; i < G; i++) {
    for (const a of groups[i]!) groupOf[a] = i;
    const v = groupValue(ctx, groups[i]!) ?? [0, 0, Number.NEGATIVE_INFINITY];
    vFresh[i] = v[0];
    vAge[i] = v[1];
    vScore[i] = v[2];
  }
  const g2 = [0, 0, 0];
  const h2 = [0, 0, 0];
  const v1: Value = [0, 0, 0];
  const v2: Value = [0, 0, 0];
  const delta: Value = [0, 0, 0];
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    for (let gi = 0; gi < G; gi++) {
      if (performance.now() > deadline) return;
      for (let ai = 0; ai < groups[gi]!.length; ai++) {
        const a = groups[gi]![ai]!;
        const list = neighbours(a);
        const scores = neighbourScores?.(a) ?? null;
        trySwaps: for (let ci = 0; ci < list.length; ci++) {
          const c = list[ci]!;
          const hj = groupOf[c]!;
          if (hj < 0 || hj === gi) continue;
          const g = groups[gi]!;
          // 2-opt filter for large pools: a fresh pair is only worth breaking for a stronger edge from a, and the
          // candidate lists are sorted by score, so the rest of a's list cannot help either.
          if (scores && g.length === 2 && vFresh[gi] === 1 && scores[ci]! <= vScore[gi]!) break;
          const h = groups[hj]!;
          if (g.length === 2 && h.length === 2) {
            // Pair/pair 2-opt, (a,x)+(c,d) → (a,c)+(x,d), on scalars.
            const x = g[0] === a ? g[1]! : g[0]!;
            const d = h[0] === c ? h[1]! : h[0]!;
            if (ctx.blocked(a, c) || ctx.blocked(x, d)) continue;
            const age1 = ctx.metAge(a, c);
            const age2 = ctx.metAge(x, d);
            const f = (age1 < 0 ? 1 : 0) + (age2 < 0 ? 1 : 0) - vFresh[gi]! - vFresh[hj]!;
            if (f < 0) continue;
            const ag = Math.max(age1, 0) + Math.max(age2, 0) - vAge[gi]! - vAge[hj]!;
            if (f === 0 && ag < 0) continue;
            const s1 = scores ? scores[ci]! : ctx.score(a, c);
            const s2 = ctx.score(x, d);
            if (f === 0 && ag === 0) {
              const ds = s1 + s2 - vScore[gi]! - vScore[hj]!;
              if (ds <= 0 || Math.abs(ds) <= 1e-9 * (Math.abs(ds) + 1e-12)) continue;
            }
            groups[gi] = g[0] === a ? [a, c] : [c, a];
            groups[hj] = h[0] === c ? [x, d] : [d, x];
            vFresh[gi] = age1 < 0 ? 1 : 0;
            vAge[gi] = Math.max(age1, 0);
            vScore[gi] = s1;
            vFresh[hj] = age2 < 0 ? 1 : 0;
            vAge[hj] = Math.max(age2, 0);
            vScore[hj] = s2;
            groupOf[c] = gi;
            groupOf[x] = hj;
            improved = true;
            break;
          }
          // Bring c next to a by sending one of a's current partners x to c's group (scratch arrays: this is the
          // innermost loop of a trio round's swaps).
          for (let xi = 0; xi < g.length; xi++) {
            const x = g[xi]!;
            // Moving someone in or out of a trio must not undo the trio rotation.
            if (x === a || (g.length !== h.length && ctx.trioCount[x] !== ctx.trioCount[c])) continue;
            for (let y = 0; y < g.length; y++) g2[y] = g[y] === x ? c : g[y]!;
            for (let y = 0; y < h.length; y++) h2[y] = h[y] === c ? x : h[y]!;
            // For a pair the new edge (a, c) is a candidate edge whose score is already known.
            if (scores && g.length === 2) {
              const known = knownPair(ctx, a, c, scores[ci]!);
              if (!known) continue;
              [v1[0], v1[1], v1[2]] = known;
            } else if (!groupValueInto(ctx, g2, g.length, v1)) continue;
            if (!groupValueInto(ctx, h2, h.length, v2)) continue;
            delta[0] = v1[0] + v2[0] - vFresh[gi]! - vFresh[hj]!;
            delta[1] = v1[1] + v2[1] - vAge[gi]! - vAge[hj]!;
            delta[2] = v1[2] + v2[2] - vScore[gi]! - vScore[hj]!;
            if (compareValue(delta, ZERO) <= 0) continue;
            groups[gi] = g2.slice(0, g.length);
            groups[hj] = h2.slice(0, h.length);
            [vFresh[gi], vAge[gi], vScore[gi]] = v1;
            [vFresh[hj], vAge[hj], vScore[hj]] = v2;
            groupOf[c] = gi;
            groupOf[x] = hj;
            improved = true;
            break trySwaps;
          }
        }
      }
    }
    if (!improved) return;
  }
}
