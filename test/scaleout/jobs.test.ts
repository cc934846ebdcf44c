import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgBossScheduler } from "../../src/jobs/pg-boss.ts";
import { WorkTracker } from "../../src/jobs/tracker.ts";
import { silentLogger } from "../../src/logger.ts";
import { noMetrics } from "../../src/metrics.ts";
import { createMemoryStore } from "../../src/store/memory.ts";
import { freshDatabase, testPgUrl } from "./pg.ts";

const adminUrl = testPgUrl();
const child = join(import.meta.dirname, "jobs-child.ts");

function startChild(url: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const p = fork(child, [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, QM_PG_URL: url, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    p.once("message", () => resolve(p));
    p.once("exit", (code) => reject(new Error(`job child exited early (${code})`)));
  });
}

const stopChild = (p: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once("exit", () => resolve());
    p.kill("SIGTERM");
  });

function scheduler(url: string): PgBossScheduler {
  return new PgBossScheduler(
    {
      store: createMemoryStore(),
      clock: { now: () => Date.now(), setTimer: () => ({ cancel() {} }) },
      logger: silentLogger,
      tracker: new WorkTracker(silentLogger),
      metrics: noMetrics,
    },
    { connectionString: url },
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!adminUrl)("jobs on pg-boss across real processes", () => {
  let db: { url: string; drop: () => Promise<void> };
  let pool: pg.Pool;
  let sender: PgBossScheduler;

  beforeAll(async () => {
    db = await freshDatabase(adminUrl ?? "");
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await pool.query("CREATE TABLE runs (job_id text, pid int, phase text, at timestamptz)");
    // The scheduling side only sends: it is started (queue created) but runs nothing (no handlers here).
    sender = scheduler(db.url);
    await sender.start();
    sender.stop();
  });
  afterAll(async () => {
    await sender?.close();
    await pool?.end();
    await db?.drop();
  });

  it("runs 200 jobs due at one instant once each, spread over two processes", async () => {
    const at = Date.now() + 1_500;
    const ids = Array.from({ length: 200 }, (_, i) => `mark-${i}`);
    // Scheduled twice, as two processes both arming one deadline would: still one job per id.
    for (let round = 0; round < 2; round++)
      await Promise.all(ids.map((id) => sender.schedule({ id, kind: "mark", at, data: {} })));
    const children = await Promise.all([startChild(db.url), startChild(db.url)]);
    try {
      const rows = await until(
        "200 runs",
        async () => {
          const r = await pool.query<{ job_id: string; pid: number }>("SELECT job_id, pid FROM runs WHERE phase='ran'");
          return r.rows.length >= 200 ? r.rows : undefined;
        },
        20_000,
      );
      await new Promise((r) => setTimeout(r, 1_000)); // any duplicate would land now
      const all = (await pool.query<{ job_id: string }>("SELECT job_id FROM runs WHERE phase='ran'")).rows;
      expect(all.length).toBe(200);
      expect(new Set(all.map((r) => r.job_id)).size).toBe(200);
      expect(new Set(rows.map((r) => r.pid)).size).toBe(2);
    } finally {
      await Promise.all(children.map(stopChild));
    }
  }, 40_000);

  it("moves a deadline scheduled again under its id, and cancels it", async () => {
    await sender.schedule({ id: "moved", kind: "mark", at: Date.now() + 60_000, data: {} });
    await sender.schedule({ id: "moved", kind: "mark", at: Date.now() + 500, data: {} });
    await sender.schedule({ id: "cancelled", kind: "mark", at: Date.now() + 500, data: {} });
    expect(await sender.isScheduled("cancelled")).toBe(true);
    await sender.cancel("cancelled");
    expect(await sender.isScheduled("cancelled")).toBe(false);
    const p = await startChild(db.url);
    try {
      await until(
        "the moved job",
        async () => ((await pool.query("SELECT 1 FROM runs WHERE job_id='moved'")).rows.length ? true : undefined),
        10_000,
      );
      await new Promise((r) => setTimeout(r, 1_000));
      expect((await pool.query("SELECT 1 FROM runs WHERE job_id='cancelled'")).rows).toEqual([]);
      expect((await pool.query("SELECT 1 FROM runs WHERE job_id='moved'")).rows.length).toBe(1);
    } finally {
      await stopChild(p);
    }
  }, 30_000);

  it("hands a job to another process within 20 s when its holder is killed with kill -9", async () => {
    await sender.schedule({ id: "slow-1", kind: "slow", at: Date.now(), data: {} });
    const children = await Promise.all([startChild(db.url), startChild(db.url)]);
    try {
      const holder = await until(
        "the first start",
        async () => (await pool.query<{ pid: number }>("SELECT pid FROM runs WHERE job_id='slow-1'")).rows[0]?.pid,
        10_000,
      );
      const victim = children.find((c) => c.pid === holder);
      expect(victim).toBeDefined();
      victim?.kill("SIGKILL");
      const killedAt = Date.now();
      const taker = await until(
        "a second start",
        async () =>
          (await pool.query<{ pid: number }>("SELECT pid FROM runs WHERE job_id='slow-1' AND pid <> $1", [holder]))
            .rows[0]?.pid,
        25_000,
      );
      const tookMs = Date.now() - killedAt;
      expect(taker).not.toBe(holder);
      expect(tookMs).toBeLessThanOrEqual(20_000);
    } finally {
      await Promise.all(children.map(stopChild));
    }
  }, 60_000);
});
