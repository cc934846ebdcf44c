import { candidatesFromShared } from "../common-ground/candidates.ts";
import { buildCommonGroundModel, type ProfileInput } from "../common-ground/index.ts";
import { computePlan } from "./plan-compute.ts";

/**
 * Members of the synthetic warm-up pool (above the exact solver's limit, so the large-pool path is compiled too)
 * and how many times it is planned: the optimising compiler wants functions called often, not one big call.
 */
const WARM_MEMBERS = 700;
const WARM_PLANS = 6;
const TAGS = ["hiking", "jazz", "chess", "poetry", "climbing", "podcasts", "photography", "baking", "running", "film"];
const CITIES = ["Rochester", "Austin", "Berlin", "Lagos", "Seattle"];
const GOALS = ["mentor", "mentee", "job", "hiring", "collaborators", "friends"] as const;

/**
 * Plans small synthetic pools (one exact, then a sparse one several times) so the JavaScript engine has compiled
 * most of the planning code before a real round needs it. On the 2,000-member bench pool the first real round drops
 * from ~250 ms to ~100-160 ms (one plan of 1,200 members: ~180-210; steady state ~60-80). Costs ~0.7 s of the
 * worker's CPU at start. Deterministic and pure; the planning worker runs it once when it starts.
 */
export function warmUpPlanning(): void {
  const profiles = warmUpProfiles();
  const pools = [profiles.slice(0, 120), ...Array.from({ length: WARM_PLANS }, () => profiles)];
  pools.forEach((pool, i) => {
    computePlan({
      profiles: pool,
      history: [],
      blocks: [],
      groupSize: 2,
      rounds: 2,
      seed: `warm-up-${i}`,
      trioCounts: [],
      now: 0,
    });
  });
}

/** The candidate helper's warm-up: the same pool's candidate lists, searched from shared memory, a few times. */
export function warmUpCandidates(): void {
  const profiles = warmUpProfiles();
  const ids = profiles.map((p) => p.userId);
  for (let r = 0; r < WARM_PLANS; r++) {
    const search = candidatesFromShared(buildCommonGroundModel(profiles).forMembers(ids).share());
    const k = 32;
    const who = Int32Array.from(ids.keys());
    const want = new Int32Array(ids.length).fill(k);
    search.candidatesMany(
      who,
      want,
      k,
      new Int32Array(k * ids.length),
      new Float64Array(k * ids.length),
      new Int32Array(ids.length),
    );
  }
}

function warmUpProfiles(): ProfileInput[] {
  return Array.from({ length: WARM_MEMBERS }, (_, i) => ({
    userId: `warm-${i}`,
    displayName: `Warm ${i}`,
    interests: [0, 1, 2].map((k) => `${TAGS[(i * (k + 3)) % TAGS.length]}-${(i * 7 + k * 13) % 40}`),
    lookingFor: [GOALS[i % GOALS.length]!],
    city: CITIES[i % CITIES.length]!,
    field: `field-${i % 8}`,
  }));
}
