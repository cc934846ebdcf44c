import type { ProfileInput } from "../common-ground/index.ts";
import { computePlan } from "./plan-compute.ts";

/** Members of the synthetic warm-up pool: above the exact solver's limit, so the large-pool path is compiled too. */
const WARM_MEMBERS = 1200;
const TAGS = ["hiking", "jazz", "chess", "poetry", "climbing", "podcasts", "photography", "baking", "running", "film"];
const CITIES = ["Rochester", "Austin", "Berlin", "Lagos", "Seattle"];
const GOALS = ["mentor", "mentee", "job", "hiring", "collaborators", "friends"] as const;

/**
 * Plans two small synthetic pools (one exact, one sparse) so the JavaScript engine has compiled most of the planning
 * code before a real round needs it. On the 2,000-member bench pool the first real round drops from ~250 ms to
 * ~180 ms; it takes a couple of full-size plans to reach the steady ~60-80 ms (more warm-up bought little: a
 * 2,000-member pool planned twice still left the first real round at ~145 ms). Deterministic and pure; the planning
 * worker runs it once when it starts.
 */
export function warmUpPlanning(): void {
  const profiles: ProfileInput[] = Array.from({ length: WARM_MEMBERS }, (_, i) => ({
    userId: `warm-${i}`,
    displayName: `Warm ${i}`,
    interests: [0, 1, 2].map((k) => `${TAGS[(i * (k + 3)) % TAGS.length]}-${(i * 7 + k * 13) % 40}`),
    lookingFor: [GOALS[i % GOALS.length]!],
    city: CITIES[i % CITIES.length]!,
    field: `field-${i % 8}`,
  }));
  for (const pool of [profiles.slice(0, 120), profiles]) {
    computePlan({
      profiles: pool,
      history: [],
      blocks: [],
      groupSize: 2,
      rounds: 2,
      seed: "warm-up",
      trioCounts: [],
      now: 0,
    });
  }
}
