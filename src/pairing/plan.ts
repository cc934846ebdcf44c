import { createContext, type PairingContext } from "./context.ts";
import { formRound, type RoundGroups } from "./groups.ts";
import { createRng } from "./rng.ts";
import { circlePlan } from "./round-robin.ts";
import type { PairingPlan, PairingRequest, PlannedRound } from "./types.ts";
import { addPair, compareValue, type Value, zeroValue } from "./value.ts";

/** The circle-method fallback is tried up to this pool size (its labelling search is O(n log n) per swap). */
const ROUND_ROBIN_LIMIT = 2000;

/**
 * Plans `rounds` rounds as a whole. Rules, in order: never a blocked pair; no repeat of a past partner (history or
 * earlier in the plan) when avoidable, and when unavoidable the fewest and the oldest; the highest total score;
 * nobody left out (an odd count gets one trio, given to whoever has had the fewest trios).
 *
 * Round by round, each round is an exact maximum-weight matching (blossom) up to 300 members, or a greedy over
 * candidate lists plus swap improvement above. With pairs and an even count, if that leaves a repeat inside the
 * plan while R <= n-1, the circle method (a round-robin) is tried too and the better plan is kept, so a session
 * of R < n rounds never repeats a pair when blocks allow.
 *
 * Deterministic: the same request and seed give the same plan, whatever the order of `members`.
 */
export function planRounds(request: PairingRequest): PairingPlan {
  const started = performance.now();
  const seed = String(request.seed);
  const ctx = createContext(request, seed);
  const verts = [...ctx.ids.keys()];
  const rounds = Math.max(0, Math.floor(request.rounds));

  let plan: RoundGroups[] = [];
  for (let r = 0; r < rounds; r++) plan.push(formRound(ctx, verts, request.groupSize, r === rounds - 1));

  const n = verts.length;
  if (request.groupSize === 2 && n % 2 === 0 && n <= ROUND_ROBIN_LIMIT && rounds > 1 && rounds <= n - 1) {
    const value = replay(ctx, plan);
    if (value.inPlan > 0) {
      ctx.reset();
      const circle = circlePlan(ctx, verts, rounds, createRng(seed, "circle"));
      if (circle) {
        const alternative = circle.map((groups) => ({ groups, unplaced: [] }));
        const altValue = replay(ctx, alternative);
        if (altValue.unplaced <= value.unplaced && compareValue(altValue.value, value.value) > 0) plan = alternative;
      }
    }
  }
  ctx.reset();
  const out = toPlannedRounds(ctx, plan);
  return { rounds: out.rounds, repeats: out.repeats, seed, ms: performance.now() - started };
}

/** Replays a plan from the history alone and sums its lexicographic value. */
function replay(ctx: PairingContext, plan: readonly RoundGroups[]): { value: Value; inPlan: number; unplaced: number } {
  ctx.reset();
  const value = zeroValue();
  let inPlan = 0;
  let unplaced = 0;
  for (const round of plan) {
    unplaced += round.unplaced.length;
    for (const g of round.groups) {
      for (let i = 0; i < g.length; i++) {
        for (let j = i + 1; j < g.length; j++) {
          if (ctx.metAge(g[i]!, g[j]!) === 0) inPlan++;
          addPair(ctx, value, g[i]!, g[j]!);
        }
      }
    }
    for (const g of round.groups) {
      for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) ctx.markMet(g[i]!, g[j]!);
    }
  }
  return { value, inPlan, unplaced };
}

function toPlannedRounds(ctx: PairingContext, plan: readonly RoundGroups[]) {
  let repeats = 0;
  const rounds: PlannedRound[] = plan.map((round, r) => {
    const groups = round.groups.map((g) => {
      let score = 0;
      let repeat = false;
      for (let i = 0; i < g.length; i++) {
        for (let j = i + 1; j < g.length; j++) {
          score += ctx.score(g[i]!, g[j]!);
          if (ctx.metAge(g[i]!, g[j]!) >= 0) {
            repeat = true;
            repeats++;
          }
        }
      }
      return { members: g.map((i) => ctx.ids[i]!), score, repeat };
    });
    if (r < plan.length - 1) {
      for (const g of round.groups) {
        for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) ctx.markMet(g[i]!, g[j]!);
      }
    }
    const score = groups.reduce((sum, g) => sum + g.score, 0);
    return { groups, score, unplaced: round.unplaced.map((i) => ctx.ids[i]!) };
  });
  return { rounds, repeats };
}
