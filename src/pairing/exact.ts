import { type Edge, maxWeightMatchingWithDuals } from "./blossom.ts";
import { AGE_LEVELS, type PairingContext } from "./context.ts";

/** Up to this many members a round is solved exactly (blossom over every allowed pair); above it the sparse heuristic runs. */
export const EXACT_LIMIT = 300;

/**
 * Each member's heaviest edges in the first solve. The optimum of a pool almost always lies on them, so most rounds
 * need one more solve at most; a larger list only makes every solve slower.
 */
const SEED_EDGES = 8;
/** Edges whose dual gap is below this fraction of the worst violation join the next solve too. */
const NEAR = 0.5;

/** Every allowed pair of a round: positions i < j in `verts`, how long ago they met (-1 = never), their score. */
export interface PairList {
  i: Int32Array;
  j: Int32Array;
  age: Int32Array;
  score: Float64Array;
}

/**
 * Exact round matching over `verts`: maximum cardinality first (nobody left out unless blocks force it), then
 * fewest repeats, then the oldest repeats, then the highest score. Returns mate over positions in `verts`
 * (-1 = unmatched).
 */
export function exactMatching(ctx: PairingContext, verts: readonly number[]): Int32Array {
  const m = verts.length;
  const cap = (m * (m - 1)) / 2;
  const pairs: PairList = {
    i: new Int32Array(cap),
    j: new Int32Array(cap),
    age: new Int32Array(cap),
    score: new Float64Array(cap),
  };
  let e = 0;
  for (let i = 0; i < m; i++) {
    const a = verts[i]!;
    for (let j = i + 1; j < m; j++) {
      const b = verts[j]!;
      if (ctx.blocked(a, b)) continue;
      pairs.i[e] = i;
      pairs.j[e] = j;
      pairs.age[e] = ctx.metAge(a, b);
      pairs.score[e] = ctx.score(a, b);
      e++;
    }
  }
  return lexMatching(m, {
    i: pairs.i.subarray(0, e),
    j: pairs.j.subarray(0, e),
    age: pairs.age.subarray(0, e),
    score: pairs.score.subarray(0, e),
  });
}

/**
 * Exact lexicographic matching over `pairs` on positions 0..m-1.
 *
 * The rules are folded into one integer weight per edge, in tiers wide enough that a lower rule can never outweigh
 * a higher one: a matching of K edges at most, so each tier exceeds K times everything below it. The top tier (one
 * per edge) makes the heaviest matching also a largest one, so the plain maximum-weight problem answers the whole
 * rule and its vertex duals certify it. Integers keep the blossom's dual arithmetic exact.
 *
 * A dense pool has m²/2 pairs but its optimum uses few of them, so the blossom first runs on each member's heaviest
 * edges; an edge left out whose weight exceeds its endpoints' duals could improve the matching, so every such edge
 * is added and the solve repeated. When none is left the duals are feasible for every pair, which proves the
 * matching optimal over all of them (LP duality), exactly as if the blossom had run on every pair.
 */
export function lexMatching(m: number, pairs: PairList): Int32Array {
  const count = pairs.i.length;
  let maxScore = 0;
  for (let e = 0; e < count; e++) if (pairs.score[e]! > maxScore) maxScore = pairs.score[e]!;
  const K = Math.floor(m / 2) + 1;
  const levels = AGE_LEVELS + 1;
  const Q = Math.max(1, Math.min(1e6, Math.floor(2 ** 50 / (4 * K ** 3 * levels))));
  const A = K * Q + 1;
  const T = K * (AGE_LEVELS * A + Q) + 1;
  const C = K * (T + Q) + 1;
  const weight = new Float64Array(count);
  for (let e = 0; e < count; e++) {
    const q = maxScore > 0 ? Math.round((pairs.score[e]! / maxScore) * Q) : 0;
    const age = pairs.age[e]!;
    weight[e] = C + (age < 0 ? T : age * A) + q;
  }

  const used = heaviestPerMember(m, pairs, weight, SEED_EDGES);
  const gap = new Float64Array(count);
  for (;;) {
    const edges: Edge[] = [];
    for (let e = 0; e < count; e++) if (used[e]) edges.push([pairs.i[e]!, pairs.j[e]!, weight[e]!]);
    const { mate, vertexDual } = maxWeightMatchingWithDuals(m, edges, false);
    let worst = 0;
    for (let e = 0; e < count; e++) {
      gap[e] = used[e] ? 0 : vertexDual[pairs.i[e]!]! + vertexDual[pairs.j[e]!]! - weight[e]!;
      if (gap[e]! < worst) worst = gap[e]!;
    }
    if (worst === 0) return mate;
    // Besides the violated edges, the ones almost violated: the next solve's duals tend to want them, and one more
    // solve with a few extra edges costs less than a third.
    for (let e = 0; e < count; e++) if (gap[e]! < -worst * NEAR) used[e] = 1;
  }
}

/** Marks each member's `k` heaviest pairs (ties: the earlier pair). */
function heaviestPerMember(m: number, pairs: PairList, weight: Float64Array, k: number): Uint8Array {
  const count = pairs.i.length;
  const top = new Int32Array(m * k).fill(-1);
  const offer = (v: number, e: number) => {
    const base = v * k;
    const w = weight[e]!;
    let at = k;
    while (at > 0 && (top[base + at - 1] === -1 || weight[top[base + at - 1]!]! < w)) at--;
    if (at === k) return;
    for (let x = k - 1; x > at; x--) top[base + x] = top[base + x - 1]!;
    top[base + at] = e;
  };
  for (let e = 0; e < count; e++) {
    offer(pairs.i[e]!, e);
    offer(pairs.j[e]!, e);
  }
  const used = new Uint8Array(count);
  for (const e of top) if (e >= 0) used[e] = 1;
  return used;
}
