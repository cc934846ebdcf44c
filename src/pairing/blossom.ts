/**
 * Exact maximum-weight matching in a general graph: Edmonds' blossom method with the primal-dual scheme as
 * described by Galil ("Efficient algorithms for finding maximum matching in graphs", 1986), O(n^3).
 *
 * Why our own: the pairing rules depend on `maxCardinality` being honoured (everybody placed first, weight second),
 * and one popular npm package silently ignores that flag. This implementation is checked against brute force in
 * test/unit/pairing/blossom.test.ts.
 *
 * Pass integer weights (|w| < 2^50) and every dual value stays an exact integer: the caller in `exact.ts` scales
 * scores to integers for that reason. Vertex duals are stored doubled (dual[v] = 2·u(v)), as in Galil's paper.
 */

/** One undirected edge: [u, v, weight] with u !== v, 0 <= u, v < n; at most one edge per pair. */
import { blossomOps, createBlossomState } from "./blossom-ops.ts";

export type Edge = readonly [number, number, number];

/**
 * Returns `mate` where mate[v] is v's partner or -1. With `maxCardinality`, only matchings of maximum size are
 * considered, and among those the heaviest is returned.
 */
export function maxWeightMatching(n: number, edges: readonly Edge[], maxCardinality = false): Int32Array {
  return maxWeightMatchingWithDuals(n, edges, maxCardinality).mate;
}

/**
 * Same as `maxWeightMatching`, plus the final vertex duals u(v) (halved back from the internal doubled form).
 * Without `maxCardinality` they certify optimality beyond the given edges: if u(i) + u(j) >= w(i,j) holds for an
 * edge that was left out, adding it cannot improve the matching (LP duality). The offline optimum in bench/data
 * is computed this way: solve on candidate edges, add violated edges, repeat until none.
 */
