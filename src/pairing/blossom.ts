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
  const n2 = 2 * n;
  const mate = new Int32Array(n).fill(-1); // remote endpoint of the matched edge
  const label = new Int32Array(n2); // 0 free, 1 S, 2 T (bit 4 = breadcrumb while scanning)
  const labelEnd = new Int32Array(n2).fill(-1);
  const inBlossom = Int32Array.from({ length: n }, (_, v) => v);
  const parent = new Int32Array(n2).fill(-1);
  const childs: (number[] | null)[] = new Array(n2).fill(null);
  const endps: (number[] | null)[] = new Array(n2).fill(null);
  const base = new Int32Array(n2).fill(-1);
  for (let v = 0; v < n; v++) base[v] = v;
  const bestEdge = new Int32Array(n2).fill(-1);
  const bestEdges: (number[] | null)[] = new Array(n2).fill(null);
  const unused: number[] = [];
  for (let b = n2 - 1; b >= n; b--) unused.push(b);
  const dual = new Float64Array(n2);
  dual.fill(maxWeight, 0, n);
  const allowed = new Uint8Array(m);
  let queue: number[] = [];

  const slack = (k: number): number => dual[endpoint[2 * k]!]! + dual[endpoint[2 * k + 1]!]! - 2 * weight[k]!;
  const leaves = (b: number, out: number[] = []): number[] => {
    if (b < n) out.push(b);
    else for (const c of childs[b]!) leaves(c, out);
    return out;
  };

  const assignLabel = (w: number, t: number, p: number): void => {
    const b = inBlossom[w]!;
    label[w] = label[b] = t;
    labelEnd[w] = labelEnd[b] = p;
    bestEdge[w] = bestEdge[b] = -1;
    if (t === 1) queue.push(...leaves(b));
    else {
      // A T-blossom's base is matched; its mate becomes S.
      const mb = mate[base[b]!]!;
      assignLabel(endpoint[mb]!, 1, mb ^ 1);
    }
  };

  // Walk back from v and w alternately; a shared blossom means a new blossom, none means an augmenting path.
  const scanBlossom = (v0: number, w0: number): number => {
    const path: number[] = [];
    let v = v0;
    let w = w0;
    let found = -1;
    while (v !== -1 || w !== -1) {
      let b = inBlossom[v]!;
      if (label[b]! & 4) {
        found = base[b]!;
        break;
      }
      path.push(b);
      label[b] = 5;
      if (labelEnd[b] === -1) v = -1;
      else {
        v = endpoint[labelEnd[b]!]!;
        b = inBlossom[v]!;
        v = endpoint[labelEnd[b]!]!;
      }
      if (w !== -1) [v, w] = [w, v];
    }
    for (const b of path) label[b] = 1;
    return found;
  };

  const addBlossom = (baseV: number, k: number): void => {
    let v = endpoint[2 * k]!;
    let w = endpoint[2 * k + 1]!;
    const bb = inBlossom[baseV]!;
    let bv = inBlossom[v]!;
    let bw = inBlossom[w]!;
    const b = unused.pop()!;
    base[b] = baseV;
    parent[b] = -1;
    parent[bb] = b;
    const path: number[] = [];
    const eps: number[] = [];
    while (bv !== bb) {
      parent[bv] = b;
      path.push(bv);
      eps.push(labelEnd[bv]!);
      v = endpoint[labelEnd[bv]!]!;
      bv = inBlossom[v]!;
    }
    path.push(bb);
    path.reverse();
    eps.reverse();
    eps.push(2 * k);
    while (bw !== bb) {
      parent[bw] = b;
      path.push(bw);
      eps.push(labelEnd[bw]! ^ 1);
      w = endpoint[labelEnd[bw]!]!;
      bw = inBlossom[w]!;
    }
    childs[b] = path;
    endps[b] = eps;
    label[b] = 1;
    labelEnd[b] = labelEnd[bb]!;
    dual[b] = 0;
    for (const x of leaves(b)) {
      if (label[inBlossom[x]!] === 2) queue.push(x); // former T-vertices become S
      inBlossom[x] = b;
    }
    // Least-slack edge from the new blossom to each neighbouring S-blossom (keeps delta3 cheap).
    const bestTo = new Int32Array(n2).fill(-1);
    for (const sub of path) {
      const lists = bestEdges[sub] ? [bestEdges[sub]] : leaves(sub).map((x) => neighbours[x]!.map((p) => p >> 1));
      for (const list of lists) {
        for (const e of list) {
          let i = endpoint[2 * e]!;
          let j = endpoint[2 * e + 1]!;
          if (inBlossom[j] === b) [i, j] = [j, i];
          const bj = inBlossom[j]!;
          if (bj !== b && label[bj] === 1 && (bestTo[bj] === -1 || slack(e) < slack(bestTo[bj]!))) bestTo[bj] = e;
        }
      }
      bestEdges[sub] = null;
      bestEdge[sub] = -1;
    }
    const list = Array.from(bestTo).filter((e) => e !== -1);
    bestEdges[b] = list;
    bestEdge[b] = -1;
    for (const e of list) if (bestEdge[b] === -1 || slack(e) < slack(bestEdge[b]!)) bestEdge[b] = e;
  };

  const expandBlossom = (b: number, endStage: boolean): void => {
    const cs = childs[b]!;
    for (const s of cs) {
      parent[s] = -1;
      if (s < n) inBlossom[s] = s;
      else if (endStage && dual[s] === 0) expandBlossom(s, endStage);
      else for (const x of leaves(s)) inBlossom[x] = s;
    }
    if (!endStage && label[b] === 2) {
      // Relabel the sub-blossoms on the even path from the entry child to the base.
      const es = endps[b]!;
      const entry = inBlossom[endpoint[labelEnd[b]! ^ 1]!]!;
      let j = cs.indexOf(entry);
      let step: number;
      let trick: number;
      if (j & 1) {
        j -= cs.length;
        step = 1;
        trick = 0;
      } else {
        step = -1;
        trick = 1;
      }
      const at = <T>(arr: readonly T[], i: number): T => arr[i < 0 ? i + arr.length : i]!;
      let p = labelEnd[b]!;
      while (j !== 0) {
        label[endpoint[p ^ 1]!] = 0;
        label[endpoint[at(es, j - trick) ^ trick ^ 1]!] = 0;
        assignLabel(endpoint[p ^ 1]!, 2, p);
        allowed[at(es, j - trick) >> 1] = 1;
        j += step;
        p = at(es, j - trick) ^ trick;
        allowed[p >> 1] = 1;
        j += step;
      }
      const bv = at(cs, j);
      label[endpoint[p ^ 1]!] = label[bv] = 2;
      labelEnd[endpoint[p ^ 1]!] = labelEnd[bv] = p;
      bestEdge[bv] = -1;
      j += step;
      while (at(cs, j) !== entry) {
        const sub = at(cs, j);
        if (label[sub] === 1) {
          j += step;
          continue;
        }
        const reached = leaves(sub).find((x) => label[x] !== 0);
        if (reached !== undefined) {
          label[reached] = 0;
          label[endpoint[mate[base[sub]!]!]!] = 0;
          assignLabel(reached, 2, labelEnd[reached]!);
        }
        j += step;
      }
    }
    label[b] = labelEnd[b] = -1;
    childs[b] = endps[b] = null;
    base[b] = -1;
    bestEdges[b] = null;
    bestEdge[b] = -1;
    unused.push(b);
  };

  // Swap matched and unmatched edges on the alternating path from v to the base of blossom b.
  const augmentBlossom = (b: number, v: number): void => {
    let t = v;
    while (parent[t] !== b) t = parent[t]!;
    if (t >= n) augmentBlossom(t, v);
    const cs = childs[b]!;
    const es = endps[b]!;
    const i = cs.indexOf(t);
    let j = i;
    let step: number;
    let trick: number;
    if (i & 1) {
      j -= cs.length;
      step = 1;
      trick = 0;
    } else {
      step = -1;
      trick = 1;
    }
    const at = <T>(arr: readonly T[], k: number): T => arr[k < 0 ? k + arr.length : k]!;
    while (j !== 0) {
      j += step;
      let s = at(cs, j);
      const p = at(es, j - trick) ^ trick;
      if (s >= n) augmentBlossom(s, endpoint[p]!);
      j += step;
      s = at(cs, j);
      if (s >= n) augmentBlossom(s, endpoint[p ^ 1]!);
      mate[endpoint[p]!] = p ^ 1;
      mate[endpoint[p ^ 1]!] = p;
    }
    childs[b] = [...cs.slice(i), ...cs.slice(0, i)];
    endps[b] = [...es.slice(i), ...es.slice(0, i)];
    base[b] = base[childs[b]![0]!]!;
  };

  const augmentMatching = (k: number): void => {
    for (const [s0, p0] of [
      [endpoint[2 * k]!, 2 * k + 1],
      [endpoint[2 * k + 1]!, 2 * k],
    ] as const) {
      let s = s0;
      let p = p0;
      for (;;) {
        const bs = inBlossom[s]!;
        if (bs >= n) augmentBlossom(bs, s);
        mate[s] = p;
        if (labelEnd[bs] === -1) break;
        const t = endpoint[labelEnd[bs]!]!;
        const bt = inBlossom[t]!;
        s = endpoint[labelEnd[bt]!]!;
        const j = endpoint[labelEnd[bt]! ^ 1]!;
        if (bt >= n) augmentBlossom(bt, j);
        mate[j] = labelEnd[bt]!;
        p = labelEnd[bt]! ^ 1;
      }
    }
  };

  for (let stage = 0; stage < n; stage++) {
    label.fill(0);
    bestEdge.fill(-1);
    for (let b = n; b < n2; b++) bestEdges[b] = null;
    allowed.fill(0);
    queue = [];
    for (let v = 0; v < n; v++) if (mate[v] === -1 && label[inBlossom[v]!] === 0) assignLabel(v, 1, -1);
    let augmented = false;
    for (;;) {
      while (queue.length > 0 && !augmented) {
        const v = queue.pop()!;
        for (const p of neighbours[v]!) {
          const k = p >> 1;
          const w = endpoint[p]!;
          if (inBlossom[v] === inBlossom[w]) continue;
          let kslack = 0;
          if (!allowed[k]) {
            kslack = slack(k);
            if (kslack <= 0) allowed[k] = 1;
          }
          const bw = inBlossom[w]!;
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
