import { mergeItems, pairItems } from "./explain.ts";
import {
  type EncodedMember,
  encodeMember,
  FeatureDictionary,
  forEachFeature,
  GOAL_BIT,
  NONE,
  pairScore,
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

function candidatesOf(index: ModelIndex, scratch: Float64Array, id: string, k: number): string[] {
  const self = index.byId.get(id);
  if (self === undefined || k <= 0) return [];
  const me = index.members[self]!;
  const query: number[] = [];
  forEachFeature(me, [], (f) => query.push(f));
  GOALS.forEach((goal, bit) => {
    if (me.goals & (1 << bit)) query.push(index.goalFeature[GOALS.indexOf(WANTS[goal] as typeof goal)]!);
  });
  query.sort((f, g) => index.postings[f]!.length - index.postings[g]!.length);
  let budget = Math.max(MIN_SCAN_BUDGET, k * 8);
  const touched: number[] = [];
  const visit = (m: number, w: number) => {
    if (m === self) return;
    if (scratch[m] === 0) touched.push(m);
    scratch[m]! += w;
  };
  for (const f of query) {
    if (budget <= 0) break;
    const list = index.postings[f]!;
    const w = index.weight[f]!;
    const take = Math.min(list.length, budget);
    // Whole list, or a window starting at a member-dependent offset (wrapping), without a modulo per entry.
    const start = take === list.length ? 0 : (self * 2654435761) % list.length;
    const end = Math.min(list.length, start + take);
    for (let i = start; i < end; i++) visit(list[i]!, w);
    for (let i = 0; i < take - (end - start); i++) visit(list[i]!, w);
    budget -= take;
  }
  // The accumulated weights approximate the score; the best few are kept in a small sorted buffer, then rescored
  // exactly (the approximation misses the place/time-zone exclusivity and sampled popular features).
  const size = k + 8;
  const best: number[] = [];
  for (const m of touched) {
    const v = scratch[m]!;
    if (best.length === size && v <= scratch[best[size - 1]!]!) continue;
    let at = best.length === size ? size - 1 : best.length;
    while (at > 0 && scratch[best[at - 1]!]! < v) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = m;
  }
  const exact = best.map((m) => ({ m, s: pairScore(index.weight, me, index.members[m]!) }));
  for (const m of touched) scratch[m] = 0;
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
      return x === undefined || y === undefined || a === b ? 0 : pairScore(index.weight, x, y);
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
