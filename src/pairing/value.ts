import type { PairingContext } from "./context.ts";

/**
 * The rules, in order, as a lexicographic value: [fresh pairs, age of repeated pairs, score].
 * Fresh pairs dominate (fewest repeats), then older repeats beat recent ones, then common ground.
 * Kept as three numbers rather than one weighted float so that no score scale can overflow the ranking.
 */
export type Value = [fresh: number, age: number, score: number];

export const zeroValue = (): Value => [0, 0, 0];

/** Adds the value of putting a and b together to `acc`; false (acc untouched) when they are blocked. */
export function addPair(ctx: PairingContext, acc: Value, a: number, b: number, sign = 1): boolean {
  if (ctx.blocked(a, b)) return false;
  const age = ctx.metAge(a, b);
  if (age < 0) acc[0] += sign;
  else acc[1] += sign * age;
  acc[2] += sign * ctx.score(a, b);
  return true;
}

/** Value of a whole group, or null when any two of its members are blocked. */
export function groupValue(ctx: PairingContext, members: readonly number[]): Value | null {
  const acc = zeroValue();
  return groupValueInto(ctx, members, members.length, acc) ? acc : null;
}

/** `groupValue` of the first `len` members into `out` (no allocation); false when any two are blocked. */
export function groupValueInto(ctx: PairingContext, members: ArrayLike<number>, len: number, out: Value): boolean {
  out[0] = out[1] = out[2] = 0;
  for (let i = 0; i < len; i++) {
    for (let j = i + 1; j < len; j++) if (!addPair(ctx, out, members[i]!, members[j]!)) return false;
  }
  return true;
}

/** Positive when x is better than y. Scores compare with a small relative tolerance to stop float churn. */
export function compareValue(x: Value, y: Value): number {
  if (x[0] !== y[0]) return x[0] - y[0];
  if (x[1] !== y[1]) return x[1] - y[1];
  const d = x[2] - y[2];
  return Math.abs(d) <= 1e-9 * (Math.abs(x[2]) + Math.abs(y[2]) + 1e-12) ? 0 : d;
}

export const addValue = (acc: Value, v: Value, sign = 1): Value => {
  acc[0] += sign * v[0];
  acc[1] += sign * v[1];
  acc[2] += sign * v[2];
  return acc;
};
