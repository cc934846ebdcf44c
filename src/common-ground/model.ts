import { mergeItems, pairItems } from "./explain.ts";
import {
  type EncodedMember,
  encodeMember,
  FeatureDictionary,
  forEachFeature,
  GOAL_BIT,
  goalScore,
  NONE,
} from "./features.ts";
import { buildPairIndex, type PairIndex } from "./pair-index.ts";
import type { CommonGroundItem, CommonGroundModel, ProfileInput } from "./types.ts";
import { interestWeight, WEIGHTS } from "./weights.ts";

/** Everything the model's queries read; built once by `buildCommonGroundModel`. */
export interface ModelIndex {
  members: EncodedMember[];
  byId: Map<string, number>;
  dict: FeatureDictionary;
  /** Weight per feature id (see weights.ts). */
  weight: Float64Array;
  /** Member indices holding each feature, ascending. */
  postings: Int32Array[];
  /** Feature id of each goal, indexed by bit position (mentor, mentee, job, hiring, collaborators, friends). */
  goalFeature: number[];
}

const GOALS = Object.keys(GOAL_BIT) as (keyof typeof GOAL_BIT)[];
// The goal a member with goal[i] wants in a partner: mentor ↔ mentee, job ↔ hiring, alike for the shared ones.
const WANTS: Readonly<Record<string, string>> = {
  mentor: "mentee",
  mentee: "mentor",
  job: "hiring",
  hiring: "job",
  collaborators: "collaborators",
  friends: "friends",
};

function buildIndex(profiles: readonly ProfileInput[]): ModelIndex {
  const dict = new FeatureDictionary();
  const goalFeature = GOALS.map((g) => dict.intern(`g:${g}`));
  const members: EncodedMember[] = [];
  const byId = new Map<string, number>();
  for (const profile of profiles) {
    // A repeated id keeps its last profile: a member who edited their profile is one member.
    const at = byId.get(profile.userId);
    const encoded = encodeMember(profile, dict);
    if (at === undefined) {
      byId.set(profile.userId, members.length);
      members.push(encoded);
    } else members[at] = encoded;
  }
  const fieldInterest = new Map<number, number>();
  for (const m of members) {
    if (m.field === NONE) continue;
    let f = fieldInterest.get(m.field);
    if (f === undefined) {
      f = dict.ids.get(`i:${dict.topic(m.field)}`) ?? NONE;
      fieldInterest.set(m.field, f);
    }
    m.fieldInterest = f;
  }
  const df = new Int32Array(dict.keys.length);
  for (const m of members) forEachFeature(m, goalFeature, (f) => df[f]!++);
  for (let f = 0; f < df.length; f++) dict.df[f] = df[f]!;
  const postings = Array.from(df, (count) => new Int32Array(count));
  const fill = new Int32Array(df.length);
  members.forEach((m, at) => {
    forEachFeature(m, goalFeature, (f) => {
      postings[f]![fill[f]!++] = at;
    });
  });
  const weight = new Float64Array(dict.keys.length);
  const n = members.length;
  dict.keys.forEach((key, f) => {
    const kind = key[0];
    if (kind === "i") weight[f] = interestWeight(n, dict.df[f] ?? 0);
    else if (kind === "f") weight[f] = WEIGHTS.sameField;
    else if (kind === "c") weight[f] = WEIGHTS.sameCity;
    else if (kind === "r") weight[f] = WEIGHTS.sameRegion;
    else if (kind === "z") weight[f] = WEIGHTS.sameTimeZone;
  });
  goalFeature.forEach((f, bit) => {
    weight[f] = bit < 4 ? WEIGHTS.complementaryGoal : bit === 4 ? WEIGHTS.sharedCollaborators : WEIGHTS.sharedFriends;
  });
  return { members, byId, dict, weight, postings, goalFeature };
}

const W_FIELD = WEIGHTS.sameField;
const W_CITY = WEIGHTS.sameCity;
const W_REGION = WEIGHTS.sameRegion;
const W_ZONE = WEIGHTS.sameTimeZone;

