import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PairingPlan } from "../pairing/index.ts";
import { computePlan, type PlanJob } from "./plan-compute.ts";

/**
 * Where round plans are computed. Planning a few hundred members exactly takes seconds of CPU; on the main thread
 * that would hold up every platform acknowledgement (3-second windows), so production plans in a worker thread.
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

/**
 * Running from TypeScript sources (tsx, vitest) the worker registers tsx's loader before importing the .ts entry
 * (Node 20 workers ignore `--import` in execArgv); a build runs the compiled .js entry directly.
 */
function spawnWorker(): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./plan-worker.js", import.meta.url));
  const tsx = pathToFileURL(tsxEsmApi()).href;
  const entry = new URL("./plan-worker.ts", import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true });
}

/** Path of tsx's ESM register API, read from its package exports (require() would resolve the CJS build). */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(manifest, "utf8")) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const entry = pkg.exports["./esm/api"]?.import.default;
  if (!entry) throw new Error("tsx/esm/api has no ESM entry; is tsx installed?");
  return join(dirname(manifest), entry);
}

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
    const w = spawnWorker();
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
