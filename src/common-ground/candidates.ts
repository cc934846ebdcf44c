import type { IndexedScoring } from "../pairing/types.ts";
import type { FlatMembers } from "./flat-members.ts";
import type { PairIndex } from "./pair-index.ts";

/** Everything a candidate search reads. */
export interface CandidateIndex {
  flat: FlatMembers;
  /** Member indices holding feature f, ascending: postingsAll[postingsStart[f] .. postingsStart[f + 1]). */
  postingsStart: Int32Array;
  postingsAll: Int32Array;
  /** Feature wanted in a partner for each goal bit (mentor → mentee, ...). */
  wanted: Int32Array;
  pairs: PairIndex;
}

/** Scratch space of a search's `candidates` calls (one call at a time). */
interface CandidateScratch {
  tally: Float32Array;
  touched: Int32Array;
  /** The features searched for one member, rarest first. */
  query: Int32Array;
  best: Int32Array;
  /** The posting windows of one search, [from, to) pairs. */
  wins: Int32Array;
  /** The searching member's interest weights by feature id, zero elsewhere (`FlatMembers.scoreMarked`). */
  mark: Float64Array;
  /** Where the pre-reads of postings and records go, so that the compiler keeps them. */
  sink: number;
}

function createScratch(n: number): CandidateScratch {
  // Float32: the tally is read at random, so half the bytes keeps more of it in cache; it only preselects, exact
  // scores order the answer.
  return {
    tally: new Float32Array(n),
    touched: new Int32Array(1024),
    query: new Int32Array(64),
    best: new Int32Array(64),
    wins: new Int32Array(256),
    mark: new Float64Array(0),
    sink: 0,
  };
}

/**
 * Postings read per `candidates` call, per partner asked for: `PAIR_SCAN` from the member's interest-pair buckets
 * (partners sharing two or more interests), `SINGLE_SCAN` from its single features (interests, field, place,
 * wanted goals). Rare lists are read whole; what is left is shared evenly by the commoner ones, read as a window at
 * a member-dependent offset (`windowStart`), so popular tags still spread partners across the community while each
 * call stays O(k). Then the best by tally are scored exactly, k + min(2k, 16) of them: the tally only approximates
 * the score (it misses the place and time-zone exclusivity and the sampled parts of long lists), and on a large
 * community many members tie on it, so rescoring only k would often keep the wrong ones (the pairing bench's large
 * pool shows what a smaller rescore count costs in total score).
 */
const PAIR_SCAN = 12;
const SINGLE_SCAN = 6;
const rescoreCount = (k: number) => k + Math.max(4, Math.min(2 * k, 16));

/**
 * Where a window of `take` postings starts in a list at [lo, lo + len): the whole list when it is that short, else
 * an offset that depends on the searching member (`hash`). One function for both kinds of window: the optimising
 * compiler then sees both kinds of list, so code compiled on a small pool (where a pair bucket always fits its
 * window) still fits a large one.
 */
function windowStart(lo: number, len: number, take: number, hash: number): number {
  return take >= len ? lo : lo + (hash % (len - take + 1));
}

/** Adds `w` to the tally of the members of list[from, to) other than `self`; returns the new count of touched members. */
function tallyRange(
  list: Int32Array,
  from: number,
  to: number,
  w: number,
  self: number,
  tally: Float32Array,
  touched: Int32Array,
  count: number,
): number {
  let c = count;
  for (let i = from; i < to; i++) {
    const m = list[i]!;
    if (m === self) continue;
    if (tally[m] === 0) touched[c++] = m;
    tally[m]! += w;
  }
  return c;
}

/**
 * Up to k likely partners of member `self` (model indices), best first by exact score (ties: lower index first),
 * written into `out` with their scores; returns how many. `scale` multiplies the scan budgets.
 */
