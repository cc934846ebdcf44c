import { sharedFloat64, sharedInt32 } from "./flat-members.ts";

/**
 * Inverted index over pairs of interests: bucket {x, y} lists the members who hold both. A member's best partners
 * share several of its interests, and a pair bucket is far shorter than either interest's own list (100,000
 * members: ~150,000 buckets of ~8 members on average against ~800 per interest), so reading a member's pair
 * buckets finds those partners for a fraction of the postings a scan of single interests needs.
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
 * give 28, and each bucket read is a cache miss there. On the 100,000-member bench pool 4 build the index twice as
 * fast as 5 and, with the same scan budget spread over fewer buckets, score slightly higher (838,418 against
 * 836,896); 3 lose 3%. Smaller communities keep every pair (on the 2,000-member bench pool the cap costs ~0.2% of
 * the total score).
 */
const pairInterests = (n: number) => (n > 20_000 ? 4 : Number.POSITIVE_INFINITY);

/**
 * `interests(a)` gives the range [from, to) of member a's sorted, distinct interest ids in `rec`; `weight` is per
 * feature id (rarer is heavier). Each member's buckets are stored heaviest pair first, the order a candidate search
 * reads them in. Linear in the number of members. The arrays are shareable between threads (see candidates.ts).
 */
export function buildPairIndex(
  n: number,
  rec: Int32Array,
  interests: (a: number) => readonly [number, number],
  weight: Float64Array,
): PairIndex {
  const cap = pairInterests(n);
  const memberStart = sharedInt32(n + 1);
  for (let a = 0; a < n; a++) {
    const [from, to] = interests(a);
    const k = Math.min(cap, to - from);
    memberStart[a + 1] = memberStart[a]! + (k * (k - 1)) / 2;
  }
  const memberBuckets = sharedInt32(memberStart[n]!);
  const table = new BucketTable();
  const top: number[] = [];
  const pairWeight: number[] = [];
  const pairs: number[] = [];
  for (let a = 0; a < n; a++) {
    const [from, to] = interests(a);
    // The member's heaviest (rarest) interests, heaviest first.
    top.length = 0;
    for (let x = from; x < to; x++) {
      const f = rec[x]!;
      let at = top.length;
      top.push(f);
      while (at > 0 && weight[top[at - 1]!]! < weight[f]!) {
        top[at] = top[at - 1]!;
        at--;
      }
      top[at] = f;
    }
    top.length = Math.min(top.length, cap);
    // Their pairs, heaviest pair first (insertion sort: ten at most).
    pairs.length = 0;
    pairWeight.length = 0;
    for (let x = 0; x < top.length; x++) {
      for (let y = x + 1; y < top.length; y++) {
        const w = weight[top[x]!]! + weight[top[y]!]!;
        const b = table.id(Math.min(top[x]!, top[y]!), Math.max(top[x]!, top[y]!));
        let at = pairs.length;
        pairs.push(b);
        pairWeight.push(w);
        while (at > 0 && pairWeight[at - 1]! < w) {
          pairs[at] = pairs[at - 1]!;
          pairWeight[at] = pairWeight[at - 1]!;
          at--;
        }
        pairs[at] = b;
        pairWeight[at] = w;
      }
    }
    memberBuckets.set(pairs, memberStart[a]!);
  }
  const buckets = table.size;
  const bucketStart = sharedInt32(buckets + 1);
  for (const b of memberBuckets) bucketStart[b + 1]!++;
  for (let b = 0; b < buckets; b++) bucketStart[b + 1]! += bucketStart[b]!;
  const fill = bucketStart.slice(0, buckets);
  const postings = sharedInt32(memberBuckets.length);
  for (let a = 0; a < n; a++)
    for (let k = memberStart[a]!; k < memberStart[a + 1]!; k++) postings[fill[memberBuckets[k]!]!++] = a;
  const bucketWeight = sharedFloat64(buckets);
  for (let b = 0; b < buckets; b++) bucketWeight[b] = weight[table.first[b]!]! + weight[table.second[b]!]!;
  return { memberStart, memberBuckets, bucketStart, postings, bucketWeight };
}

/** Open addressing from an ordered id pair (x < y) to a dense bucket id; grows at half load. */
class BucketTable {
  size = 0;
  first = new Int32Array(1024);
  second = new Int32Array(1024);
  private slots = new Int32Array(1 << 12).fill(-1);

  id(x: number, y: number): number {
    let mask = this.slots.length - 1;
    let i = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77)) & mask;
    for (;;) {
      const b = this.slots[i]!;
      if (b === -1) break;
      if (this.first[b] === x && this.second[b] === y) return b;
      i = (i + 1) & mask;
    }
    const b = this.size++;
    if (b === this.first.length) {
      const [f, s] = [new Int32Array(2 * b), new Int32Array(2 * b)];
      f.set(this.first);
      s.set(this.second);
      [this.first, this.second] = [f, s];
    }
    this.first[b] = x;
    this.second[b] = y;
    this.slots[i] = b;
    if (2 * this.size > this.slots.length) {
      this.slots = new Int32Array(2 * this.slots.length).fill(-1);
      mask = this.slots.length - 1;
      for (let c = 0; c < this.size; c++) {
        let j = (Math.imul(this.first[c]!, 0x9e3779b1) ^ Math.imul(this.second[c]!, 0x85ebca77)) & mask;
        while (this.slots[j] !== -1) j = (j + 1) & mask;
        this.slots[j] = c;
      }
    }
    return b;
  }
}
