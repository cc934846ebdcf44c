import { syntheticHistory, syntheticProfiles } from "../common-ground/synthetic.ts";
import { EXACT_LIMIT } from "../pairing/exact.ts";
import { createRng } from "../pairing/rng.ts";
import { computePlan, type PlanJob } from "./plan-compute.ts";

/**
 * The warm-up pools, in order. First a pool above the exact solver's limit and above the size where scores stop
 * being cached in a matrix, so the candidate path a large community takes is compiled; then the path real
 * communities take, last so that the code the two paths share is compiled for it: exact pools with a history of
 * weekly Quick Meets, a few blocks and a three-round session, the largest twice, because the optimising compiler
 * wants functions called often.
 */
const WARM_POOLS = [1200, 100, 300, 300];
/** Weeks of history in an exact warm-up pool. */
const WARM_WEEKS = 12;

/**
 * A plan job over synthetic profiles (common-ground/synthetic.ts) shaped like a community's `n` members before a
 * session's first round: `weeks` of weekly history, one member in ten blocking someone, a trio count for whoever had
 * a trio. Deterministic in (n, weeks); `seed` varies the plan only.
 */
export function syntheticPlanJob(n: number, weeks: number, seed: string, rounds = 3): PlanJob {
  const now = Date.UTC(2026, 0, 1);
  const profiles = syntheticProfiles(n, `path-${n}`);
  const ids = profiles.map((p) => p.userId);
  const history = syntheticHistory(ids, weeks, now, `path-${n}`);
  const rng = createRng(`path-${n}`, "blocks");
  const blocks: [string, string][] = [];
  for (let b = 0; b < Math.max(1, Math.floor(n / 10)); b++) {
    blocks.push([ids[Math.floor(rng() * n)]!, ids[Math.floor(rng() * n)]!]);
  }
  const trioCounts = new Map<string, number>();
  for (const g of history) if (g.members.length === 3) for (const m of g.members) trioCounts.set(m, 1);
  return { profiles, history, blocks, groupSize: 2, rounds, seed, trioCounts: [...trioCounts], now };
}

/** Plans every warm-up pool, so the JavaScript engine has compiled the planning code before a real round needs it. */
export function warmUpPlanning(): void {
  for (let i = 0; i < WARM_POOLS.length; i++) warmUpStep(i);
}

/**
 * The same warm-up one pool at a time, giving the event loop a turn between pools and stopping as soon as `stop()`
 * says real work came in.
 */
export async function warmUpPlanningUntil(stop: () => boolean): Promise<void> {
  for (let i = 0; i < WARM_POOLS.length; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (stop()) return;
    warmUpStep(i);
  }
}

function warmUpStep(i: number): void {
  const n = WARM_POOLS[i]!;
  const exact = n <= EXACT_LIMIT;
  computePlan(syntheticPlanJob(n, exact ? WARM_WEEKS : 0, `warm-up-${i}`, exact ? 3 : 2));
}
