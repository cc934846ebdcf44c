/**
 * Inverted index over pairs of interests: bucket {x, y} lists the members who hold both. A member's best partners
 * share several of its interests, and a pair bucket is far shorter than either interest's own list, so reading a
 * member's pair buckets finds those partners for a fraction of the postings a scan of single interests needs.
 */
export interface PairIndex {
  /** Bucket ids of member a: memberBuckets[memberStart[a] .. memberStart[a + 1]). */
  readonly memberStart: Int32Array;
  readonly memberBuckets: Int32Array;
  /** Members of bucket b, ascending: postings[bucketStart[b] .. bucketStart[b + 1]). */
  readonly bucketStart: Int32Array;
  readonly postings: Int32Array;
  /** What sharing the bucket is worth: the two interests' weights. */
  readonly bucketWeight: Float64Array;
}

/**
 * On a large community pairs are formed among a member's rarest interests only: 4 give 6 buckets where 8 would
 * give 28, each bucket read is a cache miss there, and the same scan budget spread over fewer, rarer buckets finds
 * partners as good. Smaller communities keep every pair: there the index is cheap and every bucket can matter. The
 * pairing bench's 2,000- and 100,000-member pools are where a change to the cap shows.
 */
const pairInterests = (n: number) => (n > 20_000 ? 4 : Number.POSITIVE_INFINITY);

/**
 * Member a's sorted, distinct interest ids are rec[from(a) .. to(a)); `weight` is per feature id (rarer is
 * heavier). Each member's buckets are stored heaviest pair first, the order a candidate search reads them in.
 * Linear in the number of members, and without a hash table: pairs are grouped by their first interest with a
 * counting sort, then numbered by their second through a small array indexed by interest, which costs far less
 * than hashing every pair.
 */
export function buildPairIndex(
  n: number,
  rec: Int32Array,
  from: (a: number) => number,
  to: (a: number) => number,
  weight: Float64Array,
): PairIndex {
  const cap = pairInterests(n);
  const memberStart = new Int32Array(n + 1);
  for (let a = 0; a < n; a++) {
    const k = Math.min(cap, to(a) - from(a));
    memberStart[a + 1] = memberStart[a]! + (k * (k - 1)) / 2;
  }
  const total = memberStart[n]!;
  // Each member's pairs, heaviest first, as (lower id, higher id). Typed scratch: this loop runs once per member.
  const pairLo = new Int32Array(total);
  const pairHi = new Int32Array(total);
  let top = new Int32Array(16);
  let pairWeight = new Float64Array(64);
  for (let a = 0; a < n; a++) {
    // The member's heaviest (rarest) interests, heaviest first (stable: equal weights keep id order).
    const lo = from(a);
    const hi = to(a);
    if (top.length < hi - lo) top = new Int32Array(2 * (hi - lo));
    let size = 0;
    for (let x = lo; x < hi; x++) {
      const f = rec[x]!;
      const wf = weight[f]!;
      let at = size++;
      while (at > 0 && weight[top[at - 1]!]! < wf) {
        top[at] = top[at - 1]!;
        at--;
      }
      top[at] = f;
    }
    size = Math.min(size, cap);
    if (pairWeight.length < (size * (size - 1)) / 2) pairWeight = new Float64Array(size * size);
    // Their pairs, heaviest pair first (insertion sort: a few at most).
    const base = memberStart[a]!;
    let count = 0;
    for (let x = 0; x < size; x++) {
      for (let y = x + 1; y < size; y++) {
        const fx = top[x]!;
        const fy = top[y]!;
        const w = weight[fx]! + weight[fy]!;
        let at = count++;
        while (at > 0 && pairWeight[at - 1]! < w) {
          pairWeight[at] = pairWeight[at - 1]!;
          pairLo[base + at] = pairLo[base + at - 1]!;
          pairHi[base + at] = pairHi[base + at - 1]!;
          at--;
        }
        pairWeight[at] = w;
        pairLo[base + at] = Math.min(fx, fy);
        pairHi[base + at] = Math.max(fx, fy);
      }
    }
  }
  // Number the distinct pairs: slots grouped by their lower interest (counting sort), then within a group by the
  // higher one, remembered per interest with a stamp.
  const features = weight.length;
  const groupStart = new Int32Array(features + 1);
  for (let s = 0; s < total; s++) groupStart[pairLo[s]! + 1]!++;
  for (let f = 0; f < features; f++) groupStart[f + 1]! += groupStart[f]!;
  const fill = groupStart.slice(0, features);
  const grouped = new Int32Array(total);
  for (let s = 0; s < total; s++) grouped[fill[pairLo[s]!]!++] = s;
  const memberBuckets = new Int32Array(total);
  const stamp = new Int32Array(features).fill(-1);
  const bucketOf = new Int32Array(features);
  const weightOf = new Float64Array(total);
  let buckets = 0;
  for (let lo = 0; lo < features; lo++) {
    for (let g = groupStart[lo]!; g < groupStart[lo + 1]!; g++) {
      const s = grouped[g]!;
      const hi = pairHi[s]!;
      if (stamp[hi] !== lo) {
        stamp[hi] = lo;
        bucketOf[hi] = buckets;
        weightOf[buckets++] = weight[lo]! + weight[hi]!;
      }
      memberBuckets[s] = bucketOf[hi]!;
    }
  }
  const bucketStart = new Int32Array(buckets + 1);
  for (let s = 0; s < total; s++) bucketStart[memberBuckets[s]! + 1]!++;
  for (let b = 0; b < buckets; b++) bucketStart[b + 1]! += bucketStart[b]!;
  const bucketFill = bucketStart.slice(0, buckets);
  const postings = new Int32Array(total);
  for (let a = 0; a < n; a++)
    for (let k = memberStart[a]!; k < memberStart[a + 1]!; k++) postings[bucketFill[memberBuckets[k]!]!++] = a;
  const bucketWeight = new Float64Array(buckets);
  bucketWeight.set(weightOf.subarray(0, buckets));
  return { memberStart, memberBuckets, bucketStart, postings, bucketWeight };
}
