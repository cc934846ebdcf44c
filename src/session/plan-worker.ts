import { parentPort } from "node:worker_threads";
import { createCandidateHelper } from "./candidate-helper.ts";
import { computePlan, type PlanJob } from "./plan-compute.ts";
import { warmUpPlanningUntil } from "./plan-warmup.ts";

/** Worker-thread side of `createWorkerPlanRunner`: plans off the main thread so acknowledgements never wait. */
const helper = createCandidateHelper();
let realWork = false;
parentPort?.on("message", (message: { id: number; job: PlanJob }) => {
  realWork = true;
  try {
    parentPort?.postMessage({ id: message.id, plan: computePlan(message.job, helper) });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});

// Compile the planning code before the first real round, a pool at a time: a real plan (a round due at once after a
// restart) stops the warm-up and waits for one step at most, instead of the whole 1.6-2.7 s (bench, with the
// candidate helper warming up on the other core).
void warmUpPlanningUntil(() => realWork, helper);
