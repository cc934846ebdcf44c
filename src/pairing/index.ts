/** The pairing engine: pure functions over plain data (no platform, no store). */
export { type Edge, maxWeightMatching, maxWeightMatchingWithDuals } from "./blossom.ts";
export { planRounds } from "./plan.ts";
export type { IndexedScoring, PairingPlan, PairingRequest, PastGroup, PlannedGroup, PlannedRound } from "./types.ts";
