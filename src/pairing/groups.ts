import type { PairingContext } from "./context.ts";
import { EXACT_LIMIT, exactMatching } from "./exact.ts";
import { improveGroups } from "./improve.ts";
import { sparseMatching } from "./sparse.ts";
import { compareValue, groupValue, type Value } from "./value.ts";

/** One round over member indices. */
export interface RoundGroups {
  groups: number[][];
  unplaced: number[];
}

/** Swap passes after matching; each pass is O(members × neighbours). */
const IMPROVE_PASSES = 2;

const matchPairs = (ctx: PairingContext, verts: readonly number[]) => {
  const mate = verts.length <= EXACT_LIMIT ? exactMatching(ctx, verts) : sparseMatching(ctx, verts);
  const pairs: number[][] = [];
  const single: number[] = [];
  for (let i = 0; i < verts.length; i++) {
    const j = mate[i]!;
    if (j === -1) single.push(verts[i]!);
    else if (i < j) pairs.push([verts[i]!, verts[j]!]);
  }
  return { pairs, single };
};

const improve = (ctx: PairingContext, verts: readonly number[], groups: number[][], deadline: number) => {
  if (verts.length <= EXACT_LIMIT) improveGroups(ctx, groups, () => verts, IMPROVE_PASSES, null, deadline);
  else {
    // Swaps add a fraction of a percent on top of the auction; on the largest pools that is not worth their time.
    const passes = verts.length <= 4000 ? IMPROVE_PASSES : verts.length <= 20_000 ? 1 : 0;
    if (passes > 0) improveGroups(ctx, groups, ctx.candidateList, passes, ctx.candidateScores, deadline);
  }
};

/**
 * Puts each single into the best pair that can take a third member (never next to someone they block).
 * Small pools look at every pair; large pools at the pairs of the single's candidates first.
 */
function attachSingles(ctx: PairingContext, verts: readonly number[], groups: number[][], singles: number[]): number[] {
  const unplaced: number[] = [];
  if (singles.length === 0) return unplaced;
  const groupOf = new Map<number, number>();
  groups.forEach((g, i) => {
    for (const a of g) groupOf.set(a, i);
  });
  for (const x of singles) {
    const options = new Set<number>();
    if (verts.length > EXACT_LIMIT) {
      for (const c of ctx.candidateList(x)) {
        const gi = groupOf.get(c);
        if (gi !== undefined) options.add(gi);
      }
    }
    if (options.size === 0 || ![...options].some((gi) => groups[gi]!.length === 2)) {
      for (let gi = 0; gi < groups.length; gi++) options.add(gi);
    }
    let best = -1;
    let bestValue: Value | null = null;
    let bestTrios = 0;
    for (const gi of options) {
      const g = groups[gi]!;
      if (g.length !== 2) continue;
      const value = groupValue(ctx, [...g, x]);
      if (!value) continue;
      // Repeats decide first, then the pair that has had the fewest trios (rotation), then score.
      const trios = ctx.trioCount[g[0]!]! + ctx.trioCount[g[1]!]!;
      const order = bestValue ? compareValue([value[0], value[1], 0], [bestValue[0], bestValue[1], 0]) : 1;
      const better =
        order > 0 ||
        (order === 0 && (trios < bestTrios || (trios === bestTrios && compareValue(value, bestValue!) > 0)));
      if (better) [best, bestValue, bestTrios] = [gi, value, trios];
    }
    if (best < 0) unplaced.push(x);
    else {
      groups[best]!.push(x);
      groupOf.set(x, best);
    }
  }
  return unplaced;
}

/** Pairs singles with each other where allowed (best value first); returns the ones still single. */
function pairSingles(ctx: PairingContext, groups: number[][], singles: readonly number[]): number[] {
  const left = [...singles];
  const rest: number[] = [];
  while (left.length > 0) {
    const x = left.shift()!;
    let best = -1;
    let bestValue: Value | null = null;
    for (let i = 0; i < left.length; i++) {
      const value = groupValue(ctx, [x, left[i]!]);
      if (value && (!bestValue || compareValue(value, bestValue) > 0)) [best, bestValue] = [i, value];
    }
    if (best < 0) rest.push(x);
    else groups.push([x, ...left.splice(best, 1)]);
  }
  return rest;
}

/** Rotation: the odd member is whoever has had the fewest trios (ties follow the seeded member order). */
function pickTrioMember(ctx: PairingContext, verts: readonly number[]): number {
  let best = verts[0]!;
  for (const v of verts) if (ctx.trioCount[v]! < ctx.trioCount[best]!) best = v;
  return best;
}

/** Groups of two, one trio when the count is odd. */
function formPairs(ctx: PairingContext, verts: readonly number[], deadline: number, last: boolean): RoundGroups {
  let odd: number[] = [];
  let rest = verts;
  if (verts.length % 2 === 1) {
    const x = pickTrioMember(ctx, verts);
    odd = [x];
    rest = verts.filter((v) => v !== x);
  }
  const { pairs, single } = matchPairs(ctx, rest);
  // A single from the matching had every possible partner blocked or taken: pair singles up, then trios.
  const unplaced = attachSingles(ctx, verts, pairs, pairSingles(ctx, pairs, [...odd, ...single]));
  // The exact matching is already optimal for pairs alone; swaps only help around trios or on large pools.
  if (verts.length > EXACT_LIMIT || pairs.some((g) => g.length === 3)) {
    improve(ctx, verts, pairs, deadline);
  }
  return finish(ctx, pairs, unplaced, last);
}

/** Trios, with one pair (n ≡ 2 mod 3) or two pairs (n ≡ 1 mod 3) to absorb the remainder. */
function formTrios(ctx: PairingContext, verts: readonly number[], deadline: number, last: boolean): RoundGroups {
  const n = verts.length;
  const pairsWanted = n % 3 === 0 ? 0 : n % 3 === 2 ? 1 : 2;
  const trios = (n - 2 * pairsWanted) / 3;
  // Cores: the best matched pairs; the weakest pairs are split up and their members become third members.
  const { pairs, single } = matchPairs(ctx, verts);
  const ranked = pairs
    .map((g) => [g, groupValue(ctx, g)!] as const)
    .sort((x, y) => compareValue(y[1], x[1]))
    .map(([g]) => g);
  const cores = ranked.slice(0, trios + pairsWanted);
  const singles = [...ranked.slice(trios + pairsWanted).flat(), ...single];
  const unplaced = pairSingles(ctx, cores, attachSingles(ctx, verts, cores, singles));
  improve(ctx, verts, cores, deadline);
  return finish(ctx, cores, unplaced, last);
}

function finish(ctx: PairingContext, groups: number[][], unplaced: number[], last: boolean): RoundGroups {
  for (const g of groups) {
    // After the plan's last round nobody asks who met, so its meetings are not recorded.
    if (!last) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) ctx.markMet(g[i]!, g[j]!);
    if (g.length === 3) for (const a of g) ctx.trioCount[a]!++;
  }
  return { groups, unplaced };
}

/**
 * Forms one round over `verts` and records it in the context (who had a trio and, unless it is the plan's `last`
 * round, who met), so that the next round of the plan avoids these partners.
 */
export function formRound(
  ctx: PairingContext,
  verts: readonly number[],
  groupSize: 2 | 3,
  last = false,
  deadline = Number.POSITIVE_INFINITY,
): RoundGroups {
  if (verts.length <= 1) return { groups: [], unplaced: [...verts] };
  return groupSize === 2 ? formPairs(ctx, verts, deadline, last) : formTrios(ctx, verts, deadline, last);
}
