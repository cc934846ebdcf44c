import type { LookingFor } from "../domain/types.ts";
import { isCanonicalTag, normalizePlace, normalizeTag } from "./normalize.ts";
import type { ProfileInput } from "./profile-input.ts";
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
  /** The member's own spelling of each interest, parallel to `interests` (tidied only when shown). */
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

interface PlaceIds {
  city: number;
  cityLabel: string;
  region: number;
  regionLabel: string;
}

/**
 * Interns normalised keys ("i:hiking", "c:rochester") into dense ids and counts how many members hold each.
 * Raw spellings are cached per dictionary: a community types the same few thousand strings over and over, so
 * normalising each distinct string once keeps building a 100k-member model fast.
 */
export class FeatureDictionary {
  readonly ids = new Map<string, number>();
  readonly keys: string[] = [];
  readonly df: number[] = [];
  /** Synonym-table canonical keys may be shown as labels (see `labelFor`). */
  readonly canonical: boolean[] = [];
  private readonly rawTags = new Map<string, number>();
  private readonly rawFields = new Map<string, number>();
  private readonly rawPlaces = new Map<string, PlaceIds>();
  private readonly rawZones = new Map<string, number>();

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

  interest(raw: string): number {
    return cached(this.rawTags, raw, () => this.tagId("i:", raw));
  }

  field(raw: string | undefined): number {
    return raw === undefined ? NONE : cached(this.rawFields, raw, () => this.tagId("f:", raw));
  }

  place(raw: string | undefined): PlaceIds | undefined {
    if (raw === undefined) return undefined;
    return cached(this.rawPlaces, raw, () => {
      const p = normalizePlace(raw);
      const region = p.region === undefined || p.region === "" ? NONE : this.intern(`r:${p.region}`);
      const city = p.city === "" ? NONE : this.intern(`c:${p.city}`);
      return { city, cityLabel: p.cityLabel, region, regionLabel: p.regionLabel ?? "" };
    });
  }

  zone(raw: string | undefined): number {
    if (raw === undefined) return NONE;
    // IANA names are case-sensitive identifiers, but people paste them in any case; compare case-insensitively.
    return cached(this.rawZones, raw, () => (raw.trim() === "" ? NONE : this.intern(`z:${raw.trim().toLowerCase()}`)));
  }

  private tagId(prefix: string, raw: string): number {
    const key = normalizeTag(raw);
    return key === "" ? NONE : this.intern(prefix + key, isCanonicalTag(key));
  }
}

function cached<T>(map: Map<string, T>, raw: string, make: () => T): T {
  let value = map.get(raw);
  if (value === undefined) {
    value = make();
    map.set(raw, value);
  }
  return value;
}

/** Encodes one profile, interning its features; document frequencies are counted by the caller. */
export function encodeMember(profile: ProfileInput, dict: FeatureDictionary): EncodedMember {
  const ids: number[] = [];
  const labels: string[] = [];
  for (const raw of profile.interests) {
    const id = dict.interest(raw);
    // A member who wrote "PR" and "public relations" holds the feature once; the first spelling is kept.
    if (id === NONE || ids.includes(id)) continue;
    // Insertion keeps ids sorted for the merge in the model's score; lists are a handful long.
    let at = ids.length;
    while (at > 0 && ids[at - 1]! > id) at--;
    ids.splice(at, 0, id);
    labels.splice(at, 0, raw);
  }
  const place = dict.place(profile.city);
  let goals = 0;
  for (const goal of profile.lookingFor) goals |= GOAL_BIT[goal] ?? 0;
  return {
    id: profile.userId,
    name: profile.displayName,
    interests: Int32Array.from(ids),
    interestLabels: labels,
    field: dict.field(profile.field),
    fieldInterest: NONE,
    fieldLabel: profile.field ?? "",
    city: place?.city ?? NONE,
    cityLabel: place?.cityLabel ?? "",
    region: place?.region ?? NONE,
    regionLabel: place?.regionLabel ?? "",
    timeZone: dict.zone(profile.timeZone),
    timeZoneLabel: profile.timeZone?.trim() ?? "",
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

/** Calls `visit` with every feature id a member holds, for document frequencies and the inverted index. */
export function forEachFeature(m: EncodedMember, goalFeature: readonly number[], visit: (f: number) => void): void {
  for (const f of m.interests) visit(f);
  if (m.field !== NONE) visit(m.field);
  if (m.city !== NONE) visit(m.city);
  if (m.region !== NONE) visit(m.region);
  if (m.timeZone !== NONE) visit(m.timeZone);
  for (let bit = 0; bit < goalFeature.length; bit++) if (m.goals & (1 << bit)) visit(goalFeature[bit]!);
}

// Hot-path copies of the weights and goal bits: goalScore runs millions of times per pairing.
const W_COMPLEMENT = WEIGHTS.complementaryGoal;
const W_COLLABORATORS = WEIGHTS.sharedCollaborators;
const W_FRIENDS = WEIGHTS.sharedFriends;
const MENTOR = 1;
const MENTEE = 2;
const JOB = 4;
const HIRING = 8;
const COLLABORATORS = 16;
const FRIENDS = 32;

/** Goal part of a pair score, from the two goal masks. */
export function goalScore(a: number, b: number): number {
  let s = 0;
  if ((a & MENTOR && b & MENTEE) || (a & MENTEE && b & MENTOR)) s += W_COMPLEMENT;
  if ((a & HIRING && b & JOB) || (a & JOB && b & HIRING)) s += W_COMPLEMENT;
  if (a & b & COLLABORATORS) s += W_COLLABORATORS;
  if (a & b & FRIENDS) s += W_FRIENDS;
  return s;
}

/** True when the two members live in the same city (a differing known region means a different city). */
export function sameCity(a: EncodedMember, b: EncodedMember): boolean {
  return a.city !== NONE && a.city === b.city && (a.region === NONE || b.region === NONE || a.region === b.region);
}
