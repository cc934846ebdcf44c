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

/**
 * Postings scanned per `candidates` call, at least. Rare (heavy) features are scanned first and in full; a feature
 * held by thousands is sampled from an offset that depends on the asking member, so popular tags still spread
 * partners across the community while each call stays O(budget).
 */
const MIN_SCAN_BUDGET = 256;

const W_FIELD = WEIGHTS.sameField;
const W_CITY = WEIGHTS.sameCity;
const W_REGION = WEIGHTS.sameRegion;
const W_ZONE = WEIGHTS.sameTimeZone;

/** Layout of a member's record in `FlatMembers.rec`: six attributes, then the sorted interest ids. */
const FIELD = 0;
const FIELD_INTEREST = 1;
const CITY = 2;
const REGION = 3;
const ZONE = 4;
const GOAL_MASK = 5;
const HEADER = 6;

/**
 * The members again, as one typed array of records (attributes, then interests) with an offset per member.
 * `score` and `candidates` run millions of times per pairing; on a large community a score then touches one or two
 * cache lines per member instead of the member's object, its interest array and their backing stores. The terms
 * are those of weights.ts, in the order explain.ts lists them (a property test checks the explanation sums to it).
 */
class FlatMembers {
  readonly off: Int32Array;
  readonly rec: Int32Array;
  /** Member ids by index, contiguous (answers are ids). */
  readonly ids: string[];

  constructor(
    members: readonly EncodedMember[],
    private readonly weight: Float64Array,
  ) {
    const n = members.length;
    this.off = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) this.off[i + 1] = this.off[i]! + HEADER + members[i]!.interests.length;
    this.rec = new Int32Array(this.off[n]!);
    for (let i = 0; i < n; i++) {
      const m = members[i]!;
      const o = this.off[i]!;
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
    let lo = this.off[a]! + HEADER;
    let hi = this.off[a + 1]! - 1;
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
    const oa = this.off[a]!;
    const ob = this.off[b]!;
    let s = 0;
    const iEnd = this.off[a + 1]!;
    const jEnd = this.off[b + 1]!;
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
    const o = this.off[a]!;
    for (let x = o + HEADER; x < this.off[a + 1]!; x++) out.push(this.rec[x]!);
    for (const at of [FIELD, CITY, REGION, ZONE]) if (this.rec[o + at] !== NONE) out.push(this.rec[o + at]!);
  }

  goals(a: number): number {
    return this.rec[this.off[a]! + GOAL_MASK]!;
  }
}

/** Scratch space of one model's `candidates` calls (a model answers one call at a time). */
interface CandidateScratch {
  tally: Float64Array;
  touched: Int32Array;
  /** Feature wanted in a partner for each goal bit (mentor → mentee, ...). */
  wanted: Int32Array;
}

function candidatesOf(
  index: ModelIndex,
  flat: FlatMembers,
  scratch: CandidateScratch,
  id: string,
  k: number,
): string[] {
  const self = index.byId.get(id);
  if (self === undefined || k <= 0) return [];
  const query: number[] = [];
  flat.features(self, query);
  const goals = flat.goals(self);
  for (let bit = 0; bit < scratch.wanted.length; bit++) if (goals & (1 << bit)) query.push(scratch.wanted[bit]!);
  query.sort((f, g) => index.postings[f]!.length - index.postings[g]!.length);
  let budget = Math.max(MIN_SCAN_BUDGET, k * 8);
  if (scratch.touched.length < budget) scratch.touched = new Int32Array(budget);
  const { tally, touched } = scratch;
  let count = 0;
  for (const f of query) {
    if (budget <= 0) break;
    const list = index.postings[f]!;
    const w = index.weight[f]!;
    const take = Math.min(list.length, budget);
    // Whole list, or a window starting at a member-dependent offset (wrapping), without a modulo per entry.
    const start: number = take === list.length ? 0 : (self * 2654435761) % list.length;
    const end: number = Math.min(list.length, start + take);
    const wrap = take - (end - start);
    for (let pass = 0; pass < 2; pass++) {
      const from: number = pass === 0 ? start : 0;
      const to: number = pass === 0 ? end : wrap;
      for (let i: number = from; i < to; i++) {
        const m: number = list[i]!;
        if (m === self) continue;
        if (tally[m] === 0) touched[count++] = m;
        tally[m]! += w;
      }
    }
    budget -= take;
  }
  // The accumulated weights approximate the score; the best few are kept in a small sorted buffer, then rescored
  // exactly (the approximation misses the place/time-zone exclusivity and sampled popular features).
  const size = k + 8;
  const best: number[] = [];
  for (let x = 0; x < count; x++) {
    const m = touched[x]!;
    const v = tally[m]!;
    if (best.length === size && v <= tally[best[size - 1]!]!) continue;
    let at = best.length === size ? size - 1 : best.length;
    while (at > 0 && tally[best[at - 1]!]! < v) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = m;
  }
  for (let x = 0; x < count; x++) tally[touched[x]!] = 0;
  // Exact scores, then an insertion sort by (score desc, member asc): a total order, so no sort call is needed.
  const exact: number[] = [];
  for (let x = 0; x < best.length; x++) {
    const m = best[x]!;
    const e = flat.score(self, m);
    let at = x;
    while (at > 0 && (exact[at - 1]! < e || (exact[at - 1] === e && best[at - 1]! > m))) {
      exact[at] = exact[at - 1]!;
      best[at] = best[at - 1]!;
      at--;
    }
    exact[at] = e;
    best[at] = m;
  }
  const out: string[] = [];
  for (let i = 0; i < best.length && i < k; i++) out.push(flat.ids[best[i]!]!);
  return out;
}

/**
 * Builds the common-ground model of one community (or pool). Building is linear in the total number of tags;
 * `score` is a merge of two short sorted arrays; `candidates` is bounded by a scan budget, not by community size.
 */
export function buildCommonGroundModel(profiles: readonly ProfileInput[]): CommonGroundModel {
  const index = buildIndex(profiles);
  const flat = new FlatMembers(index.members, index.weight);
  const scratch: CandidateScratch = {
    tally: new Float64Array(index.members.length),
    touched: new Int32Array(MIN_SCAN_BUDGET),
    wanted: Int32Array.from(GOALS, (goal) => index.goalFeature[GOALS.indexOf(WANTS[goal] as typeof goal)]!),
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
    candidates: (id, k) => candidatesOf(index, flat, scratch, id, k),
    explain(ids): CommonGroundItem[] {
      const group = [...new Set(ids)].map(lookup).filter((m): m is EncodedMember => m !== undefined);
      const pairs = [];
      for (let i = 0; i < group.length; i++)
        for (let j = i + 1; j < group.length; j++) pairs.push(...pairItems(index, group[i]!, group[j]!));
      return mergeItems(index, group, pairs);
    },
  };
}