export function maxWeightMatchingWithDuals(
  n: number,
  edges: readonly Edge[],
  maxCardinality = false,
): { mate: Int32Array; vertexDual: Float64Array } {
  const result = new Int32Array(n).fill(-1);
  const m = edges.length;
  if (m === 0) return { mate: result, vertexDual: new Float64Array(n) };
  // Endpoint p belongs to edge p >> 1; endpoint[p] is its vertex, p ^ 1 is the other end.
  const endpoint = new Int32Array(2 * m);
  const weight = new Float64Array(m);
  const neighbours: number[][] = Array.from({ length: n }, () => []);
  let maxWeight = 0;
  for (let k = 0; k < m; k++) {
    const [i, j, w] = edges[k]!;
    endpoint[2 * k] = i;
    endpoint[2 * k + 1] = j;
    weight[k] = w;
    neighbours[i]!.push(2 * k + 1);
    neighbours[j]!.push(2 * k);
    if (w > maxWeight) maxWeight = w;
  }
  // The same lists flat, for the scan below (the hottest loop): adj[adjStart[v] .. adjStart[v + 1]) in insertion order.
  const adjStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) adjStart[v + 1] = adjStart[v]! + neighbours[v]!.length;
  const adj = new Int32Array(2 * m);
  for (let v = 0; v < n; v++) adj.set(neighbours[v]!, adjStart[v]!);
  const s = createBlossomState(n, m);
  s.dual.fill(maxWeight, 0, n);
  const { mate, label, labelEnd, inBlossom, parent, base, bestEdge, bestEdges, dual, allowed, queue } = s;
  const n2 = 2 * n;
  const { slack, assignLabel, scanBlossom, addBlossom, expandBlossom, augmentMatching } = blossomOps(
    s,
    endpoint,
    weight,
    neighbours,
  );

  for (let stage = 0; stage < n; stage++) {
    label.fill(0);
    bestEdge.fill(-1);
    for (let b = n; b < n2; b++) bestEdges[b] = null;
    allowed.fill(0);
    queue.length = 0;
    for (let v = 0; v < n; v++) if (mate[v] === -1 && label[inBlossom[v]!] === 0) assignLabel(v, 1, -1);
    let augmented = false;
    for (;;) {
      while (queue.length > 0 && !augmented) {
        const v = queue.pop()!;
        const end = adjStart[v + 1]!;
        for (let x = adjStart[v]!; x < end; x++) {
          const p = adj[x]!;
          const k = p >> 1;
          const w = endpoint[p]!;
          const bw = inBlossom[w]!;
          if (inBlossom[v] === bw) continue;
          let kslack = 0;
          if (!allowed[k]) {
            kslack = dual[v]! + dual[w]! - 2 * weight[k]!;
            if (kslack <= 0) allowed[k] = 1;
          }
          if (allowed[k]) {
            if (label[bw] === 0) assignLabel(w, 2, p ^ 1);
            else if (label[bw] === 1) {
              const found = scanBlossom(v, w);
              if (found >= 0) addBlossom(found, k);
              else {
                augmentMatching(k);
                augmented = true;
                break;
              }
            } else if (label[w] === 0) {
              label[w] = 2;
              labelEnd[w] = p ^ 1;
            }
          } else if (label[bw] === 1) {
            const bv = inBlossom[v]!;
            if (bestEdge[bv] === -1 || kslack < slack(bestEdge[bv]!)) bestEdge[bv] = k;
          } else if (label[w] === 0) {
            if (bestEdge[w] === -1 || kslack < slack(bestEdge[w]!)) bestEdge[w] = k;
          }
        }
      }
      if (augmented) break;

      // No augmenting path on tight edges: move the duals by the largest safe delta.
      let type = -1;
      let delta = 0;
      let dEdge = -1;
      let dBlossom = -1;
      if (!maxCardinality) {
        type = 1;
        delta = Number.POSITIVE_INFINITY;
        for (let v = 0; v < n; v++) if (dual[v]! < delta) delta = dual[v]!;
      }
      for (let v = 0; v < n; v++) {
        if (label[inBlossom[v]!] === 0 && bestEdge[v] !== -1) {
          const d = slack(bestEdge[v]!);
          if (type === -1 || d < delta) [delta, type, dEdge] = [d, 2, bestEdge[v]!];
        }
      }
      for (let b = 0; b < n2; b++) {
        if (parent[b] === -1 && label[b] === 1 && bestEdge[b] !== -1) {
          const d = slack(bestEdge[b]!) / 2;
          if (type === -1 || d < delta) [delta, type, dEdge] = [d, 3, bestEdge[b]!];
        }
      }
      for (let b = n; b < n2; b++) {
        if (base[b]! >= 0 && parent[b] === -1 && label[b] === 2 && (type === -1 || dual[b]! < delta)) {
          [delta, type, dBlossom] = [dual[b]!, 4, b];
        }
      }
      if (type === -1) {
        // Max-cardinality optimum reached; a last update keeps the duals verifiable.
        type = 1;
        delta = Number.POSITIVE_INFINITY;
        for (let v = 0; v < n; v++) if (dual[v]! < delta) delta = dual[v]!;
        delta = Math.max(0, delta);
      }
      for (let v = 0; v < n; v++) {
        const l = label[inBlossom[v]!];
        if (l === 1) dual[v]! -= delta;
        else if (l === 2) dual[v]! += delta;
      }
      for (let b = n; b < n2; b++) {
        if (base[b]! >= 0 && parent[b] === -1) {
          if (label[b] === 1) dual[b]! += delta;
          else if (label[b] === 2) dual[b]! -= delta;
        }
      }
      if (type === 1) break;
      if (type === 2) {
        allowed[dEdge] = 1;
        let i = endpoint[2 * dEdge]!;
        if (label[inBlossom[i]!] === 0) i = endpoint[2 * dEdge + 1]!;
        queue.push(i);
      } else if (type === 3) {
        allowed[dEdge] = 1;
        queue.push(endpoint[2 * dEdge]!);
      } else expandBlossom(dBlossom, false);
    }
    if (!augmented) break;
    for (let b = n; b < n2; b++) {
      if (parent[b] === -1 && base[b]! >= 0 && label[b] === 1 && dual[b] === 0) expandBlossom(b, true);
    }
  }
  for (let v = 0; v < n; v++) if (mate[v]! >= 0) result[v] = endpoint[mate[v]!]!;
  return { mate: result, vertexDual: dual.slice(0, n).map((d) => d / 2) };
}
