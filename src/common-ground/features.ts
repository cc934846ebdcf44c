import type { LookingFor } from "../domain/types.ts";
import { isCanonicalTag, normalizePlace, normalizeTag, tidyLabel } from "./normalize.ts";
import type { ProfileInput } from "./types.ts";
import { WEIGHTS } from "./weights.ts";

/** Bit per goal, so complementary goals are two mask tests instead of array scans. */
export const GOAL_BIT: Readonly<Record<LookingFor, number>> = {
  mentor: 1,
  mentee: 2,
  job: 4,
  hiring: 8,
  collaborators: 16,
  friends: 32,
};

/** "none" for a single-valued feature. */
export const NONE = -1;

/** One member encoded for fast comparison: every feature is an integer id from the shared dictionary. */
export interface EncodedMember {
  id: string;
  name: string;
  /** Interest feature ids, sorted ascending and unique (merge-intersected when scoring). */
  interests: Int32Array;
  /** The member's own spelling of each interest, parallel to `interests`. */
  interestLabels: string[];
  field: number;
  fieldLabel: string;
  /** The interest feature with the same key as the field ("PR" as field and as interest), or NONE. */
  fieldInterest: number;
  city: number;
  cityLabel: string;
  region: number;
  regionLabel: string;
  timeZone: number;
  timeZoneLabel: string;
  goals: number;
}

/** Interns normalised keys ("i:hiking", "c:rochester") into dense ids and counts how many members hold each. */
export class FeatureDictionary {
  readonly ids = new Map<string, number>();
  readonly keys: string[] = [];
  readonly df: number[] = [];
  /** Synonym-table canonical keys may be shown as labels (see `labelFor`). */
  readonly canonical: boolean[] = [];

  intern(prefixed: string, canonical = false): number {
    let id = this.ids.get(prefixed);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(prefixed, id);
      this.keys.push(prefixed);
      this.df.push(0);
      this.canonical.push(canonical);
    }
    return id;
  }

  /** The key without its kind prefix: what stats call the topic. */
  topic(id: number): string {
    return (this.keys[id] ?? "").slice(2);
  }
}

function single(dict: FeatureDictionary, prefix: string, key: string | undefined, canonical = false): number {
  return key === undefined || key === "" ? NONE : dict.intern(prefix + key, canonical);
}

/** Encodes one profile, interning its features; document frequencies are counted by the caller. */
export function encodeMember(profile: ProfileInput, dict: FeatureDictionary): EncodedMember {
  const byId = new Map<number, string>();
  for (const raw of profile.interests) {
    const key = normalizeTag(raw);
    if (key === "") continue;
    const id = dict.intern(`i:${key}`, isCanonicalTag(key));
    // A member who wrote "PR" and "public relations" holds the feature once; the first spelling is kept.
    if (!byId.has(id)) byId.set(id, tidyLabel(raw));
  }
  const interests = Int32Array.from(byId.keys()).sort();
  const fieldKey = profile.field === undefined ? "" : normalizeTag(profile.field);
  const place = profile.city === undefined ? undefined : normalizePlace(profile.city);
  const zone = profile.timeZone?.trim() ?? "";
  let goals = 0;
  for (const goal of profile.lookingFor) goals |= GOAL_BIT[goal] ?? 0;
  return {
    id: profile.userId,
    name: profile.displayName,
    interests,
    interestLabels: Array.from(interests, (id) => byId.get(id) ?? ""),
    field: single(dict, "f:", fieldKey, isCanonicalTag(fieldKey)),
    fieldInterest: NONE,
    fieldLabel: tidyLabel(profile.field ?? ""),
    city: single(dict, "c:", place?.city),
    cityLabel: tidyLabel(place?.cityLabel ?? ""),
    region: single(dict, "r:", place?.region),
    regionLabel: tidyLabel(place?.regionLabel ?? ""),
    // IANA names are case-sensitive identifiers, but people paste them in any case; compare case-insensitively.
    timeZone: single(dict, "z:", zone.toLowerCase()),
    timeZoneLabel: zone,
    goals,
  };
}

/** True when both members hold the interest feature f (binary search: interest lists are short and sorted). */
export function bothHold(a: EncodedMember, b: EncodedMember, f: number): boolean {
  return f !== NONE && binaryHas(a.interests, f) && binaryHas(b.interests, f);
}

function binaryHas(list: Int32Array, f: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!;
    if (v === f) return true;
    if (v < f) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Same field, unless both also listed it as an interest: "PR" as field and as interest is one thing in common, and
 * the interest (weighted by rarity) already counts it.
 */
export function sameField(a: EncodedMember, b: EncodedMember): boolean {
  return a.field !== NONE && a.field === b.field && !bothHold(a, b, a.fieldInterest);
}

/** Every feature id a member holds, for document frequencies and the inverted index. */
export function heldFeatures(m: EncodedMember, goalFeature: readonly number[]): number[] {
  const out = Array.from(m.interests);
  for (const f of [m.field, m.city, m.region, m.timeZone]) if (f !== NONE) out.push(f);
  for (let bit = 0; bit < goalFeature.length; bit++) if (m.goals & (1 << bit)) out.push(goalFeature[bit] ?? NONE);
  return out;
}

/** Goal part of a pair score, from the two goal masks. */
export function goalScore(a: number, b: number): number {
  const { mentor, mentee, job, hiring, collaborators, friends } = GOAL_BIT;
  let s = 0;
  if ((a & mentor && b & mentee) || (a & mentee && b & mentor)) s += WEIGHTS.complementaryGoal;
  if ((a & hiring && b & job) || (a & job && b & hiring)) s += WEIGHTS.complementaryGoal;
  if (a & b & collaborators) s += WEIGHTS.sharedCollaborators;
  if (a & b & friends) s += WEIGHTS.sharedFriends;
  return s;
}

/** True when the two members live in the same city (a differing known region means a different city). */
export function sameCity(a: EncodedMember, b: EncodedMember): boolean {
  return a.city !== NONE && a.city === b.city && (a.region === NONE || b.region === NONE || a.region === b.region);
}
