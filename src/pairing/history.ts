import type { PastGroup } from "./types.ts";

/**
 * Past partners of every present member in compressed, sorted form (a year of weekly history is tens of partners
 * per member): one binary search per lookup, no hashing of pair keys.
 */
export interface HistoryIndex {
  /** When a and b last met (epoch ms), or undefined. */
  lastMet(a: number, b: number): number | undefined;
  /** Distinct past partners per member. */
  readonly partners: Int32Array;
}

export function buildHistoryIndex(
  n: number,
  history: readonly PastGroup[],
  index: { get(id: string): number | undefined },
): HistoryIndex {
  // Ids are resolved once into one flat array (per-group arrays over a large community's year of groups would keep
  // the garbage collector busy), then pairs are counted and filled in compressed form.
  const groupStart = new Int32Array(history.length + 1);
  let total = 0;
  for (let g = 0; g < history.length; g++) total += history[g]!.members.length;
  const flat = new Int32Array(total);
  let len = 0;
  for (let g = 0; g < history.length; g++) {
    const members = history[g]!.members;
    const from = len;
    for (let k = 0; k < members.length; k++) {
      const i = index.get(members[k]!);
      if (i === undefined) continue;
      let dup = false;
      for (let y = from; y < len; y++) if (flat[y] === i) dup = true;
      if (!dup) flat[len++] = i;
    }
    groupStart[g + 1] = len;
  }
  const start = new Int32Array(n + 1);
  for (let g = 0; g < history.length; g++) {
    const size = groupStart[g + 1]! - groupStart[g]!;
    for (let x = groupStart[g]!; x < groupStart[g + 1]!; x++) start[flat[x]! + 1]! += size - 1;
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const partnerOf = new Int32Array(start[n]!);
  const atOf = new Float64Array(start[n]!);
  for (let g = 0; g < history.length; g++) {
    const at = history[g]!.at;
    for (let x = groupStart[g]!; x < groupStart[g + 1]!; x++) {
      for (let y = groupStart[g]!; y < groupStart[g + 1]!; y++) {
        if (x === y) continue;
        const a = flat[x]!;
        partnerOf[fill[a]!] = flat[y]!;
        atOf[fill[a]!++] = at;
      }
    }
  }
  // Insertion-sort each member's slice by partner (slices are short), then keep the latest meeting per partner.
  const end = new Int32Array(n);
  const partners = new Int32Array(n);
  for (let a = 0; a < n; a++) {
    const lo = start[a]!;
    const hi = start[a + 1]!;
    for (let i = lo + 1; i < hi; i++) {
      const p = partnerOf[i]!;
      const t = atOf[i]!;
      let j = i - 1;
      while (j >= lo && (partnerOf[j]! > p || (partnerOf[j] === p && atOf[j]! < t))) {
        partnerOf[j + 1] = partnerOf[j]!;
        atOf[j + 1] = atOf[j]!;
        j--;
      }
      partnerOf[j + 1] = p;
      atOf[j + 1] = t;
    }
    let w = lo;
    for (let i = lo; i < hi; i++) {
      if (w > lo && partnerOf[w - 1] === partnerOf[i]) continue; // same partner, older meeting
      partnerOf[w] = partnerOf[i]!;
      atOf[w++] = atOf[i]!;
    }
    end[a] = w;
    partners[a] = w - lo;
  }
  const lastMet = (a: number, b: number): number | undefined => {
    let lo = start[a]!;
    let hi = end[a]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = partnerOf[mid]!;
      if (p === b) return atOf[mid]!;
      if (p < b) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  return { lastMet, partners };
}
