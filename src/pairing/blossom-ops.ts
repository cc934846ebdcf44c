/**
 * State and primitive operations of the blossom algorithm in blossom.ts (labelling, blossom creation and
 * expansion, augmentation), kept apart so that the main primal-dual loop reads on its own.
 */

/** Mutable state of one `maxWeightMatchingWithDuals` run; arrays of size 2n cover vertices and blossoms. */
export type BlossomState = ReturnType<typeof createBlossomState>;

export function createBlossomState(n: number, m: number) {
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
  const allowed = new Uint8Array(m);
  const queue: number[] = [];

  return {
    n,
    mate,
    label,
    labelEnd,
    inBlossom,
    parent,
    childs,
    endps,
    base,
    bestEdge,
    bestEdges,
    unused,
    dual,
    allowed,
    queue,
  };
}

/** The labelling, blossom and augmentation steps over one state (see Galil 1986 for the terms S, T, base). */
export function blossomOps(
  s: BlossomState,
  endpoint: Int32Array,
  weight: Float64Array,
  neighbours: readonly (readonly number[])[],
) {
  const {
    n,
    mate,
    label,
    labelEnd,
    inBlossom,
    parent,
    childs,
    endps,
    base,
    bestEdge,
    bestEdges,
    unused,
    dual,
    allowed,
    queue,
  } = s;
  const n2 = 2 * n;
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

  return { slack, assignLabel, scanBlossom, addBlossom, expandBlossom, augmentMatching };
}
