import { mergeItems, pairItems } from "./explain.ts";
import {
  type EncodedMember,
  encodeMember,
  FeatureDictionary,
  GOAL_BIT,
  goalScore,
  heldFeatures,
  NONE,
  sameCity,
  sameField,
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

function pairScore(index: ModelIndex, a: EncodedMember, b: EncodedMember): number {
  let s = 0;
  const x = a.interests;
  const y = b.interests;
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    const u = x[i]!;
    const v = y[j]!;
    if (u === v) {
      s += index.weight[u]!;
      i++;
      j++;
    } else if (u < v) i++;
    else j++;
  }
  if (sameField(a, b)) s += WEIGHTS.sameField;
  let place = true;
  if (sameCity(a, b)) s += WEIGHTS.sameCity;
  else if (a.region !== NONE && a.region === b.region) s += WEIGHTS.sameRegion;
  else place = false;
  if (!place && a.timeZone !== NONE && a.timeZone === b.timeZone) s += WEIGHTS.sameTimeZone;
  return s + goalScore(a.goals, b.goals);
}

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
  for (const m of members) {
    if (m.field !== NONE) m.fieldInterest = dict.ids.get(`i:${dict.topic(m.field)}`) ?? NONE;
  }
  const held = members.map((m) => heldFeatures(m, goalFeature));
  for (const features of held) for (const f of features) dict.df[f] = (dict.df[f] ?? 0) + 1;
  const postings = dict.df.map((df) => new Int32Array(df));
  const fill = new Int32Array(dict.df.length);
  held.forEach((features, m) => {
    for (const f of features) postings[f]![fill[f]!++] = m;
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
const MIN_SCAN_BUDGET = 512;

function candidatesOf(index: ModelIndex, scratch: Float64Array, id: string, k: number): string[] {
  const self = index.byId.get(id);
  if (self === undefined || k <= 0) return [];
  const me = index.members[self]!;
  const query = heldFeatures(me, []);
  GOALS.forEach((goal, bit) => {
    if (me.goals & (1 << bit)) query.push(index.goalFeature[GOALS.indexOf(WANTS[goal] as typeof goal)]!);
  });
  query.sort((f, g) => index.postings[f]!.length - index.postings[g]!.length);
  let budget = Math.max(MIN_SCAN_BUDGET, k * 32);
  const touched: number[] = [];
  for (const f of query) {
    const list: Int32Array = index.postings[f] ?? new Int32Array(0);
    if (budget <= 0) break;
    const take = Math.min(list.length, budget);
    const start: number = take === list.length ? 0 : (self * 2654435761) % list.length;
    for (let i = 0; i < take; i++) {
      const m: number = list[(start + i) % list.length]!;
      if (m === self) continue;
      if (scratch[m] === 0) touched.push(m);
      scratch[m]! += index.weight[f]!;
    }
    budget -= take;
  }
  // The accumulated weights approximate the score; the best few are rescored exactly before ranking.
  touched.sort((a, b) => scratch[b]! - scratch[a]! || a - b);
  for (const m of touched) scratch[m] = 0;
  const shortlist = touched.slice(0, Math.max(k * 4, k + 8));
  const exact = shortlist.map((m) => ({ m, s: pairScore(index, me, index.members[m]!) }));
  exact.sort((a, b) => b.s - a.s || a.m - b.m);
  return exact.slice(0, k).map((e) => index.members[e.m]!.id);
}

/**
 * Builds the common-ground model of one community (or pool). Building is linear in the total number of tags;
 * `score` is a merge of two short sorted arrays; `candidates` is bounded by a scan budget, not by community size.
 */
export function buildCommonGroundModel(profiles: readonly ProfileInput[]): CommonGroundModel {
  const index = buildIndex(profiles);
  const scratch = new Float64Array(index.members.length);
  const lookup = (id: string) => {
    const at = index.byId.get(id);
    return at === undefined ? undefined : index.members[at];
  };
  return {
    score(a, b) {
      const x = lookup(a);
      const y = lookup(b);
      return x === undefined || y === undefined || a === b ? 0 : pairScore(index, x, y);
    },
    groupScore(ids) {
      let total = 0;
      for (let i = 0; i < ids.length; i++)
        for (let j = i + 1; j < ids.length; j++) total += this.score(ids[i]!, ids[j]!);
      return total;
    },
    candidates: (id, k) => candidatesOf(index, scratch, id, k),
    explain(ids): CommonGroundItem[] {
      const group = [...new Set(ids)].map(lookup).filter((m): m is EncodedMember => m !== undefined);
      const pairs = [];
      for (let i = 0; i < group.length; i++)
        for (let j = i + 1; j < group.length; j++) pairs.push(...pairItems(index, group[i]!, group[j]!));
      return mergeItems(index, group, pairs);
    },
  };
}
