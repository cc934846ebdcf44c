/**
 * Auction algorithm (Bertsekas) with ε-scaling on the symmetric assignment relaxation of matching: every member
 * "buys" one partner among its candidates (or itself, worth 0), prices settle who gets whom. Any matching M is an
 * assignment worth 2·w(M), so the relaxation sees the whole pool at once and avoids greedy's trap (two popular
 * members taking each other and stranding the people only they matched well). The assignment's 2-cycles are
 * pairs; longer cycles are split by a small dynamic programme; leftovers go to the repair steps in sparse.ts.
 */

/** Candidate graph in compressed form, both directions, each member's edges heaviest first. */
export interface Adjacency {
  start: Int32Array;
  to: Int32Array;
  w: Float64Array;
}

export function buildAdjacency(
  m: number,
  eu: ArrayLike<number>,
  ev: ArrayLike<number>,
  ew: ArrayLike<number>,
): Adjacency {
  const start = new Int32Array(m + 1);
  for (let e = 0; e < eu.length; e++) {
    start[eu[e]! + 1]!++;
    start[ev[e]! + 1]!++;
  }
  for (let i = 0; i < m; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, m);
  const to = new Int32Array(2 * eu.length);
  const w = new Float64Array(2 * eu.length);
  for (let e = 0; e < eu.length; e++) {
    const u = eu[e]!;
    const v = ev[e]!;
    to[fill[u]!] = v;
    w[fill[u]!++] = ew[e]!;
    to[fill[v]!] = u;
    w[fill[v]!++] = ew[e]!;
  }
  // An edge listed from both ends (a in b's list and b in a's) appears twice in a row; keep one. A duplicate would
  // also make a bidder's second-best value equal its best, so prices would only ever rise by ε (a price war).
  const seen = new Int32Array(m).fill(-1);
  const compact = new Int32Array(m + 1);
  let out = 0;
  for (let i = 0; i < m; i++) {
    const lo = start[i]!;
    const hi = start[i + 1]!;
    compact[i] = out;
    for (let k = lo; k < hi; k++) {
      const j = to[k]!;
      if (seen[j] === i) continue;
      seen[j] = i;
      to[out] = j;
      w[out++] = w[k]!;
    }
  }
  compact[m] = out;
  // Heaviest first within each member (insertion sort, stable: lists are short); the auction relies on it.
  for (let i = 0; i < m; i++) {
    for (let k = compact[i]! + 1; k < compact[i + 1]!; k++) {
      const t = to[k]!;
      const x = w[k]!;
      let at = k;
      while (at > compact[i]! && w[at - 1]! < x) {
        to[at] = to[at - 1]!;
        w[at] = w[at - 1]!;
        at--;
      }
      to[at] = t;
      w[at] = x;
    }
  }
  return { start: compact, to: to.subarray(0, out), w: w.subarray(0, out) };
}

/**
 * Final ε as a fraction of the heaviest edge. The total error is at most m·ε; maxW/min(m, 2000) keeps it near 0.2%
 * of the total on real pools. Above 50,000 members the arrays no longer fit the processor's caches, every bid costs
 * several memory reads, and the two last phases (below maxW/250) cost a large share of the auction's time for a
 * hundredth of a percent of the weight, so the auction stops at maxW/250 there.
 */
export function finalPrecision(m: number): number {
  return m > 50_000 ? 1 / 250 : 1 / Math.min(m, 2000);
}

/**
 * Returns mate (-1 = unmatched), the weight of each member's matched edge, and the final prices (see `dualBound`).
 * `precision` is the final ε as a fraction of the heaviest edge (default: `finalPrecision(m)`); each phase stops
 * with `tail` bidders still unassigned (default: m/256 above 50,000 members, else 0), who are left single.
 */
