import { randomUUID } from "node:crypto";
import type { Clock, TimerHandle } from "../clock.ts";
import type { Logger } from "../logger.ts";
import { type Metrics, noMetrics } from "../metrics.ts";
import { keys } from "../store/keys.ts";
import type { Store } from "../store/port.ts";
import type { Job, JobHandler, JobScheduler, SchedulerDeps } from "./scheduler.ts";
import type { WorkTracker } from "./tracker.ts";

/** How long a process may hold a job before another may take it over (a crashed holder). */
const LEASE_MS = 30_000;
const RETRY_MS = [2_000, 10_000, 30_000, 60_000, 300_000];

/**
 * Runs stored deadlines exactly once in one process: timers on the injected clock wake it, a lease in the store keeps
 * two timers from running one job, and the job record is deleted only after its handler succeeded. Failed handlers
 * are retried with backoff, never dropped silently. The store's lease is only as shared as the store: on SQLite (one
 * process per file) this is the whole story; several processes on PostgreSQL use the pg-boss scheduler instead.
 */
export class InProcessScheduler implements JobScheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly timers = new Map<string, TimerHandle>();
  /** Jobs whose handler runs in this process now: a lease of ours on any other job is a dead predecessor's. */
  private readonly inHand = new Set<string>();
  private stopped = false;
  private started = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly tracker: WorkTracker,
    private readonly metrics: Metrics = noMetrics,
    /**
     * Who holds leases. Stable across restarts of one instance (persisted beside its store), so a process that
     * restarts recognises the leases its killed predecessor left and takes them over at once instead of waiting
     * out their TTL (deadlines ran 30 s late per restart). Distinct instances never share an id.
     */
    private readonly owner: string = randomUUID(),
  ) {}

  /** True between start() and stop(): stored deadlines are armed and fire (GET /readyz). */
  get running(): boolean {
    return this.started && !this.stopped;
  }

  on(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  async schedule(job: Job): Promise<void> {
    await this.store.set(keys.job(job.id), job);
    await this.store.withLock(keys.jobsLock(), async () => {
      const index = (await this.store.get<string[]>(keys.jobsIndex())) ?? [];
      if (!index.includes(job.id)) await this.store.set(keys.jobsIndex(), [...index, job.id]);
    });
    this.arm(job);
  }

  async isScheduled(jobId: string): Promise<boolean> {
    return (await this.store.get(keys.job(jobId))) !== undefined;
  }

  async cancel(jobId: string): Promise<void> {
    this.timers.get(jobId)?.cancel();
    this.timers.delete(jobId);
    await this.remove(jobId);
  }

  /** Re-arms every stored job; past-due ones run at once. */
  async start(): Promise<void> {
    this.stopped = false;
    this.started = true;
    const index = (await this.store.get<string[]>(keys.jobsIndex())) ?? [];
    const jobs = await this.store.getMany<Job>(index.map(keys.job));
    for (const job of jobs) if (job) this.arm(job);
    this.logger.info("scheduler started", { jobs: jobs.filter(Boolean).length });
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  async close(): Promise<void> {}

  private arm(job: Job): void {
    if (this.stopped) return;
    this.timers.get(job.id)?.cancel();
    const timer = this.clock.setTimer(
      () => {
        this.timers.delete(job.id);
        this.tracker.track(`job ${job.id}`, this.fire(job.id));
      },
      job.at - this.clock.now(),
      job.refresh ? "refresh" : "deadline",
    );
    this.timers.set(job.id, timer);
  }

  private async fire(jobId: string): Promise<void> {
    const job = await this.store.get<Job>(keys.job(jobId));
    if (!job || this.stopped) return;
    if (job.at > this.clock.now()) return this.arm(job); // rescheduled later by someone else
    const handler = this.handlers.get(job.kind);
    if (!handler) {
      this.logger.error("no handler for job kind; job kept for a later version", { job });
      return;
    }
    // Claimed in memory before the first await, so two timers of this process never both take the lease.
    if (this.inHand.has(jobId)) return;
    this.inHand.add(jobId);
    if (!(await this.takeLease(jobId))) {
      this.inHand.delete(jobId);
      // Another process runs it; look again once its lease would have expired, in case it crashed.
      this.arm({ ...job, at: this.clock.now() + LEASE_MS });
      return;
    }
    this.metrics.jobRan(job.kind, this.clock.now() - job.at);
    try {
      const outcome = await handler(job);
      if (outcome?.rescheduleAt !== undefined) {
        const again = { ...job, at: outcome.rescheduleAt, attempts: 0 };
        await this.store.set(keys.job(jobId), again);
        this.arm(again);
      } else {
        await this.remove(jobId);
      }
    } catch (error) {
      const attempts = (job.attempts ?? 0) + 1;
      const delay = RETRY_MS[Math.min(attempts - 1, RETRY_MS.length - 1)] ?? 60_000;
      this.logger.error("job failed; will retry", { jobId, kind: job.kind, attempts, retryInMs: delay, error });
      const retry = { ...job, attempts, at: this.clock.now() + delay };
      await this.store.set(keys.job(jobId), retry);
      this.arm(retry);
    } finally {
      this.inHand.delete(jobId);
      await this.store.delete(keys.jobLease(jobId));
    }
  }

  /**
   * The lease on a job: free, or left by this same instance before it restarted (nothing of ours runs it now).
   * Another instance's lease is respected until it expires.
   */
  private async takeLease(jobId: string): Promise<boolean> {
    if (await this.store.setIfAbsent(keys.jobLease(jobId), this.owner, LEASE_MS)) return true;
    const holder = await this.store.get<string>(keys.jobLease(jobId));
    if (holder !== this.owner) return false;
    this.logger.info("taking over a lease left by this instance before a restart", { jobId });
    await this.store.set(keys.jobLease(jobId), this.owner, LEASE_MS);
    return true;
  }

  private async remove(jobId: string): Promise<void> {
    await this.store.delete(keys.job(jobId));
    await this.store.withLock(keys.jobsLock(), async () => {
      const index = (await this.store.get<string[]>(keys.jobsIndex())) ?? [];
      if (index.includes(jobId))
        await this.store.set(
          keys.jobsIndex(),
          index.filter((id) => id !== jobId),
        );
    });
  }
}

/** The default factory: the in-process scheduler over the bot's store. */
export const inProcessScheduler = (deps: SchedulerDeps): JobScheduler =>
  new InProcessScheduler(deps.store, deps.clock, deps.logger, deps.tracker, deps.metrics, deps.instanceId);
