import type { PairingContext } from "./context.ts";
import { addPair, compareValue, type Value, zeroValue } from "./value.ts";

/** How many other free members one free member looks at when the candidate lists ran dry. */
const REPAIR_SCAN = 256;

/**
 * Near-optimal round matching for large pools: greedy over each member's top candidates (past partners and
 * blocked pairs excluded), heaviest edge first, then pairing of whoever is left over. Local improvement
 * (swaps) runs afterwards on the groups, see improve.ts. Returns mate over positions in `verts`.
 */
export function sparseMatching(ctx: PairingContext, verts: readonly number[]): Int32Array {
  const m = verts.length;
  const local = new Int32Array(ctx.n).fill(-1);
  for (let i = 0; i < m; i++) local[verts[i]!] = i;
  const eu: number[] = [];
  const ev: number[] = [];
  const ew: number[] = [];
  for (let i = 0; i < m; i++) {
    const a = verts[i]!;
    const list = ctx.candidateList(a);
    const scores = ctx.candidateScores(a);
    for (let c = 0; c < list.length; c++) {
      const b = list[c]!;
      const j = local[b]!;
      if (j < 0 || ctx.metAge(a, b) >= 0) continue;
      eu.push(i);
      ev.push(j);
      ew.push(scores[c]!);
    }
  }
  // Stable sort keeps the seeded member order as the tie-break between equal scores.
  const order = Uint32Array.from(ew.keys()).sort((x, y) => ew[y]! - ew[x]!);
  const mate = new Int32Array(m).fill(-1);
  for (const e of order) {
    const u = eu[e]!;
    const v = ev[e]!;
    if (mate[u] === -1 && mate[v] === -1) {
      mate[u] = v;
      mate[v] = u;
    }
  }
  repairFree(ctx, verts, mate);
  return mate;
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
      verts.length <= 2048 ? verts.map((_, i) => i) : ctx.candidateList(verts[u]!).map((b) => local.get(b) ?? -1);
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