/** Layout of a member's record in `FlatMembers.rec`: six attributes, the interest count, the sorted interest ids. */
const FIELD = 0;
const FIELD_INTEREST = 1;
const CITY = 2;
const REGION = 3;
const ZONE = 4;
const GOAL_MASK = 5;
const COUNT = 6;
const HEADER = 7;

/**
 * The members again, as one typed array of records (attributes, then interests) at a fixed stride.
 * `score` and `candidates` run millions of times per pairing; on a large community a score then touches one or two
 * cache lines per member instead of the member's object, its interest array and their backing stores. The terms
 * are those of weights.ts, in the order explain.ts lists them (a property test checks the explanation sums to it).
 */
class FlatMembers {
  /** Ints per member: every record has the same length, so a record costs one memory access, not two. */
  readonly stride: number;
  readonly rec: Int32Array;
  /** Member ids by index, contiguous (answers are ids). */
  readonly ids: string[];

  constructor(
    members: readonly EncodedMember[],
    private readonly weight: Float64Array,
  ) {
    const n = members.length;
    let most = 0;
    for (const m of members) most = Math.max(most, m.interests.length);
    // Whole 64-byte lines: 9 interests fit one line with the header.
    this.stride = Math.ceil((HEADER + most) / 16) * 16;
    this.rec = new Int32Array(n * this.stride);
    for (let i = 0; i < n; i++) {
      const m = members[i]!;
      const o = i * this.stride;
      this.rec[o + COUNT] = m.interests.length;
      this.rec[o + FIELD] = m.field;
      this.rec[o + FIELD_INTEREST] = m.fieldInterest;
      this.rec[o + CITY] = m.city;
      this.rec[o + REGION] = m.region;
      this.rec[o + ZONE] = m.timeZone;
      this.rec[o + GOAL_MASK] = m.goals;
      this.rec.set(m.interests, o + HEADER);
    }
    this.ids = members.map((m) => m.id);
  }