export function candidatesAt(
  ix: CandidateIndex,
  scratch: CandidateScratch,
  self: number,
  k: number,
  out: Int32Array,
  outScores: Float64Array,
  scale = 1,
): number {
  if (k <= 0) return 0;
  const { flat, pairs } = ix;
  const weight = flat.weight;
  const pairScan = Math.ceil(PAIR_SCAN * k * scale);
  const singleScan = Math.ceil(SINGLE_SCAN * k * scale);
  if (scratch.touched.length < pairScan + singleScan) scratch.touched = new Int32Array(pairScan + singleScan);
  const { tally, touched } = scratch;
  let count = 0;
  const hash = Math.imul(self, 0x9e3779b1) >>> 1;

  // The windows to read, all chosen before any is tallied: pair buckets (heaviest pair first, as stored), then
  // single features (rarest first). Choosing one reads its first posting, and these reads do not depend on each
  // other, so their cache misses overlap instead of stalling each tally in turn.
  const { bucketStart, memberBuckets } = pairs;
  const bFrom = pairs.memberStart[self]!;
  const bTo = pairs.memberStart[self + 1]!;
  const windows = 2 * (bTo - bFrom + flat.featureCount(self) + ix.wanted.length);
  if (scratch.wins.length < windows) scratch.wins = new Int32Array(2 * windows);
  const wins = scratch.wins;
  let nw = 0;
  let touchP = 0;
  let budget = pairScan;
  for (let q = bFrom; q < bTo && budget > 0; q++) {
    const b = memberBuckets[q]!;
    const lo = bucketStart[b]!;
    const len = bucketStart[b + 1]! - lo;
    const take = Math.min(len, Math.ceil(budget / (bTo - q)));
    const from = windowStart(lo, len, take, hash);
    wins[nw++] = from;
    wins[nw++] = from + take;
    if (take > 0) touchP += pairs.postings[from]!;
    budget -= take;
  }
  const pairWins = nw;

  // Single features, rarest first.
  let query = scratch.query;
  if (query.length < flat.featureCount(self) + ix.wanted.length)
    query = scratch.query = new Int32Array(2 * (flat.featureCount(self) + ix.wanted.length));
  let features = flat.features(self, query);
  const goals = flat.goals(self);
  for (let bit = 0; bit < ix.wanted.length; bit++) if (goals & (1 << bit)) query[features++] = ix.wanted[bit]!;
  const { postingsStart, postingsAll } = ix;
  for (let x = 1; x < features; x++) {
    const f = query[x]!;
    const len = postingsStart[f + 1]! - postingsStart[f]!;
    let at = x;
    while (at > 0 && postingsStart[query[at - 1]! + 1]! - postingsStart[query[at - 1]!]! > len) {
      query[at] = query[at - 1]!;
      at--;
    }
    query[at] = f;
  }
  budget = singleScan;
  let singles = 0;
  for (let q = 0; q < features && budget > 0; q++) {
    const f = query[q]!;
    const lo = postingsStart[f]!;
    const len = postingsStart[f + 1]! - lo;
    const take = Math.min(len, Math.ceil(budget / (features - q)));
    const from = windowStart(lo, len, take, hash);
    wins[nw++] = from;
    wins[nw++] = from + take;
    query[singles++] = f;
    if (take > 0) touchP += postingsAll[from]!;
    budget -= take;
  }
  scratch.sink = touchP;
  for (let x = 0, q = bFrom; x < pairWins; x += 2, q++)
    count = tallyRange(
      pairs.postings,
      wins[x]!,
      wins[x + 1]!,
      pairs.bucketWeight[memberBuckets[q]!]!,
      self,
      tally,
      touched,
      count,
    );
  for (let x = pairWins, q = 0; x < nw; x += 2, q++)
    count = tallyRange(postingsAll, wins[x]!, wins[x + 1]!, weight[query[q]!]!, self, tally, touched, count);

  // The best few by tally, kept in a small sorted buffer, then rescored exactly.
  const size = rescoreCount(k);
  if (scratch.best.length < size) scratch.best = new Int32Array(2 * size);
  const best = scratch.best;
  let kept = 0;
  for (let x = 0; x < count; x++) {
    const m = touched[x]!;
    const v = tally[m]!;
    if (kept === size && v <= tally[best[size - 1]!]!) continue;
    let at = kept === size ? size - 1 : kept++;
    while (at > 0 && tally[best[at - 1]!]! < v) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = m;
  }
  for (let x = 0; x < count; x++) tally[touched[x]!] = 0;
  // Exact scores, then an insertion sort by (score desc, member asc) into the first k places of the output. First
  // one read of each record, in a loop of its own: the reads do not depend on each other, so the processor fetches
  // them all at once instead of one cache miss per score. The member's interest weights go into a table by feature
  // id, so each score reads the table instead of merging two sorted lists (`scoreMarked`).
  let touch = 0;
  for (let x = 0; x < kept; x++) touch += flat.rec[best[x]! * flat.stride]!;
  scratch.sink = touch;
  if (scratch.mark.length < weight.length) scratch.mark = new Float64Array(weight.length);
  const mark = scratch.mark;
  flat.markInterests(self, mark, true);
  let written = 0;
  for (let x = 0; x < kept; x++) {
    const m = best[x]!;
    const e = flat.scoreMarked(self, m, mark);
    if (written === k && (e < outScores[k - 1]! || (e === outScores[k - 1] && m > out[k - 1]!))) continue;
    let at = written === k ? k - 1 : written++;
    while (at > 0 && (outScores[at - 1]! < e || (outScores[at - 1] === e && out[at - 1]! > m))) {
      outScores[at] = outScores[at - 1]!;
      out[at] = out[at - 1]!;
      at--;
    }
    outScores[at] = e;
    out[at] = m;
  }
  flat.markInterests(self, mark, false);
  return written;
}

/** The position-level candidate search (`IndexedScoring.candidates`) over a candidate index. */
export function positionCandidates(
  index: () => CandidateIndex,
  modelSize: number,
  toModel: Int32Array,
  toPos: Int32Array,
  scale: number,
): Pick<IndexedScoring, "candidates"> {
  const scratch = createScratch(modelSize);
  let buf = new Int32Array(64);
  let bufScores = new Float64Array(64);
  return {
    candidates(i, k, out, scores) {
      const self = toModel[i]!;
      if (self < 0 || k <= 0) return 0;
      if (buf.length < k) [buf, bufScores] = [new Int32Array(2 * k), new Float64Array(2 * k)];
      const written = candidatesAt(index(), scratch, self, k, buf, bufScores, scale);
      let n = 0;
      for (let x = 0; x < written; x++) {
        const p = toPos[buf[x]!]!;
        if (p < 0) continue;
        out[n] = p;
        scores[n++] = bufScores[x]!;
      }
      return n;
    },
  };
}
