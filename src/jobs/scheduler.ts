import type { Clock } from "../clock.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { Store } from "../store/port.ts";
import type { WorkTracker } from "./tracker.ts";

/** A deadline: it survives restarts and runs once it is due, in whichever process picks it up. */
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
/**
 * Runs one job. Delivery is at-least-once (a holder that dies mid-run is replaced, and a slow one may overlap its
 * replacement), so every handler is idempotent through markers on the records it changes.
 */
export type JobHandler = (job: Job) => Promise<JobOutcome | undefined> | Promise<void>;

/**
 * The deadline engine the core schedules through. Two implementations: `InProcessScheduler` (stored jobs armed on the
 * injected clock; SQLite, memory and unit tests with a manual clock) and the pg-boss one (`src/jobs/pg-boss.ts`; any
 * of several processes on one PostgreSQL runs any job, and a dead holder's job is taken over).
 */
export interface JobScheduler {
  /** True between start() and stop(): deadlines are being run (GET /readyz). */
  readonly running: boolean;
  /** The handler of one job kind; register every kind before start(). */
  on(kind: string, handler: JobHandler): void;
  /** Store the deadline (the same id again replaces its time and data: one deadline is one job). */
  schedule(job: Job): Promise<void>;
  /** Drop a deadline that has not run yet (a no-op when there is none). */
  cancel(jobId: string): Promise<void>;
  /** Whether a deadline with this id waits to run (start-up heals schedules whose job went missing). */
  isScheduled(jobId: string): Promise<boolean>;
  /** Begin running due jobs; past-due ones run at once. */
  start(): Promise<void>;
  /** Take no more jobs (jobs in hand finish; what is left stays stored for the next process). */
  stop(): void;
  /** After jobs in hand settled: release connections. */
  close(): Promise<void>;
}

/** What the bot hands a scheduler factory. */
export interface SchedulerDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  tracker: WorkTracker;
  metrics: Metrics;
  /** Stable id of this instance (leases a killed predecessor left under it are taken over at once). */
  instanceId?: string;
}

export type SchedulerFactory = (deps: SchedulerDeps) => JobScheduler;
