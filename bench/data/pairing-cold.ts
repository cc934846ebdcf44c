/**
 * One 2,000-member plan in a fresh process, as the planning worker's first real round: `cold` right away, `warm`
 * after the worker's warm-up. Prints one JSON object. Run
 * by the pairing bench (a process of its own is the only way to measure a first plan once the bench itself has
 * planned).
 */
import { buildCommonGroundModel } from "../../src/common-ground/index.ts";
import { planRounds } from "../../src/pairing/index.ts";
import { warmUpPlanning } from "../../src/session/plan-warmup.ts";
import { syntheticProfiles } from "./pairing-instances.ts";

const mode = process.argv[2] === "warm" ? "warm" : "cold";
const seed = process.argv[3] ?? "bench-2000";
let warmMs = 0;
if (mode === "warm") {
  const t = performance.now();
  warmUpPlanning();
  warmMs = performance.now() - t;
}
const profiles = syntheticProfiles(2000, seed);
const ids = profiles.map((p) => p.userId);
const model = buildCommonGroundModel(profiles);
const t = performance.now();
const plan = planRounds({
  members: ids,
  score: (a, b) => model.score(a, b),
  indexed: model.forMembers(ids),
  groupSize: 2,
  rounds: 1,
  seed: "bench",
  now: Date.UTC(2026, 0, 1),
});
const ms = performance.now() - t;
console.log(JSON.stringify({ mode, ms, warmMs, score: plan.rounds[0]!.score, repeats: plan.repeats }));
