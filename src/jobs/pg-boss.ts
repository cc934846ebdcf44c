import PgBoss from "pg-boss";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { Job, JobHandler, JobScheduler, SchedulerDeps } from "./scheduler.ts";
import type { WorkTracker } from "./tracker.ts";

/**
 * The timings that decide how fast a dead holder's job is taken over, and how a failed one is retried.
 *
 * pg-boss marks an active job failed once `started_on + expire_in` has passed, in its supervisor pass, and a failed
 * job with retries left is fetched again after its backoff. A fixed expiry must then outlast the longest handler (a
 * 500-member round opens for minutes), and takeover would wait for it. Instead the holder heartbeats: while a handler
 * runs, `started_on` is moved to now every `heartbeatMs`, so the expiry only has to outlast a few missed heartbeats.
 * A process killed mid-job stops heartbeating; its job is failed by the next supervisor pass after `expireSeconds`,
 * retried after `retryDelaySeconds` (1–2× with pg-boss's jittered backoff), and picked up within `pollMs`: at most
 * 10 + 3 + 2 + 0.5 s with the defaults, inside the 20 s a round's end may slip when a process dies. Rounds last
 * minutes, so a 10 s expiry cannot be mistaken for a round's own length; it is short, yet 4 missed heartbeats long,
 * so a busy event loop is not taken for a dead one.
 */
export interface PgBossTimings {
  /** How often each process asks for due jobs (pg-boss's floor is 500 ms). */
  pollMs: number;
  /** An active job whose holder has not heartbeaten for this long is presumed dead. */
  expireSeconds: number;
  /** How often a holder refreshes its jobs' start time. */
  heartbeatMs: number;
  /** pg-boss's supervisor (expiry, archiving) runs this often, in one process of the cluster at a time. */
  superviseSeconds: number;
  /** First retry delay; doubles (with jitter) per attempt. */
  retryDelaySeconds: number;
  /** Attempts before a job is left failed (with the defaults the last waits hours): logged as an error. */
  retryLimit: number;
  /** Jobs taken per poll, and at most in hand at once. */
  batchSize: number;
}

export const PG_BOSS_TIMINGS: PgBossTimings = {
  pollMs: 500,
  expireSeconds: 10,
  heartbeatMs: 2_500,
  superviseSeconds: 3,
  retryDelaySeconds: 1,
  retryLimit: 16,
  batchSize: 25,
};

export interface PgBossSchedulerOptions {
  /** postgres://… (the same database as the store; pg-boss keeps its tables in its own schema). */
  connectionString: string;
  /** Schema of pg-boss's tables. Default `pgboss`. */
  schema?: string;
  /** Queue name; every job kind shares it (one poll per process). Default `quickmeet`. */
  queue?: string;
  timings?: Partial<PgBossTimings>;
  /**
   * The wall-clock epoch ms of a time on the bot's clock. pg-boss compares `startAfter` with PostgreSQL's `now()`,
   * so a clock that runs faster than the wall (multi-process tests and benches) converts; default: the same time.
   */
  wallTime?: (at: number) => number;
}

interface Payload {
  job: Job;
}

/** A job not yet taken (created, or waiting for its retry): the one a deadline's key may be rescheduled or cancelled in. */
const waitingStates = "state < 'active'";

/**
 * The JobScheduler on pg-boss 10: one job per deadline (the queue's `stately` policy allows one waiting job per
 * singleton key, and the key is our deterministic job id), any process runs any job (`FOR UPDATE SKIP LOCKED`),
 * a dead holder's job is taken over (heartbeat + expiry, see PgBossTimings), failures retry with backoff.
 *
 * Rescheduling and cancelling a deadline address it by key, which pg-boss 10's API cannot: they are single SQL
 * statements on its job table (pinned major version). Delivery is at-least-once: a holder presumed dead that was only
 * slow overlaps its replacement, and pg-boss reuses a job's id across retries, so the stale holder's heartbeat or
 * completion lands on the replacement's row. Handlers are idempotent (src/session/once.ts), so the cost is a repeat,
 * never a lost or doubled post.
 */
export class PgBossScheduler implements JobScheduler {
  private readonly boss: PgBoss;
  private readonly timings: PgBossTimings;
  private readonly queue: string;
  private readonly schema: string;
  private readonly handlers = new Map<string, JobHandler>();
  /** pg-boss ids of the jobs this process runs now (heartbeated). */
  private readonly inHand = new Set<string>();
  private readonly logger: Logger;
  private readonly tracker: WorkTracker;
  private readonly metrics: Metrics;
  private readonly now: () => number;
  private readonly wallTime: (at: number) => number;
  private pollTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly wakeTimers = new Set<NodeJS.Timeout>();
  private polling: Promise<void> | undefined;
  /** A wake-up came while a fetch was running: fetch again right after it (a due deadline never waits a poll). */
  private pollAgain = false;
  private started = false;
  private stopped = false;

