/**
 * The planning path real communities take: a `PlanJob` as `session/planner.ts` sends it (profiles, a history of
 * weekly Quick Meets, members' blocks, trio counts), planned by the production planning worker
 * (`createWorkerPlanRunner`: structured clone in, `computePlan`, structured clone out), for 30, 100 and 300 members
 * and a three-round session (the first round's request plans all three). `npm run bench -- plan-path [--json]`.
 *
 * `ms` is the round trip a round start waits for; `planMs` the pairing engine alone (inside the worker); `cpuMs` the
 * CPU time of the same jobs planned on the bench's own thread (on a shared machine wall time also measures the
 * neighbours). `score`,
 * `repeats` and `plans` (a hash of every group of every round of every seed) show the plan itself: pools up to 300 members are
 * solved exactly, so a faster engine must print the same three.
 */
import type { PairingPlan } from "../src/pairing/index.ts";
import { hashString } from "../src/pairing/rng.ts";
import { computePlan } from "../src/session/plan-compute.ts";
import { createWorkerPlanRunner } from "../src/session/plan-runner.ts";
import { syntheticPlanJob, warmUpPlanning } from "../src/session/plan-warmup.ts";
import type { BenchFn, BenchRow } from "./types.ts";

const SIZES = [30, 100, 300];
/** Weeks of past Quick Meets in the history (every member in every one). */
const WEEKS = 12;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
/** A three-round job for `n` members, as the planner builds it before round 1; `seed` varies the plan only. */
const pathJob = (n: number, seed: string) => syntheticPlanJob(n, WEEKS, seed);

/** Every group of every round, hashed: equal hashes, equal plans. */
export function planHash(plan: PairingPlan): string {
  const text = plan.rounds.map((r) => r.groups.map((g) => g.members.join("+")).join(",")).join("|");
  return hashString(text, 1).toString(36);
}

const run: BenchFn = async ({ quick }) => {
  const runner = createWorkerPlanRunner();
  const rows: BenchRow[] = [];
  const times = quick ? 3 : 7;
  // This thread plans the `cpuMs` samples: warmed up as the worker is.
  warmUpPlanning();
  try {
    // Starts the worker and its warm-up; the first plan waits for one warm-up step at most.
    await runner.plan(pathJob(30, "start"));
    for (const n of SIZES) {
      // Settle: the worker has planned this size before it is timed, as a long-lived worker has.
      await runner.plan(pathJob(n, "settle"));
      const samples: { ms: number; plan: PairingPlan }[] = [];
      for (let s = 0; s < times; s++) {
        const job = pathJob(n, `path-${s}`);
        const t = performance.now();
        const plan = await runner.plan(job);
        samples.push({ ms: performance.now() - t, plan });
      }
      const cpu: number[] = [];
      computePlan(pathJob(n, "settle"));
      for (let s = 0; s < times; s++) {
        const job = pathJob(n, `path-${s}`);
        const c = process.cpuUsage();
        computePlan(job);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
      }
      cpu.sort((a, b) => a - b);
      const sorted = [...samples].sort((a, b) => a.ms - b.ms);
      const mid = sorted[times >> 1]!;
      const first = samples[0]!.plan;
      rows.push({
        bench: "plan-path",
        case: `${n}x3`,
        n,
        rounds: 3,
        ms: r3(mid.ms),
        msMax: r3(sorted[times - 1]!.ms),
        planMs: r3(mid.plan.ms),
        cpuMs: r3(cpu[times >> 1]!),
        score: r3(first.rounds.reduce((s, r) => s + r.score, 0)),
        repeats: first.repeats,
        plans: hashString(samples.map((x) => planHash(x.plan)).join(","), 1).toString(36),
        ref: `median of ${times} seeds; score/repeats of seed path-0, plans: every seed's groups hashed`,
      });
    }
  } finally {
    await runner.close();
  }
  return rows;
};
export default run;
