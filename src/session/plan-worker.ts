import { parentPort } from "node:worker_threads";
import { computePlan, type PlanJob } from "./plan-compute.ts";
import { warmUpPlanningUntil } from "./plan-warmup.ts";

/** Worker-thread side of `createWorkerPlanRunner`: plans off the main thread so acknowledgements never wait. */
let realWork = false;
parentPort?.on("message", (message: { id: number; job: PlanJob }) => {
  realWork = true;
  try {
    parentPort?.postMessage({ id: message.id, plan: computePlan(message.job) });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});

// Compile the planning code before the first real round, one pool at a time, so that a real plan (a round due at
// once after a restart) waits for one warm-up step at most, not for the whole warm-up.
void warmUpPlanningUntil(() => realWork);
