import type { PairingPlan } from "../../../src/pairing/index.ts";

export const ids = (n: number, prefix = "m") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** A symmetric pseudo-random score table keyed by the pair, reproducible from `salt`. */
export function tableScore(salt: number, max = 100) {
  return (a: string, b: string) => {
    const [x, y] = a < b ? [a, b] : [b, a];
    let h = salt;
    for (const ch of `${x}|${y}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    return h % max;
  };
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Every within-group pair of every round, in order. */
export function planPairs(plan: PairingPlan): string[][] {
  return plan.rounds.map((r) =>
    r.groups.flatMap((g) => g.members.flatMap((a, i) => g.members.slice(i + 1).map((b) => pairKey(a, b)))),
  );
}

/** Fails unless every member appears exactly once per round (in a group or as unplaced) and groups are 2–3. */
export function expectWellFormed(plan: PairingPlan, members: readonly string[]): void {
  for (const round of plan.rounds) {
    const seen = [...round.groups.flatMap((g) => g.members), ...round.unplaced].sort();
    if (JSON.stringify(seen) !== JSON.stringify([...new Set(members)].sort())) {
      throw new Error(`round does not place every member exactly once: ${JSON.stringify(round)}`);
    }
    for (const g of round.groups) {
      if (g.members.length < 2 || g.members.length > 3) throw new Error(`bad group size ${g.members.length}`);
    }
  }
}
