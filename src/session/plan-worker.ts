import { parentPort } from "node:worker_threads";
import { createCandidateHelper } from "./candidate-helper.ts";
import { computePlan, type PlanJob } from "./plan-compute.ts";
import { warmUpPlanning } from "./plan-warmup.ts";

/** Worker-thread side of `createWorkerPlanRunner`: plans off the main thread so acknowledgements never wait. */
const helper = createCandidateHelper();
parentPort?.on("message", (message: { id: number; job: PlanJob }) => {
  try {
    parentPort?.postMessage({ id: message.id, plan: computePlan(message.job, helper) });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});

// Compile the planning code before the first real round (a plan sent meanwhile waits for this: bench 1.6-2.7 s, with the
// candidate helper warming up on the other core).
warmUpPlanning(helper);
