/**
 * Upper bounds on the best matching, for pools too large for an exact solver: the LP dual of the assignment
 * relaxation (see `dualBound` in src/pairing/auction.ts), on prices from a fine-grained auction. Any prices give a
 * valid bound; fine prices make it tight. The graph is each member's top candidates (the sparse graph the engine
 * itself searches, but with more partners per member), or every pair when `dense`.
 */
import { auctionMatching, buildAdjacency, dualBound } from "../../src/pairing/auction.ts";
import type { IndexedScoring } from "../../src/pairing/index.ts";

export interface BoundInput {
  n: number;
  scoring: IndexedScoring;
  /** Pairs that may not meet (past partners when a repeat-free round exists, blocks). */
  excluded?: (i: number, j: number) => boolean;
  /** Candidates per member; ignored when `dense`. */
  k?: number;
  dense?: boolean;
}

export function matchingUpperBound({ n, scoring, excluded, k = 24, dense = false }: BoundInput): number {
  const eu: number[] = [];
  const ev: number[] = [];
  const ew: number[] = [];
  const push = (i: number, j: number, w: number) => {
    if (i === j || w <= 0 || excluded?.(i, j)) return;
    eu.push(i);
    ev.push(j);
    ew.push(w);
  };
  if (dense) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) push(i, j, scoring.score(i, j));
  } else {
    const out = new Int32Array(k);
    const scores = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const written = scoring.candidates(i, k, out, scores);
      for (let x = 0; x < written; x++) push(i, out[x]!, scores[x]!);
    }
  }
  const adj = buildAdjacency(n, eu, ev, ew);
  return dualBound(adj, auctionMatching(adj, 1e-5).price);
}

/** Past partners as a lookup over positions, for `excluded`. */
export function pastPairs(ids: readonly string[], history: readonly { members: readonly string[] }[]) {
  const at = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const met = new Set<number>();
  for (const g of history) {
    const idx = g.members.map((id) => at.get(id)).filter((i): i is number => i !== undefined);
    for (const a of idx) for (const b of idx) if (a < b) met.add(a * n + b);
  }
  return (i: number, j: number) => met.has(Math.min(i, j) * n + Math.max(i, j));
}
