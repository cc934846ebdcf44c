import { candidatesFromShared } from "../common-ground/candidates.ts";
import { buildCommonGroundModel } from "../common-ground/index.ts";
import { syntheticProfiles } from "../common-ground/synthetic.ts";
import type { CandidateHelper } from "./candidate-helper.ts";
import { computePlan } from "./plan-compute.ts";

/**
 * The warm-up pool: realistic synthetic profiles (common-ground/synthetic.ts), above the exact solver's limit and
 * above the size where scores stop being cached in a matrix, so it takes the code paths a real community of a few
 * thousand takes; planned a few times, because the optimising compiler wants functions called often.
 */
const WARM_MEMBERS = 1200;
const WARM_PLANS = 4;

/**
 * Plans synthetic pools (one small exact one, then the warm-up pool) so the JavaScript engine has compiled the
 * planning code before a real round needs it. On the 2,000-member bench pool the first real round drops from
 * ~300-400 ms to ~55-80 ms, about the steady state (two plans of this pool: ~80-115; six of 700 members with three
 * tags each: ~100-160). Costs ~0.8-1.2 s of the worker's CPU at start. Deterministic; the planning worker runs it once
 * when it starts.
 */
export function warmUpPlanning(helper?: CandidateHelper): void {
  for (let i = 0; i <= WARM_PLANS; i++) warmUpStep(i, helper);
}

/**
 * The same warm-up one pool at a time, giving the event loop a turn between pools and stopping as soon as
 * `stop()` says real work came in: after a restart an overdue round is planned within one step (~0.2-0.3 s), not
 * after the whole warm-up.
 */
export async function warmUpPlanningUntil(stop: () => boolean, helper?: CandidateHelper): Promise<void> {
  for (let i = 0; i <= WARM_PLANS; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (stop()) return;
    warmUpStep(i, helper);
  }
}

function warmUpStep(i: number, helper?: CandidateHelper): void {
  const profiles =
    i === 0 ? syntheticProfiles(120, "warm-up-exact") : syntheticProfiles(WARM_MEMBERS, `warm-up-${i - 1}`);
  computePlan(
    { profiles, history: [], blocks: [], groupSize: 2, rounds: 2, seed: `warm-up-${i}`, trioCounts: [], now: 0 },
    helper,
  );
}

/** The candidate helper's warm-up: the warm-up pool's candidate lists, searched from shared memory. */
export function warmUpCandidates(): void {
  for (let r = 0; r < WARM_PLANS; r++) {
    const profiles = syntheticProfiles(WARM_MEMBERS, `warm-up-${r}`);
    const ids = profiles.map((p) => p.userId);
    const search = candidatesFromShared(buildCommonGroundModel(profiles).forMembers(ids).share());
    const k = 32;
    const n = ids.length;
    const want = new Int32Array(n).fill(k);
    search.candidatesMany(
      Int32Array.from(ids.keys()),
      want,
      k,
      new Int32Array(k * n),
      new Float64Array(k * n),
      new Int32Array(n),
    );
  }
}
