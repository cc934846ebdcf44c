/**
 * One process of the job-engine tests: a PgBossScheduler whose handlers record each run in a `runs` table, so the
 * parent counts runs per job across processes. `slow` jobs hold the job for QM_SLOW_MS (long enough to be killed
 * mid-run). Talks over IPC: → { type: "ready" }.
 */
import pg from "pg";
import { PgBossScheduler } from "../../src/jobs/pg-boss.ts";
import { WorkTracker } from "../../src/jobs/tracker.ts";
import { silentLogger } from "../../src/logger.ts";
import { noMetrics } from "../../src/metrics.ts";
import { createMemoryStore } from "../../src/store/memory.ts";

const url = process.env.QM_PG_URL ?? "";
const db = new pg.Pool({ connectionString: url, max: 4 });
const slowMs = Number(process.env.QM_SLOW_MS ?? 60_000);
const record = (jobId: string, phase: string) =>
  db.query("INSERT INTO runs (job_id, pid, phase, at) VALUES ($1, $2, $3, now())", [jobId, process.pid, phase]);

const jobs = new PgBossScheduler(
  {
    store: createMemoryStore(),
    clock: { now: () => Date.now(), setTimer: (fn, ms) => ({ cancel: clearTimeout.bind(null, setTimeout(fn, ms)) }) },
    logger: silentLogger,
    tracker: new WorkTracker(silentLogger),
    metrics: noMetrics,
  },
  { connectionString: url },
);
jobs.on("mark", async (job) => {
  await record(job.id, "ran");
});
jobs.on("slow", async (job) => {
  await record(job.id, "started");
  await new Promise((r) => setTimeout(r, slowMs));
  await record(job.id, "finished");
});
await jobs.start();
process.send?.({ type: "ready" });
process.on("SIGTERM", async () => {
  jobs.stop();
  await jobs.close();
  await db.end();
  process.exit(0);
});
