import type { Worker } from "node:worker_threads";
import type { PairingPlan } from "../pairing/index.ts";
import { computePlan, type PlanJob } from "./plan-compute.ts";
import { spawnSessionWorker } from "./spawn-worker.ts";

/**
 * Where round plans are computed. A plan is CPU-bound and its time grows with the pool (a large community's takes
 * seconds); on the main thread that would hold up every platform acknowledgement (3-second windows), so production
 * plans in a worker thread.
 */
export interface PlanRunner {
  plan(job: PlanJob): Promise<PairingPlan>;
  /** Starts (and warms up) whatever plans, ahead of the first round; optional. */
  warm?(): void;
  close(): Promise<void>;
}

/** Plans on the calling thread: for tests and tools where blocking does not matter. */
export const inlinePlanRunner: PlanRunner = {
  plan: async (job) => computePlan(job),
  close: async () => {},
};

/** Plans in one long-lived worker thread, started on first use and not keeping the process alive. */
export function createWorkerPlanRunner(): PlanRunner {
  let worker: Worker | undefined;
  let seq = 0;
  const pending = new Map<number, { resolve: (plan: PairingPlan) => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    worker = undefined;
  };

  const start = (): Worker => {
    const w = spawnSessionWorker("plan-worker");
    w.unref();
    w.on("message", (message: { id: number; plan?: PairingPlan; error?: string }) => {
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      if (message.plan) p.resolve(message.plan);
      else p.reject(new Error(`round planning failed: ${message.error ?? "unknown error"}`));
    });
    w.on("error", (error) => failAll(error));
    w.on("exit", (code) => failAll(new Error(`round planning worker exited with code ${code}`)));
    return w;
  };

  return {
    warm() {
      worker ??= start();
    },
    plan(job) {
      worker ??= start();
      const id = ++seq;
      const target = worker;
      return new Promise<PairingPlan>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        target.postMessage({ id, job });
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
