/**
 * Synthetic, realistic pools for the pairing benchmark (and the offline optimum): profiles with clustered,
 * Zipf-popular interests, a field, a city with its time zone and one or two goals; and a year of weekly random
 * pairings as history. Everything is reproducible from a seed.
 */
import { buildCommonGroundModel } from "../../src/common-ground/index.ts";
import type { ProfileInput } from "../../src/common-ground/types.ts";
import type { PastGroup } from "../../src/pairing/index.ts";
import { createRng, shuffle } from "../../src/pairing/rng.ts";

/** The profiles live in src/ (the planning worker warms up on them); the bench instances are built from them. */
export { syntheticProfiles } from "../../src/common-ground/synthetic.ts";

/** The product's score (common-ground model) over a pool. */
export function poolScore(profiles: readonly ProfileInput[]) {
  const model = buildCommonGroundModel(profiles);
  return (a: string, b: string) => model.score(a, b);
}

/** `weeks` past weekly rounds of random pairs (a trio when odd), ending one week before `now`. */
export function weeklyHistory(ids: readonly string[], weeks: number, now: number, seed: string): PastGroup[] {
  const rng = createRng(seed, "history");
  const week = 7 * 24 * 3600 * 1000;
  const out: PastGroup[] = [];
  for (let w = 1; w <= weeks; w++) {
    const order = shuffle([...ids], rng);
    for (let i = 0; i + 1 < order.length; i += 2) {
      const members = [order[i]!, order[i + 1]!];
      if (i + 3 === order.length) members.push(order[i + 2]!);
      out.push({ members, at: now - w * week });
    }
  }
  return out;
}

/** A fixed fingerprint of the score on an instance: detects a changed score that would make a stored optimum stale. */
export function scoreFingerprint(ids: readonly string[], score: (a: string, b: string) => number): number {
  let sum = 0;
  for (let i = 0; i < 500; i++) sum += score(ids[(i * 7919) % ids.length]!, ids[(i * 104729 + 1) % ids.length]!);
  return Math.round(sum * 1e6) / 1e6;
}