export function auctionMatching(
  adj: Adjacency,
  precision?: number,
  tail?: number,
): { mate: Int32Array; mateW: Float64Array; price: Float64Array } {
  const m = adj.start.length - 1;
  let maxW = 0;
  for (const x of adj.w) if (x > maxW) maxW = x;
  const price = new Float64Array(m);
  const owner = new Int32Array(m);
  const bought = new Int32Array(m);
  const boughtW = new Float64Array(m);
  const epsMin = Math.max(1e-9, maxW * (precision ?? finalPrecision(m)));
  // A phase ends with the last `tail` bidders unassigned: on a large pool the last few hundred chase each other
  // through long chains of outbidding. Those few go to the alternating-path and repair steps after the auction,
  // which pair them at no measurable loss. m/256 is about where stopping earlier starts to cost total score (the
  // pairing bench's 100,000-member rows show it).
  const stopAt = tail ?? (m > 50_000 ? m >> 8 : 0);
  // Earlier phases only set prices for the next one, which starts over: there the last sixteenth is left out
  // (fewer bids, the same total).
  const earlyStop = stopAt > 0 ? Math.max(stopAt, m >> 4) : 0;
  let eps = Math.max(epsMin, maxW / 50);
  const { start, to, w } = adj;
  // Members waiting to bid; each member is on it at most once (pushed when unassigned), so m slots suffice.
  const stack = new Int32Array(m);
  for (;;) {
    owner.fill(-1);
    bought.fill(-1);
    let top = 0;
    for (let i = m - 1; i >= 0; i--) stack[top++] = i;
    const stop = eps > epsMin ? earlyStop : stopAt;
    while (top > stop) {
      const i = stack[--top]!;
      // Best and second-best net value; buying oneself (staying single) is worth 0 - price.
      let best = i;
      let bestW = 0;
      let v1 = -price[i]!;
      let v2 = Number.NEGATIVE_INFINITY;
      const hi = start[i + 1]!;
      for (let k = start[i]!; k < hi; k++) {
        // Edges are sorted heaviest first and prices never go below 0, so once an edge's weight is at most the
        // second-best value, no later edge can change either value.
        if (w[k]! <= v2) break;
        const j = to[k]!;
        const v = w[k]! - price[j]!;
        if (v > v1) {
          v2 = v1;
          v1 = v;
          best = j;
          bestW = w[k]!;
        } else if (v > v2) v2 = v;
      }
      price[best]! += (v2 === Number.NEGATIVE_INFINITY ? 0 : v1 - v2) + eps;
      const previous = owner[best]!;
      owner[best] = i;
      bought[i] = best;
      boughtW[i] = bestW;
      if (previous >= 0) {
        bought[previous] = -1;
        stack[top++] = previous;
      }
    }
    if (eps <= epsMin) break;
    eps = Math.max(epsMin, eps / 5);
  }
  return { ...splitCycles(bought, boughtW), price };
}

/**
 * Upper bound on the weight of any matching on `adj`, from any prices (weak LP duality of the assignment
 * relaxation): every matching M gives an assignment worth 2·w(M), and every assignment is worth at most
 * Σ_j price_j + Σ_i max(0 − price_i, max_j w_ij − price_j). Tight (within m·ε) on an auction's final prices.
 */
export function dualBound(adj: Adjacency, price: Float64Array): number {
  const m = adj.start.length - 1;
  let total = 0;
  for (let i = 0; i < m; i++) {
    let best = -price[i]!;
    for (let k = adj.start[i]!; k < adj.start[i + 1]!; k++) best = Math.max(best, adj.w[k]! - price[adj.to[k]!]!);
    total += price[i]! + best;
  }
  return total / 2;
}

/**
 * Turns the assignment into pairs: 2-cycles directly, longer cycles and the chains that end at an unassigned bidder
 * (`next` = -1, see `tail`) by the best matching along them.
 */
function splitCycles(next: Int32Array, nextW: Float64Array): { mate: Int32Array; mateW: Float64Array } {
  const m = next.length;
  const mate = new Int32Array(m).fill(-1);
  const mateW = new Float64Array(m);
  const seen = new Uint8Array(m);
  const pair = (a: number, b: number, w: number) => {
    mate[a] = b;
    mate[b] = a;
    mateW[a] = mateW[b] = w;
  };
  // The best matching along walk[from..to] where edge k joins walk[k] and walk[k+1] (dynamic programme).
  const bestAlong = (walk: readonly number[], from: number, to: number) => {
    const f = [0, 0];
    for (let k = from; k <= to; k++) f.push(Math.max(f[f.length - 1]!, f[f.length - 2]! + nextW[walk[k]!]!));
    const chosen: number[] = [];
    for (let k = to; k >= from; ) {
      const i = k - from + 2;
      if (f[i]! !== f[i - 1]!) {
        chosen.push(k);
        k -= 2;
      } else k--;
    }
    return { total: f[f.length - 1]!, chosen };
  };
  // Every bidder is bought by at most one other, so the assignment is disjoint cycles plus chains that start at a
  // bidder nobody bought and end at one who bought nothing. Chains first, from their start.
  const bought = new Uint8Array(m);
  for (let x = 0; x < m; x++) if (next[x]! >= 0) bought[next[x]!] = 1;
  const walk: number[] = [];
  for (let s = 0; s < m; s++) {
    if (bought[s] || seen[s]) continue;
    walk.length = 0;
    for (let x = s; x >= 0 && !seen[x]; x = next[x]!) {
      seen[x] = 1;
      walk.push(x);
    }
    if (walk.length < 2) continue;
    for (const k of bestAlong(walk, 0, walk.length - 2).chosen) pair(walk[k]!, walk[k + 1]!, nextW[walk[k]!]!);
  }
  for (let s = 0; s < m; s++) {
    if (seen[s]) continue;
    walk.length = 0;
    for (let x = s; !seen[x]; x = next[x]!) {
      seen[x] = 1;
      walk.push(x);
    }
    const L = walk.length;
    if (L < 2) continue; // self-assignment: stays single
    if (L === 2) {
      pair(walk[0]!, walk[1]!, nextW[walk[0]!]!);
      continue;
    }
    // Edge k joins walk[k] and walk[k+1]; a matching on the cycle skips edge L-1 or edge 0.
    const a = bestAlong(walk, 0, L - 2);
    const b = bestAlong(walk, 1, L - 1);
    for (const k of (a.total >= b.total ? a : b).chosen) pair(walk[k]!, walk[(k + 1) % L]!, nextW[walk[k]!]!);
  }
  return { mate, mateW };
}
