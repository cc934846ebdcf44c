import type { PairingContext } from "./context.ts";
import { addValue, compareValue, groupValue, type Value } from "./value.ts";

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
 * `neighbours(a)` bounds the search: everyone for small pools, a's candidate list for large ones.
 */
export function improveGroups(
  ctx: PairingContext,
  groups: number[][],
  neighbours: (a: number) => readonly number[],
  maxPasses: number,
  neighbourScores: ((a: number) => readonly number[]) | null = null,
  deadline = Number.POSITIVE_INFINITY,
): void {
  const groupOf = new Map<number, number>();
  groups.forEach((g, i) => {
    for (const a of g) groupOf.set(a, i);
  });
  const values: Value[] = groups.map((g) => groupValue(ctx, g) ?? [0, 0, Number.NEGATIVE_INFINITY]);
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    for (let gi = 0; gi < groups.length; gi++) {
      if (performance.now() > deadline) return;
      for (let ai = 0; ai < groups[gi]!.length; ai++) {
        const a = groups[gi]![ai]!;
        const list = neighbours(a);
        const scores = neighbourScores?.(a) ?? null;
        trySwaps: for (let ci = 0; ci < list.length; ci++) {
          const c = list[ci]!;
          const hj = groupOf.get(c);
          if (hj === undefined || hj === gi) continue;
          const g = groups[gi]!;
          const own = values[gi]!;
          // 2-opt filter for large pools: a fresh pair is only worth breaking for a stronger edge from a.
          if (scores && g.length === 2 && own[0] === 1 && scores[ci]! <= own[2]) continue;
          const h = groups[hj]!;
          // Bring c next to a by sending one of a's current partners x to c's group.
          for (let xi = 0; xi < g.length; xi++) {
            const x = g[xi]!;
            // Moving someone in or out of a trio must not undo the trio rotation.
            if (x === a || (g.length !== h.length && ctx.trioCount[x] !== ctx.trioCount[c])) continue;
            const g2 = g.map((y) => (y === x ? c : y));
            const h2 = h.map((y) => (y === c ? x : y));
            // For a pair the new edge (a, c) is a candidate edge whose score is already known.
            const v1 = scores && g.length === 2 ? knownPair(ctx, a, c, scores[ci]!) : groupValue(ctx, g2);
            if (!v1) continue;
            const v2 = groupValue(ctx, h2);
            if (!v2) continue;
            const delta = addValue(addValue(addValue([...v1], v2), values[gi]!, -1), values[hj]!, -1);
            if (compareValue(delta, [0, 0, 0]) <= 0) continue;
            groups[gi] = g2;
            groups[hj] = h2;
            values[gi] = v1;
            values[hj] = v2;
            groupOf.set(c, gi);
            groupOf.set(x, hj);
            improved = true;
            break trySwaps;
          }
        }
      }
    }
    if (!improved) return;
  }
}
