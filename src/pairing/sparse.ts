import { type Adjacency, auctionMatching, buildAdjacency } from "./auction.ts";
import type { PairingContext } from "./context.ts";
import { addPair, compareValue, type Value, zeroValue } from "./value.ts";

/** How many other free members one free member looks at when the candidate lists ran dry. */
const REPAIR_SCAN = 12;

/**
 * Near-optimal round matching for large pools: an auction over each member's top candidates (past partners and
 * blocked pairs excluded, see auction.ts), then alternating paths for stranded members, then pairing of whoever
 * is left over. Local improvement (swaps) runs afterwards on the groups, see improve.ts. How close this comes to
 * the exact optimum, and to greedy on the same lists, is what the pairing bench reports.
 * Returns mate over positions in `verts`.
 */
export function sparseMatching(ctx: PairingContext, verts: readonly number[]): Int32Array {
  const m = verts.length;
  const local = new Int32Array(ctx.n).fill(-1);
  for (let i = 0; i < m; i++) local[verts[i]!] = i;
  ctx.prepareCandidates();
  let total = 0;
  for (let i = 0; i < m; i++) total += ctx.candidateCount(verts[i]!);
  const eu = new Int32Array(total);
  const ev = new Int32Array(total);
  const ew = new Float64Array(total);
  const { K, candTo, candW } = ctx;
  let e = 0;
  for (let i = 0; i < m; i++) {
    const a = verts[i]!;
    const end = a * K + ctx.candidateCount(a);
    for (let c = a * K; c < end; c++) {
      const b = candTo[c]!;
      const j = local[b]!;
      if (j < 0 || ctx.metAge(a, b) >= 0) continue;
      eu[e] = i;
      ev[e] = j;
      ew[e++] = candW[c]!;
    }
  }
  const adj = buildAdjacency(m, eu.subarray(0, e), ev.subarray(0, e), ew.subarray(0, e));
  const { mate, mateW } = auctionMatching(adj);
  augmentFree(adj, mate, mateW);
  repairFree(ctx, verts, mate);
  return mate;
}

/**
 * Alternating-path length bound (matched edges crossed) and work bound per free member. Above 20,000 members the
 * auction leaves many more members free, and a smaller budget per member finds paths as good in far less time.
 */
const AUGMENT_DEPTH = 3;
const augmentBudget = (m: number) => (m <= 20_000 ? 600 : 150);

/**
 * Greedy strands members whose candidates were all taken. Before pairing them at random, look for alternating
 * paths on candidate edges, u–c=d–e=f…–z with z free, and flip the one that loses the least weight: both ends get
 * a candidate partner. This is what closes most of the gap between greedy and the exact optimum.
 */
function augmentFree(adj: Adjacency, mate: Int32Array, mateW: Float64Array): void {
  const m = mate.length;
  const onPath = new Uint8Array(m);
  const path: number[] = [];
  let best: number[] | null = null;
  let bestGain = Number.NEGATIVE_INFINITY;
  let work = 0;
  const budget = augmentBudget(m);
  const dfs = (x: number, root: number, gain: number, depth: number): void => {
    for (let k = adj.start[x]!; k < adj.start[x + 1]! && work < budget; k++) {
      work++;
      const c = adj.to[k]!;
      if (onPath[c] || c === root) continue;
      const d = mate[c]!;
      if (d === -1) {
        if (gain + adj.w[k]! > bestGain) [bestGain, best] = [gain + adj.w[k]!, [...path, x, c]];
      } else if (depth < AUGMENT_DEPTH && !onPath[d]) {
        onPath[c] = onPath[d] = 1;
        path.push(x, c);
        dfs(d, root, gain + adj.w[k]! - mateW[c]!, depth + 1);
        path.length -= 2;
        onPath[c] = onPath[d] = 0;
      }
    }
  };
  for (let u = 0; u < m; u++) {
    if (mate[u] !== -1) continue;
    best = null;
    bestGain = Number.NEGATIVE_INFINITY;
    work = 0;
    onPath[u] = 1;
    dfs(u, u, 0, 0);
    onPath[u] = 0;
    if (!best || bestGain <= 0) continue;
    // best = [u, c1, d1, c2, d2, ..., z]: pair (u,c1), (d1,c2), ..., the last two.
    const p: number[] = best;
    for (let i = 0; i + 1 < p.length; i += 2) {
      const a = p[i]!;
      const b = p[i + 1]!;
      mate[a] = b;
      mate[b] = a;
    }
    for (let i = 0; i + 1 < p.length; i += 2) {
      const a = p[i]!;
      for (let k = adj.start[a]!; k < adj.start[a + 1]!; k++)
        if (adj.to[k] === p[i + 1]) mateW[a] = mateW[p[i + 1]!] = adj.w[k]!;
    }
  }
}

/**
 * Pairs members the greedy pass left single: first with each other (fresh pairs first, then the oldest repeat,
 * then score), then by re-pairing a neighbour's partner: (u,c) + (d,w) replaces (c,d) when u and w are free.
 */
function repairFree(ctx: PairingContext, verts: readonly number[], mate: Int32Array): void {
  const m = verts.length;
  let free: number[] = [];
  for (let i = 0; i < m; i++) if (mate[i] === -1) free.push(i);
  for (let x = 0; x < free.length; x++) {
    const u = free[x]!;
    if (mate[u] !== -1) continue;
    let best = -1;
    let bestValue: Value | null = null;
    let scanned = 0;
    for (let y = x + 1; y < free.length && scanned < REPAIR_SCAN; y++) {
      const v = free[y]!;
      if (mate[v] !== -1) continue;
      scanned++;
      const value = zeroValue();
      if (!addPair(ctx, value, verts[u]!, verts[v]!)) continue;
      if (!bestValue || compareValue(value, bestValue) > 0) [best, bestValue] = [v, value];
    }
    if (best >= 0) {
      mate[u] = best;
      mate[best] = u;
    }
  }
  free = free.filter((u) => mate[u] === -1);
  if (free.length < 2) return;
  // Blocks left some members without a free partner: route through one matched pair (augmenting path of length 3).
  const local = new Map<number, number>();
  for (let i = 0; i < m; i++) local.set(verts[i]!, i);
  for (const u of free) {
    if (mate[u] !== -1) continue;
    const neighbours =
      verts.length <= 2048
        ? verts.map((_, i) => i)
        : Array.from(ctx.candidateList(verts[u]!), (b) => local.get(b) ?? -1);
    search: for (const c of neighbours) {
      const d = c >= 0 ? mate[c]! : -1;
      if (d < 0 || c === u || ctx.blocked(verts[u]!, verts[c]!)) continue;
      for (const w of free) {
        if (w === u || mate[w] !== -1 || ctx.blocked(verts[d]!, verts[w]!)) continue;
        mate[u] = c;
        mate[c] = u;
        mate[d] = w;
        mate[w] = d;
        break search;
      }
    }
  }
}