  constructor(deps: SchedulerDeps, options: PgBossSchedulerOptions) {
    this.timings = { ...PG_BOSS_TIMINGS, ...options.timings };
    this.queue = options.queue ?? "quickmeet";
    this.schema = options.schema ?? "pgboss";
    this.logger = deps.logger.child({ scheduler: "pg-boss" });
    this.tracker = deps.tracker;
    this.metrics = deps.metrics;
    this.now = () => deps.clock.now();
    this.wallTime = options.wallTime ?? ((at) => at);
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: this.schema,
      application_name: "quickmeet-jobs",
      max: 4,
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: this.timings.superviseSeconds,
    });
    this.boss.on("error", (error) => this.logger.error("pg-boss error", { error }));
  }

  get running(): boolean {
    return this.started && !this.stopped;
  }

  on(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  async start(): Promise<void> {
    await this.boss.start();
    // Idempotent across processes: createQueue is an upsert of the queue's row.
    await this.boss.createQueue(this.queue, {
      name: this.queue,
      policy: "stately",
      expireInSeconds: this.timings.expireSeconds,
      retryLimit: this.timings.retryLimit,
      retryDelay: this.timings.retryDelaySeconds,
      retryBackoff: true,
    });
    this.started = true;
    this.stopped = false;
    this.pollTimer = setInterval(() => this.poll(), this.timings.pollMs);
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.timings.heartbeatMs);
    this.logger.info("pg-boss scheduler started", { queue: this.queue, ...this.timings });
    this.poll();
  }

  async schedule(job: Job): Promise<void> {
    // The same key again moves the waiting job (a later time, new data) instead of adding one.
    if (await this.reschedule(job)) return this.wakeAt(job.at);
    const id = await this.boss.send(this.queue, { job } satisfies Payload, {
      singletonKey: job.id,
      startAfter: new Date(this.wallTime(job.at)),
    });
    // Another process inserted the same key between our update and insert: ours is the later word, so apply it.
    if (id === null) await this.reschedule(job);
    this.wakeAt(job.at);
  }

  async cancel(jobId: string): Promise<void> {
    await this.sql(
      `UPDATE ${this.schema}.job SET state = 'cancelled', completed_on = now()
       WHERE name = $1 AND singleton_key = $2 AND ${waitingStates}`,
      [this.queue, jobId],
    );
  }

  async isScheduled(jobId: string): Promise<boolean> {
    const rows = await this.sql(
      `SELECT 1 FROM ${this.schema}.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed' LIMIT 1`,
      [this.queue, jobId],
    );
    return rows.length > 0;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.pollTimer);
    for (const timer of this.wakeTimers) clearTimeout(timer);
    this.wakeTimers.clear();
  }

  async close(): Promise<void> {
    this.stop();
    await this.polling;
    clearInterval(this.heartbeatTimer);
    // Jobs still in hand (shutdown deadline passed) are left active: their expiry hands them to another process.
    await this.boss.stop({ graceful: false, close: true, wait: true });
  }

  private async reschedule(job: Job): Promise<boolean> {
    const rows = await this.sql(
      `UPDATE ${this.schema}.job SET start_after = $3, data = $4
       WHERE name = $1 AND singleton_key = $2 AND ${waitingStates} RETURNING id`,
      [this.queue, job.id, new Date(this.wallTime(job.at)), { job } satisfies Payload],
    );
    return rows.length > 0;
  }

  /** A deadline this process scheduled runs on time here rather than at the next poll; others' wait for a poll. */
  private wakeAt(at: number): void {
    if (!this.running) return;
    const delay = this.wallTime(at) - Date.now();
    if (delay > this.timings.pollMs * 20) return;
    const timer = setTimeout(() => {
      this.wakeTimers.delete(timer);
      this.poll();
    }, Math.max(0, delay) + 20);
    this.wakeTimers.add(timer);
  }

  private poll(): void {
    if (!this.running) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.pollAgain = false;
    this.polling = this.fetchAndRun().finally(() => {
      this.polling = undefined;
      if (this.pollAgain) this.poll();
    });
  }

  private async fetchAndRun(): Promise<void> {
    const room = this.timings.batchSize - this.inHand.size;
    if (room <= 0) return;
    let jobs: PgBoss.Job<Payload>[];
    try {
      jobs = await this.boss.fetch<Payload>(this.queue, { batchSize: room });
    } catch (error) {
      this.logger.warn("fetching due jobs failed; next poll tries again", { error });
      return;
    }
    for (const row of jobs) {
      this.inHand.add(row.id);
      this.tracker.track(`job ${row.data.job.id}`, this.run(row));
    }
    if (jobs.length === room) this.pollAgain = true; // more may be due: keep fetching without waiting for the interval
  }

  private async run(row: PgBoss.Job<Payload>): Promise<void> {
    const { job } = row.data;
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}" in this process`);
      this.metrics.jobRan(job.kind, this.now() - job.at);
      const outcome = await handler(job);
      if (outcome?.rescheduleAt !== undefined) {
        // Sent before this one completes, so a crash between the two leaves the repeat, never loses it.
        await this.schedule({ ...job, at: outcome.rescheduleAt, attempts: 0 });
      }
      await this.boss.complete(this.queue, row.id);
    } catch (error) {
      this.logger.error("job failed; pg-boss retries it with backoff", { jobId: job.id, kind: job.kind, error });
      await this.boss.fail(this.queue, row.id, { message: error instanceof Error ? error.message : String(error) });
    } finally {
      this.inHand.delete(row.id);
    }
  }

  /** Moves the expiry of every job in hand forward, so only a holder that stopped (died) loses its jobs. */
  private async heartbeat(): Promise<void> {
    if (this.inHand.size === 0) return;
    try {
      await this.sql(
        `UPDATE ${this.schema}.job SET started_on = now()
         WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active'`,
        [this.queue, [...this.inHand]],
      );
    } catch (error) {
      this.logger.warn("job heartbeat failed; jobs in hand may be taken over", { error });
    }
  }

  private async sql(text: string, values: unknown[]): Promise<unknown[]> {
    return (await this.boss.getDb().executeSql(text, values)).rows;
  }
}

/** The scheduler factory `createBot` takes, bound to a PostgreSQL URL. */
export const pgBossScheduler =
  (options: PgBossSchedulerOptions) =>
  (deps: SchedulerDeps): JobScheduler =>
    new PgBossScheduler(deps, options);
