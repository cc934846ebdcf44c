/**
 * Synthetic, realistic pools for the pairing benchmark (and the offline optimum): profiles with clustered,
 * Zipf-popular interests, a field, a city with its time zone and one or two goals; and a year of weekly random
 * pairings as history. Everything is reproducible from a seed.
 */
import { buildCommonGroundModel } from "../../src/common-ground/index.ts";
import type { ProfileInput } from "../../src/common-ground/types.ts";

/** The profiles and histories live in src/ (the planning worker warms up on them); the bench instances use them. */
export { syntheticHistory as weeklyHistory, syntheticProfiles } from "../../src/common-ground/synthetic.ts";

/** The product's score (common-ground model) over a pool. */
export function poolScore(profiles: readonly ProfileInput[]) {
  const model = buildCommonGroundModel(profiles);
  return (a: string, b: string) => model.score(a, b);
}

/** A fixed fingerprint of the score on an instance: detects a changed score that would make a stored optimum stale. */
export function scoreFingerprint(ids: readonly string[], score: (a: string, b: string) => number): number {
  let sum = 0;
  for (let i = 0; i < 500; i++) sum += score(ids[(i * 7919) % ids.length]!, ids[(i * 104729 + 1) % ids.length]!);
  return Math.round(sum * 1e6) / 1e6;
}
