import { type CandidateIndex, positionCandidates } from "./candidates.ts";
import { mergeItems, pairItems } from "./explain.ts";
import { type EncodedMember, encodeMember, FeatureDictionary, forEachFeature, GOAL_BIT, NONE } from "./features.ts";
import { FlatMembers } from "./flat-members.ts";
import type { ModelIndex } from "./model-index.ts";
import { buildPairIndex } from "./pair-index.ts";
import type { CommonGroundItem, CommonGroundModel, ProfileInput } from "./types.ts";
import { interestWeight, WEIGHTS } from "./weights.ts";

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

/** The interest feature with the same key as the field (see `EncodedMember.fieldInterest`), or NONE. */
const fieldInterestOf = (dict: FeatureDictionary, field: number) =>
  field === NONE ? NONE : (dict.ids.get(`i:${dict.topic(field)}`) ?? NONE);

/**
 * The index, and every member encoded: the caller builds the flat records from them and lets them go. Kept alive,
 * a large community's encoded members are many small objects that every major garbage collection during a plan has
 * to mark; `encodedMember` encodes one again when an explanation needs it.
 */
function buildIndex(input: readonly ProfileInput[]): { index: ModelIndex; members: EncodedMember[] } {
  const dict = new FeatureDictionary();
  const goalFeature = GOALS.map((g) => dict.intern(`g:${g}`));
  const members: EncodedMember[] = [];
  const profiles: ProfileInput[] = [];
  const byId = new Map<string, number>();
  for (const profile of input) {
    // A repeated id keeps its last profile: a member who edited their profile is one member.
    const at = byId.get(profile.userId);
    const encoded = encodeMember(profile, dict);
    if (at === undefined) {
      byId.set(profile.userId, members.length);
      members.push(encoded);
      profiles.push(profile);
    } else {
      members[at] = encoded;
      profiles[at] = profile;
    }
  }
  const fieldInterest = new Map<number, number>();
  for (const m of members) {
    if (m.field === NONE) continue;
    let f = fieldInterest.get(m.field);
    if (f === undefined) {
      f = fieldInterestOf(dict, m.field);
      fieldInterest.set(m.field, f);
    }
    m.fieldInterest = f;
  }
  const df = new Int32Array(dict.keys.length);
  for (const m of members) forEachFeature(m, goalFeature, (f) => df[f]!++);
  for (let f = 0; f < df.length; f++) dict.df[f] = df[f]!;
  const postingsStart = new Int32Array(df.length + 1);
  for (let f = 0; f < df.length; f++) postingsStart[f + 1] = postingsStart[f]! + df[f]!;
  const postingsAll = new Int32Array(postingsStart[df.length]!);
  const fill = postingsStart.slice(0, df.length);
  members.forEach((m, at) => {
    forEachFeature(m, goalFeature, (f) => {
      postingsAll[fill[f]!++] = at;
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
  return { index: { profiles, byId, dict, weight, postingsStart, postingsAll, goalFeature }, members };
}

/** Member `at` encoded again from its profile: the same features (the dictionary already holds every key). */
function encodedMember(index: ModelIndex, at: number): EncodedMember {
  const m = encodeMember(index.profiles[at]!, index.dict);
  m.fieldInterest = fieldInterestOf(index.dict, m.field);
  return m;
}

/**
 * Builds the common-ground model of one community (or pool). Building is linear in the total number of tags;
 * `score` is a merge of two short sorted arrays; `candidates` is bounded by a scan budget, not by community size.
 * The model keeps `profiles` (explanations read them again), so they must not change afterwards.
 */
export function buildCommonGroundModel(profiles: readonly ProfileInput[]): CommonGroundModel {
  const { index, members } = buildIndex(profiles);
  const n = members.length;
  const flat = FlatMembers.fromMembers(members, index.weight);
  const ids = members.map((m) => m.id);
  const wanted = new Int32Array(GOALS.length);
  GOALS.forEach((goal, bit) => {
    wanted[bit] = index.goalFeature[GOALS.indexOf(WANTS[goal] as typeof goal)]!;
  });
  // The interest-pair index is built on the first candidates call: scoring and explaining never need it.
  let candidateIndex: CandidateIndex | undefined;
  const candidateIndexNow = () => {
    candidateIndex ??= {
      flat,
      postingsStart: index.postingsStart,
      postingsAll: index.postingsAll,
      wanted,
      pairs: buildPairIndex(
        n,
        flat.rec,
        (a) => flat.interestFrom(a),
        (a) => flat.interestTo(a),
        index.weight,
      ),
    };
    return candidateIndex;
  };
  const byIds = positionCandidates(candidateIndexNow, n, Int32Array.from(ids.keys()), Int32Array.from(ids.keys()), 1);
  const lookup = (id: string) => {
    const at = index.byId.get(id);
    return at === undefined ? undefined : encodedMember(index, at);
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
      const written = byIds.candidates(self, k, out, new Float64Array(k));
      return Array.from(out.subarray(0, written), (m) => ids[m]!);
    },
    forMembers(members, options = {}) {
      const scanFactor = options.scanFactor ?? 1;
      // Position in `members` <-> model index; a repeated id answers at its first position.
      const toModel = new Int32Array(members.length);
      for (let i = 0; i < members.length; i++) toModel[i] = index.byId.get(members[i]!) ?? -1;
      const toPos = new Int32Array(n).fill(-1);
      for (let i = members.length - 1; i >= 0; i--) if (toModel[i]! >= 0) toPos[toModel[i]!] = i;
      return {
        score(i, j) {
          const x = toModel[i]!;
          const y = toModel[j]!;
          return x < 0 || y < 0 || x === y ? 0 : flat.score(x, y);
        },
        ...positionCandidates(candidateIndexNow, n, toModel, toPos, scanFactor),
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
