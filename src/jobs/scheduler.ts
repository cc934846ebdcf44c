import { randomUUID } from "node:crypto";
import type { Clock, TimerHandle } from "../clock.ts";
import type { Logger } from "../logger.ts";
import { type Metrics, noMetrics } from "../metrics.ts";
import { keys } from "../store/keys.ts";
import type { Store } from "../store/port.ts";
import type { WorkTracker } from "./tracker.ts";

/** A deadline stored in the store: it survives restarts; timers only wake the process up. */
export interface Job {
  /** Deterministic ids (e.g. `<session>:r2:end`) make scheduling the same deadline twice harmless. */
  id: string;
  kind: string;
  /** When it is due (epoch ms). */
  at: number;
  data: Record<string, string | number | boolean>;
  attempts?: number;
  /** A routine in-place refresh (the lobby countdown), not a deadline anyone waits for. */
  refresh?: boolean;
}

/** A handler may ask to run again later (a repeating refresh) instead of being removed. */
export interface JobOutcome {
  rescheduleAt: number;
}
export type JobHandler = (job: Job) => Promise<JobOutcome | undefined> | Promise<void>;

/** How long a process may hold a job before another may take it over (a crashed holder). */
const LEASE_MS = 30_000;
const RETRY_MS = [2_000, 10_000, 30_000, 60_000, 300_000];

/**
 * Runs stored deadlines exactly once: a lease in the store decides which process runs a due job, and the job record
 * is deleted only after its handler succeeded. Failed handlers are retried with backoff, never dropped silently.
 */
export class JobScheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly owner = randomUUID();
  private stopped = false;
  private started = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly tracker: WorkTracker,
    private readonly metrics: Metrics = noMetrics,
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
    if (!(await this.store.setIfAbsent(keys.jobLease(jobId), this.owner, LEASE_MS))) {
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
      await this.store.delete(keys.jobLease(jobId));
    }
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
