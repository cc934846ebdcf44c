/** Public types of the pairing engine (the session engine and the CLI call `planRounds` with these). */

/** A group that met in the past; every two of its members count as past partners. */
export interface PastGroup {
  members: readonly string[];
  /** When the group met (epoch ms); older meetings are preferred when a repeat is unavoidable. */
  at: number;
}

export interface PairingRequest {
  /** Ids to group this time; duplicates are ignored and order does not matter (the seed decides ties). */
  members: readonly string[];
  /** Common-ground weight, >= 0 and symmetric; negative or non-finite values count as 0. */
  score: (a: string, b: string) => number;
  /**
   * Best-first likely partners of `id` (e.g. the common-ground model's inverted index). Used for pools too large
   * for the exact solver; when absent the engine builds candidate lists itself (dense scoring up to ~1,000 members,
   * random sampling above).
   */
  candidates?: (id: string, k: number) => readonly string[];
  /**
   * The same scoring over positions in `members` instead of ids (a common-ground model built on the same list
   * answers it without string lookups). When given, `score` and `candidates` are not called; large pools plan
   * several times faster.
   */
  indexed?: IndexedScoring;
  /** Past groups of any size with dates; pairs within a group are "past partners". */
  history?: readonly PastGroup[];
  /** Pairs that must never share a group; one-sided is enough. */
  blocks?: readonly (readonly [string, string])[];
  /** 2: pairs, one trio when the count is odd. 3: trios, with one or two pairs to absorb the remainder. */
  groupSize: 2 | 3;
  /** Rounds to plan as a whole: no pair meets twice inside the plan while that is possible. */
  rounds: number;
  /** Same request and seed, same plan. */
  seed: string | number;
  /** How often each member has already been in a trio; the odd member's trio goes to the fewest first. */
  trioCounts?: ReadonlyMap<string, number>;
  /** Clock for ageing history (epoch ms); defaults to Date.now(). */
  now?: number;
}

/** Integer form of a request's scoring; `i`, `j` are positions in `PairingRequest.members`. */
export interface IndexedScoring {
  /** Same contract as `PairingRequest.score`. */
  score(i: number, j: number): number;
  /**
   * Writes up to `k` likely partners of member `i`, best first, into `out` and their scores into `scores` (both
   * at least `k` long); returns how many were written.
   */
  candidates(i: number, k: number, out: Int32Array, scores: Float64Array): number;
}

export interface PlannedGroup {
  /** 2 or 3 member ids. */
  members: string[];
  /** Sum of the common-ground score over every pair in the group. */
  score: number;
  /** True when two of the members met before (in history or earlier in this plan). */
  repeat: boolean;
}

export interface PlannedRound {
  groups: PlannedGroup[];
  /** Sum of the group scores. */
  score: number;
  /**
   * Members who could not be grouped: a lone member when only one is present, or members for whom every
   * possible group is blocked. The caller must tell them; the engine never drops anyone silently.
   */
  unplaced: string[];
}

export interface PairingPlan {
  rounds: PlannedRound[];
  /** Number of member pairs, over all rounds, that had already met (in history or earlier in the plan). */
  repeats: number;
  /** The seed as a string, to reproduce the plan. */
  seed: string;
  /** Wall time spent planning. */
  ms: number;
}
