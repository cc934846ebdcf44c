import type { IndexedScoring } from "../pairing/types.ts";

export type { ProfileInput } from "./profile-input.ts";

/** Kinds of common ground, in the vocabulary the intro message and the stats use. */
export type CommonGroundKind = "interest" | "field" | "city" | "timezone" | "goal";

/** One thing some members of a group share (or complement each other on). */
export interface CommonGroundItem {
  kind: CommonGroundKind;
  /** Display label: the canonical form when a known synonym matched, otherwise the first member's own spelling. */
  label: string;
  /**
   * Members who share it, in the order the group was given. For goal items with a direction the order carries the
   * roles: `mentor-mentee` is [looking for a mentor, offering to mentor], `hiring-job` is [hiring, looking for a job].
   */
  members: string[];
  /** Contribution to the pair score (see the weight table in model.ts). */
  weight: number;
  /** Normalised key, stable across spellings; aggregated by stats as "top common-ground topics". */
  topic: string;
  /** Set when every member named holds it through the same organizer-chosen role or channel, not their profile. */
  via?: { kind: "role" | "channel"; name: string };
}

/** Scores and explains common ground over one community; built once per pool, queried many times. */
export interface CommonGroundModel {
  /** Pair weight, >= 0 and symmetric; 0 when either id is unknown. */
  score(a: string, b: string): number;
  /** Weight of a group: the sum of its pairwise scores (so a trio is comparable with the pairs it replaces). */
  groupScore(ids: readonly string[]): number;
  /** Up to k likely partners, best first, found through an inverted index (approximate for very common features). */
  candidates(id: string, k: number): string[];
  /**
   * `score` and `candidates` over positions in `ids` (the pairing engine's fast path, no string lookups); members
   * of `ids` the model does not know score 0 and have no candidates. `scanFactor` multiplies the postings read per
   * candidates call (default 1; more is slower and closer to the exact top k).
   */
  forMembers(ids: readonly string[], options?: { scanFactor?: number }): MemberScoring;
  /** What all members share first, then what subsets (pairs in a trio) share; strongest first within each. */
  explain(ids: readonly string[]): CommonGroundItem[];
}

/** `CommonGroundModel.forMembers`: the engine's fast path over positions in a member list. */
export type MemberScoring = IndexedScoring;