  private holds(a: number, f: number): boolean {
    const o = a * this.stride;
    let lo = o + HEADER;
    let hi = o + HEADER + this.rec[o + COUNT]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.rec[mid]!;
      if (v === f) return true;
      if (v < f) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  score(a: number, b: number): number {
    const rec = this.rec;
    const weight = this.weight;
    const oa = a * this.stride;
    const ob = b * this.stride;
    let s = 0;
    const iEnd = oa + HEADER + rec[oa + COUNT]!;
    const jEnd = ob + HEADER + rec[ob + COUNT]!;
    for (let i = oa + HEADER, j = ob + HEADER; i < iEnd && j < jEnd; ) {
      const u = rec[i]!;
      const v = rec[j]!;
      if (u === v) {
        s += weight[u]!;
        i++;
        j++;
      } else if (u < v) i++;
      else j++;
    }
    const field = rec[oa + FIELD]!;
    if (field !== NONE && field === rec[ob + FIELD]) {
      const f = rec[oa + FIELD_INTEREST]!;
      if (!(f !== NONE && this.holds(a, f) && this.holds(b, f))) s += W_FIELD;
    }
    const city = rec[oa + CITY]!;
    const ra = rec[oa + REGION]!;
    const rb = rec[ob + REGION]!;
    let place = true;
    if (city !== NONE && city === rec[ob + CITY] && (ra === NONE || rb === NONE || ra === rb)) s += W_CITY;
    else if (ra !== NONE && ra === rb) s += W_REGION;
    else place = false;
    const zone = rec[oa + ZONE]!;
    if (!place && zone !== NONE && zone === rec[ob + ZONE]) s += W_ZONE;
    return s + goalScore(rec[oa + GOAL_MASK]!, rec[ob + GOAL_MASK]!);
  }

  /** The features `candidates` looks up for member a: interests, field, city, region, time zone. */
  features(a: number, out: number[]): void {
    const o = a * this.stride;
    for (let x = o + HEADER; x < o + HEADER + this.rec[o + COUNT]!; x++) out.push(this.rec[x]!);
    for (let at = FIELD; at <= ZONE; at++)
      if (at !== FIELD_INTEREST && this.rec[o + at] !== NONE) out.push(this.rec[o + at]!);
  }

  /** Where member a's sorted interest ids sit in `rec`: [from, to). */
  interestRange(a: number): readonly [number, number] {
    const o = a * this.stride;
    return [o + HEADER, o + HEADER + this.rec[o + COUNT]!];
  }

  goals(a: number): number {
    return this.rec[a * this.stride + GOAL_MASK]!;
  }
}

/** Scratch space of one model's `candidates` calls (a model answers one call at a time). */
interface CandidateScratch {
  tally: Float32Array;
  touched: Int32Array;
  /** Feature wanted in a partner for each goal bit (mentor → mentee, ...). */
  wanted: Int32Array;
  query: number[];
  best: Int32Array;
}

/**
 * Postings read per `candidates` call, per partner asked for: `PAIR_SCAN` from the member's interest-pair buckets
 * (partners sharing two or more interests), `SINGLE_SCAN` from its single features (interests, field, place,
 * wanted goals). Rare lists are read whole; what is left is shared evenly by the commoner ones, read as a window at
 * a member-dependent offset, so popular tags still spread partners across the community while each call stays
 * O(k). Half as many again as asked are scored exactly: the tally only approximates the score (it misses the place
 * and time-zone exclusivity and the sampled parts of long lists).
 */
const PAIR_SCAN = 12;
const SINGLE_SCAN = 6;
const rescoreCount = (k: number) => k + Math.max(4, Math.ceil(k / 2));

/**
 * Adds `w` to the tally of `take` members of list[lo, hi): all of them, or a window starting at an offset that
 * depends on the asking member (`hash`) when the list is longer. Returns the new count of touched members.
 */
function tallyWindow(
  list: Int32Array,
  lo: number,
  hi: number,
  take: number,
  hash: number,
  w: number,
  self: number,
  tally: Float32Array,
  touched: Int32Array,
  count: number,
): number {
  const len = hi - lo;
  const from = take >= len ? lo : lo + (hash % (len - take + 1));
  const to = take >= len ? hi : from + take;
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
function candidatesAt(
  index: ModelIndex,
  flat: FlatMembers,
  pairs: PairIndex,
  scratch: CandidateScratch,
  self: number,
  k: number,
  out: Int32Array,
  outScores: Float64Array,
  scale = 1,
): number {
  if (k <= 0) return 0;
  const pairScan = Math.ceil(PAIR_SCAN * k * scale);
  const singleScan = Math.ceil(SINGLE_SCAN * k * scale);
  if (scratch.touched.length < pairScan + singleScan) scratch.touched = new Int32Array(pairScan + singleScan);
  const { tally, touched } = scratch;
  let count = 0;
  const hash = Math.imul(self, 0x9e3779b1) >>> 1;

  // Pair buckets, heaviest pair first (as stored).
  const { bucketStart, memberBuckets } = pairs;
  const bFrom = pairs.memberStart[self]!;
  const bTo = pairs.memberStart[self + 1]!;
  let budget = pairScan;
  for (let q = bFrom; q < bTo && budget > 0; q++) {
    const b = memberBuckets[q]!;
    const take = Math.min(bucketStart[b + 1]! - bucketStart[b]!, Math.ceil(budget / (bTo - q)));
    count = tallyWindow(
      pairs.postings,
      bucketStart[b]!,
      bucketStart[b + 1]!,
      take,
      hash,
      pairs.bucketWeight[b]!,
      self,
      tally,
      touched,
      count,
    );
    budget -= take;
  }

  // Single features, rarest first.
  const query = scratch.query;
  query.length = 0;
  flat.features(self, query);
  const goals = flat.goals(self);
  for (let bit = 0; bit < scratch.wanted.length; bit++) if (goals & (1 << bit)) query.push(scratch.wanted[bit]!);
  const postings = index.postings;
  for (let x = 1; x < query.length; x++) {
    const f = query[x]!;
    const len = postings[f]!.length;
    let at = x;
    while (at > 0 && postings[query[at - 1]!]!.length > len) {
      query[at] = query[at - 1]!;
      at--;
    }
    query[at] = f;
  }
  budget = singleScan;
  for (let q = 0; q < query.length && budget > 0; q++) {
    const list = postings[query[q]!]!;
    const take = Math.min(list.length, Math.ceil(budget / (query.length - q)));
    count = tallyWindow(list, 0, list.length, take, hash, index.weight[query[q]!]!, self, tally, touched, count);
    budget -= take;
  }

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
  // Exact scores, then an insertion sort by (score desc, member asc) into the first k places of the output.
  let written = 0;
  for (let x = 0; x < kept; x++) {
    const m = best[x]!;
    const e = flat.score(self, m);
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
  return written;
}

/**
 * Builds the common-ground model of one community (or pool). Building is linear in the total number of tags;
 * `score` is a merge of two short sorted arrays; `candidates` is bounded by a scan budget, not by community size.
 */
export function buildCommonGroundModel(profiles: readonly ProfileInput[]): CommonGroundModel {
  const index = buildIndex(profiles);
  const flat = new FlatMembers(index.members, index.weight);
  const scratch: CandidateScratch = {
    // Float32: half the cache footprint of a random-access array (100,000 members: 400 KB fits in L2); the tally
    // only preselects, exact scores order the answer.
    tally: new Float32Array(index.members.length),
    touched: new Int32Array(1024),
    query: [],
    best: new Int32Array(64),
    wanted: Int32Array.from(GOALS, (goal) => index.goalFeature[GOALS.indexOf(WANTS[goal] as typeof goal)]!),
  };
  // Built on the first candidates call: scoring and explaining never need it.
  let pairs: PairIndex | undefined;
  const pairIndex = () => {
    pairs ??= buildPairIndex(index.members.length, flat.rec, (a) => flat.interestRange(a), index.weight);
    return pairs;
  };
  const lookup = (id: string) => {
    const at = index.byId.get(id);
    return at === undefined ? undefined : index.members[at];
  };
  // Callers ask for one member against many in a row (candidate lists, swaps): remember the last first id.
  let lastId: string | undefined;
  let lastAt: number | undefined;
  return {
    score(a, b) {
      if (a !== lastId) {
        lastId = a;
        lastAt = index.byId.get(a);
      }
      const x = lastAt;
      const y = index.byId.get(b);
      return x === undefined || y === undefined || a === b ? 0 : flat.score(x, y);
    },
    groupScore(ids) {
      let total = 0;
      for (let i = 0; i < ids.length; i++)
        for (let j = i + 1; j < ids.length; j++) total += this.score(ids[i]!, ids[j]!);
      return total;
    },
    candidates(id, k) {
      const self = index.byId.get(id);
      if (self === undefined || k <= 0) return [];
      const out = new Int32Array(k);
      const written = candidatesAt(index, flat, pairIndex(), scratch, self, k, out, new Float64Array(k));
      const ids: string[] = [];
      for (let i = 0; i < written; i++) ids.push(flat.ids[out[i]!]!);
      return ids;
    },
    forMembers(ids, options = {}) {
      const scale = options.scanFactor ?? 1;
      // Position in `ids` <-> model index; a repeated id answers at its first position.
      const toModel = Int32Array.from(ids, (id) => index.byId.get(id) ?? -1);
      const toPos = new Int32Array(index.members.length).fill(-1);
      for (let i = ids.length - 1; i >= 0; i--) if (toModel[i]! >= 0) toPos[toModel[i]!] = i;
      let buf = new Int32Array(64);
      let bufScores = new Float64Array(64);
      return {
        score(i, j) {
          const x = toModel[i]!;
          const y = toModel[j]!;
          return x < 0 || y < 0 || x === y ? 0 : flat.score(x, y);
        },
        candidates(i, k, out, scores) {
          const self = toModel[i]!;
          if (self < 0 || k <= 0) return 0;
          if (buf.length < k) [buf, bufScores] = [new Int32Array(2 * k), new Float64Array(2 * k)];
          const written = candidatesAt(index, flat, pairIndex(), scratch, self, k, buf, bufScores, scale);
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
    },
    explain(ids): CommonGroundItem[] {
      const group = [...new Set(ids)].map(lookup).filter((m): m is EncodedMember => m !== undefined);
      const pairs = [];
      for (let i = 0; i < group.length; i++)
        for (let j = i + 1; j < group.length; j++) pairs.push(...pairItems(index, group[i]!, group[j]!));
      return mergeItems(index, group, pairs);
    },
  };
}
